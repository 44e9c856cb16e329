"""All or nothing under kill -9 and full disks, and what is on disk is what is served.

Real processes throughout: ``plangraph ingest`` and ``plangraph serve`` killed with SIGKILL in the middle of
writes into a real on-disk store (see ``crash_campaign.py``; ``bench/crash_campaign.py`` runs the long campaigns),
a full tmpfs and a read-only file system in a mount namespace of their own.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from crash_campaign import IngestCampaign, ServerCampaign, by_graph, export
from support import SEED, LiveServer, corpus_file, run_cli

from plangraph.store import SnapshotStore


def test_an_ingest_killed_at_any_point_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    campaign = IngestCampaign(tmp_path)
    rng = random.Random(18)
    trials = [campaign.run(mode, rng) for mode in ("in-write", "at-commit", "in-write")]
    assert all(t.ok for t in trials), trials
    phases = {t.phase for t in trials}
    assert "writing" in phases, trials  # some kill landed between the first write and the commit
    assert phases & {"after-commit", "finished"}, trials
    assert all(t.state == "new" for t in trials if t.phase == "after-commit"), trials  # e.g. building the index


def test_an_ingest_killed_while_loading_a_large_batch_early_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    """Bulk chunks of 5,000 quads: the batch is loaded chunk by chunk into a copy of the published snapshot while
    it is read, and that copy is published at the end. Killed during that load, at its publication or after,
    the store is the old one or the new one, and the next ingest removes the copy the killed one left."""
    campaign = IngestCampaign(tmp_path, chunk=5_000)
    rng = random.Random(7)
    trials = [campaign.run(mode, rng) for mode in ("in-early-load", "in-early-load", "at-commit")]
    assert all(t.ok for t in trials), trials
    assert "early-load" in {t.phase for t in trials}, trials  # some kill landed while the copy was being loaded
    assert all(t.state == "old" for t in trials if t.phase == "early-load"), trials


def test_a_server_killed_during_a_write_serves_what_the_cli_reads(tmp_path: Path) -> None:
    campaign = ServerCampaign(tmp_path)
    rng = random.Random(18)
    trials = [campaign.run(kind, mode, rng) for kind, mode in
              (("update", "in-write"), ("put", "in-write"), ("update", "at-commit"))]
    assert all(t.ok for t in trials), trials
    assert "writing" in {t.phase for t in trials}, trials


def test_before_the_commit_neither_the_cli_nor_the_server_sees_a_write(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), "--no-validate", str(SEED))[0] == 0
    before = export(store)
    server = LiveServer(store)
    try:
        def served() -> bytes:
            with urllib.request.urlopen(f"{server.url}/dump", timeout=60) as response:
                return bytes(response.read())

        graph = "http://example.org/commit-point"
        with SnapshotStore(store).writer() as writer:
            writer.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <http://a> <http://b> 1 }} }}")
            assert export(store) == before and served() == before  # written, not yet committed
        after = export(store)
        assert graph in by_graph(after) and served() == after
    finally:
        server.stop()


def test_a_failed_write_rolls_back_and_publishes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), "--no-validate", str(SEED))[0] == 0
    snapshots = SnapshotStore(store)
    before, version = export(store), snapshots.current()
    with pytest.raises(RuntimeError), snapshots.writer() as writer:
        writer.update("INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> 1 } }")
        raise RuntimeError("the batch failed half-way")
    assert snapshots.current() == version and export(store) == before
    assert not (snapshots.root / "WRITING").exists()
    with snapshots.writer() as writer:  # the primary was rolled back: the next write starts from the old state
        writer.update("INSERT DATA { GRAPH <http://example.org/h> { <http://a> <http://b> 2 } }")
    assert set(by_graph(export(store))) == set(by_graph(before)) | {"http://example.org/h"}


def test_old_snapshots_are_collected_unless_a_reader_holds_them(tmp_path: Path) -> None:
    store = tmp_path / "store"
    snapshots = SnapshotStore(store)
    for n in range(12):
        with snapshots.writer() as writer:
            writer.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://a> <http://b> {n} }} }}")
    assert snapshots.snapshot_names() == [snapshots.current().name]  # type: ignore[union-attr]
    reader = snapshots.pin()
    assert reader is not None
    with reader:
        for n in range(3):
            with snapshots.writer() as writer:
                writer.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://a> <http://b> \"x{n}\" }} }}")
        assert reader.snapshot.path.is_dir() and len(reader.store) == 12  # still readable, still the old state
        assert len(snapshots.snapshot_names()) == 2
    with snapshots.writer() as writer:
        writer.update("CLEAR ALL")
    assert snapshots.snapshot_names() == [snapshots.current().name]  # type: ignore[union-attr]


def test_a_reader_sees_each_publication_by_another_process_at_once(tmp_path: Path) -> None:
    """A web process asks for the current snapshot on every request and reads ``CURRENT`` only when that file
    changed; a publication by another process (here another SnapshotStore) is seen at the next question."""
    store = tmp_path / "store"
    reader, writer_side = SnapshotStore(store), SnapshotStore(store)
    assert reader.current() is None
    seen = []
    for n in range(3):
        with writer_side.writer() as writer:
            writer.update(f"INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://a> <http://b> {n} }} }}")
        seen.append(reader.current())
    assert [s.version for s in seen if s] == [s.version for s in seen] and len({s.version for s in seen if s}) == 3
    assert seen[-1] == writer_side.current()

    reads = []
    pointer = reader._pointer
    reader._pointer = lambda: reads.append(1) or pointer()  # type: ignore[method-assign]
    assert all(reader.current() == seen[-1] for _ in range(5)) and not reads  # the same CURRENT: not read again
    time.sleep(0.01)
    (reader.root / "CURRENT").write_text(f"{seen[-1].name}\n", encoding="ascii")  # type: ignore[union-attr]
    assert reader.current() == seen[-1] and reads  # rewritten in place (a new time): read again


NAMESPACE_SCRIPT = """
set -u
mount -t tmpfs -o size=64m tmpfs "$DISK" || exit 77
"$PG" ingest --no-validate --store "$DISK/store" "$SEED" 2>/dev/null || exit 3
"$PG" export --store "$DISK/store" > "$OUT/before.nq"
avail=$(df -k --output=avail "$DISK" | tail -1)
dd if=/dev/zero of="$DISK/filler" bs=1k count=$((avail - 300)) 2>/dev/null
"$PG" ingest --no-validate --store "$DISK/store" $CORPUS 2> "$OUT/full.err"; echo $? > "$OUT/full.code"
"$PG" export --store "$DISK/store" > "$OUT/full.nq"
rm "$DISK/filler"
mount -o remount,ro "$DISK"
"$PG" ingest --no-validate --store "$DISK/store" $CORPUS 2> "$OUT/readonly.err"; echo $? > "$OUT/readonly.code"
"$PG" export --store "$DISK/store" > "$OUT/readonly.nq"
mount -o remount,rw "$DISK"
"$PG" ingest --no-validate --store "$DISK/store" $CORPUS 2> "$OUT/retry.err"; echo $? > "$OUT/retry.code"
"$PG" export --store "$DISK/store" > "$OUT/retry.nq"
ls "$DISK/store.snapshots" > "$OUT/snapshots"
"""


def test_a_full_disk_or_a_read_only_store_is_a_clear_error_and_the_store_is_as_it_was(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare(1) to mount a small tmpfs in a mount namespace")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    script = tmp_path / "disk.sh"
    script.write_text(textwrap.dedent(NAMESPACE_SCRIPT))
    corpus = " ".join(str(corpus_file(n)) for n in ("02", "08", "09", "10"))
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "DISK": str(disk), "OUT": str(out), "SEED": str(SEED),
           "CORPUS": corpus, "PG": str(Path(sys.executable).parent / "plangraph")}
    flags = ["-m"] if _is_root() else ["-r", "-m"]
    result = subprocess.run([unshare, *flags, "bash", str(script)], env=env, capture_output=True, text=True,
                            timeout=600)
    if result.returncode == 77 or "unshare failed" in result.stderr:
        pytest.skip(f"cannot mount a tmpfs in a mount namespace here: {result.stderr.strip()[-300:]}")
    assert result.returncode == 0, result.stderr
    before = (out / "before.nq").read_bytes()
    assert before and "281/QĐ-UBND".encode() in before

    full = (out / "full.err").read_text()
    assert (out / "full.code").read_text().strip() == "2", full
    assert "No space left on device" in full and "the store is as it was" in full and "Traceback" not in full
    assert (out / "full.nq").read_bytes() == before

    readonly = (out / "readonly.err").read_text()
    assert (out / "readonly.code").read_text().strip() == "2", readonly
    assert "Read-only file system" in readonly and "Traceback" not in readonly
    assert (out / "readonly.nq").read_bytes() == before

    assert (out / "retry.code").read_text().strip() == "0", (out / "retry.err").read_text()
    assert len(by_graph((out / "retry.nq").read_bytes())) == len(by_graph(before)) + 4
    assert "WRITING" not in (out / "snapshots").read_text().split()


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def test_an_export_to_a_full_device_is_a_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), "--no-validate", str(SEED))[0] == 0
    result = subprocess.run([str(Path(sys.executable).parent / "plangraph"), "export", "--store", str(store), "-o",
                             "/dev/full"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
