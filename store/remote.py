"""An external SPARQL engine as plangraph's store: the SPARQL 1.1 protocol to read, the Graph Store Protocol
(or SPARQL Update) to write one named graph at a time.

``--store sparql+http://host:port/query`` names the engine's query endpoint; the update and Graph Store
endpoints are given with ``--store-update-url`` / ``--store-gsp-url`` (or ``PLANGRAPH_STORE_UPDATE_URL`` /
``PLANGRAPH_STORE_GSP_URL``); credentials come from the environment only — ``PLANGRAPH_STORE_TOKEN`` (a bearer
token) or ``PLANGRAPH_STORE_USER`` and ``PLANGRAPH_STORE_PASSWORD`` (HTTP basic, or digest with
``PLANGRAPH_STORE_AUTH=digest`` as Virtuoso's ``/sparql-graph-crud-auth`` asks).

Each document's graph is written in one request — a Graph Store ``PUT`` of its triples, or, without a Graph
Store endpoint, one SPARQL Update request ``DROP SILENT GRAPH …; INSERT DATA …; …`` — so a document is whole or
absent as far as the engine makes one request one transaction (Oxigraph does, for both; with Virtuoso prefer
its Graph Store endpoint). A batch of documents is not one transaction on an external
engine (the embedded store's snapshot commit has no equivalent there): a batch cut short leaves the documents
written before it, each whole.

Engines differ; what is worked around here (the engine is told by its ``Server`` header, once per process):
- Virtuoso answers HTML when no ``Accept`` is sent: every request says what it wants.
- Virtuoso answers an ``ASK`` in SPARQL JSON as a one-row ``SELECT`` of an integer: no ``ASK`` is sent.
- Virtuoso keeps graphs of its own in its dataset (its schema ``virtrdf#``, ``ldp#``, the description of its
  service): :meth:`RemoteStore.own_graphs` names them, and the named graphs listed, counted (VoID) and dumped
  leave them out. (Virtuoso's ``DEFINE input:default-graph-exclude`` would hide them from every query, but with
  it Virtuoso 7.2 drops rows of queries that follow property paths: it is not used.)
- Virtuoso writes an ``xsd:boolean`` as ``1`` or ``0``: read back as the canonical ``true`` / ``false`` (the
  same value). A boolean it computes (``true``, a comparison, ``EXISTS``) it answers as an ``xsd:integer``,
  which cannot be told from a number here: plangraph's queries cast such values (``xsd:boolean(…)``).
- Virtuoso's anonymous ``/sparql`` and ``/sparql-graph-crud`` write only once the engine's administrator
  grants it (``GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);``), or
  write through ``/sparql-auth`` / ``/sparql-graph-crud-auth`` with digest credentials.
- Oxigraph server and Virtuoso both accept N-Triples in a Graph Store ``PUT``; that is what is sent.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from plangraph.store.base import ReplaceResult, StagedGraph, canonical
from plangraph.store.dialect import Dialect, probe, resolve
from plangraph.store.oxigraph import StoreError

if TYPE_CHECKING:  # requests is imported when an engine is used: embedded query workers stay small
    import requests

SCHEME = "sparql+"
TIMEOUT = 300.0  # seconds for one write or read of the engine
# Triples per INSERT DATA operation of an update: Virtuoso's SPARQL compiler runs out of memory on one
# operation of ~5000 lines; several operations in one request are still one request (one transaction).
UPDATE_CHUNK = 1000
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
# Graphs Virtuoso keeps for itself in every database (its schema, the LDP vocabulary it serves); the graph
# describing its service (named by the service's IRI) is found when the engine is first asked.
VIRTUOSO_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
SERVICE_GRAPHS = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a "
                  "<http://www.w3.org/ns/sparql-service-description#Service> } }")


def query_form(sparql: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``: the form of *sparql* (its first such keyword).

    >>> query_form("PREFIX ex: <http://x/> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'construct'
    """
    from plangraph.server.sparql_lexer import tokens

    for token in tokens(sparql):
        if token.kind == "word" and token.text.lower() in ("select", "ask", "construct", "describe"):
            return token.text.lower()
    return "select"


def is_endpoint(location: str) -> bool:
    """True when a ``--store`` value names an engine (``sparql+http://…``) rather than a folder."""
    return location.startswith((SCHEME + "http://", SCHEME + "https://"))


