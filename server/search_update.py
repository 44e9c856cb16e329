"""Bring the search index of the previous snapshot up to date with the graphs a write changed.

A write publishes a snapshot and records beside it which named graphs it changed (``vNNNNNN.changes.json``, see
:mod:`plangraph.store.snapshots`). The index of the new snapshot is then the previous one with the entries of
the affected IRIs written again, instead of a build from the whole store:

1. affected: every IRI that is a subject in a changed graph, before or after the write;
2. their entries are made again from the new snapshot (as a whole build makes them) and compared with the
   rows the previous index holds; where one differs (a label, a name, an entry added or gone) the entries
   that show it — the tasks an agency leads, the plans of a decision, the documents an agency issued … — are
   made again too (an entry shows only its direct neighbours' names, so one round is enough);
3. those rows are replaced in a copy of the previous index, renamed into place like a whole build.

Used only when the record names the graphs (an update through SPARQL whose text does not name them may have
changed any: then, and for an external engine, the index is built whole) and when the previous snapshot and its
index are still on disk. The rows are those a whole build writes (tests/test_search_update.py compares them).
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from plangraph.server.search import (
    _PREFIXES,
    FORMAT,
    IndexStats,
    Row,
    _current_format,
    _entries,
    _Queryable,
    index_path,
    insert_row,
    rows_of,
    written_atomically,
)

# The predicates by which an entry shows a neighbour's name (see the entry builders in search.py), and the one
# that goes the other way (a plan shows beside each of its objectives).
_SHOWN_BY = ("eli:type_document", "eli:passed_by", "eli:is_part_of", "dct:temporal", "schema:agent",
             "pplan:isStepOfPlan", "dct:spatial", "org:holds")
_BATCH = 500


def previous_index(snapshot_path: Path) -> tuple[Path, Path, list[str]] | None:
    """(the previous snapshot, its index, the graphs changed since) when the index of the snapshot at
    *snapshot_path* can be brought up to date from the previous one; None when it must be built whole."""
    from plangraph.store.snapshots import changes_of

    after, graphs = changes_of(snapshot_path)
    if after is None or graphs is None or "" in graphs:  # the default graph: not tracked graph by graph
        return None
    previous = snapshot_path.with_name(f"v{after:06d}")
    index = index_path(previous)
    if not previous.is_dir() or not _current_format(index):
        return None
    return previous, index, graphs


def update_index(old: _Queryable, new: _Queryable, base: Path, path: Path, graphs: Sequence[str]) -> IndexStats:
    """Write to *path* the index of *new*: the index *base* of *old*, with the entries of what *graphs* changed
    made again. Atomic like a whole build (a unique temporary file, then a rename)."""
    started = time.perf_counter()
    with written_atomically(path) as temporary:
        shutil.copyfile(base, temporary)
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            affected = sorted(_subjects(old, graphs) | _subjects(new, graphs))
            changed = _replace(db, new, affected)
            dependents = sorted(_showing(new, changed) - set(affected))
            _replace(db, new, dependents)
            entries = db.execute("SELECT count(*) FROM entries").fetchone()[0]
            db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                           [("format", FORMAT), ("entries", str(entries)), ("built", str(time.time()))])
            db.commit()
            by_kind = dict(db.execute("SELECT kind, count(*) FROM entries GROUP BY kind").fetchall())
        finally:
            db.close()
    return IndexStats(entries, time.perf_counter() - started, by_kind)


def _subjects(store: _Queryable, graphs: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(graphs), _BATCH):
        values = " ".join(f"<{g}>" for g in graphs[start:start + _BATCH])
        sparql = f"SELECT DISTINCT ?s WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s)) }}"
        found.update(row["s"].value for row in store.query(sparql))
    return found


def _showing(store: _Queryable, iris: Iterable[str]) -> set[str]:
    """The IRIs whose entries show the name of one of *iris*."""
    pending = sorted(set(iris))
    found: set[str] = set()
    path = "|".join(_SHOWN_BY)
    for start in range(0, len(pending), _BATCH):
        values = " ".join(f"<{iri}>" for iri in pending[start:start + _BATCH])
        sparql = (f"{_PREFIXES}PREFIX time: <http://www.w3.org/2006/time#>\nSELECT DISTINCT ?s WHERE {{ "
                  f"VALUES ?x {{ {values} }} {{ ?s {path} ?x }} UNION {{ ?x pg:hasObjective ?s }} "
                  f"FILTER(isIRI(?s)) }}")
        found.update(row["s"].value for row in store.query(sparql))
    return found


def _replace(db: sqlite3.Connection, store: _Queryable, iris: Sequence[str]) -> set[str]:
    """Write the entries of *iris* again from *store*; the IRIs whose rows differ from the ones they replace."""
    if not iris:
        return set()
    wanted: dict[str, set[Row]] = {iri: set() for iri in iris}
    for row in rows_of(_entries(store, only=iris)):
        wanted[row.iri].add(row)
    changed: set[str] = set()
    for start in range(0, len(iris), _BATCH):
        batch = list(iris[start:start + _BATCH])
        marks = ",".join("?" * len(batch))
        rows = db.execute(f"SELECT rowid, kind, iri, label, detail, names, keys, body FROM entries "
                          f"WHERE iri IN ({marks})", batch).fetchall()
        numbers: dict[int, list[tuple[str, str, str, str]]] = {row[0]: [] for row in rows}
        if rows:
            entry_marks = ",".join("?" * len(rows))
            for entry, *number in db.execute(f"SELECT entry, number, years, codes, words FROM numbers "
                                             f"WHERE entry IN ({entry_marks}) ORDER BY rowid", list(numbers)):
                numbers[entry].append(tuple(number))  # type: ignore[arg-type]
        held: dict[str, set[Row]] = {iri: set() for iri in batch}
        rowids: dict[str, list[int]] = {iri: [] for iri in batch}
        for rowid, kind, iri, label, detail, names, keys, body in rows:
            held[iri].add(Row(kind, iri, label, detail, names, keys, body, tuple(numbers[rowid])))
            rowids[iri].append(rowid)
        differing = [iri for iri in batch if held[iri] != wanted[iri]]
        if not differing:
            continue
        changed.update(differing)
        gone = [rowid for iri in differing for rowid in rowids[iri]]
        if gone:
            gone_marks = ",".join("?" * len(gone))
            db.execute(f"DELETE FROM numbers WHERE entry IN ({gone_marks})", gone)
            db.execute(f"DELETE FROM entries WHERE rowid IN ({gone_marks})", gone)
        for iri in differing:
            for row in sorted(wanted[iri], key=lambda r: r.kind):
                insert_row(db, row)
    return changed
