"""Running queries by the id their client gave them, so a client can stop its own query.

A query sent with ``X-Query-Id: <id>`` is registered while it runs; ``POST /sparql/cancel`` with that id asks
for it to stop, and the web process running it kills the query worker (see
:meth:`plangraph.server.executor.Executor.read`). Gunicorn's web workers are separate processes and the cancel
request may reach another one than the query did, so the register is a folder that every web process of the
server shares: one file per running query, one per cancel asked. An id is the client's own random token: who
knows it may stop that query, nobody else can guess it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
STALE = 24 * 3600  # leftovers of a killed web process are removed after a day


def valid_id(text: str | None) -> bool:
    """Whether *text* may be a query id: 16–64 letters, digits, ``-`` or ``_``.

    >>> valid_id("3f2c9a7e41d04b6a9c1e"), valid_id("short"), valid_id("../../etc/passwd-xxxxxxxx"), valid_id(None)
    (True, False, False, False)
    """
    return bool(text and ID.match(text))


class RunningQueries:
    """The register in *folder* (created on first use)."""

    def __init__(self, folder: Path) -> None:
        self.running = folder / "running"
        self.cancelled = folder / "cancelled"

    def _ready(self) -> None:
        for path in (self.running, self.cancelled):
            path.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def run(self, query_id: str) -> Iterator[Callable[[], bool]]:
        """Register *query_id* while the block runs; yields the check "was it cancelled?"."""
        assert valid_id(query_id)
        self._ready()
        mark, stop = self.running / query_id, self.cancelled / query_id
        stop.unlink(missing_ok=True)
        mark.write_text(str(os.getpid()))
        try:
            yield stop.exists
        finally:
            mark.unlink(missing_ok=True)
            stop.unlink(missing_ok=True)

    def cancel(self, query_id: str) -> bool:
        """Ask the query *query_id* to stop: False when no query of that id is running."""
        assert valid_id(query_id)
        self._ready()
        if not (self.running / query_id).exists():
            return False
        (self.cancelled / query_id).touch()
        return True

    def sweep(self, now: float | None = None) -> None:
        """Remove entries older than a day (left by a web process that was killed mid-query)."""
        limit = (now or time.time()) - STALE
        for folder in (self.running, self.cancelled):
            for path in folder.glob("*") if folder.exists() else ():
                try:
                    if path.stat().st_mtime < limit:
                        path.unlink()
                except FileNotFoundError:
                    pass
