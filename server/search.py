"""Full-text search over a store snapshot, for people: Vietnamese-aware, grouped by kind.

One SQLite FTS5 file per snapshot version (``data/store.snapshots/v000007.search.sqlite`` beside
``v000007/``), built once from that snapshot and never changed afterwards, so the index is always in
step with the data the query workers answer from; a search never scans the store.

Every indexed text is *folded* (lower case, Vietnamese diacritics removed, ``đ`` → ``d``) and
abbreviations of agency names (``KH&CN``, ``UBND``, … from :data:`NAME_ABBREVIATIONS`) are indexed
both as their expansion and as a compact token (``khcn``); a query is folded and expanded the same
way, so ``so khoa hoc va cong nghe``, ``Sở KH&CN`` and ``KHCN`` meet the same agency. Every query
token is quoted before it reaches FTS5: user text is never FTS5 syntax.

Documents are also found by number in any spelling (``40/2014``, ``40/2014/ND-CP``, ``nđ-cp 40``,
``NĐ 40/2014``, ``qd 317``, ``281``): a side table holds each document's ``eli:number``, year and
code letters, and a query whose digits name a document's number, and whose other words are all codes,
type words or fillers of that document, puts it on top of the document group.

Ranking within a kind: exact name matches, then the query as a phrase in a name, then as a phrase
elsewhere, then all words loosely; bm25 (names weigh most) breaks ties; the last query word matches
as a prefix (``phat trien nong`` finds *phát triển nông thôn*). When a query of four words or more
finds too few entries holding every word, entries holding three quarters of them follow, ranked below.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from plangraph.language.folding import fold
from plangraph.language.lexicon import NAME_ABBREVIATIONS
from plangraph.queries.instruments import NumberKey, agreement, is_number, number_keys, number_words

__all__ = [
    "FORMAT", "KINDS", "Hit", "IndexStats", "SearchIndex", "SearchIndexError", "SearchResults", "build_index",
    "ensure_index", "index_for", "index_path", "open_index",
]

KINDS: tuple[str, ...] = ("document", "agency", "plan", "task", "objective", "person", "place")
FORMAT = "1"  # bump when the schema or the analysis changes: ensure_index rebuilds older files
SUFFIX = ".search.sqlite"
MAX_QUERY_CHARS = 200  # a query is cut here (a 10 000-character paste is not a search)
MAX_TERMS = 12  # words of a query that take part in matching
MAX_LIMIT = 100  # hits per kind
CANDIDATES = 200  # FTS candidates per kind that are re-ranked
LABEL_CHARS = 240  # hit labels longer than this are clipped (tasks and objectives are paragraphs)

# Score tiers (higher is better). A number match outranks any text match; within text matches an exact
# name beats a phrase inside a name beats a phrase elsewhere beats loose words.
_NUMBER_TIER = 10_000.0
_EXACT, _PHRASE_NAME, _NAME_START, _PHRASE_BODY = 300.0, 150.0, 30.0, 60.0
_ALL_TERMS, _COVERAGE = 100.0, 50.0
_LOOSE_MIN_TERMS, _LOOSE_SHARE = 4, 0.75  # entries missing a word are shown for long queries, if they hold 3/4
_WEIGHTS = (10.0, 4.0, 1.0)  # bm25 weights of the names, keys and body columns

_TOKEN = re.compile(r"[^\W_]+")
_is_number = is_number  # a document number: 1-11 ASCII digits ("¹" is not one)


class SearchIndexError(OSError):
    """The search index cannot be opened or is not an index of this format."""


# --- text analysis ----------------------------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _compact(folded_chunk: str) -> str:
    return "".join(_tokens(folded_chunk))


ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    _compact(fold(short)): tuple(_tokens(fold(long))) for short, long in NAME_ABBREVIATIONS.items()
}


def analyse(text: str) -> tuple[list[str], list[str]]:
    """The folded tokens of *text* in order, abbreviations written as a whole word (``KH&CN``) replaced
    by their expansion; and the extra tokens to index beside them: the compact abbreviation (``khcn``),
    the expansion of an abbreviation inside a longer word (``281/QĐ-UBND``), a code run together
    (``NĐ-CP`` → ``ndcp``).

    >>> analyse("Trung tâm Thông tin KH&CN")
    (['trung', 'tam', 'thong', 'tin', 'khoa', 'hoc', 'va', 'cong', 'nghe'], ['khcn'])
    """
    tokens: list[str] = []
    extra: list[str] = []
    for chunk in fold(text).split():
        key = _compact(chunk)
        if not key:
            if "&" in chunk:
                tokens.append("va")
            continue
        if key in ABBREVIATIONS:
            tokens.extend(ABBREVIATIONS[key])
            extra.append(key)
            continue
        parts = _tokens(chunk)
        tokens.extend(parts)
        if len(parts) > 1 and all(part.isalpha() and len(part) <= 5 for part in parts):
            extra.append(key)
        for part in parts:
            if part in ABBREVIATIONS:
                extra.extend(ABBREVIATIONS[part])
    return tokens, extra


@dataclass(frozen=True)
class _Term:
    """One query word: alternatives that each satisfy it (a token, or an abbreviation's expansion)."""

    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False  # the last word of the query matches as a prefix (only a plain one-token term)

    @property
    def tokens(self) -> set[str]:
        return {token for alternative in self.alternatives for token in alternative}


def parse_query(text: str) -> list[_Term]:
    """The terms of a user query, at most :data:`MAX_TERMS`; nothing of FTS5 syntax survives."""
    terms: list[_Term] = []
    for chunk in fold(text[:MAX_QUERY_CHARS]).split():
        key = _compact(chunk)
        if not key:
            if "&" in chunk:
                terms.append(_Term((("va",),)))
            continue
        if key in ABBREVIATIONS:
            terms.append(_Term(((key,), ABBREVIATIONS[key])))
            continue
        for part in _tokens(chunk):
            alternatives = ((part,), ABBREVIATIONS[part]) if part in ABBREVIATIONS else ((part,),)
            terms.append(_Term(alternatives))
    if all(term.alternatives == (("va",),) for term in terms):
        return []  # "&" alone, or "và" alone, says nothing
    terms = terms[:MAX_TERMS]
    if terms and len(terms[-1].alternatives) == 1 and not _is_number(terms[-1].alternatives[0][0]):
        terms[-1] = _Term(terms[-1].alternatives, prefix=True)  # numbers are typed whole: 40 is not 400
    return terms


def _phrase(tokens: Sequence[str], prefix: bool) -> str:
    # Tokens are runs of letters and digits only, so quoting them leaves no FTS5 syntax behind.
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def _fts_expression(terms: Sequence[_Term], operator: str) -> str:
    parts = []
    for term in terms:
        phrases = [_phrase(alternative, term.prefix) for alternative in term.alternatives]
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return f" {operator} ".join(parts)


# --- the public data types --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    detail: str  # a short context line: a document's number, date and issuer; a task's plan and lead …
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "kind": self.kind, "label": self.label, "detail": self.detail, "score": self.score}


