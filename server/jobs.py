"""The work done inside query and write worker processes, as plain functions over a store.

Each job is a small picklable dataclass; :func:`run_read` and :func:`run_write` return an
:class:`Outcome` (status, media type, body) that the web process turns into an HTTP response.
Nothing here knows about Flask or HTTP requests.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Variable,
    parse,
    serialize,
)

from plangraph.server.conneg import BOOLEAN_FORMATS, GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat, negotiate
from plangraph.server.describe import describe
from plangraph.server.results import Serialized, serialize_boolean, serialize_graph, serialize_solutions
from plangraph.server.statistics import statistics
from plangraph.store.export import PREFIXES, export_dataset
from plangraph.store.oxigraph import OxigraphStore, StoreError


@dataclass(frozen=True)
class Outcome:
    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    rows: int = 0
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    detail: str = ""  # what went wrong inside, for the server log only: never sent to the client
    file: str = ""  # the body is this file (a dump written beside its snapshot), sent from disk as it is read

    @classmethod
    def error(cls, status: int, message: str) -> Outcome:
        return cls(status, body=message.encode("utf-8"))

    @classmethod
    def failure(cls, detail: str) -> Outcome:
        """An unexpected failure: a 500 whose *detail* goes to the log, not to the client."""
        return cls(500, body=b"internal error", detail=detail)

    @property
    def message(self) -> str:
        return self.body.decode("utf-8", "replace") if self.status >= 400 else ""


@dataclass(frozen=True)
class Negotiation:
    accept: str | None = None
    override: str | None = None


@dataclass(frozen=True)
class QueryJob:
    text: str
    negotiation: Negotiation = Negotiation()
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None  # protocol dataset; None = not given
    named_graphs: tuple[str, ...] | None = None
    max_rows: int | None = None
    substitutions: tuple[tuple[str, NamedNode | Literal], ...] = ()  # pre-bound variables (name, term)
    max_bytes: int | None = None  # cap on the serialised rows, flagged like the row cap
    context: str | None = None  # the URL of the published JSON-LD context (None: the context inline, as the
    #                             protocol answers it: a SPARQL client reads the result without fetching anything)


@dataclass(frozen=True)
class GraphReadJob:
    graph: str | None  # None = the default graph
    negotiation: Negotiation = Negotiation()
    head_only: bool = False
    context: str | None = None  # as for QueryJob


@dataclass(frozen=True)
class UpdateJob:
    text: str
    base_iri: str | None = None


@dataclass(frozen=True)
class GraphWriteJob:
    method: str  # "PUT", "POST" or "DELETE"
    graph: str | None
    body: bytes = b""
    media_type: str = ""
    base_iri: str | None = None


@dataclass(frozen=True)
class DescribeJob:
    """Dereference an IRI: returns the :class:`~plangraph.server.describe.Description` itself."""

    iri: str
    page: int = 1
    page_size: int = 1000


@dataclass(frozen=True)
class DumpJob:
    graph: str | None  # None = the whole dataset
    format_name: str = "nquads"


@dataclass(frozen=True)
class StatisticsJob:
    """Counts for the VoID description: triples per graph, entities per class."""


ReadJob = QueryJob | GraphReadJob | DescribeJob | DumpJob | StatisticsJob
WriteJob = UpdateJob | GraphWriteJob


def run_read(job: ReadJob, store: OxigraphStore, snapshot: Path | None = None) -> Any:
    """An :class:`Outcome`, or for describe and statistics jobs the data itself. *snapshot* is the folder of the
    embedded snapshot *store* reads (None for an external engine): a whole dump is written once beside it."""
    if isinstance(job, QueryJob):
        return _query(job, store)
    if isinstance(job, DescribeJob):
        return describe(store, job.iri, page=job.page, page_size=job.page_size)
    if isinstance(job, DumpJob):
        return _dump(job, store, snapshot)
    if isinstance(job, StatisticsJob):
        return statistics(store)
    return _read_graph(job, store)


def _dump(job: DumpJob, store: OxigraphStore, snapshot: Path | None) -> Outcome:
    fmt = next(f for f in GRAPH_FORMATS if f.name == job.format_name)
    if job.graph is None and snapshot is not None:
        return Outcome(200, fmt.media_type + "; charset=utf-8", file=str(dump_file(store, snapshot, job.format_name)))
    if job.graph is None:
        buffer = io.BytesIO()
        export_dataset(store, buffer, job.format_name)
        return Outcome(200, fmt.media_type + "; charset=utf-8", buffer.getvalue())
    node = NamedNode(job.graph)
    if not store.contains_named_graph(node):
        return Outcome.error(404, f"no graph <{job.graph}> in the store")
    quads = sorted(store.quads_in(node), key=str)
    body = serialize(quads, format=_RDF_FORMATS[job.format_name]) or b""
    return Outcome(200, fmt.media_type + "; charset=utf-8", body)


_RDF_FORMATS = {"nquads": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG}
_SUFFIXES = {"nquads": "nq", "trig": "trig"}


def dump_file(store: OxigraphStore, snapshot: Path, format_name: str) -> Path:
    """The whole dataset of the snapshot at *snapshot* as *format_name*, gzipped, written once beside it
    (``v000042.dump.nq.gz``) and removed with it: one graph at a time in memory, never the dataset, and every
    later download of this snapshot is a file read. One writer at a time (a lock file beside it)."""
    import fcntl

    path = snapshot.with_name(f"{snapshot.name}.dump.{_SUFFIXES[format_name]}.gz")
    if path.is_file():
        return path
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            try:
                with gzip.open(temporary, "wb", compresslevel=5) as out:  # served as it is to gzip clients
                    export_dataset(store, out, format_name)
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
    return path


def run_write(job: WriteJob, store: OxigraphStore) -> Outcome:
    if isinstance(job, UpdateJob):
        try:
            store.update(job.text, base_iri=job.base_iri)
        except SyntaxError as exc:
            return Outcome.error(400, f"SPARQL update syntax error: {exc}")
        return Outcome(204)
    return _write_graph(job, store)


# --- queries ------------------------------------------------------------------------------------
def _dataset_options(job: QueryJob) -> dict[str, object]:
    if job.default_graphs is None and job.named_graphs is None:
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [NamedNode(g) for g in job.default_graphs or ()],
        "named_graphs": [NamedNode(g) for g in job.named_graphs or ()],
    }


def _query(job: QueryJob, store: OxigraphStore) -> Outcome:
    try:
        return _answer(job, store)
    except StoreError as exc:  # an external engine that refused the query or failed: what it said
        return Outcome.error(502, f"the SPARQL engine did not answer: {exc}")
    except OSError as exc:
        # the store reads its files, never the network: a connection error is a SERVICE call that failed
        if not isinstance(exc, (ConnectionError, TimeoutError)) and _REMOTE_FAILURE.search(str(exc)) is None:
            raise
        return Outcome.error(502, f"a SERVICE endpoint did not answer ({exc}); the query asks "
                                  f"{', '.join(_service_targets(job)) or 'a SERVICE endpoint'}")


# pyoxigraph's errors for a SERVICE call name the URL or the HTTP client's refusal
_REMOTE_FAILURE = re.compile(r"https?://|HTTP\(S\)|error sending request", re.IGNORECASE)


def _service_targets(job: QueryJob) -> list[str]:
    from plangraph.server.sparql_guard import TooComplex, remote_calls

    bound = dict(job.substitutions)
    try:
        calls = remote_calls(job.text)
    except TooComplex:
        return []
    found = []
    for call in calls:
        term = bound.get(call.written[1:]) if call.target is None and call.written.startswith("?") else None
        found.append(call.target or (term.value if term is not None else call.written))
    return found


def _answer(job: QueryJob, store: OxigraphStore) -> Outcome:
    try:
        substitutions = {Variable(name): term for name, term in job.substitutions}
        result = store.raw_query(job.text, base_iri=job.base_iri, substitutions=substitutions or None,
                                 **_dataset_options(job))
    except SyntaxError as exc:
        return Outcome.error(400, f"SPARQL query syntax error: {exc}")
    except ValueError as exc:  # a bad IRI in the protocol dataset
        return Outcome.error(400, str(exc))
    if isinstance(result, (QueryBoolean, bool)):  # bool: an external engine's ASK
        fmt = _pick(job.negotiation, BOOLEAN_FORMATS)
        return _done(serialize_boolean(bool(result), fmt)) if fmt else _not_acceptable(BOOLEAN_FORMATS)
    if isinstance(result, QuerySolutions):
        fmt = _pick(job.negotiation, SOLUTION_FORMATS)
        if fmt is None:
            return _not_acceptable(SOLUTION_FORMATS)
        variables = [v.value for v in result.variables]
        rows = (tuple(solution) for solution in result)  # values in the order of the variables, None unbound
        return _done(serialize_solutions(variables, rows, fmt, max_rows=job.max_rows, max_bytes=job.max_bytes))
    # QueryTriples, or the list of triples an external engine answered
    fmt = _pick(job.negotiation, GRAPH_FORMATS)
    if fmt is None:
        return _not_acceptable(GRAPH_FORMATS)
    return _done(serialize_graph(result, fmt, max_rows=job.max_rows, prefixes=PREFIXES, max_bytes=job.max_bytes,
                                 jsonld_context=job.context))


def _pick(negotiation: Negotiation, offered: Sequence[ResultFormat]) -> ResultFormat | None:
    return negotiate(negotiation.accept, offered, override=negotiation.override)


def _not_acceptable(offered: Sequence[ResultFormat]) -> Outcome:
    types = ", ".join(f.media_type for f in offered)
    return Outcome.error(406, f"none of the requested media types can be produced; available: {types}")


def _done(serialized: Serialized) -> Outcome:
    headers = {"X-SPARQL-Truncated": "true"} if serialized.truncated else {}
    return Outcome(200, serialized.media_type, serialized.body, serialized.rows, serialized.truncated, headers)


# --- the Graph Store Protocol --------------------------------------------------------------------
def _graph_node(graph: str | None) -> NamedNode | DefaultGraph:
    return DefaultGraph() if graph is None else NamedNode(graph)


def _read_graph(job: GraphReadJob, store: OxigraphStore) -> Outcome:
    node = _graph_node(job.graph)
    if isinstance(node, NamedNode) and not store.contains_named_graph(node):
        return Outcome.error(404, f"no graph <{job.graph}> in the store")
    fmt = _pick(job.negotiation, [f for f in GRAPH_FORMATS if f.kind == "graph"])
    if fmt is None:
        return _not_acceptable(GRAPH_FORMATS)
    if job.head_only:
        return Outcome(200, fmt.media_type)
    triples = (q.triple for q in store.quads_in(node))
    return _done(serialize_graph(triples, fmt, max_rows=None, prefixes=PREFIXES, jsonld_context=job.context))


RDF_INPUT = {
    "text/turtle": RdfFormat.TURTLE, "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML, "application/ld+json": RdfFormat.JSON_LD,
    "text/n3": RdfFormat.N3, "application/n-quads": RdfFormat.N_QUADS, "application/trig": RdfFormat.TRIG,
}


def _write_graph(job: GraphWriteJob, store: OxigraphStore) -> Outcome:
    node = _graph_node(job.graph)
    existed = isinstance(node, DefaultGraph) or store.contains_named_graph(node)
    if job.method == "DELETE":
        if not existed:
            return Outcome.error(404, f"no graph <{job.graph}> in the store")
        store.drop_graph(node)
        return Outcome(204)
    rdf_format = RDF_INPUT.get(job.media_type)
    if rdf_format is None:
        return Outcome.error(415, f"cannot read {job.media_type or 'a body without Content-Type'}; send one of "
                                  + ", ".join(sorted(RDF_INPUT)))
    try:
        quads = [Quad(t.subject, t.predicate, t.object, node)
                 for t in parse(job.body, format=rdf_format, base_iri=job.base_iri)]
    except SyntaxError as exc:
        return Outcome.error(400, f"cannot parse the {job.media_type} body: {exc}")
    store.write_graph(node, quads, replace=job.method == "PUT")
    return Outcome(201 if not existed else 204)
