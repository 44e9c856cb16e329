"""Rows of page queries kept on disk for one snapshot, so that every web process reads what one of them ran.

The page warmer (:mod:`plangraph.server.warm`) runs the queries of the pages a visitor meets first in one web
process; each query's rows are written to a file in a folder beside the snapshot (``vNNNNNN.pages/``, removed with
the snapshot), named by a digest of the query and its bindings. A web process that has not run the query yet
reads the file instead of asking a query worker. A visitor's request keeps the rows of a query that took at least
``PLANGRAPH_SHARE_ROWS_AFTER`` seconds too (a task list filtered by a big value at national scale: seconds of work),
so that paging through it, whichever web process answers, runs it once per snapshot; those are kept while the
folder holds less than :data:`BUDGET_BYTES`, so a visitor cannot fill the disk with made-up queries.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from pyoxigraph import Literal, NamedNode

Rows = list[dict[str, str]]
Substitutions = tuple[tuple[str, NamedNode | Literal], ...]
SUFFIX = ".pages"
BUDGET_BYTES = 256 * 1024 * 1024  # most bytes of visitors' kept rows per snapshot (the warmer's are always kept)


def folder(snapshot_path: Path) -> Path:
    """Where the kept rows of the snapshot at *snapshot_path* live: beside a store snapshot (collected with it), or
    inside the version folder of an external engine (which holds nothing else and is removed whole)."""
    from plangraph.store.engine_snapshots import is_engine_version

    if is_engine_version(snapshot_path):
        return snapshot_path / SUFFIX.lstrip(".")
    return snapshot_path.with_name(snapshot_path.name + SUFFIX)


def _key(query: str, substitutions: Substitutions) -> str:
    """The query and its bindings as one text: what a kept file must hold to answer for them.

    >>> _key("SELECT * {}", (("x", NamedNode("http://example.org/a")),))
    '["SELECT * {}", [["x", "<http://example.org/a>"]]]'
    """
    return json.dumps([query, [[name, str(term)] for name, term in substitutions]], ensure_ascii=False)


def _path(snapshot_path: Path, key: str) -> Path:
    return folder(snapshot_path) / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json")


def read(snapshot_path: Path, query: str, substitutions: Substitutions) -> Rows | None:
    """The rows kept for *query* on this snapshot, or None when none are (or the file is not whole)."""
    key = _key(query, substitutions)
    try:
        kept = json.loads(_path(snapshot_path, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key or not isinstance(kept.get("rows"), list):
        return None
    return kept["rows"]  # type: ignore[no-any-return]


def used_bytes(snapshot_path: Path) -> int:
    """Bytes of the rows kept for the snapshot at *snapshot_path*."""
    total = 0
    with suppress(OSError), os.scandir(folder(snapshot_path)) as entries:
        for entry in entries:
            with suppress(OSError):
                total += entry.stat().st_size
    return total


def write(snapshot_path: Path, query: str, substitutions: Substitutions, rows: Rows, *,
          budget: int | None = None) -> None:
    """Keep *rows* for *query* on this snapshot: written whole under a temporary name, then renamed into place;
    with a *budget*, only while the kept rows of the snapshot stay within it. A disk that refuses is no error: the
    rows are only not shared."""
    key = _key(query, substitutions)
    target = _path(snapshot_path, key)
    data = json.dumps({"key": key, "rows": rows}, ensure_ascii=False).encode("utf-8")
    if budget is not None and used_bytes(snapshot_path) + len(data) > budget:
        return
    write_whole(target, data)


def write_whole(target: Path, data: bytes) -> bool:
    """Write *data* to *target* under a temporary name in its folder (made if missing), then rename it into place,
    so a reader sees the whole file or none; False when the disk refused (nothing is left behind)."""
    try:
        target.parent.mkdir(exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError:
        return False
    finally:
        with suppress(OSError):
            os.unlink(temporary)
    return True
