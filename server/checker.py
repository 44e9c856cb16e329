"""Checking large request texts at low priority, so clients that send them cannot slow everyone else down.

Every query and update is checked before it runs (:func:`plangraph.server.sparql.guard`): its nesting and operators
are measured and its SERVICE/LOAD calls found, in Python, in time linear in its length. A short text is checked in
the request's own thread (a catalogue query takes well under a millisecond). A text longer than
:data:`INLINE_BYTES` is checked in a separate process that runs at the lowest scheduling priority (Linux's
``SCHED_IDLE``, else ``nice 19``), one text at a time: eight clients sending 200 KB texts back to back then use the
CPU only while nobody else needs it, and a simple query keeps its speed. At most half the request threads wait for
the checker at once (the rest stay free for every other request); a request beyond them, or one the checker cannot
take within ``wait`` seconds, gets a 503.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from plangraph.server.priority import lowest
from plangraph.server.sparql_guard import ServicePolicy, check
from plangraph.server.sparql_limits import Limits, limit_problem

INLINE_BYTES = 4096
_CONTEXT = multiprocessing.get_context("spawn")

Verdict = tuple[int, str] | None  # (HTTP status, message) of a refusal, or None


def verdict(text: str, limits: Limits, allow: tuple[str, ...], private: bool = False) -> Verdict:
    """Why *text* may not run — its limits first, then its remote calls — or None."""
    problem = limit_problem(text, limits)
    if problem is not None:
        return 400, problem
    refusal = check(text, ServicePolicy(allow=allow, private=private))
    if refusal is not None:
        return 403, f"{refusal.reason} (line {refusal.line}, column {refusal.column})"
    return None


def _checker_main(conn: Connection) -> None:
    lowest()
    while True:
        try:
            text, limits, allow, private = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(verdict(text, limits, allow, private))


class CheckerBusy(Exception):
    """The checker did not get to the text in time."""


class Checker:
    """One low-priority checking process for this web process (started on first use, restarted if it dies)."""

    def __init__(self, *, wait: float = 10.0, waiting: int = 4) -> None:
        self.wait = wait
        self._lock = threading.Lock()
        # Request threads that may wait for the checker at once: the others stay free for every other request.
        self._waiting = threading.BoundedSemaphore(max(1, waiting))
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._pid = 0

    def verdict(self, text: str, limits: Limits, allow: tuple[str, ...], private: bool = False) -> Verdict:
        if len(text) <= INLINE_BYTES:
            return verdict(text, limits, allow, private)
        if not self._waiting.acquire(blocking=False):
            raise CheckerBusy("the server is busy checking other large requests; try again shortly")
        try:
            if not self._lock.acquire(timeout=self.wait):
                raise CheckerBusy("the server is busy checking other large requests; try again shortly")
            try:
                return self._remote(text, limits, allow, private)
            finally:
                self._lock.release()
        finally:
            self._waiting.release()

    def _remote(self, text: str, limits: Limits, allow: tuple[str, ...], private: bool) -> Verdict:
        try:
            conn = self._connection()
            conn.send((text, limits, allow, private))
            if conn.poll(self.wait):
                result: Verdict = conn.recv()
                return result
            self._stop()
            raise CheckerBusy("checking the request took too long; try again shortly")
        except (EOFError, OSError):
            self._stop()
            raise CheckerBusy("the request checker stopped; try again") from None

    @property
    def pid(self) -> int | None:
        """The checking process's id, once started."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        self._stop()

    def _connection(self) -> Connection:
        if self._conn is None or self._process is None or not self._process.is_alive() or self._pid != os.getpid():
            parent, child = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(target=_checker_main, args=(child,), daemon=True)
            self._process.start()
            child.close()
            self._conn, self._pid = parent, os.getpid()
        return self._conn

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None
