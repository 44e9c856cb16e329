"""Browse pages for people: every page is rendered from one context dict, which its ``.json`` twin
returns as it is (so the page can show nothing the API does not expose)."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, render_template, request
from pyoxigraph import Literal, NamedNode

from plangraph.server import paths, shared_rows, warm
from plangraph.server.errors import ProtocolError
from plangraph.server.executor import ExecutionError
from plangraph.server.http import not_modified, validators
from plangraph.server.i18n import counted, language, noun, remember_language, translate, units
from plangraph.server.jobs import Negotiation, QueryJob
from plangraph.server.page_cache import dont_keep
from plangraph.server.search import index_for, index_path
from plangraph.server.sparql import deadline
from plangraph.server.state import get_state
from plangraph.server.tracing import ref
from plangraph.store.export import SPARQL_PREFIXES
from plangraph.store.oxigraph import StoreError

blueprint = Blueprint("browse", __name__)

PREFIXES = SPARQL_PREFIXES
COUNTS = PREFIXES + """SELECT * WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?d eli:is_realized_by ?e } }
  { SELECT (COUNT(DISTINCT ?p) AS ?plans) WHERE { ?p a pg:ActionPlan } }
  { SELECT (COUNT(DISTINCT ?t) AS ?tasks) WHERE { ?t a pg:Task } }
  { SELECT (COUNT(DISTINCT ?a) AS ?agencies) WHERE { ?a a org:Organization } }
  { SELECT (COUNT(DISTINCT ?i) AS ?instruments) WHERE { ?x eli:cites|eli:based_on ?i .
      FILTER NOT EXISTS { ?i eli:is_realized_by ?ie } } }
  { SELECT (COUNT(DISTINCT ?c) AS ?cities) WHERE { ?d eli:is_realized_by ?e ; eli:jurisdiction ?c } }
}"""
# One row per document: a document's triples can be in several graphs (cited by many, described by its own) and
# the union default graph repeats them.
# The ten newest documents that name their issuer, with its name. An issuer's name is restated in the graph of
# each of its documents: joined in the union of the graphs, each of an issuer's N documents made N rows (628
# documents of one body: 394,384 rows, 2.3 s at 5 M quads), and Oxigraph's FILTER EXISTS reads all of them too. So
# the newest documents are read first (NEWEST_CANDIDATES), then the names of those (ISSUERS); the ten that have
# one are the ten NEWEST gives when at least ten of the candidates have one, else NEWEST itself answers.
_NEWEST = PREFIXES + """SELECT ?d (SAMPLE(?id_) AS ?id) (MAX(?date_) AS ?date) (SAMPLE(?label_) AS ?label)
    (SAMPLE(?title_) AS ?title)%(issuer)s WHERE {
  ?d eli:is_realized_by ?e ; eli:id_local ?id_ ; eli:date_document ?date_ ; rdfs:label ?label_ .%(pattern)s
  OPTIONAL { ?d dct:title ?title_ } FILTER(lang(?label_) = "vi")
} GROUP BY ?d ORDER BY DESC(?date) ?id ?d LIMIT %(limit)d"""
NEWEST = _NEWEST % {"issuer": " (SAMPLE(?issuer_) AS ?issuer)", "limit": 10,
                    "pattern": "\n  ?d eli:passed_by/skos:prefLabel ?issuer_ ."}
NEWEST_CANDIDATES = _NEWEST % {"issuer": "", "pattern": "", "limit": 20}
ISSUERS = PREFIXES + """SELECT ?d (SAMPLE(?issuer_) AS ?issuer) WHERE {
  VALUES ?d { %(documents)s }
  ?d eli:passed_by/skos:prefLabel ?issuer_ .
} GROUP BY ?d"""


def newest_documents() -> list[dict[str, str]]:
    """The rows of NEWEST: the ten newest documents (date, then number) that name their issuer, with its name."""
    candidates = select(NEWEST_CANDIDATES)
    if not candidates:
        return []
    issuers = {row["d"]: row["issuer"] for row in select(ISSUERS % {
        "documents": " ".join(ref(row["d"]) for row in candidates)})}
    named = [{**row, "issuer": issuers[row["d"]]} for row in candidates if row["d"] in issuers]
    if len(named) >= 10 or len(candidates) < 20:  # every document ranked above the last candidate was seen
        return named[:10]
    return select(NEWEST)


def select(query: str, substitutions: tuple[tuple[str, NamedNode | Literal], ...] = ()) -> list[dict[str, str]]:
    """Rows of a SELECT run on a query worker, each value as a plain string; *substitutions* pre-bind
    variables (name, term), as the query API binds a catalogue query's parameters. A page's query is a function
    of the data alone: its rows are kept for the snapshot they were read from (an error is not kept)."""
    rows = get_state().per_version(("select", query, substitutions), lambda: _shared(query, substitutions))
    return [dict(row) for row in rows]  # the caller's own rows: the kept ones stay as read


def _shared(query: str, substitutions: tuple[tuple[str, NamedNode | Literal], ...]) -> list[dict[str, str]]:
    """Rows any web process kept on disk for this snapshot, else rows run now — and kept on disk, when the snapshot
    did not change while the query ran, if this is the warmer's request or the query took at least
    ``PLANGRAPH_SHARE_ROWS_AFTER`` seconds (see :mod:`plangraph.server.shared_rows`)."""
    state = get_state()
    snapshot = state.snapshot()
    warming = warm.warming()
    found = shared_rows.read(snapshot.path, query, substitutions)
    if found is not None:
        return found
    started = time.perf_counter()
    rows = _select(query, substitutions)
    slow = 0 <= float(current_app.config.get("PLANGRAPH_SHARE_ROWS_AFTER", 0.2)) <= time.perf_counter() - started
    if (warming or slow) and state.snapshot().version == snapshot.version:
        shared_rows.write(snapshot.path, query, substitutions, rows,
                          budget=None if warming else shared_rows.BUDGET_BYTES)
    return rows


def select_now(query: str, substitutions: tuple[tuple[str, NamedNode | Literal], ...] = ()) -> list[dict[str, str]]:
    """Rows of a SELECT run now and not kept: for a query whose answer is not a function of this store's snapshot
    alone (one that asks another endpoint through ``SERVICE``)."""
    return _select(query, substitutions)


def _select(query: str, substitutions: tuple[tuple[str, NamedNode | Literal], ...]) -> list[dict[str, str]]:
    job = QueryJob(query, Negotiation("application/sparql-results+json"), substitutions=substitutions)
    try:
        outcome = get_state().executor().read(job, deadline())
    except ExecutionError as exc:
        raise ProtocolError(exc.status, exc.message) from None
    if outcome.status != 200:
        raise ProtocolError(outcome.status, outcome.message)
    bindings = json.loads(outcome.body)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in bindings]


def local_href(iri: str) -> str | None:
    """The path of *iri* on this server, the IRI when it is an http(s) one served elsewhere, None when it may
    not be a link (see :mod:`plangraph.server.paths`)."""
    return paths.local_href(iri, current_app.config["PLANGRAPH_BASE"])


def render(template: str, context: dict[str, Any], *, twin: str | None = None) -> Response:
    """The page, or its JSON twin when the path ends in ``.json``; *twin* names the JSON twin of a page
    whose twin is not at ``<path>.json``."""
    if request.path.endswith(".json"):
        body = json.dumps({"ok": True, **context}, ensure_ascii=False, indent=2)
        return Response(body, content_type="application/json; charset=utf-8")
    lang = language()
    other = "en" if lang == "vi" else "vi"
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]  # a facet may repeat
    base = request.path.rstrip("/") or ""
    json_url = twin or (base if base else "/index") + ".json" + ("?" + urlencode(args) if args else "")
    html = render_template(template, t=translate, units=units, counted=counted, noun=noun, lang=lang, other_lang=other,
                           switch_query=urlencode([*args, ("lang", other)]), json_url=json_url, **context)
    response = Response(html, content_type="text/html; charset=utf-8")
    remember_language(response)
    return response


def revalidated_pages(pages: Blueprint) -> None:
    """Give every page of *pages* an ``ETag`` and ``Last-Modified``, and answer ``304`` when the client's copy
    is current (``If-None-Match``, or ``If-Modified-Since``): such a page, and its JSON twin, depends only on
    the store snapshot served, the address and the language."""

    @pages.before_request
    def _revalidate() -> Response | None:
        if request.method not in ("GET", "HEAD"):
            return None
        snapshot = get_state().snapshot()
        g.validators = validators(snapshot.version, snapshot.created, request.full_path, language())
        if not_modified(*g.validators):
            etag, modified = g.validators
            return Response(status=304, headers={"ETag": etag, "Last-Modified": modified})
        return None

    @pages.after_request
    def _validated(response: Response) -> Response:
        if response.status_code == 200 and g.get("validators"):
            response.headers["ETag"], response.headers["Last-Modified"] = g.validators
            response.vary.add("Cookie")  # the language may come from the lang cookie
        return response


# The list pages (server/lists.py) behind the home page's counts; "instruments" counts the cited-only ones.
LIST_HREFS = {"documents": "/documents", "plans": "/plans", "tasks": "/tasks", "agencies": "/agencies",
              "instruments": "/instruments?status=cited"}


@blueprint.route("/favicon.ico", methods=["GET"])
def favicon() -> Response:
    """The icon, for the clients that ask for it where browsers once looked (the pages name it in their head)."""
    return current_app.send_static_file("favicon.svg")


@blueprint.route("/", methods=["GET"])
@blueprint.route("/index.json", methods=["GET"], endpoint="home_json")
def home() -> Response:
    state = get_state()
    counts_row = state.per_version("home-counts", lambda: select(COUNTS)[0])
    counts = [{"key": key, "count": int(counts_row.get(key, "0")), "href": LIST_HREFS.get(key)}
              for key in ("documents", "plans", "tasks", "agencies", "instruments", "cities")]
    rows = state.per_version("home-newest", newest_documents)
    newest = [{"iri": row["d"], "href": local_href(row["d"]), "label": row["label"], "id_local": row["id"],
               "date": row["date"], "issuer": row["issuer"], "title": row.get("title")} for row in rows]
    return render("home.html", {"counts": counts, "newest": newest, "query": ""})


revalidated_pages(blueprint)
KIND_ORDER = ("document", "agency", "plan", "task", "objective", "person", "place")


@blueprint.route("/search", methods=["GET"])
@blueprint.route("/search.json", methods=["GET"], endpoint="search_json")
def search() -> Response:
    query = request.args.get("q", "").strip()[:500]
    groups: list[dict[str, Any]] = []
    total = 0
    if query:
        try:
            snapshot = get_state().snapshot()
            index = index_for(snapshot)
        except StoreError:  # a write replaced (and collected) that snapshot meanwhile: use the new one
            snapshot = get_state().snapshot()
            index = index_for(snapshot)
        if index.path != index_path(snapshot.path):  # the previous snapshot's, while this one's is built
            dont_keep()
        results = index.search(query, limit=20)
        total = results.total
        for kind in sorted(results.groups, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99):
            hits = [{"iri": hit.iri, "href": local_href(hit.iri), "label": hit.label, "detail": hit.detail,
                     "score": round(hit.score, 3)} for hit in results.groups[kind]]
            groups.append({"kind": kind, "hits": hits})
    return render("search.html", {"query": query, "total": total, "groups": groups})
