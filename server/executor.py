"""Killable SPARQL execution: a pool of reader processes and one-off writer processes.

pyoxigraph has no query timeout and signals cannot interrupt it, so the hard deadline is enforced by
running every query in a worker process and killing that process when the deadline passes; the web
process answers 503 and keeps serving. Readers pin the current snapshot and open it read-only (see
:mod:`plangraph.store.snapshots`); writes run in a fresh process that holds the writer lock, so a
killed write never reaches the commit point (readers go on seeing the old snapshot, the next writer
rolls the primary store back) and the lock is released by the kernel. Each worker process has an
address-space limit, so a query that allocates without bound dies alone instead of taking the server down.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from plangraph.server import priority
from plangraph.server.jobs import Outcome, ReadJob, WriteJob, run_read, run_write
from plangraph.store.engine_snapshots import EnginePin, snapshots_for
from plangraph.store.oxigraph import StoreError
from plangraph.store.snapshots import Pin

log = logging.getLogger("plangraph.server")
_CONTEXT = multiprocessing.get_context("spawn")  # never fork a threaded web worker


def request_id() -> str:
    """The id of the request being served (for log lines), or "-" outside a request."""
    from flask import g, has_request_context

    return str(g.get("request_id", "-")) if has_request_context() else "-"


def _logged(outcome: Any) -> Any:
    """*outcome*, with an internal failure's detail moved to the log and the request id shown instead."""
    if not isinstance(outcome, Outcome) or not outcome.detail:
        return outcome
    rid = request_id()
    log.error("request %s: %s", rid, outcome.detail)
    if outcome.status != 500:
        return replace(outcome, detail="")
    message = f"internal error (request id {rid}); the server log has the details"
    return replace(outcome, body=message.encode("utf-8"), detail="")


class ExecutionError(Exception):
    """A job that did not produce an outcome; ``status`` is the HTTP status to answer."""

    status = 503

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DeadlineExceeded(ExecutionError):
    status = 503


class Busy(ExecutionError):
    status = 503


class WorkerDied(ExecutionError):
    status = 500


