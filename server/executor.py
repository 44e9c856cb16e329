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
import queue
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

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
                outcome = run_read(job, pin.store)
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


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


@dataclass(frozen=True)
class PoolStats:
    size: int
    busy: int
    started: int
    killed: int


class Executor:
    """Runs read jobs on a pool of *size* reader processes and write jobs on one-off writers."""

    def __init__(self, primary: str | Path, *, size: int = 2, wait: float = 10.0, memory_mb: int = 4096) -> None:
        self.primary, self.size, self.wait, self.memory_mb = primary, size, wait, memory_mb
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._busy = 0
        self._started = 0
        self._killed = 0

    def warm_up(self) -> None:
        """Start the reader processes now instead of on the first queries."""
        for _ in range(self.size - self._idle.qsize()):
            self._idle.put(self._start())

    def stats(self) -> PoolStats:
        return PoolStats(self.size, self._busy, self._started, self._killed)

    def read(self, job: ReadJob, deadline: float, cancelled: Callable[[], bool] | None = None) -> Any:
        """Run *job* on a reader within *deadline* seconds: an :class:`Outcome` (or, for describe and
        statistics jobs, their data); raises :class:`ExecutionError` subclasses when there is none.

        *cancelled* is asked every :data:`CANCEL_POLL` seconds while the job runs: when it says yes, the
        worker is killed and :class:`Cancelled` raised."""
        if not self._slots.acquire(timeout=self.wait):
            raise Busy(f"all {self.size} query workers are busy; try again shortly")
        with self._lock:
            self._busy += 1
        try:
            worker = self._take()
            try:
                worker.conn.send(job)
                if self._answered(worker, deadline, cancelled):
                    outcome = worker.conn.recv()
                    self._idle.put(worker)
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

    @staticmethod
    def _answered(worker: _Worker, deadline: float, cancelled: Callable[[], bool] | None) -> bool:
        """Whether *worker* answered within *deadline* seconds; raises :class:`_Stopped` when *cancelled*."""
        if cancelled is None:
            return worker.conn.poll(deadline)
        end = time.monotonic() + deadline
        while (left := end - time.monotonic()) > 0:
            if worker.conn.poll(min(CANCEL_POLL, left)):
                return True
            if cancelled():
                raise _Stopped
        return False

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
        while not self._idle.empty():
            self._idle.get_nowait().kill()

    def _take(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return self._start()
            if worker.process.is_alive():
                return worker
            worker.kill()

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_reader_main, args=(child, str(self.primary), self.memory_mb), daemon=True)
        process.start()
        child.close()
        with self._lock:
            self._started += 1
        return _Worker(process, parent)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._killed += 1