@dataclass(frozen=True)
class Endpoint:
    query_url: str
    update_url: str = ""
    gsp_url: str = ""
    token: str = ""
    user: str = ""
    password: str = ""
    digest: bool = False

    @classmethod
    def parse(cls, location: str, *, update_url: str = "", gsp_url: str = "",
              environ: dict[str, str] | None = None) -> Endpoint:
        """The engine named by *location*; credentials from *environ* (default: the process environment).

        >>> Endpoint.parse("sparql+http://127.0.0.1:7878/query", gsp_url="http://127.0.0.1:7878/store",
        ...                environ={}).query_url
        'http://127.0.0.1:7878/query'
        """
        env = os.environ if environ is None else environ
        if not is_endpoint(location):
            raise StoreError(f"not an engine: {location!r} (give sparql+http://host:port/path)")
        query_url = location.removeprefix(SCHEME)
        for url in (query_url, update_url, gsp_url):
            if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
                raise StoreError(f"not an http(s) URL: {url!r}")
        return cls(query_url, update_url or env.get("PLANGRAPH_STORE_UPDATE_URL", ""),
                   gsp_url or env.get("PLANGRAPH_STORE_GSP_URL", ""), env.get("PLANGRAPH_STORE_TOKEN", ""),
                   env.get("PLANGRAPH_STORE_USER", ""), env.get("PLANGRAPH_STORE_PASSWORD", ""),
                   env.get("PLANGRAPH_STORE_AUTH", "").lower() == "digest")

    def __str__(self) -> str:
        return SCHEME + self.query_url


@dataclass(frozen=True)
class EngineProfile:
    """What plangraph knows of an engine once it has asked it: its ``Server`` header, whether it answers
    ``LATERAL`` (:mod:`plangraph.store.dialect`), and the graphs it keeps for itself (left out of every read)."""

    server: str
    dialect: Dialect
    own_graphs: tuple[str, ...] = ()

    @property
    def virtuoso(self) -> bool:
        """Whether the engine is Virtuoso (its ``Server`` header).

        >>> EngineProfile("Virtuoso/07.20.3229 (Linux)", Dialect.SPARQL11).virtuoso
        True
        """
        return self.server.lower().startswith("virtuoso")


_PROFILES: dict[str, EngineProfile] = {}  # by query URL: asked once per process
_PROFILES_LOCK = threading.Lock()


def canonical_booleans(body: bytes) -> bytes:
    """SPARQL JSON results with every ``xsd:boolean`` in its canonical form (Virtuoso writes ``1`` and ``0``).

    >>> canonical_booleans(b'{"head":{"vars":["b"]},"results":{"bindings":[{"b":{"type":"typed-literal",'
    ...     b'"datatype":"http://www.w3.org/2001/XMLSchema#boolean","value":"1"}}]}}').count(b'"true"')
    1
    """
    if XSD_BOOLEAN.encode() not in body:
        return body
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for cell in row.values():
            if cell.get("datatype") == XSD_BOOLEAN and cell.get("value") in ("1", "0"):
                cell["value"] = "true" if cell["value"] == "1" else "false"
    return json.dumps(data).encode("utf-8")


def graphs_filter(variable: str, left_out: Sequence[str]) -> str:
    """A FILTER keeping *variable* off the graphs *left_out* (empty when there are none).

    >>> graphs_filter("?g", ["http://a/"])
    'FILTER(?g NOT IN (<http://a/>))'
    """
    if not left_out:
        return ""
    return f"FILTER({variable} NOT IN ({', '.join(str(NamedNode(g)) for g in left_out)}))"


