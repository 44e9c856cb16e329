"""Whole pages kept on disk for one snapshot, so that a page one web process made is served by the others as made.

Each web process keeps the pages it made in memory (:mod:`plangraph.server.page_cache`); without this, the first
request for a page in each of the other processes made it again (its query rows read from
:mod:`plangraph.server.shared_rows` when they were kept, else asked again), and that second making was what a
popular page's slowest requests were. A kept page is also written to the snapshot's folder of kept rows
(``vNNNNNN.pages/``, removed with the snapshot) under a digest of its key — path, query string, language,
``Accept`` and the :func:`fingerprint` of the server's settings and code — and a process that has not made it
reads the file instead. SPARQL answers are not written: each
query a client sends new would cost a write, and a query is cheap to answer again next to a page.

A file holds one line of JSON (the key, the status, the headers) and then the body. Written whole under a
temporary name and renamed into place; a file that is not whole, or that holds another key, is not used. Visitors'
pages are written while the folder holds less than :data:`~plangraph.server.shared_rows.BUDGET_BYTES` as this
process counts it (scanned once per snapshot, then its own writes added), so made-up URLs cannot fill the disk.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from plangraph.server import shared_rows

SUFFIX = ".page"
SHARED = frozenset({"browse", "linked", "compare", "lists", "source"})  # the page blueprints, not the endpoint
_CODE = ("server", "queries", "ontology", "language")  # the packages a page is made by
_SECRET = frozenset({"PLANGRAPH_UPDATE_TOKEN"})


def fingerprint(config: Mapping[str, Any]) -> str:
    """What, beside the snapshot and the request, a page depends on: the server's settings and its code (each
    source file's size and time). A server started again with another licence, public URL or number of tasks
    shown, or after its code changed, does not serve the pages an earlier one wrote.

    >>> fingerprint({"PLANGRAPH_SHOWN_TASKS": 200}) == fingerprint({"PLANGRAPH_SHOWN_TASKS": 200})
    True
    >>> fingerprint({"PLANGRAPH_SHOWN_TASKS": 200}) == fingerprint({"PLANGRAPH_SHOWN_TASKS": 5})
    False
    """
    settings = sorted((name, repr(value)) for name, value in config.items()
                      if name.startswith("PLANGRAPH_") and name not in _SECRET)
    digest = hashlib.sha256(json.dumps(settings, ensure_ascii=False).encode("utf-8"))
    digest.update(_code_state().encode("ascii"))
    return digest.hexdigest()[:32]


@cache
def _code_state() -> str:
    import importlib

    state = []
    for package in _CODE:
        root = Path(next(iter(importlib.import_module(f"plangraph.{package}").__path__)))
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".rq", ".ttl", ".json", ".js", ".css"}:
                with suppress(OSError):
                    info = path.stat()
                    state.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(state).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Page:
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]


def _path(snapshot_path: Path, key: tuple[str, ...]) -> tuple[Path, str]:
    text = json.dumps(list(key), ensure_ascii=False)
    name = hashlib.sha256(text.encode("utf-8")).hexdigest() + SUFFIX
    return shared_rows.folder(snapshot_path) / name, text


def read(snapshot_path: Path, key: tuple[str, ...]) -> Page | None:
    """The page kept on disk for *key* on this snapshot, or None.

    >>> import tempfile
    >>> snapshot = Path(tempfile.mkdtemp()) / "v000001"
    >>> Budget().write(snapshot, ("/", "", "", "text/html"), Page(b"<p>hi</p>", 200, (("Content-Type", "text/html"),)))
    True
    >>> read(snapshot, ("/", "", "", "text/html"))
    Page(body=b'<p>hi</p>', status=200, headers=(('Content-Type', 'text/html'),))
    >>> read(snapshot, ("/", "", "en", "text/html")) is None
    True
    """
    path, text = _path(snapshot_path, key)
    try:
        data = path.read_bytes()
        head, body = data.split(b"\n", 1)
        meta = json.loads(head)
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("key") != text or meta.get("length") != len(body):
        return None
    headers = tuple((str(name), str(value)) for name, value in meta.get("headers", ()))
    return Page(body, int(meta.get("status", 200)), headers)


class Budget:
    """Writes kept pages, counting the bytes of each snapshot's folder as this process knows them."""

    def __init__(self, limit: int = shared_rows.BUDGET_BYTES) -> None:
        self.limit = limit
        self._used: dict[Path, int] = {}
        self._lock = threading.Lock()

    def write(self, snapshot_path: Path, key: tuple[str, ...], page: Page) -> bool:
        """Keep *page* for *key* on this snapshot; False when it was not (over the budget, or the disk refused:
        the page is then only not shared)."""
        path, text = _path(snapshot_path, key)
        head = json.dumps({"key": text, "status": page.status, "headers": [list(h) for h in page.headers],
                           "length": len(page.body)}, ensure_ascii=False).encode("utf-8")
        size = len(head) + 1 + len(page.body)
        with self._lock:
            folder = path.parent
            used = self._used.get(folder)
            if used is None:
                used = shared_rows.used_bytes(snapshot_path)
                self._used = {folder: used}  # one snapshot at a time: the older ones' counts are dropped
            if used + size > self.limit:
                return False
            self._used[folder] = used + size
        return shared_rows.write_whole(path, head + b"\n" + page.body)
