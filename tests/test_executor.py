"""The killable executor on its own: deadlines, the concurrency cap, the memory cap, writes."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import SEED, run_cli

from plangraph.server import priority
from plangraph.server.executor import Busy, DeadlineExceeded, Executor, WorkerDied, background
from plangraph.server.jobs import Negotiation, QueryJob, UpdateJob
from plangraph.store.snapshots import SnapshotStore

SLOW = """SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?x .
  ?b <http://www.w3.org/2000/01/rdf-schema#label> ?y . ?c <http://www.w3.org/2000/01/rdf-schema#label> ?z .
  ?d <http://www.w3.org/2000/01/rdf-schema#label> ?w }"""
JSON = Negotiation("application/sparql-results+json")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("executor") / "store"
    assert run_cli("ingest", "--store", str(path), str(SEED))[0] == 0
    return path


def test_deadline_kills_the_worker_and_the_pool_recovers(store: Path) -> None:
    executor = Executor(store, size=1)
    try:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            executor.read(QueryJob(SLOW, JSON), 1.5)
        assert time.monotonic() - started < 5
        assert executor.stats().killed == 1
        assert executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30).status == 200
    finally:
        executor.close()


def test_concurrency_cap_refuses_when_every_worker_is_busy(store: Path) -> None:
    executor = Executor(store, size=1, wait=0.5)
    try:
        executor.warm_up()
        def occupy() -> None:
            with pytest.raises(DeadlineExceeded):
                executor.read(QueryJob(SLOW, JSON), 3)

        runner = threading.Thread(target=occupy)
        runner.start()
        time.sleep(0.5)
        with pytest.raises(Busy):
            executor.read(QueryJob("ASK {}", JSON), 10)
        runner.join()
    finally:
        executor.close()


def test_a_query_that_exhausts_memory_kills_only_its_worker(store: Path) -> None:
    executor = Executor(store, size=1, memory_mb=1536)  # room for threads; the sort still outgrows it
    try:
        ordered = SLOW.replace("SELECT (COUNT(*) AS ?n)", "SELECT *") + " ORDER BY ?x ?y ?z ?w"
        with pytest.raises((WorkerDied, DeadlineExceeded)):
            executor.read(QueryJob(ordered, JSON), 60)
        assert executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30).status == 200
    finally:
        executor.close()


def test_a_killed_write_leaves_the_store_unchanged(store: Path) -> None:
    snapshots = SnapshotStore(store)
    before = snapshots.current()
    executor = Executor(store, size=1)
    try:
        label = "<http://www.w3.org/2000/01/rdf-schema#label>"
        slow_update = (f"INSERT {{ GRAPH <http://example.org/g> {{ ?a <http://example.org/p> ?k }} }} WHERE {{ "
                       f"GRAPH ?g1 {{ ?a {label} ?x }} GRAPH ?g2 {{ ?b {label} ?y }} GRAPH ?g3 {{ ?c {label} ?z }} "
                       f"BIND(CONCAT(STR(?x), STR(?y), STR(?z)) AS ?k) }}")
        with pytest.raises(DeadlineExceeded):
            executor.write(UpdateJob(slow_update), 1.5)
        assert snapshots.current() == before
        outcome = executor.read(QueryJob("ASK { GRAPH <http://example.org/g> { ?s ?p ?o } }", JSON), 30)
        assert b"false" in outcome.body
        # the lock was released with the killed process: the next write goes through
        ok = executor.write(UpdateJob("INSERT DATA { GRAPH <http://example.org/g2> { <http://a> <http://b> 1 } }"), 30)
        assert ok.status == 204 and snapshots.current().version == before.version + 1  # type: ignore[union-attr]
    finally:
        executor.close()


def test_the_pool_grows_under_load_within_its_size_and_shrinks_to_the_warm_ones(store: Path) -> None:
    executor = Executor(store, size=3, warm=1, idle_seconds=0.5)
    try:
        executor.warm_up()
        assert executor.stats().alive == 1
        answers: list[int] = []
        peak = [0]

        def slow() -> None:
            with pytest.raises(DeadlineExceeded):
                executor.read(QueryJob(SLOW, JSON), 2)

        def quick() -> None:
            for _ in range(10):
                answers.append(executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30).status)
                peak[0] = max(peak[0], executor.stats().alive)

        runners = [threading.Thread(target=slow), threading.Thread(target=quick), threading.Thread(target=quick)]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
        # the quick queries were answered beside the slow one: the pool grew, and never past its size
        assert answers == [200] * 20
        assert 2 <= peak[0] <= 3
        assert executor.stats().alive <= 3
        deadline = time.monotonic() + 10
        while executor.stats().alive > 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        stats = executor.stats()
        assert stats.alive == 1 and stats.retired >= 1 and stats.killed == 1
        assert executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30).status == 200
    finally:
        executor.close()