@dataclass(frozen=True)
class SearchResults:
    query: str  # the query as searched (stripped, cut at MAX_QUERY_CHARS)
    groups: dict[str, list[Hit]]  # kind → its hits, best first; only kinds with hits, in KINDS order
    total: int  # hits returned, all groups together

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total,
                "groups": {kind: [hit.as_dict() for hit in hits] for kind, hits in self.groups.items()}}


@dataclass(frozen=True)
class IndexStats:
    entries: int
    seconds: float
    by_kind: dict[str, int] = field(default_factory=dict)


# --- reading the store -------------------------------------------------------------------------------------

class _Queryable(Protocol):
    def query(self, sparql: str, **options: Any) -> Any: ...


_PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <http://schema.org/>
PREFIX pplan: <http://purl.org/net/p-plan#>
PREFIX person: <http://www.w3.org/ns/person#>
"""
_P = {
    "label": "http://www.w3.org/2000/01/rdf-schema#label",
    "prefLabel": "http://www.w3.org/2004/02/skos/core#prefLabel",
    "altLabel": "http://www.w3.org/2004/02/skos/core#altLabel",
    "notation": "http://www.w3.org/2004/02/skos/core#notation",
    "title": "http://purl.org/dc/terms/title",
    "temporal": "http://purl.org/dc/terms/temporal",
    "spatial": "http://purl.org/dc/terms/spatial",
    "id_local": "http://data.europa.eu/eli/ontology#id_local",
    "number": "http://data.europa.eu/eli/ontology#number",
    "date": "http://data.europa.eu/eli/ontology#date_document",
    "type": "http://data.europa.eu/eli/ontology#type_document",
    "passed_by": "http://data.europa.eu/eli/ontology#passed_by",
    "is_part_of": "http://data.europa.eu/eli/ontology#is_part_of",
    "name": "http://xmlns.com/foaf/0.1/name",
    "schema_name": "http://schema.org/name",
    "agent": "http://schema.org/agent",
    "step_of": "http://purl.org/net/p-plan#isStepOfPlan",
    "objective": "https://w3id.org/plangraph/ontology#hasObjective",
    "holds": "http://www.w3.org/ns/org#holds",
}
_NAME_PREDICATES = ("prefLabel", "label", "name", "notation", "id_local")

Values = list[tuple[str, str]]  # (lexical value or IRI, language tag or "")
Props = dict[str, dict[str, Values]]  # subject → predicate key → values


Only = Sequence[str] | None  # the IRIs an index update rebuilds the entries of (None: every entry)
_BATCH = 500  # IRIs per VALUES block


def _props(store: _Queryable, where: str, keys: Iterable[str], only: Only = None, var: str = "s") -> Props:
    """For each IRI ?s bound by *where*: its values of the predicates *keys* (sorted, without repeats). With
    *only*, *where* is read for those values of ?*var* alone (a VALUES block, in batches)."""
    by_iri = {_P[key]: key for key in keys}
    # FILTER(?p IN …) after ?s ?p ?o, not VALUES ?p: Oxigraph then reads each subject's triples by the subject
    # (0.03 s against 2.5 s for 500 tasks of a 1 M-quad store; a whole build 3 times faster)
    predicates = ", ".join(f"<{iri}>" for iri in by_iri)
    wheres = [where] if only is None else [
        f"VALUES ?{var} {{ {' '.join(f'<{iri}>' for iri in only[start:start + _BATCH])} }} {where}"
        for start in range(0, len(only), _BATCH)]
    found: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for restricted in wheres:
        sparql = (f"{_PREFIXES}SELECT DISTINCT ?s ?p ?o WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {restricted} }} }}\n"
                  f"  ?s ?p ?o . FILTER(?p IN ({predicates}) && isIRI(?s)) }}")
        for row in store.query(sparql):
            obj = row["o"]
            found[row["s"].value][by_iri[row["p"].value]].add((obj.value, getattr(obj, "language", None) or ""))
    return {s: {p: sorted(v) for p, v in props.items()} for s, props in found.items()}


def _names_of(store: _Queryable, iris: Iterable[str]) -> Props:
    """Labels (and notations, local ids) of the given IRIs, whatever they are."""
    out: Props = {}
    pending = sorted(set(iris))
    if pending:
        out.update(_props(store, "", _NAME_PREDICATES, only=pending))
    return out


def _best(values: Values | None) -> str:
    """The value to show: Vietnamese first, then untagged, then any."""
    if not values:
        return ""
    order = {"vi": 0, "": 1}
    return min(values, key=lambda v: (order.get(v[1], 2), len(v[0]), v[0]))[0]


def _all(props: dict[str, Values], *keys: str) -> list[str]:
    seen: dict[str, None] = {}
    for key in keys:
        for value, _lang in props.get(key, []):
            seen.setdefault(value.strip(), None)
    return [value for value in seen if value]


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[:size].rsplit(" ", 1)[0] if " " in text[:size] else text[:size]
    return cut.rstrip(" ,;:·-") + "…"


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


@dataclass
class _Entry:
    kind: str
    iri: str
    label: str
    detail: str
    names: list[str]
    body: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    numbers: list[tuple[str, str, str, str]] = field(default_factory=list)  # documents: number, years, codes, words


def _label_of(names: Props, iri: str) -> str:
    props = names.get(iri, {})
    return _best(props.get("prefLabel")) or _best(props.get("label")) or _best(props.get("name"))


def _documents(store: _Queryable, only: Only = None) -> Iterator[_Entry]:
    docs = _props(store, "?s eli:id_local ?id . FILTER NOT EXISTS { ?s a eli:LegalResourceSubdivision }",
                  ("label", "title", "id_local", "number", "date", "type", "passed_by"), only)
    refs = _names_of(store, (v for p in docs.values() for key in ("type", "passed_by") for v, _ in p.get(key, [])))
    for iri, props in docs.items():
        ids = _all(props, "id_local")
        dates = _all(props, "date")
        issuer = _label_of(refs, _best(props.get("passed_by")))
        label = _best(props.get("label")) or (ids[0] if ids else iri)
        types = [refs.get(type_iri, {}) for type_iri, _ in props.get("type", [])]
        keys = number_keys(ids, _all(props, "number"), dates, [v for t in types for v in _all(t, "notation")],
                           [v for t in types for v in _all(t, "prefLabel", "label")])
        words = {word for key in keys for word in ({key.number} | key.years | key.codes)}
        yield _Entry("document", iri, label, _join(ids[0] if ids else "", dates[0] if dates else "", issuer),
                     names=_all(props, "label") + ids, body=_all(props, "title"), keys=sorted(words),
                     numbers=[(key.number, " ".join(sorted(key.years)), " ".join(sorted(key.codes)),
                               " ".join(sorted(key.type_words))) for key in keys])


def _plans(store: _Queryable, only: Only = None) -> Iterator[_Entry]:
    plans = _props(store, "?s a pg:ActionPlan", ("label", "title", "is_part_of", "temporal"), only)
    refs = _names_of(store, (v for p in plans.values() for key in ("is_part_of", "temporal")
                             for v, _ in p.get(key, [])))
    for iri, props in plans.items():
        decision = _best(props.get("is_part_of"))
        decision_props = refs.get(decision, {})
        period = _label_of(refs, _best(props.get("temporal")))
        yield _Entry("plan", iri, _best(props.get("label")) or _best(props.get("title")) or iri,
                     _join(_best(decision_props.get("label")), period),
                     names=_all(props, "label", "title"), body=_all(decision_props, "label", "id_local"))


def _tasks(store: _Queryable, plan_labels: dict[str, str], only: Only = None) -> Iterator[_Entry]:
    tasks = _props(store, "?s a pg:Task", ("label", "schema_name", "agent", "step_of"), only)
    agents = None if only is None else sorted({a for props in tasks.values() for a, _ in props.get("agent", [])})
    leads = _props(store, "?t a pg:Task ; schema:agent ?s", ("prefLabel", "altLabel", "label"), agents)
    for iri, props in tasks.items():
        agents = [iri for iri, _ in props.get("agent", [])]
        lead_labels = [_best(leads.get(a, {}).get("prefLabel")) or _best(leads.get(a, {}).get("label"))
                       for a in agents]
        plan = _best(props.get("step_of"))
        text = _best(props.get("label")) or _best(props.get("schema_name")) or iri
        yield _Entry("task", iri, _clip(text, LABEL_CHARS),
                     _join(_clip(plan_labels.get(plan, ""), 120), ", ".join(x for x in lead_labels if x)),
                     names=_all(props, "label", "schema_name"),
                     body=[name for a in agents for name in _all(leads.get(a, {}), "prefLabel", "altLabel")])


def _agencies(store: _Queryable, only: Only = None) -> Iterator[_Entry]:
    agencies = _props(store, "?s a org:Organization", ("prefLabel", "altLabel", "label", "spatial"), only)
    places = _names_of(store, (v for p in agencies.values() for v, _ in p.get("spatial", [])))
    for iri, props in agencies.items():
        yield _Entry("agency", iri, _best(props.get("prefLabel")) or _best(props.get("label")) or iri,
                     _label_of(places, _best(props.get("spatial"))),
                     names=_all(props, "prefLabel", "altLabel", "label"))


def _people(store: _Queryable, only: Only = None) -> Iterator[_Entry]:
    people = _props(store, "?s a person:Person", ("name", "altLabel", "label", "holds"), only)
    posts = _names_of(store, (v for p in people.values() for v, _ in p.get("holds", [])))
    for iri, props in people.items():
        held = [_label_of(posts, post) for post, _ in props.get("holds", [])]
        yield _Entry("person", iri, _best(props.get("name")) or _best(props.get("label")) or iri,
                     "; ".join(x for x in held if x), names=_all(props, "name", "label", "altLabel"), body=held)


def _objectives(store: _Queryable, plan_labels: dict[str, str], only: Only = None) -> Iterator[_Entry]:
    objectives = _props(store, "?s a pg:Objective", ("label",), only)
    owners = _props(store, "?s pg:hasObjective ?o", ("objective",), only, var="o")
    plan_of = {objective: plan for plan, props in owners.items() for objective, _ in props.get("objective", [])}
    for iri, props in objectives.items():
        text = _best(props.get("label")) or iri
        yield _Entry("objective", iri, _clip(text, LABEL_CHARS), _clip(plan_labels.get(plan_of.get(iri, ""), ""), 160),
                     names=_all(props, "label"))


def _places(store: _Queryable, only: Only = None) -> Iterator[_Entry]:
    places = _props(store, "?s a skos:Concept , eli:AdministrativeArea", ("prefLabel", "label", "notation"), only)
    for iri, props in places.items():
        notation = _best(props.get("notation"))
        yield _Entry("place", iri, _best(props.get("prefLabel")) or _best(props.get("label")) or iri,
                     f"mã {notation}" if notation else "", names=_all(props, "prefLabel", "label"),
                     keys=[t for v in _all(props, "notation") for t in _tokens(fold(v))])


def _entries(store: _Queryable, only: Only = None) -> Iterator[_Entry]:
    """The entries of the index: every one, or with *only* those of these IRIs (each with what it shows of its
    neighbours, as a whole build would write it)."""
    plan_labels = {iri: _best(p.get("label")) or _best(p.get("title"))
                   for iri, p in _props(store, "?s a pg:ActionPlan", ("label", "title")).items()}
    yield from _documents(store, only)
    yield from _agencies(store, only)
    yield from _plans(store, only)
    yield from _tasks(store, plan_labels, only)
    yield from _objectives(store, plan_labels, only)
    yield from _people(store, only)
    yield from _places(store, only)


# --- building ---------------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE entries USING fts5(
    kind UNINDEXED, iri UNINDEXED, label UNINDEXED, detail UNINDEXED, names, keys, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE TABLE numbers(entry INTEGER NOT NULL, number TEXT NOT NULL, years TEXT NOT NULL, codes TEXT NOT NULL,
    words TEXT NOT NULL);
CREATE INDEX numbers_number ON numbers(number);
"""