class Cancelled(ExecutionError):
    """The client asked for its query to stop (see :mod:`plangraph.server.running`); the worker was killed."""

    status = 409


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _reader_main(conn: Connection, primary: str, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    snapshots = snapshots_for(primary)
    pin: Pin | EnginePin | None = None  # the snapshot in use: pinned, so no writer deletes it under this worker
    try:  # opened now, while the worker waits for its first query, not when that query comes
        pin = snapshots.pin()
        if pin is not None:
            pin.store.query("ASK {}")
    except Exception:  # noqa: BLE001 - the first job opens it again and reports what fails
        pin = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            snapshot = snapshots.current()
            if snapshot is None:
                outcome = Outcome.error(503, "the store has no published snapshot yet")
            else:
                if pin is None or snapshot.version != pin.snapshot.version:
                    fresh = snapshots.pin()
                    if pin is not None:
                        pin.close()
                    pin = fresh
                assert pin is not None
                outcome = run_read(job, pin.store, pin.snapshot.path if isinstance(pin, Pin) else None)
        except Exception as exc:  # a worker reports every failure as a value; the web process logs it
            outcome = Outcome.failure(f"query failed: {type(exc).__name__}: {exc}")
        conn.send(outcome)


class _Stopped(Exception):
    """A running read was cancelled."""


CANCEL_POLL = 0.1  # seconds between two looks at whether a cancellable query was cancelled


class _Abort(Exception):
    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome


def _writer_main(conn: Connection, primary: str, job: WriteJob, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    try:
        with snapshots_for(primary).writer() as store:
            outcome = run_write(job, store)
            if outcome.status >= 400:
                raise _Abort(outcome)  # nothing changed: do not publish a snapshot
    except _Abort as abort:
        outcome = abort.outcome
    except StoreError as exc:  # the disk refused the write (full, read-only …): the store is as it was
        reason = exc.reason or "the store could not be written"
        outcome = Outcome(507 if exc.reason == os.strerror(errno.ENOSPC) else 500,
                          body=f"the write failed ({reason}); nothing was written".encode(), detail=str(exc))
    except Exception as exc:
        outcome = Outcome.failure(f"write failed: {type(exc).__name__}: {exc}")
    conn.send(outcome)


_BACKGROUND = threading.local()


@contextmanager
def background() -> Iterator[None]:
    """Within this block, the calling thread's reads are background work (the page warmer's): their worker runs
    at the lowest priority from the start, so that any visitor's query takes the CPU first."""
    before = getattr(_BACKGROUND, "on", False)
    _BACKGROUND.on = True
    try:
        yield
    finally:
        _BACKGROUND.on = before


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    used: float = 0.0  # time.monotonic() when it last finished a job
    lowered: bool = False  # at the lowest priority (a long or background job): raised before its next job

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


@dataclass(frozen=True)
class PoolStats:
    size: int  # the most workers at once
    busy: int
    started: int
    killed: int
    alive: int = 0  # workers running now (busy or idle)
    retired: int = 0  # idle workers stopped because the pool had more than it keeps warm


class Executor:
    """Runs read jobs on a pool of at most *size* reader processes and write jobs on one-off writers.

    The pool grows with demand: a query that finds no idle worker gets a new one (up to *size*), so a cheap
    query is not queued behind a slow one while there is room; *warm* workers are kept ready, and one more is
    started ahead when the last idle one is taken. Workers beyond *warm* that stay idle for *idle_seconds* are
    stopped, so a quiet server holds only the warm ones (each worker holds its own open snapshot).

    A query that runs longer than *yield_after* seconds (0: never), and any read of :func:`background` work,
    has its worker lowered to the lowest CPU priority until it answers (:mod:`plangraph.server.priority`):
    short queries are then not slowed by a long one beside them, and the long one still has every cycle they
    leave. Its worker is raised back before it takes another job, or retired when the server may not raise it."""

    def __init__(self, primary: str | Path, *, size: int = 2, wait: float = 10.0, memory_mb: int = 4096,
                 warm: int | None = None, idle_seconds: float = 60.0, yield_after: float = 0.0) -> None:
        self.primary, self.size, self.wait, self.memory_mb = primary, size, wait, memory_mb
        self.yield_after = yield_after
        self.warm = size if warm is None else max(0, min(warm, size))
        self.idle_seconds = idle_seconds
        self._idle: list[_Worker] = []  # most recently used last: taken first, so the others age and retire
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._returned = threading.Condition(self._lock)  # a worker became idle, or a start ahead failed
        self._busy = 0
        self._alive = 0  # started and not killed, including ones being started
        self._started = 0
        self._killed = 0
        self._retired = 0
        self._closed = False
        self._reaper: threading.Thread | None = None

    def warm_up(self) -> None:
        """Start the warm reader processes now instead of on the first queries."""
        while True:
            with self._lock:
                if self._alive >= self.warm:
                    break
                self._alive += 1
            worker = self._start()
            with self._lock:
                self._idle.append(worker)
        self._start_reaper()

    def stats(self) -> PoolStats:
        with self._lock:
            return PoolStats(self.size, self._busy, self._started, self._killed, self._alive, self._retired)

    def read(self, job: ReadJob, deadline: float, cancelled: Callable[[], bool] | None = None) -> Any:
        """Run *job* on a reader within *deadline* seconds: an :class:`Outcome` (or, for describe and
        statistics jobs, their data); raises :class:`ExecutionError` subclasses when there is none.

        *cancelled* is asked every :data:`CANCEL_POLL` seconds while the job runs: when it says yes, the
        worker is killed and :class:`Cancelled` raised."""
        self._start_reaper()
        if not self._slots.acquire(timeout=self.wait):
            raise Busy(f"all {self.size} query workers are busy; try again shortly")
        with self._lock:
            self._busy += 1
        try:
            worker = self._take()
            try:
                if getattr(_BACKGROUND, "on", False):
                    self._lower(worker)
                worker.conn.send(job)
                if self._answered(worker, deadline, cancelled):
                    outcome = worker.conn.recv()
                    self._give_back(worker)
                    return _logged(outcome)
            except _Stopped:
                self._discard(worker)
                raise Cancelled("the query was cancelled by its client and stopped") from None
            except (EOFError, OSError) as exc:
                self._discard(worker)
                log.warning("request %s: the query worker died: %r", request_id(), exc)
                raise WorkerDied("the query worker died before answering (the query may need more memory than a "
                                 "worker has)") from None
            self._discard(worker)
            raise DeadlineExceeded(f"the query did not finish within {deadline:g} s and was stopped")
        finally:
            with self._lock:
                self._busy -= 1
            self._slots.release()

    def _answered(self, worker: _Worker, deadline: float, cancelled: Callable[[], bool] | None) -> bool:
        """Whether *worker* answered within *deadline* seconds; raises :class:`_Stopped` when *cancelled*.
        Past ``yield_after`` seconds the worker is lowered (see the class)."""
        now = time.monotonic()
        end = now + deadline
        lower_at = now + self.yield_after if self.yield_after > 0 and not worker.lowered else None
        while (left := end - now) > 0:
            wait = left
            if cancelled is not None:
                wait = min(wait, CANCEL_POLL)
            if lower_at is not None:
                wait = min(wait, max(0.0, lower_at - now))
            if worker.conn.poll(wait):
                return True
            if cancelled is not None and cancelled():
                raise _Stopped
            now = time.monotonic()
            if lower_at is not None and now >= lower_at:
                self._lower(worker)
                lower_at = None
        return False

    @staticmethod
    def _lower(worker: _Worker) -> None:
        pid = worker.process.pid
        if pid is None:  # not started: pid 0 would name this process itself
            return
        worker.lowered = True  # set even when not done, so raising it again is then attempted and checked
        if not priority.lower(pid):
            log.debug("could not lower the priority of query worker %s", worker.process.pid)

    def write(self, job: WriteJob, deadline: float) -> Outcome:
        parent, child = _CONTEXT.Pipe(duplex=False)
        process = _CONTEXT.Process(target=_writer_main, args=(child, str(self.primary), job, self.memory_mb),
                                   daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        started = time.monotonic()
        try:
            if parent.poll(deadline):
                outcome: Outcome = parent.recv()
                process.join(timeout=max(0.1, deadline - (time.monotonic() - started)))
                return _logged(outcome)
        except (EOFError, OSError):
            worker.kill()
            raise WorkerDied("the write worker died before answering; nothing was written") from None
        worker.kill()
        with self._lock:
            self._killed += 1
        raise DeadlineExceeded(f"the write did not finish within {deadline:g} s and was stopped; nothing was written")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._alive -= len(idle)
        for worker in idle:
            worker.kill()

    def _take(self) -> _Worker:
        """An idle live worker, or a new one; starts one more ahead when this took the last idle one.

        The caller holds a slot, so fewer than ``size`` workers are busy: when none is idle and ``size`` are
        alive, one is being started ahead, and this waits for it rather than go over ``size``."""
        while True:
            with self._lock:
                while not self._idle and self._alive >= self.size:
                    self._returned.wait()
                worker = self._idle.pop() if self._idle else None
                if worker is None:
                    self._alive += 1
                grow = worker is not None and not self._idle and self._alive < self.size
                if grow:
                    self._alive += 1
            if grow:
                threading.Thread(target=self._start_idle, name="plangraph-worker-start", daemon=True).start()
            if worker is None:
                return self._start()
            if worker.process.is_alive():
                return worker
            self._discard(worker)

    def _start_idle(self) -> None:
        try:
            worker = self._start()
        except Exception:  # noqa: BLE001 - a query that needs a worker starts its own and reports the failure
            log.exception("could not start a query worker ahead of demand")
            return
        with self._lock:
            if not self._closed:
                self._idle.insert(0, worker)  # the least recently used end: taken last
                self._returned.notify()
                return
            self._alive -= 1
        worker.kill()

    def _give_back(self, worker: _Worker) -> None:
        worker.used = time.monotonic()
        if worker.lowered and worker.process.pid is not None:
            if not priority.restore(worker.process.pid):
                log.info("query worker %s retired: its priority, lowered for a long query, may not be raised again "
                         "(no CAP_SYS_NICE)", worker.process.pid)
                self._discard(worker, retired=True)
                return
            worker.lowered = False
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                self._returned.notify()
                return
            self._alive -= 1
        worker.kill()

    def retire_idle(self) -> int:
        """Stop the workers beyond the warm ones that have been idle for ``idle_seconds``; how many."""
        cutoff = time.monotonic() - self.idle_seconds
        retired: list[_Worker] = []
        with self._lock:
            while len(self._idle) > self.warm and self._idle[0].used <= cutoff:
                retired.append(self._idle.pop(0))
                self._alive -= 1
                self._retired += 1
        for worker in retired:
            worker.kill()
        return len(retired)

    def _start_reaper(self) -> None:
        if self._reaper is not None or self.warm >= self.size:
            return
        with self._lock:
            if self._reaper is not None:
                return
            self._reaper = threading.Thread(target=self._reap, name="plangraph-worker-reaper", daemon=True)
        self._reaper.start()

    def _reap(self) -> None:
        while not self._closed:
            time.sleep(max(0.05, self.idle_seconds / 4))
            self.retire_idle()

    def _start(self) -> _Worker:
        try:
            parent, child = _CONTEXT.Pipe()
            process = _CONTEXT.Process(target=_reader_main, args=(child, str(self.primary), self.memory_mb),
                                       daemon=True)
            process.start()
        except Exception:
            with self._lock:
                self._alive -= 1
                self._returned.notify()
            raise
        child.close()
        with self._lock:
            self._started += 1
        return _Worker(process, parent, time.monotonic())

    def _discard(self, worker: _Worker, *, retired: bool = False) -> None:
        worker.kill()
        with self._lock:
            if retired:
                self._retired += 1
            else:
                self._killed += 1
            self._alive -= 1
            self._returned.notify()
            replace = not self._closed and self._alive < self.warm
            if replace:
                self._alive += 1
        if replace:  # keep the warm ones ready: the next query should not wait for a process to start
            threading.Thread(target=self._start_idle, name="plangraph-worker-start", daemon=True).start()