def test_a_quick_query_is_not_queued_behind_a_slow_one(store: Path) -> None:
    executor = Executor(store, size=2, warm=1, idle_seconds=30)
    try:
        executor.warm_up()
        runner = threading.Thread(target=lambda: pytest.raises(DeadlineExceeded, executor.read,
                                                               QueryJob(SLOW, JSON), 4))
        runner.start()
        time.sleep(0.5)  # the slow query holds the only warm worker
        started = time.monotonic()
        assert executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30).status == 200
        assert time.monotonic() - started < 3  # a worker of its own, not the slow query's 4 s
        runner.join()
    finally:
        executor.close()


MEDIUM = """SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?x .
  ?b <http://www.w3.org/2000/01/rdf-schema#label> ?y }"""  # millions of rows: most of a second, then an answer


def _nice_seen_while(executor: Executor, pid: int, run: Callable[[], object]) -> tuple[set[int], object]:
    """The nice values worker *pid* had while *run* ran in another thread, and what *run* returned."""
    seen: set[int] = set()
    answer: list[object] = []
    runner = threading.Thread(target=lambda: answer.append(run()))
    runner.start()
    while runner.is_alive():
        with contextlib.suppress(ProcessLookupError):
            seen.add(priority.nice_of(pid))
        time.sleep(0.01)
    runner.join()
    return seen, answer[0]


def test_a_long_query_yields_the_cpu_and_its_worker_is_raised_again(store: Path) -> None:
    executor = Executor(store, size=1, warm=1, yield_after=0.1)
    try:
        executor.warm_up()
        pid = executor._idle[0].process.pid
        assert pid is not None and priority.nice_of(pid) == priority.NORMAL
        seen, outcome = _nice_seen_while(executor, pid, lambda: executor.read(QueryJob(MEDIUM, JSON), 60))
        assert outcome.status == 200  # type: ignore[attr-defined]
        assert priority.LOWERED in seen  # lowered while it ran past yield_after
        assert priority.nice_of(pid) == priority.NORMAL  # the same worker, raised before its next job
        quick, _ = _nice_seen_while(executor, pid, lambda: executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30))
        assert quick <= {priority.NORMAL}
        assert executor.stats().started == 1 and executor.stats().retired == 0
    finally:
        executor.close()


def test_background_reads_run_at_the_lowest_priority_from_the_start(store: Path) -> None:
    executor = Executor(store, size=1, warm=1, yield_after=0)  # 0: a visitor's query is never lowered
    try:
        executor.warm_up()
        pid = executor._idle[0].process.pid
        assert pid is not None
        seen, _ = _nice_seen_while(executor, pid, lambda: executor.read(QueryJob(MEDIUM, JSON), 60))
        assert seen == {priority.NORMAL}

        def warmer() -> object:
            with background():
                return executor.read(QueryJob(MEDIUM, JSON), 60)

        seen, outcome = _nice_seen_while(executor, pid, warmer)
        assert outcome.status == 200  # type: ignore[attr-defined]
        assert priority.LOWERED in seen and priority.nice_of(pid) == priority.NORMAL
    finally:
        executor.close()


def test_a_worker_that_may_not_be_raised_again_is_retired(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(priority, "restore", lambda pid: False)  # as for a server without CAP_SYS_NICE
    executor = Executor(store, size=1, warm=1, yield_after=0.1)
    try:
        executor.warm_up()
        first = executor._idle[0].process.pid
        assert executor.read(QueryJob(MEDIUM, JSON), 60).status == 200
        assert executor.stats().retired == 1 and executor.stats().killed == 0
        waited = time.monotonic() + 30
        while not executor._idle and time.monotonic() < waited:  # the warm one is replaced in the background
            time.sleep(0.05)
        second = executor._idle[0].process.pid
        assert second != first and priority.nice_of(second or 0) == priority.NORMAL
        assert executor.read(QueryJob("ASK { ?s ?p ?o }", JSON), 30).status == 200
    finally:
        executor.close()