def _analysed(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """Each text as one line of folded tokens; and the extra tokens of all of them."""
    lines: list[str] = []
    extra: list[str] = []
    for text in texts:
        tokens, more = analyse(text)
        line = " ".join(tokens)
        if line and line not in lines:
            lines.append(line)
        extra.extend(more)
    return lines, extra


@dataclass(frozen=True)
class Row:
    """One entry as the index stores it: its text columns analysed, its document numbers."""

    kind: str
    iri: str
    label: str
    detail: str
    names: str
    keys: str
    body: str
    numbers: tuple[tuple[str, str, str, str], ...]


def rows_of(entries: Iterable[_Entry]) -> Iterator[Row]:
    """The rows of *entries*, the first entry of each (kind, IRI) only."""
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if (entry.kind, entry.iri) in seen:
            continue
        seen.add((entry.kind, entry.iri))
        names, name_extra = _analysed(entry.names)
        body, body_extra = _analysed(entry.body)
        keys = " ".join(dict.fromkeys(entry.keys + name_extra + body_extra))
        yield Row(entry.kind, entry.iri, entry.label, entry.detail, "\n".join(names), keys, "\n".join(body),
                  tuple(entry.numbers))


def insert_row(db: sqlite3.Connection, row: Row) -> None:
    cursor = db.execute("INSERT INTO entries(kind, iri, label, detail, names, keys, body) VALUES (?,?,?,?,?,?,?)",
                        (row.kind, row.iri, row.label, row.detail, row.names, row.keys, row.body))
    assert cursor.lastrowid is not None
    db.executemany("INSERT INTO numbers(entry, number, years, codes, words) VALUES (?,?,?,?,?)",
                   [(cursor.lastrowid, *number) for number in row.numbers])


@contextmanager
def written_atomically(path: Path) -> Iterator[Path]:
    """A unique temporary file beside *path* to write an index into; renamed to *path* (after an fsync) when the
    block ends, removed when it fails: a reader opens either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def build_index(store: _Queryable, path: Path) -> IndexStats:
    """Write the search index of *store* to *path*, atomically (a unique temporary file, then a rename)."""
    started = time.perf_counter()
    by_kind: dict[str, int] = dict.fromkeys(KINDS, 0)
    with written_atomically(path) as temporary:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(_SCHEMA)
            for row in rows_of(_entries(store)):
                insert_row(db, row)
                by_kind[row.kind] += 1
            entries = sum(by_kind.values())
            db.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                           [("format", FORMAT), ("entries", str(entries)), ("built", str(time.time()))])
            db.execute("INSERT INTO entries(entries) VALUES ('optimize')")
            db.commit()
        finally:
            db.close()
    return IndexStats(entries, time.perf_counter() - started, {k: v for k, v in by_kind.items() if v})


def index_path(snapshot_path: Path) -> Path:
    """Where the search index of the snapshot at *snapshot_path* lives: a file beside it."""
    return snapshot_path.with_name(snapshot_path.name + SUFFIX)


class _Snapshot(Protocol):
    @property
    def path(self) -> Path: ...


_BUILDING = threading.Lock()
_READY: dict[Path, tuple[int, int]] = {}  # index files built or checked by this process, by size and mtime


def ensure_index(snapshot: _Snapshot) -> Path:
    """The search index of *snapshot*, built from it the first time it is asked for.

    One builder at a time across processes (a lock file beside the index): a process that finds another
    building waits for it and then uses its file. Indexes of snapshots that no longer exist, and temporary
    files left by a killed build, are removed on the way.
    """
    path = index_path(snapshot.path)
    if _READY.get(path) == _stamp(path):
        return path
    with _BUILDING, _build_lock(path, wait=True):
        _build_unless_current(snapshot.path, path)
        _READY[path] = _stamp(path)
    return path


def build_elsewhere(snapshot_path: Path) -> None:
    """Build the index of the snapshot at *snapshot_path* in a process of its own — none of the calling
    process's time or interpreter lock, so requests go on at full speed — unless another process is building
    it already. Returns when the process is done."""
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=_build_if_free, args=(str(snapshot_path),),
                                                          name="plangraph-search-index", daemon=True)
    process.start()
    process.join()
    if process.exitcode:
        raise SearchIndexError(f"building the search index of {snapshot_path.name} failed (exit {process.exitcode})")


def carry_forward(snapshot_path: Path) -> IndexStats | None:
    """After a write with no server running: the index of the snapshot at *snapshot_path* made from the previous
    snapshot's, graph by graph, when that index exists and the previous snapshot is still on disk (the writer
    pins it) — the next start then finds it ready instead of building it whole. None when nothing was done."""
    path = index_path(snapshot_path)
    with _build_lock(path, wait=False) as mine:
        if not mine or _current_format(path):
            return None
        started = time.perf_counter()
        if not _updated(snapshot_path, path):
            return None
    with closing(_connect(path)) as db:
        entries = int(db.execute("SELECT value FROM meta WHERE key = 'entries'").fetchone()[0])
    return IndexStats(entries, time.perf_counter() - started)


def _build_if_free(snapshot_path: str) -> None:
    path = index_path(Path(snapshot_path))
    with _build_lock(path, wait=False) as mine:
        if mine:
            _build_unless_current(Path(snapshot_path), path)


def _build_unless_current(snapshot_path: Path, path: Path) -> None:
    from plangraph.store.engine_snapshots import is_engine_version, pin_engine_version
    from plangraph.store.snapshots import pin_snapshot

    if not _current_format(path):
        if is_engine_version(snapshot_path) or not _updated(snapshot_path, path):
            pinned = pin_engine_version if is_engine_version(snapshot_path) else pin_snapshot
            with pinned(snapshot_path) as pin:  # pinned while read: no writer deletes it under the build
                build_index(pin.store, path)
        _collect_garbage(path.parent)


def _updated(snapshot_path: Path, path: Path) -> bool:
    """Whether the index at *path* was made from the previous snapshot's, graph by graph (see search_update)."""
    from plangraph.server.search_update import previous_index, update_index
    from plangraph.store.snapshots import pin_snapshot

    found = previous_index(snapshot_path)
    if found is None:
        return False
    previous, base, graphs = found
    try:
        with pin_snapshot(previous) as old, pin_snapshot(snapshot_path) as new:
            update_index(old.store, new.store, base, path, graphs)
    except (OSError, sqlite3.Error):  # the previous snapshot went in the meantime, or its index is unreadable
        return False
    return True