class RemoteStore:
    """The store interface over an engine's endpoints (see the module docstring)."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.changed = False
        self.bulk_loads = 0  # each graph is written by the engine's Graph Store or SPARQL Update: no bulk loader
        import requests

        self._session = requests.Session()
        if endpoint.token:
            self._session.headers["Authorization"] = f"Bearer {endpoint.token}"
        elif endpoint.user:
            self._session.auth = (requests.auth.HTTPDigestAuth(endpoint.user, endpoint.password) if endpoint.digest
                                  else (endpoint.user, endpoint.password))

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    # --- reading ----------------------------------------------------------------------------------------

    def _request(self, method: str, url: str, what: str, **kwargs: Any) -> requests.Response:
        import requests

        try:
            response = self._session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            raise StoreError(f"cannot {what} at {url}: {exc}") from None
        if response.status_code >= 400:
            raise StoreError(f"cannot {what} at {url}: HTTP {response.status_code} "
                             f"{response.text.strip()[:300]}")
        return response

    def query(self, sparql: str, **options: Any) -> Any:
        """The engine's answer, as pyoxigraph's store would give it: solutions, a bool, or a list of triples.

        The union of all graphs is the engine's own default graph (Oxigraph server with
        ``--union-default-graph``; Virtuoso's default); a protocol dataset (*default_graph*, *named_graphs*)
        is sent as ``default-graph-uri`` / ``named-graph-uri``; *substitutions* are written into the text
        (:mod:`plangraph.server.substitution`), as an engine has none."""
        return self.raw_query(sparql, **options)

    def profile(self) -> EngineProfile:
        """The engine as first asked in this process: its ``Server`` header, its dialect (the probe's answer,
        unless ``PLANGRAPH_STORE_DIALECT`` says) and, for Virtuoso, the graphs it keeps for itself."""
        url = self.endpoint.query_url
        with _PROFILES_LOCK:
            known = _PROFILES.get(url)
        if known is not None:
            return known
        server = ""

        def run(query: str) -> object:
            nonlocal server
            response = self._request("POST", url, "ask the engine", data={"query": query},
                                     headers={"Accept": "application/sparql-results+json"})
            server = response.headers.get("Server", "")
            rows = json.loads(response.content).get("results", {}).get("bindings", [])
            return rows[0].get("y", {}).get("value") if rows else None

        answered = probe(run)
        if not server:  # the probe was refused before an answer named the engine: one plain query
            run("SELECT ?y WHERE { BIND(2 AS ?y) }")
        profile = EngineProfile(server, resolve(None, lambda: answered))
        if profile.virtuoso:
            described = [row["g"].value for row in self._select(SERVICE_GRAPHS)]
            profile = EngineProfile(server, profile.dialect, (*VIRTUOSO_GRAPHS, *described))
        with _PROFILES_LOCK:
            _PROFILES[url] = profile
        return profile

    def dialect(self) -> Dialect:
        return self.profile().dialect

    def own_graphs(self) -> tuple[str, ...]:
        """The graphs the engine keeps for itself (Virtuoso's), left out of the graphs listed, counted and dumped."""
        return self.profile().own_graphs

    def _select(self, sparql: str) -> Any:
        response = self._request("POST", self.endpoint.query_url, "query the engine", data={"query": sparql},
                                 headers={"Accept": "application/sparql-results+json"})
        return parse_query_results(canonical_booleans(response.content), format=QueryResultsFormat.JSON)

    def raw_query(self, sparql: str, *, base_iri: str | None = None, substitutions: dict[Any, Any] | None = None,
                  use_default_graph_as_union: bool = False, default_graph: Any = None,
                  named_graphs: Any = None) -> Any:
        if substitutions:
            from plangraph.server.substitution import substitute

            sparql = substitute(sparql, {getattr(k, "value", str(k)): v for k, v in substitutions.items()})
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        form = query_form(sparql)
        params: list[tuple[str, str]] = [("query", sparql)]
        for name, given in (("default-graph-uri", default_graph), ("named-graph-uri", named_graphs)):
            for node in given if isinstance(given, list) else [given] if given is not None else []:
                params.append((name, node.value))
        graph = form in ("construct", "describe")
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        response = self._request("POST", self.endpoint.query_url, "query the engine", data=params,
                                 headers={"Accept": accept})
        if graph:
            return list(parse(response.content, format=RdfFormat.N_TRIPLES))
        result = parse_query_results(canonical_booleans(response.content), format=QueryResultsFormat.JSON)
        if form == "ask" and not isinstance(result, QueryBoolean):  # Virtuoso: a one-row SELECT of 1 or 0
            first = next(iter(result), None)
            value = first[0] if first is not None else None
            return value is not None and value.value in ("1", "true")
        return result

    def quads_matching(self, subject: Any = None, predicate: Any = None, obj: Any = None) -> Iterator[Quad]:
        """Quads of every named graph matching the pattern (None is a wildcard)."""
        terms = [str(t) if t is not None else f"?{n}" for t, n in ((subject, "s"), (predicate, "p"), (obj, "o"))]
        rows = self.raw_query(f"SELECT * WHERE {{ GRAPH ?g {{ {' '.join(terms)} }} }}")
        for row in rows:
            yield Quad(subject or row["s"], predicate or row["p"], obj if obj is not None else row["o"], row["g"])

    def quads_in(self, graph: Any) -> Iterator[Quad]:
        if isinstance(graph, NamedNode):
            return iter(sorted(self.graph_quads(graph.value), key=str))
        response = self._request("POST", self.endpoint.query_url, "read the engine's default graph",
                                 data={"query": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                                                f"{graphs_filter('?g', self.own_graphs())} }}"},
                                 headers={"Accept": "application/n-triples"})
        return iter([Quad(t.subject, t.predicate, t.object) for t in parse(response.content,
                                                                           format=RdfFormat.N_TRIPLES)])

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if not self.endpoint.update_url:
            raise StoreError(f"{self.endpoint}: no update endpoint (--store-update-url)")
        self.changed = True
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        self._request("POST", self.endpoint.update_url, "update the engine", data=text.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def drop_graph(self, graph: Any) -> None:
        self.changed = True
        target = "DEFAULT" if not isinstance(graph, NamedNode) else f"GRAPH {graph}"
        if isinstance(graph, NamedNode) and self.endpoint.gsp_url:
            self._request("DELETE", self.endpoint.gsp_url, f"drop the graph {graph.value}",
                          params={"graph": graph.value})
        else:
            self.update(f"CLEAR SILENT {target}" if target == "DEFAULT" else f"DROP SILENT {target}")

    def write_graph(self, graph: Any, quads: Sequence[Quad], *, replace: bool) -> None:
        self.changed = True
        if isinstance(graph, NamedNode) and replace:
            self._put(graph, serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES))
            return
        body = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES).decode("utf-8")
        inside = body if not isinstance(graph, NamedNode) else f"GRAPH {graph} {{\n{body}\n}}"
        clear = ("CLEAR SILENT DEFAULT ;\n" if replace else "")
        self.update(f"{clear}INSERT DATA {{\n{inside}\n}}")

    def named_graphs(self) -> list[str]:
        """The named graphs of the data, sorted (the engine's own graphs left out)."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        own = set(self.own_graphs())
        return sorted(row["g"].value for row in rows if isinstance(row["g"], NamedNode) and row["g"].value not in own)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        # a SELECT, not an ASK: Virtuoso answers ASK in JSON as a one-row SELECT of an integer
        return any(True for _ in self.query(f"SELECT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} LIMIT 1"))

    def graph_quads(self, graph: str) -> set[Quad]:
        node = NamedNode(graph)
        response = self._request("POST", self.endpoint.query_url, "read a graph of the engine",
                                 data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"},
                                 headers={"Accept": "application/n-triples"})
        return {Quad(t.subject, t.predicate, t.object, node) for t in parse(response.content,
                                                                               format=RdfFormat.N_TRIPLES)}

    def quads(self) -> Iterator[Quad]:
        for graph in self.named_graphs():
            yield from self.graph_quads(graph)

    # --- writing ----------------------------------------------------------------------------------------

    def _put(self, graph: NamedNode, triples: bytes) -> None:
        if self.endpoint.gsp_url:
            self._request("PUT", self.endpoint.gsp_url, f"write the graph {graph.value}", params={"graph": graph.value},
                          data=triples, headers={"Content-Type": "application/n-triples"})
        elif self.endpoint.update_url:
            lines = triples.decode("utf-8").splitlines()
            inserts = [f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines[i:i + UPDATE_CHUNK]) + "\n} }"
                       for i in range(0, len(lines), UPDATE_CHUNK)]
            update = " ;\n".join([f"DROP SILENT GRAPH {graph}", *inserts])
            self._request("POST", self.endpoint.update_url, f"write the graph {graph.value}",
                          data=update.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        else:
            raise StoreError(f"{self.endpoint}: give the engine's Graph Store URL (--store-gsp-url) or update URL "
                             "(--store-update-url) to write to it")

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> ReplaceResult:
        """Make *graph* hold exactly *quads* in one request; nothing is written when it already does."""
        node = NamedNode(graph)
        wanted = canonical(Quad(q.subject, q.predicate, q.object, node) for q in quads)
        current = self.graph_quads(graph)
        if current == wanted:
            return ReplaceResult(graph, changed=False, removed=0, added=0)
        self.changed = True
        self._put(node, serialize([q.triple for q in wanted], format=RdfFormat.N_TRIPLES))
        return ReplaceResult(graph, changed=True, removed=len(current), added=len(wanted))

    def load_staged(self, graphs: Sequence[StagedGraph], progress: Callable[[int], None] | None = None
                    ) -> list[ReplaceResult]:
        """Each staged graph written in a request of its own (see the module docstring: whole documents, not
        one transaction for the batch)."""
        results = []
        for index, staged in enumerate(graphs, start=1):
            results.append(self.replace_graph(staged.graph, list(parse(path=str(staged.file),
                                                                       format=RdfFormat.N_QUADS))))
            if progress:
                progress(index)
        return results

    def optimize(self) -> None:
        """Nothing to do: the engine compacts its own files."""

