"""Linked data: every IRI plangraph mints dereferences here, in HTML or RDF, plus the ontology,
the VoID/DCAT description of the dataset and its dumps."""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files

from flask import Blueprint, Response, abort, current_app, redirect, request
from pyoxigraph import NamedNode, RdfFormat, parse

from plangraph.ontology import ontology_graph
from plangraph.server.browse import local_href, render, select
from plangraph.server.conneg import GRAPH_FORMATS, negotiate, wants_html
from plangraph.server.describe import Description
from plangraph.server.entity import EntityContext
from plangraph.server.errors import ProtocolError, error_response
from plangraph.server.executor import ExecutionError
from plangraph.server.http import not_modified, validators
from plangraph.server.i18n import language
from plangraph.server.jobs import DescribeJob, DumpJob, StatisticsJob
from plangraph.server.jsonld import CONTEXT_PATH, context_document
from plangraph.server.paths import CONCEPT_BASE, is_iri
from plangraph.server.results import serialize_graph
from plangraph.server.sparql import deadline, jsonld_context_url, negotiation, to_response
from plangraph.server.state import get_state
from plangraph.server.statistics import Statistics
from plangraph.server.void import VOID_PREFIXES, Publication, void_triples
from plangraph.server.void_page import void_context
from plangraph.store.export import PREFIXES

blueprint = Blueprint("linked", __name__)
RDF_FORMATS = [f for f in GRAPH_FORMATS if f.kind == "graph"]


def _run(job: object, seconds: float | None = None) -> object:
    try:
        return get_state().executor().read(job, seconds or deadline())  # type: ignore[arg-type]
    except ExecutionError as exc:
        raise ProtocolError(exc.status, exc.message) from None


def _conditional(*key: str) -> tuple[str, str, Response | None]:
    snapshot = get_state().snapshot()
    etag, modified = validators(snapshot.version, snapshot.created, request.full_path,
                                request.headers.get("Accept", ""), *key)
    if not_modified(etag, modified):
        return etag, modified, Response(status=304, headers={"ETag": etag, "Last-Modified": modified})
    return etag, modified, None


def _with_validators(response: Response, etag: str, modified: str) -> Response:
    response.headers["ETag"], response.headers["Last-Modified"] = etag, modified
    return response


def dereference(iri: str, *, twin: bool = False) -> Response:
    """The resource as an entity page (HTML, or its JSON twin when *twin*) or as RDF by content negotiation."""
    try:
        NamedNode(iri)
    except ValueError:
        return error_response(404, "not an IRI this server mints")
    page_view = twin or (wants_html(request.headers.get("Accept")) and negotiation().override is None)
    etag, modified, cached = _conditional(iri, language() if page_view else "")
    if cached:
        return cached
    try:
        page_number = max(1, int(request.args.get("page", "1")))
    except ValueError:
        raise ProtocolError(400, "page= must be a whole number") from None
    job = DescribeJob(iri, 1 if page_view else page_number)
    description = get_state().per_version(("describe", job), lambda: _run(job))  # immutable: kept per snapshot
    assert isinstance(description, Description)
    if not description.found:
        return error_response(404, f"nothing is known about <{iri}>")
    if page_view:
        path = request.path.removesuffix(".json")
        builder = EntityContext(iri, description, lang=language(), href=local_href, select=select,
                                dialect=get_state().dialect())
        context = builder.build(path=path, focus=request.args.get("incoming"), page=page_number)
        response = render("entity.html", context)
        response.vary.add("Cookie")  # the page's language may come from the lang cookie
        return _with_validators(response, etag, modified)
    next_page = f"{request.path}?page={page_number + 1}" if description.more_incoming else None
    headers = {"Link": f'<{next_page}>; rel="next"'} if next_page else {}
    fmt = negotiate(request.headers.get("Accept"), RDF_FORMATS, override=negotiation().override)
    if fmt is None:
        return error_response(406, "available as text/html, " + ", ".join(f.media_type for f in RDF_FORMATS))
    serialized = serialize_graph(description.triples, fmt, max_rows=None, prefixes=PREFIXES,
                                 jsonld_context=jsonld_context_url())
    response = Response(serialized.body, 200, content_type=serialized.media_type, headers=headers)
    return _with_validators(response, etag, modified)


# Minted IRIs never end in ".json" (their path segments are slugs and numbers, see ingest.text.slugify),
# so "<IRI path>.json" is free for the entity page's JSON twin.
@blueprint.route("/<any(eli, id, source, graph):segment>/<path:rest>", methods=["GET", "HEAD"])
def minted(segment: str, rest: str) -> Response:
    twin = rest.endswith(".json")
    return dereference(f"{current_app.config['PLANGRAPH_BASE']}{segment}/{rest.removesuffix('.json')}", twin=twin)


