"""Per-process server state: the snapshot store and this process's query executor."""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app

from plangraph.server.checker import Checker
from plangraph.server.errors import ProtocolError
from plangraph.server.executor import Executor
from plangraph.server.running import RunningQueries
from plangraph.store.dialect import Dialect
from plangraph.store.engine_snapshots import snapshots_for
from plangraph.store.oxigraph import StoreError
from plangraph.store.snapshots import Snapshot

KEY = "plangraph"
T = TypeVar("T")


class State:
    def __init__(self, app: Flask) -> None:
        self.snapshots = snapshots_for(app.config["PLANGRAPH_STORE"])
        self.snapshots.ensure_snapshot()
        self._config = app.config
        self._executor: Executor | None = None
        self._checker: Checker | None = None
        self._pid = 0
        self._lock = threading.Lock()
        # (snapshot version, value) by key, least recently used first; bounded, as keys carry request parameters
        self._cache: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._cache_size = int(app.config.get("PLANGRAPH_PAGE_CACHE", 2048))
        self._computing: dict[tuple[int, Hashable], threading.Event] = {}  # values being made now, by key
        self._indexed = -1
        self._app = app
        self._warm = False  # set by the serve command: pages made in the background for each new snapshot
        self._dialect: Dialect | None = None
        self.running = RunningQueries(Path(app.instance_path) / "queries")  # shared by every web process
        self.running.sweep()

    def checker(self) -> Checker:
        """The low-priority checker of long request texts of this process."""
        with self._lock:
            if self._checker is None:
                threads = int(self._config.get("PLANGRAPH_REQUEST_THREADS", 8))
                self._checker = Checker(waiting=max(1, threads // 2))
            return self._checker

    def executor(self) -> Executor:
        """The executor of this process (gunicorn forks web workers: each gets its own pool)."""
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = Executor(
                    str(self._config["PLANGRAPH_STORE"]),
                    size=self._config["PLANGRAPH_QUERY_WORKERS"],
                    wait=self._config["PLANGRAPH_QUEUE_WAIT"],
                    memory_mb=self._config["PLANGRAPH_WORKER_MEMORY_MB"],
                    warm=self._config.get("PLANGRAPH_QUERY_WORKERS_WARM"),
                    idle_seconds=float(self._config.get("PLANGRAPH_WORKER_IDLE", 60.0)),
                    yield_after=float(self._config.get("PLANGRAPH_YIELD_AFTER", 0.0)),
                )
                self._pid = os.getpid()
            return self._executor

    def dialect(self) -> Dialect:
        """The dialect of the store served (``PLANGRAPH_STORE_DIALECT``, or found by a probe once per process):
        the page and catalogue queries sent to it are written in it."""
        if self._dialect is None:
            try:
                self._dialect = self.snapshots.dialect(str(self._config.get("PLANGRAPH_STORE_DIALECT", "auto")))
            except StoreError as exc:  # an engine that does not answer: asked again with the next request
                raise ProtocolError(502, f"the SPARQL engine did not answer: {exc}") from None
        return self._dialect

    def per_version(self, key: Hashable, compute: Callable[[], T]) -> T:
        """*compute()* once per store snapshot for *key*: what depends only on the data changes only when the
        data does. The most recently used entries are kept (``PLANGRAPH_PAGE_CACHE``); a value computed on an
        older snapshot is never served. A value another thread is making for the same snapshot is waited for, not
        made twice (the warmer's page and its first visitor's request)."""
        version = self.snapshot().version
        waited = False
        while True:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None and hit[0] == version:
                    self._cache.move_to_end(key)
                    return hit[1]  # type: ignore[return-value]
                running = self._computing.get((version, key))
                if running is None or waited:
                    mine = threading.Event()
                    self._computing.setdefault((version, key), mine)
                    break
            # Another thread (a visitor's request, or the page warmer) is making the same value: wait for it
            # rather than make it a second time, at most a query's deadline; then make it here if it is not kept.
            running.wait(float(self._config.get("PLANGRAPH_QUERY_TIMEOUT", 30.0)))
            waited = True
        try:
            value = compute()
            with self._lock:
                self._cache[key] = (version, value)
                self._cache.move_to_end(key)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        finally:  # kept (or failed: a waiting thread then makes it itself)
            with self._lock:
                if self._computing.get((version, key)) is mine:
                    del self._computing[(version, key)]
            mine.set()
        return value

    def snapshot(self) -> Snapshot:
        snapshot = self.snapshots.current()
        snapshot = snapshot if snapshot is not None else self.snapshots.ensure_snapshot()
        if snapshot.version != self._indexed:  # a new snapshot: its search index built beside the requests
            self._indexed = snapshot.version
            threading.Thread(target=_build_index, args=(snapshot,), name="search-index", daemon=True).start()
            if self._warm:  # and the pages a visitor meets first made beside them (see warm.py)
                threading.Thread(target=self._warm_pages, args=(snapshot,), name="page-warmer", daemon=True).start()
        return snapshot

    def keep_warm(self) -> None:
        """From now on, make the first pages of each new snapshot in the background (:mod:`plangraph.server.warm`)."""
        self._warm = True

    def _warm_pages(self, snapshot: Snapshot) -> None:
        from plangraph.server.warm import warm

        def current() -> int:
            found = self.snapshots.current()
            return found.version if found is not None else -1

        try:
            warm(self._app, snapshot.version, snapshot.path, current)
        except Exception:  # noqa: BLE001 - the pages are then made by their first visitors, as without a warmer
            logging.getLogger(__name__).warning("pages of %s not made in the background", snapshot.name,
                                                exc_info=True)


def _build_index(snapshot: Snapshot) -> None:
    from plangraph.server.search import build_elsewhere

    try:
        build_elsewhere(snapshot.path)
    except Exception:  # noqa: BLE001 - the first search builds it again and reports the failure to the user
        logging.getLogger(__name__).warning("search index of %s not built in the background", snapshot.name,
                                            exc_info=True)


def init_app(app: Flask) -> None:
    app.extensions[KEY] = State(app)


def get_state(app: Flask | None = None) -> State:
    """The state of *app* (default: the application of the current request)."""
    state: State = (app or current_app).extensions[KEY]
    return state
