"""The server's view of an external engine as "snapshots": versions that name what caches may keep.

The embedded store publishes immutable snapshots, and the server keys every kept page, ETag and search index
by the snapshot's version. An external engine has no snapshots, and others may write it; so a version here
is the number of writes made through this server plus the number of refresh periods elapsed
(``PLANGRAPH_ENGINE_REFRESH`` seconds, default 300): a write through plangraph is seen at once, a write made
elsewhere within one period. Each version is a folder in a local state folder (``PLANGRAPH_ENGINE_STATE``,
default a folder of the temporary directory named after the endpoint) where the search index of that version
is kept; a file ``ENGINE`` there names the engine, so a process given only a version's folder (the search
index builder) can reach it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from plangraph.store.dialect import Dialect, configured
from plangraph.store.remote import Endpoint, RemoteStore
from plangraph.store.snapshots import Snapshot, SnapshotStore

MARKER = "ENGINE"
KEEP = 3  # version folders kept (the current and the ones readers may still use)


def state_folder(location: str) -> Path:
    configured = os.environ.get("PLANGRAPH_ENGINE_STATE", "")
    if configured:
        return Path(configured)
    digest = hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"plangraph-engine-{digest}"


class EnginePin:
    """An engine "snapshot" held for reading: its version and a client of the engine."""

    def __init__(self, snapshot: Snapshot, endpoint: Endpoint) -> None:
        self.snapshot = snapshot
        self._endpoint = endpoint
        self._store: RemoteStore | None = None

    @property
    def store(self) -> RemoteStore:
        if self._store is None:
            self._store = RemoteStore(self._endpoint)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> EnginePin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EngineSnapshots:
    """What :class:`~plangraph.store.snapshots.SnapshotStore` offers the server, for an external engine."""

    def __init__(self, location: str, folder: Path | None = None) -> None:
        self.location = location
        self.endpoint = Endpoint.parse(location)
        self.folder = folder or state_folder(location)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / MARKER).write_text(location + "\n", encoding="utf-8")
        self.refresh = float(os.environ.get("PLANGRAPH_ENGINE_REFRESH", "300"))

    def _writes(self) -> int:
        try:
            return int((self.folder / "WRITES").read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return 0

    def current(self) -> Snapshot:
        period = int(time.time() // self.refresh) if self.refresh > 0 else 0
        version = period + self._writes()
        path = self.folder / f"v{version:012d}"
        path.mkdir(exist_ok=True)
        return Snapshot(version, path, period * self.refresh)

    def ensure_snapshot(self) -> Snapshot:
        return self.current()

    def dialect(self, setting: str | None = None) -> Dialect:
        """The engine's dialect: *setting* (default ``PLANGRAPH_STORE_DIALECT``) when it names one, else what the
        engine answers to the probe (:meth:`RemoteStore.profile`)."""
        chosen = configured(setting)
        if chosen is not None:
            return chosen
        with RemoteStore(self.endpoint) as store:
            return store.profile().dialect

    def pin(self) -> EnginePin:
        return EnginePin(self.current(), self.endpoint)

    @contextmanager
    def reading(self) -> Iterator[RemoteStore]:
        with self.pin() as pin:
            yield pin.store

    @contextmanager
    def writer(self, *, wait: bool = True) -> Iterator[RemoteStore]:
        """A client that writes the engine; a new version once the block has written something."""
        store = RemoteStore(self.endpoint)
        try:
            yield store
        finally:
            store.close()
            if store.changed:
                self._bump()

    def _bump(self) -> None:
        with open(self.folder / "WRITES.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            (self.folder / "WRITES").write_text(str(self._writes() + 1), encoding="ascii")
        self._collect()

    def _collect(self) -> None:
        versions = sorted(p for p in self.folder.glob("v*") if p.is_dir())
        for old in versions[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)


def is_engine_version(path: Path) -> bool:
    """True for a version folder of an engine's state (see the module docstring)."""
    return (path.parent / MARKER).is_file()


def pin_engine_version(path: Path) -> EnginePin:
    location = (path.parent / MARKER).read_text(encoding="utf-8").strip()
    snapshot = Snapshot(int(path.name[1:]), path, path.stat().st_mtime)
    return EnginePin(snapshot, Endpoint.parse(location))


def snapshots_for(location: str | Path) -> SnapshotStore | EngineSnapshots:
    """The snapshots of the store at *location*: a folder (the embedded store) or an engine (``sparql+http…``)."""
    from plangraph.store.remote import is_endpoint

    text = str(location)
    return EngineSnapshots(text) if is_endpoint(text) else SnapshotStore(Path(text))