@blueprint.route("/concept/<path:rest>", methods=["GET", "HEAD"])
def concept(rest: str) -> Response:
    twin = rest.endswith(".json")
    return dereference(CONCEPT_BASE + rest.removesuffix(".json"), twin=twin)


@blueprint.route("/ontology", methods=["GET", "HEAD"])
def ontology() -> Response:
    if wants_html(request.headers.get("Accept")) and negotiation().override is None:
        html = (files("plangraph.ontology") / "plangraph.html").read_text(encoding="utf-8")
        return Response(html, 200, content_type="text/html; charset=utf-8")
    fmt = negotiate(request.headers.get("Accept"), RDF_FORMATS, override=negotiation().override)
    if fmt is None:
        return error_response(406, "available as text/html, " + ", ".join(f.media_type for f in RDF_FORMATS))
    data = ontology_graph().serialize(format="nt", encoding="utf-8")
    triples = list(parse(data, format=RdfFormat.N_TRIPLES))
    serialized = serialize_graph(triples, fmt, max_rows=None, prefixes=PREFIXES, jsonld_context=jsonld_context_url())
    return Response(serialized.body, 200, content_type=serialized.media_type)


def _statistics() -> Statistics:
    stats = get_state().per_version("void-statistics", lambda: _run(StatisticsJob()))
    assert isinstance(stats, Statistics)
    return stats


def publication() -> Publication:
    """The dataset as this server publishes it: public URL, base IRI, licence and publisher (server settings)."""
    config = current_app.config
    return Publication(request.url_root.rstrip("/"), config["PLANGRAPH_BASE"], config["PLANGRAPH_LICENSE"],
                       config["PLANGRAPH_PUBLISHER"])


@blueprint.route("/.well-known/void", methods=["GET", "HEAD"])
def void() -> Response:
    if wants_html(request.headers.get("Accept")) and negotiation().override is None:
        return redirect("/void", 303)  # a browser: the page for people, with the same facts
    etag, modified, cached = _conditional("void")
    if cached:
        return cached
    fmt = negotiate(request.headers.get("Accept"), RDF_FORMATS, override=negotiation().override)
    if fmt is None:
        return error_response(406, "available as " + ", ".join(f.media_type for f in RDF_FORMATS))
    snapshot = get_state().snapshot()
    triples = void_triples(_statistics(), publication(), version=snapshot.version, created=snapshot.created)
    serialized = serialize_graph(triples, fmt, max_rows=None, prefixes={**PREFIXES, **VOID_PREFIXES},
                                 jsonld_context=jsonld_context_url())
    return _with_validators(Response(serialized.body, 200, content_type=serialized.media_type), etag, modified)


@blueprint.route("/void", methods=["GET", "HEAD"])
@blueprint.route("/void.json", methods=["GET", "HEAD"], endpoint="void_json")
def void_page() -> Response:
    """The dataset's description for people: what it holds, licence, publisher, date, where to get it."""
    etag, modified, cached = _conditional("void-page", language())
    if cached:
        return cached
    snapshot = get_state().snapshot()
    context = void_context(_statistics(), publication(), version=snapshot.version, created=snapshot.created,
                           lang=language(), href=local_href)
    response = render("void.html", context)
    response.vary.add("Cookie")
    return _with_validators(response, etag, modified)


@blueprint.route(CONTEXT_PATH, methods=["GET", "HEAD"])
def jsonld_context() -> Response:
    """The JSON-LD context every JSON-LD document of this server refers to."""
    body = json.dumps(context_document(), ensure_ascii=False, indent=1)
    etag = 'W/"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:20] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers={"ETag": etag})
    return Response(body, 200, content_type="application/ld+json; charset=utf-8",
                    headers={"ETag": etag, "Cache-Control": "public, max-age=86400"})


@blueprint.route("/dump", methods=["GET", "HEAD"])
def dump() -> Response:
    graph = request.args.get("graph")
    fmt = request.args.get("format", "nquads")
    if fmt not in ("nquads", "trig"):
        abort(400, "format= is nquads or trig")
    if graph is not None and not is_iri(graph):
        raise ProtocolError(400, f"graph= needs an absolute IRI, not {graph[:100]!r}")
    etag, modified, cached = _conditional("dump")
    if cached:
        return cached
    outcome = _run(DumpJob(graph, fmt), None if graph else float(current_app.config["PLANGRAPH_DUMP_TIMEOUT"]))
    response = to_response(outcome)  # type: ignore[arg-type]
    if response.status_code == 200:
        name = "plangraph" if graph is None else "graph"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{"nq" if fmt == "nquads" else "trig"}"'
        _with_validators(response, etag, modified)
    return response