@contextmanager
def _build_lock(path: Path, *, wait: bool) -> Iterator[bool]:
    """The builder's lock of the index at *path*: yields True when held, False when another holds it and
    *wait* is false."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (-1, -1)
    return (found.st_size, found.st_mtime_ns)


def _current_format(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with closing(_connect(path)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except (sqlite3.Error, SearchIndexError):
        return False
    return bool(row and row[0] == FORMAT)


def _collect_garbage(root: Path, stale: float = 3600.0) -> None:
    now = time.time()
    for candidate in root.glob(f"*{SUFFIX}*"):
        try:
            if candidate.name.endswith(SUFFIX):
                if not (root / candidate.name[: -len(SUFFIX)]).is_dir():
                    candidate.unlink(missing_ok=True)
            elif candidate.name.endswith(".lock"):
                if not (root / candidate.name[: -len(SUFFIX + ".lock")]).is_dir():
                    candidate.unlink(missing_ok=True)
            elif candidate.name.endswith(".tmp") and now - candidate.stat().st_mtime > stale:
                candidate.unlink(missing_ok=True)
        except OSError:
            continue


# --- searching --------------------------------------------------------------------------------------------

def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise SearchIndexError(f"no search index at {path}")
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


@dataclass
class _Candidate:
    rowid: int
    kind: str
    iri: str
    label: str
    detail: str
    names: list[list[str]]
    tokens: set[str]
    other: list[list[str]]
    rank: float


def _prefixed(token: str, query: str, prefix: bool) -> bool:
    return token == query or (prefix and token.startswith(query))


def _holds(tokens: set[str], query: str, prefix: bool) -> bool:
    return query in tokens or (prefix and any(token.startswith(query) for token in tokens))


def _find(sequence: Sequence[str], line: Sequence[str], prefix: bool) -> int:
    """Position of *sequence* inside *line* (the last token may be a prefix), or -1."""
    size = len(sequence)
    for start in range(len(line) - size + 1):
        if all(line[start + i] == sequence[i] for i in range(size - 1)) and \
                _prefixed(line[start + size - 1], sequence[-1], prefix):
            return start
    return -1


class SearchIndex:
    """A read-only search index; one connection shared by the threads of a process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = _connect(path)
        self._lock = threading.Lock()
        try:
            self.meta = dict(self._rows("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            self.close()
            raise SearchIndexError(f"{path} is not a search index: {exc}") from None
        if self.meta.get("format") != FORMAT:
            self.close()
            raise SearchIndexError(f"{path} is a search index of format {self.meta.get('format')}, not {FORMAT}")

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        db, self._db = getattr(self, "_db", None), None
        if db is not None:
            db.close()

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            if self._db is None:
                raise SearchIndexError(f"the search index {self.path} is closed")
            return self._db.execute(sql, parameters).fetchall()

    # The search itself.
    def search(self, q: str, *, limit: int = 20, kinds: set[str] | None = None) -> SearchResults:
        """Entries matching *q*, at most *limit* per kind, grouped by kind (in :data:`KINDS` order)."""
        wanted = set(KINDS) if kinds is None else set(kinds)
        unknown = wanted - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kind(s) {sorted(unknown)}; known: {', '.join(KINDS)}")
        query = " ".join(str(q)[:MAX_QUERY_CHARS].split())
        limit = max(0, min(int(limit), MAX_LIMIT))
        terms = parse_query(query)
        if not terms or not wanted or not limit:
            return SearchResults(query, {}, 0)
        scored: dict[str, dict[int, Hit]] = {kind: {} for kind in KINDS if kind in wanted}
        if "document" in wanted:
            for rowid, hit in self._number_hits(query):
                scored["document"][rowid] = hit
        sequences = self._sequences(terms)
        strict = self._candidates(_fts_expression(terms, "AND"), wanted)
        loose: list[_Candidate] = []
        short = {kind for kind in wanted if sum(c.kind == kind for c in strict) < limit}
        if len(terms) >= _LOOSE_MIN_TERMS and short:
            loose = self._candidates(_fts_expression(terms, "OR"), short)
        for strict_match, candidate in [(True, c) for c in strict] + [(False, c) for c in loose]:
            found = scored[candidate.kind]
            if candidate.rowid in found:
                continue
            score = self._score(candidate, terms, sequences, strict_match)
            if score is not None:
                found[candidate.rowid] = Hit(candidate.iri, candidate.kind, candidate.label, candidate.detail, score)
        groups: dict[str, list[Hit]] = {}
        for kind, hits in scored.items():
            ranked = sorted(hits.values(), key=lambda h: (-h.score, h.label, h.iri))[:limit]
            if ranked:
                groups[kind] = ranked
        return SearchResults(query, groups, sum(len(hits) for hits in groups.values()))

    @staticmethod
    def _sequences(terms: Sequence[_Term]) -> list[tuple[str, ...]]:
        """The query as token sequences: abbreviations expanded, and as written."""
        expanded = tuple(t for term in terms for t in term.alternatives[-1])
        written = tuple(t for term in terms for t in term.alternatives[0])
        return [expanded] if expanded == written else [expanded, written]

    def _candidates(self, expression: str, kinds: set[str]) -> list[_Candidate]:
        marks = ",".join("?" * len(kinds))
        sql = f"""
            SELECT rowid, kind, iri, label, detail, names, keys, body, relevance FROM (
              SELECT *, row_number() OVER (PARTITION BY kind ORDER BY relevance, rowid) AS n FROM (
                SELECT rowid, kind, iri, label, detail, names, keys, body,
                       bm25(entries, 0, 0, 0, 0, {_WEIGHTS[0]}, {_WEIGHTS[1]}, {_WEIGHTS[2]}) AS relevance
                FROM entries WHERE entries MATCH ?))
            WHERE n <= ? AND kind IN ({marks})"""
        try:
            rows = self._rows(sql, [expression, CANDIDATES, *sorted(kinds)])
        except sqlite3.OperationalError:  # cannot happen for expressions built here; never fail a search
            return []
        out = []
        for rowid, kind, iri, label, detail, names, keys, body, rank in rows:
            name_lines = [line.split() for line in names.split("\n") if line]
            other = [line.split() for line in body.split("\n") if line]
            key_tokens = keys.split()
            tokens = {t for line in name_lines + other for t in line} | set(key_tokens)
            out.append(_Candidate(rowid, kind, iri, label, detail, name_lines, tokens, other + [key_tokens], rank))
        return out

    @staticmethod
    def _score(candidate: _Candidate, terms: Sequence[_Term], sequences: Sequence[tuple[str, ...]],
               strict: bool) -> float | None:
        matched = sum(any(all(_holds(candidate.tokens, token, term.prefix) for token in alternative)
                              for alternative in term.alternatives) for term in terms)
        if not strict and matched < math.ceil(_LOOSE_SHARE * len(terms)):
            return None  # a loose candidate missing more than a quarter of the words is noise
        share = matched / len(terms)
        prefix = terms[-1].prefix
        score = -candidate.rank + _ALL_TERMS * share
        best = 0.0
        for sequence in sequences:
            for line in candidate.names:
                at = _find(sequence, line, prefix)
                if at < 0:
                    continue
                if at == 0 and len(line) == len(sequence):
                    best = max(best, _EXACT)
                else:
                    best = max(best, _PHRASE_NAME + (_NAME_START if at == 0 else 0.0))
            if best < _PHRASE_BODY and any(_find(sequence, line, prefix) >= 0 for line in candidate.other):
                best = _PHRASE_BODY
        query_tokens = {t for term in terms for t in term.tokens}
        coverage = max((sum(any(_prefixed(t, q, prefix) for q in query_tokens) for t in line) / len(line)
                        for line in candidate.names if line), default=0.0)
        return round(score + best + _COVERAGE * coverage, 4)

    def _number_hits(self, query: str) -> list[tuple[int, Hit]]:
        """Documents whose number the query names, every other word being one of their codes or type words
        (the rule of :mod:`plangraph.queries.instruments`, which the API and the CLI resolve instruments by)."""
        words = number_words(query)
        digits = [w for w in words if _is_number(w)]
        if not digits:
            return []
        numbers = sorted({str(int(d)) for d in digits})
        marks = ",".join("?" * len(numbers))
        rows = self._rows(f"""SELECT e.rowid, e.iri, e.label, e.detail, n.number, n.years, n.codes, n.words
                              FROM numbers n JOIN entries e ON e.rowid = n.entry WHERE n.number IN ({marks})""",
                          numbers)
        hits: dict[int, Hit] = {}
        for rowid, iri, label, detail, number, years, codes, type_words in rows:
            key = NumberKey(number, frozenset(years.split()), frozenset(codes.split()), frozenset(type_words.split()))
            fit = agreement(words, key)
            if fit is not None:
                score = _NUMBER_TIER + fit
                if rowid not in hits or hits[rowid].score < score:
                    hits[rowid] = Hit(iri, "document", label, detail, score)
        return list(hits.items())


def open_index(path: Path) -> SearchIndex:
    """Open the search index at *path* read-only (its connection may be used from any thread)."""
    return SearchIndex(path)


_OPEN: dict[Path, SearchIndex] = {}
_OPEN_LOCK = threading.Lock()


def index_for(snapshot: _Snapshot, *, keep: int = 2) -> SearchIndex:
    """The open index of *snapshot*, built if needed and kept open for the next request of this process.

    While a new snapshot's index is being built (by the server, out of the request path), the newest index
    this process has open — of the snapshot before — answers instead of making the search wait for the build.
    """
    path = index_path(snapshot.path)
    if _READY.get(path) != _stamp(path) and not _current_format(path):
        with _OPEN_LOCK:
            previous = next(reversed(_OPEN.values()), None)
        if previous is not None:
            return previous
    path = ensure_index(snapshot)
    with _OPEN_LOCK:
        index = _OPEN.get(path)
        if index is None:
            index = _OPEN[path] = open_index(path)
            for old in list(_OPEN)[:-keep]:
                _OPEN.pop(old)  # closed when the last request using it lets go
        return index
