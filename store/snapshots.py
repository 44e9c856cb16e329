"""One writer at a time, readers on immutable snapshots, one commit point per write.

Oxigraph's read-only mode is undefined while another process writes the same directory, so readers
never open the primary store. Every write (a CLI ingest batch, a SPARQL update, a Graph Store write)
holds an exclusive lock, writes the primary store, then publishes a snapshot: a RocksDB checkpoint made
of hard links (``Store.backup``, about a millisecond), named by an increasing version. Switching the
``CURRENT`` pointer to it (an atomic rename) is the write's **only commit point**: every reader — the
server's query workers, ``plangraph export``, ``stats``, ``validate`` and ``query`` — reads the snapshot
``CURRENT`` names, so before the switch all of them see the old state and after it all see the new one.

The primary store is only a working copy of the current snapshot. A write marks it dirty (``WRITING``)
before changing it; a write that fails, or a process killed at any point, leaves the marker, and the
next writer (the next ``ingest``, update, or the server starting) rolls the primary back to the current
snapshot before doing anything else: what a kill left behind is never published. Unpublished
checkpoints and half-deleted snapshots are removed at the same time.

Readers *pin* the snapshot they use with a shared ``flock`` on its directory; after each publish the
writer deletes every other snapshot nobody pins, so disk use stays at the current snapshot plus those
still being read. Layout, for ``--store data/store``::

    data/store/                       the primary store (only ever opened by the lock holder)
    data/store.snapshots/LOCK         the writer lock (flock)
    data/store.snapshots/WRITING      present while a write may have changed the primary
    data/store.snapshots/CURRENT      name of the current snapshot, e.g. "v000007"
    data/store.snapshots/v000007/     a read-only checkpoint
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from plangraph.store.dialect import Dialect
from plangraph.store.oxigraph import OxigraphStore, StoreError, embedded_dialect, open_store

_NAME = re.compile(r"^v(\d{6,})$")
_BESIDE = re.compile(r"^v(\d{6,})\.")  # a file kept beside a snapshot (its changes, its search index)
_PIN_ATTEMPTS = 50


@dataclass(frozen=True)
class Snapshot:
    version: int
    path: Path
    created: float  # seconds since the epoch

    @property
    def name(self) -> str:
        return self.path.name


class Pin:
    """A snapshot held open for reading: while it is held, no writer deletes the snapshot."""

    def __init__(self, snapshot: Snapshot, descriptor: int) -> None:
        self.snapshot = snapshot
        self._descriptor: int | None = descriptor
        self._store: OxigraphStore | None = None

    @property
    def store(self) -> OxigraphStore:
        """The snapshot opened read-only (opened on first use, closed with the pin)."""
        if self._descriptor is None:
            raise StoreError(f"the pin on {self.snapshot.path} was released")
        if self._store is None:
            self._store = OxigraphStore(self.snapshot.path, read_only=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._descriptor is not None:
            os.close(self._descriptor)  # releases the shared lock
            self._descriptor = None

    def __enter__(self) -> Pin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pin_snapshot(path: Path) -> Pin:
    """Pin the snapshot in directory *path* (one a caller already chose); StoreError once it was collected."""
    match = _NAME.match(path.name)
    descriptor = _lock_shared(path) if match else None
    if match is None or descriptor is None:
        raise StoreError(f"the snapshot {path.name} is gone (a newer one replaced it); try again")
    return Pin(Snapshot(int(match.group(1)), path, os.fstat(descriptor).st_mtime), descriptor)


def _lock_shared(path: Path) -> int | None:
    """A descriptor of directory *path* holding a shared lock, or None when *path* is gone (collected)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    fcntl.flock(descriptor, fcntl.LOCK_SH)  # waits only while a collector is deleting it
    try:
        still_there = os.path.samestat(os.fstat(descriptor), os.stat(path))
    except FileNotFoundError:
        still_there = False
    if still_there:
        return descriptor
    os.close(descriptor)
    return None


_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO, errno.EACCES, errno.EMFILE)


