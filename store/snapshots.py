"""One writer at a time, readers on immutable snapshots.

Oxigraph's read-only mode is undefined while another process writes the same directory, so readers
never open the primary store. Every write (CLI ingest, SPARQL update, Graph Store write) takes an
exclusive lock, writes the primary store, then publishes a snapshot: a RocksDB checkpoint made of
hard links (``Store.backup``, about a millisecond), named by an increasing version, with a pointer
file switched atomically. Query workers open the current snapshot read-only and reopen when the
pointer changes. Layout, for ``--store data/store``::

    data/store/                       the primary store (only ever opened by the lock holder)
    data/store.snapshots/LOCK         the writer lock (flock)
    data/store.snapshots/CURRENT      name of the current snapshot, e.g. "v000007"
    data/store.snapshots/v000007/     a read-only checkpoint
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from plangraph.store.oxigraph import OxigraphStore, StoreError, open_store

KEEP_SNAPSHOTS = 3
MIN_SNAPSHOT_AGE = 3600.0  # seconds an old snapshot is kept, so in-flight readers can finish
_NAME = re.compile(r"^v(\d{6,})$")


@dataclass(frozen=True)
class Snapshot:
    version: int
    path: Path
    created: float  # seconds since the epoch

    @property
    def name(self) -> str:
        return self.path.name


class SnapshotStore:
    def __init__(self, primary: Path) -> None:
        self.primary = primary
        self.root = primary.with_name(primary.name + ".snapshots")

    # --- readers ----------------------------------------------------------------------------------
    def current(self) -> Snapshot | None:
        """The snapshot readers should use, or None if none was ever published."""
        try:
            name = (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        match = _NAME.match(name)
        path = self.root / name
        if not match or not path.is_dir():
            raise StoreError(f"{self.root / 'CURRENT'} names a missing snapshot {name!r}")
        return Snapshot(int(match.group(1)), path, path.stat().st_mtime)

    # --- the writer -----------------------------------------------------------------------------
    @contextmanager
    def writer(self, *, wait: bool = True) -> Iterator[OxigraphStore]:
        """Hold the writer lock, open the primary store, and publish a snapshot when the block succeeds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "LOCK").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise StoreError(f"another process is writing {self.primary}; try again when it is done") from None
            with open_store(self.primary) as store:
                yield store
                store.flush()
                self._publish(store)

    def ensure_snapshot(self) -> Snapshot:
        """The current snapshot, publishing a first one (of the possibly empty primary store) if needed."""
        snapshot = self.current()
        if snapshot is None:
            with self.writer():
                pass
            snapshot = self.current()
        assert snapshot is not None
        return snapshot

    def _publish(self, store: OxigraphStore) -> Snapshot:
        versions = self._versions()
        version = (max(versions) if versions else 0) + 1
        target = self.root / f"v{version:06d}"
        store.backup(target)
        pointer = self.root / "CURRENT.tmp"
        pointer.write_text(target.name + "\n", encoding="ascii")
        os.replace(pointer, self.root / "CURRENT")
        self._collect_garbage(version)
        return Snapshot(version, target, time.time())

    def _versions(self) -> list[int]:
        if not self.root.is_dir():
            return []
        return sorted(int(m.group(1)) for p in self.root.iterdir() if (m := _NAME.match(p.name)))

    def _collect_garbage(self, current: int) -> None:
        now = time.time()
        for version in self._versions()[:-KEEP_SNAPSHOTS]:
            path = self.root / f"v{version:06d}"
            if version != current and now - path.stat().st_mtime > MIN_SNAPSHOT_AGE:
                shutil.rmtree(path, ignore_errors=True)
