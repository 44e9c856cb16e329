"""Cancelling a running query: the client's id, the cancel request (on any web process), and the worker process
that runs the query really gone, on the executor alone and on a real server."""

from __future__ import annotations

import os
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from support import SEED, LiveServer, run_cli

from plangraph.server.executor import Cancelled, Executor
from plangraph.server.jobs import Negotiation, QueryJob
from plangraph.server.running import RunningQueries

SLOW = """SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?x .
  ?b <http://www.w3.org/2000/01/rdf-schema#label> ?y . ?c <http://www.w3.org/2000/01/rdf-schema#label> ?z .
  ?d <http://www.w3.org/2000/01/rdf-schema#label> ?w }"""
JSON = Negotiation("application/sparql-results+json")
QUERY_ID = "editor-5f0c2b9d8e7a4c61"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cancel") / "store"
    assert run_cli("ingest", "--store", str(path), str(SEED))[0] == 0
    return path


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_cancelled_read_kills_its_worker_and_the_pool_recovers(store: Path) -> None:
    executor = Executor(store, size=1)
    try:
        executor.warm_up()
        pid = executor._idle[0].process.pid
        stop = threading.Event()
        threading.Timer(1.0, stop.set).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            executor.read(QueryJob(SLOW, JSON), 60, stop.is_set)
        assert time.monotonic() - started < 3  # stopped at the cancel, not at the 60 s deadline
        assert not alive(pid)
        assert executor.stats().killed == 1
        assert executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30, lambda: False).status == 200
    finally:
        executor.close()


def test_the_register_is_shared_through_its_folder(tmp_path: Path) -> None:
    one, other = RunningQueries(tmp_path), RunningQueries(tmp_path)  # two web processes
    assert not other.cancel(QUERY_ID)
    with one.run(QUERY_ID) as cancelled:
        assert not cancelled()
        assert other.cancel(QUERY_ID)
        assert cancelled()
    assert not other.cancel(QUERY_ID)  # finished: nothing left behind
    assert not list((tmp_path / "running").iterdir()) and not list((tmp_path / "cancelled").iterdir())


# --- on a real server -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[LiveServer]:
    live = LiveServer(store, "--timeout", "60", "--workers", "2", "--query-workers", "1")
    yield live
    live.stop()


def workers(session: int) -> dict[int, float]:
    """The query worker processes of the server's session: pid → CPU seconds used."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[3]) == session and b"spawn_main" in command and fields[0] != "Z":
            found[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def busy_worker(session: int) -> int:
    """The worker that is computing (its CPU time grows), waited for up to 20 s."""
    deadline = time.monotonic() + 20
    before = workers(session)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = workers(session)
        grown = [pid for pid, cpu in now.items() if cpu - before.get(pid, cpu) > 0.2]
        if grown:
            return grown[0]
        before = now
    raise AssertionError(f"no query worker is computing: {workers(session)}")


def test_cancel_stops_the_query_and_its_worker_on_the_server(server: LiveServer) -> None:
    answer: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        response = requests.post(server.url + "/sparql", data={"query": SLOW}, timeout=90,
                                 headers={"Accept": "application/sparql-results+json", "X-Query-Id": QUERY_ID})
        answer.update(status=response.status_code, body=response.text, seconds=time.monotonic() - started)

    runner = threading.Thread(target=run)
    runner.start()
    pid = busy_worker(os.getsid(server.process.pid))
    asked = time.monotonic()
    cancel = requests.post(server.url + "/sparql/cancel", data={"id": QUERY_ID}, timeout=10)
    assert cancel.status_code == 202, cancel.text
    runner.join(timeout=15)
    assert not runner.is_alive()
    assert answer["status"] == 409 and "cancelled" in str(answer["body"])
    assert answer["seconds"] < 30  # long before the 60 s deadline
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid), "the worker that ran the query still runs"
    assert time.monotonic() - asked < 5
    # Nothing is left to cancel, and the server answers the next query.
    assert requests.post(server.url + "/sparql/cancel", data={"id": QUERY_ID}, timeout=10).status_code == 404
    quick = requests.get(server.url + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert quick.status_code == 200 and quick.json()["boolean"] is True


@pytest.mark.parametrize("query_id", ["short", "../../../etc/passwd0000", "x" * 65])
def test_a_bad_id_is_refused_with_the_rule(server: LiveServer, query_id: str) -> None:
    response = requests.post(server.url + "/sparql", data={"query": "ASK {}"}, headers={"X-Query-Id": query_id},
                             timeout=30)
    assert response.status_code == 400 and "X-Query-Id" in response.text
    assert requests.post(server.url + "/sparql/cancel", data={"id": query_id}, timeout=10).status_code == 400