def io_reason(exc: BaseException) -> str:
    """What went wrong with the disk, in a few words ("No space left on device")."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os.strerror(exc.errno)
    text = str(exc) or type(exc).__name__
    for code in _DISK_ERRORS:
        if os.strerror(code).lower() in text.lower():
            return os.strerror(code)
    return text.splitlines()[0]


def _disk_failure(exc: BaseException) -> str | None:
    """Why the disk refused, when *exc* is an I/O error (RocksDB reports some as RuntimeError); else None."""
    if isinstance(exc, StoreError):
        return None
    if isinstance(exc, OSError):
        return io_reason(exc)
    if isinstance(exc, RuntimeError) and ("IO error" in str(exc) or io_reason(exc) != str(exc).splitlines()[0]):
        return io_reason(exc)
    return None


@dataclass
class Scratch:
    """A writable copy of the snapshot numbered *based_on* (None: of an empty store), for
    :meth:`SnapshotStore.adopt`."""

    store: OxigraphStore
    based_on: int | None


class SnapshotStore:
    def __init__(self, primary: Path) -> None:
        self.primary = primary
        self.root = primary.with_name(primary.name + ".snapshots")
        self._marker = self.root / "WRITING"
        self._seen: tuple[tuple[int, int, int, int], Snapshot] | None = None  # CURRENT's identity → what it named

    # --- readers ----------------------------------------------------------------------------------
    def _pointer(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def current(self) -> Snapshot | None:
        """The snapshot readers should use, or None if none was ever published.

        A web process asks this on every request: while ``CURRENT`` is the same file (each publication replaces
        it by a rename: a new inode and time), the snapshot it named is answered again after one ``stat``. The
        file is looked at before it is read, so a publication between the two is seen at the next call."""
        try:
            seen = os.stat(self.root / "CURRENT")
        except (FileNotFoundError, NotADirectoryError):
            return None
        identity = (seen.st_dev, seen.st_ino, seen.st_mtime_ns, seen.st_size)
        kept = self._seen
        if kept is not None and kept[0] == identity:
            return kept[1]
        snapshot = self._read_current()
        if snapshot is not None:
            self._seen = (identity, snapshot)
        return snapshot

    def _read_current(self) -> Snapshot | None:
        for _ in range(_PIN_ATTEMPTS):
            name = self._pointer()
            if name is None:
                return None
            match = _NAME.match(name)
            if not match:
                raise StoreError(f"{self.root / 'CURRENT'} holds {name!r}, not a snapshot name")
            path = self.root / name
            try:
                return Snapshot(int(match.group(1)), path, path.stat().st_mtime)
            except FileNotFoundError:
                if self._pointer() == name:  # not a writer switching it under us: the store is damaged
                    raise StoreError(f"{self.root / 'CURRENT'} names a missing snapshot {name!r}") from None
        raise StoreError(f"the snapshots of {self.primary} keep changing; try again")

    def pin(self) -> Pin | None:
        """Pin the current snapshot for reading; None when nothing was ever published."""
        for _ in range(_PIN_ATTEMPTS):
            snapshot = self.current()
            if snapshot is None:
                return None
            descriptor = _lock_shared(snapshot.path)
            if descriptor is not None:
                return Pin(snapshot, descriptor)
            # collected between reading CURRENT and locking it: read CURRENT again
        raise StoreError(f"the snapshots of {self.primary} keep changing; try again")

    @contextmanager
    def reading(self) -> Iterator[OxigraphStore]:
        """The current snapshot, pinned and opened read-only for the block; StoreError if there is none.

        A store written before snapshots existed (a primary store and no snapshot) gets its first
        snapshot published here.
        """
        pin = self.pin()
        if pin is None and self.primary.joinpath("CURRENT").exists() and not self._marker.exists():
            self.ensure_snapshot()
            pin = self.pin()
        if pin is None:
            raise StoreError(f"no store at {self.primary}: run 'plangraph ingest --store {self.primary} FILE…' first")
        with pin:
            yield pin.store

    # --- the writer -----------------------------------------------------------------------------
    @contextmanager
    def writer(self, *, wait: bool = True) -> Iterator[OxigraphStore]:
        """Hold the writer lock and open the primary store; when the block succeeds and changed something,
        publish it (the commit point). When the block fails, roll the primary back and raise — an I/O error
        (a full disk, a read-only file system) as a StoreError naming it; nothing is published."""
        with self._locked(wait):
            self._recover()
            store = open_store(self.primary)
            try:
                self._mark_dirty()
                yield store
                if store.changed:
                    self._commit(store)
            except BaseException as exc:
                store.close()
                if store.changed:
                    self._roll_back_quietly()
                else:
                    self._clear_dirty()
                self._raise_disk_failure(exc)
                raise
            finally:
                store.close()
            self._clear_dirty()
            self._collect_garbage()

    def scratch(self, target: Path) -> Scratch | None:
        """A writable copy of what is published, made at *target* (hard links to the current snapshot's files),
        for a batch to be loaded into while it is still being read; :meth:`adopt` publishes it. None when the
        primary may hold what no snapshot does (a writer is at work, or a store older than snapshots)."""
        if self._marker.exists():
            return None
        pin = self.pin()
        if pin is None:
            if self.primary.exists():
                return None
            return Scratch(open_store(target), None)
        with pin:
            pin.store.backup(target)
            return Scratch(open_store(target, must_exist=True), pin.snapshot.version)

    def adopt(self, scratch: Scratch) -> bool:
        """Publish *scratch* as the next version, the primary store replaced by it, when nothing was published
        since it was copied; False, and nothing done, when something was (its batch must then be written
        again, into the primary). A failure rolls the primary back, as for :meth:`writer`."""
        with self._locked(True):
            self._recover()
            current = self.current()
            if (current.version if current is not None else None) != scratch.based_on:
                return False
            store = scratch.store
            store.flush()
            store.close()
            self._mark_dirty()
            trash = self._trash_of_primary()
            try:
                if self.primary.exists():
                    os.rename(self.primary, trash)
                os.rename(store.path, self.primary)
                adopted = open_store(self.primary, must_exist=True)
                adopted.changed, adopted.changed_graphs = True, store.changed_graphs
                try:
                    self._commit(adopted)
                finally:
                    adopted.close()
            except BaseException as exc:
                self._roll_back_quietly()
                self._raise_disk_failure(exc)
                raise
            self._clear_dirty()
            _remove(trash)
            self._collect_garbage()
            return True

    def _raise_disk_failure(self, exc: BaseException) -> None:
        """A failed write's I/O error (a full disk, a read-only file system) as a StoreError naming it."""
        reason = _disk_failure(exc)
        if reason is not None:
            error = StoreError(f"cannot write the store at {self.primary}: {reason}; nothing was published and the "
                               "store is as it was")
            error.reason = reason
            raise error from None

    def collect_garbage(self) -> None:
        """Delete the snapshots no reader pins but the current one (a writer does it after each write); nothing
        when another process is writing (that writer collects them)."""
        with suppress(StoreError), self._locked(False):
            self._collect_garbage()

    def dialect(self, setting: str | None = None) -> Dialect:
        """The dialect of the snapshots' engine, pyoxigraph (see :func:`~plangraph.store.oxigraph.embedded_dialect`)."""
        return embedded_dialect(setting)

    def ensure_snapshot(self) -> Snapshot:
        """The current snapshot, publishing a first one (of the possibly empty primary store) if needed.

        The server calls it when it starts: what a killed writer left behind is rolled back here too.
        """
        snapshot = self.current()
        if snapshot is not None and not self._marker.exists():
            return snapshot
        with self._locked(True):
            self._recover()
            snapshot = self.current()
            if snapshot is None:
                with open_store(self.primary) as store:
                    self._commit(store)
                snapshot = self.current()
        assert snapshot is not None
        return snapshot

    def snapshot_names(self) -> list[str]:
        """Names of the snapshots on disk, oldest first."""
        return [f"v{version:06d}" for version in self._versions()]

    @contextmanager
    def _locked(self, wait: bool) -> Iterator[None]:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock = (self.root / "LOCK").open("a")
        except OSError as exc:
            raise StoreError(f"cannot use the store at {self.primary}: {io_reason(exc)}") from None
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise StoreError(f"another process is writing {self.primary}; try again when it is done") from None
            yield

    def _commit(self, store: OxigraphStore) -> Snapshot:
        """Checkpoint the primary as the next version and switch CURRENT to it."""
        store.flush()
        current = self.current()
        versions = self._versions()
        version = max([*versions, current.version if current else 0]) + 1
        target = self.root / f"v{version:06d}"
        store.backup(target)
        _fsync_directory(target)
        _write_changes(target, current.version if current else None, store.changed_graphs)
        pointer = self.root / "CURRENT.tmp"
        with pointer.open("w", encoding="ascii") as handle:
            handle.write(target.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.root / "CURRENT")  # the commit point
        with suppress(OSError):  # committed for every reader already; the fsync only makes it outlive a power cut
            _fsync_directory(self.root)
        return Snapshot(version, target, time.time())

    # --- recovery -------------------------------------------------------------------------------
    def _mark_dirty(self) -> None:
        with self._marker.open("w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            os.fsync(handle.fileno())
        _fsync_directory(self.root)

    def _clear_dirty(self) -> None:
        self._marker.unlink(missing_ok=True)

    def _recover(self) -> None:
        """Undo whatever a killed or failed writer left (the caller holds the lock)."""
        current = self.current()
        for leftover in self.root.iterdir():
            match = _NAME.match(leftover.name) or _BESIDE.match(leftover.name)
            unpublished = match is not None and (current is None or int(match.group(1)) > current.version)
            if unpublished or leftover.name.endswith(".trash") or leftover.name == "CURRENT.tmp":
                _remove(leftover)
        _remove(self._trash_of_primary())
        if self._marker.exists():
            self._roll_back()

    def _trash_of_primary(self) -> Path:
        return self.primary.with_name(self.primary.name + ".trash")

    def _roll_back(self) -> None:
        """Make the primary a copy of the current snapshot again (or remove it when there is none)."""
        trash = self._trash_of_primary()
        _remove(trash)
        if self.primary.exists():
            os.rename(self.primary, trash)
            _remove(trash)
        current = self.current()
        if current is not None:
            with OxigraphStore(current.path, read_only=True) as snapshot:
                snapshot.backup(self.primary)
        self._clear_dirty()

    def _roll_back_quietly(self) -> None:
        """Roll back after a failed write; if even that fails (the disk is full), the marker stays and the
        next writer rolls back. Readers are unaffected either way: they read the current snapshot."""
        with suppress(OSError, RuntimeError):
            self._roll_back()

    # --- garbage collection ---------------------------------------------------------------------
    def _versions(self) -> list[int]:
        if not self.root.is_dir():
            return []
        return sorted(int(m.group(1)) for p in self.root.iterdir() if (m := _NAME.match(p.name)) and p.is_dir())

    def _collect_garbage(self) -> None:
        """Delete every snapshot but the current one that no reader pins (the caller holds the lock)."""
        current = self.current()
        for version in self._versions():
            if current is not None and version >= current.version:
                continue
            path = self.root / f"v{version:06d}"
            try:
                descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue  # a reader still uses it: collected after a later write
            try:
                trash = path.with_name(path.name + ".trash")
                os.rename(path, trash)  # out of readers' reach before the lock is released
                for index in self.root.glob(f"{path.name}.*"):
                    _remove(index)  # files kept beside a snapshot (its search index)
                _remove(trash)
            except OSError:
                pass
            finally:
                os.close(descriptor)


CHANGES_SUFFIX = ".changes.json"


def _write_changes(target: Path, after: int | None, graphs: set[str] | None) -> None:
    """Beside a snapshot: the named graphs its write changed since snapshot *after* (``null``: unknown, an update
    may have changed any). Advisory: a reader that cannot use it treats the change as unknown."""
    record = {"after": after, "graphs": sorted(graphs) if graphs is not None else None}
    temporary = target.with_name(target.name + CHANGES_SUFFIX + ".tmp")
    with suppress(OSError):
        target.with_name(target.name + CHANGES_SUFFIX).unlink(missing_ok=True)
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target.with_name(target.name + CHANGES_SUFFIX))


def changes_of(snapshot: Path) -> tuple[int | None, list[str] | None]:
    """(the previous version, the named graphs changed since it) recorded beside the snapshot at *snapshot*;
    ``(None, None)`` when nothing usable was recorded."""
    try:
        record = json.loads(snapshot.with_name(snapshot.name + CHANGES_SUFFIX).read_text(encoding="utf-8"))
        after, graphs = record["after"], record["graphs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
    if not isinstance(after, int) or not isinstance(graphs, list) or not all(isinstance(g, str) for g in graphs):
        return None, None
    return after, graphs


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
