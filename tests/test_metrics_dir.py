"""The metrics folder of ``plangraph serve``: summed by /metrics while the server runs, removed when it stops, and
a killed server's removed by the next one (194 of them had piled up under /tmp on one machine)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from support import LiveServer


def _dead_pid() -> int:
    """The id of a process that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_server_removes_its_metrics_folder_and_a_killed_servers(seed_store_path: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    temp = tmp_path / "tmp"
    temp.mkdir()
    stale = temp / f"plangraph-metrics-{_dead_pid()}-abc"
    stale.mkdir()
    (stale / "counter_1.db").write_bytes(b"")
    someone_elses = temp / "plangraph-metrics-old"  # not named after a server: not ours to judge
    someone_elses.mkdir()
    server = LiveServer(seed_store_path, env={"TMPDIR": str(temp)})
    try:
        with urllib.request.urlopen(server.url + "/metrics", timeout=30) as response:
            assert b"plangraph_http_requests_total" in response.read()
        ours = [p for p in temp.glob("plangraph-metrics-*") if p != someone_elses]
        assert someone_elses.is_dir() and len(ours) == 1  # the killed server's is gone
        assert ours[0].name.startswith(f"plangraph-metrics-{server.process.pid}-")
        assert any(ours[0].iterdir())  # the web processes report into it
    finally:
        server.stop()
    assert server.process.returncode == 0
    assert [p.name for p in temp.glob("plangraph-metrics-*")] == ["plangraph-metrics-old"]


def test_a_folder_named_by_the_operator_is_kept(seed_store_path: Path, tmp_path: Path) -> None:
    named = tmp_path / "metrics"
    named.mkdir()
    server = LiveServer(seed_store_path, env={"PROMETHEUS_MULTIPROC_DIR": str(named)})
    try:
        with urllib.request.urlopen(server.url + "/metrics", timeout=30) as response:
            assert response.status == 200
    finally:
        server.stop()
    assert named.is_dir() and any(named.iterdir())
