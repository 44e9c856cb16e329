"""The SPARQL editor page: ``/editor`` (with its JSON twin) and the vocabulary its completion offers.

The page is a plain form that submits to ``/sparql``, the prefixes we export with, and the gallery of the
query catalogue, all rendered on the server, so it works without JavaScript. ``editor.js`` turns the form
into a CodeMirror editor (bundled under ``static/vendor/``; nothing is loaded from elsewhere) that runs
queries in place, completes our prefixes and the classes and properties of this graph
(``/editor/vocabulary.json``), links result IRIs to their pages here and marks syntax errors.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, request
from pyoxigraph import NamedNode

from plangraph.server import facets, paths
from plangraph.server.api import catalogue, describe_query
from plangraph.server.browse import render, select
from plangraph.server.errors import Link, ProtocolError
from plangraph.server.i18n import language
from plangraph.server.labels import term_label
from plangraph.server.state import get_state
from plangraph.store.export import PREFIXES as EXPORT_PREFIXES

blueprint = Blueprint("editor", __name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PREFIXES = {**EXPORT_PREFIXES, "rdf": RDF}
PREFIX_LIST = [{"prefix": p, "iri": iri} for p, iri in sorted(PREFIXES.items())]
# A name that can follow "prefix:" as written (SPARQL PN_LOCAL without escapes or a trailing dot).
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[\w.-]*[\w-])?$")

CLASSES = """SELECT ?term (COUNT(DISTINCT ?s) AS ?uses) WHERE { ?s a ?term FILTER(isIRI(?term)) }
GROUP BY ?term ORDER BY DESC(?uses) ?term"""
# Each document graph repeats the shared nodes it mentions: count each statement once, not once per graph.
PROPERTIES = """SELECT ?term (COUNT(*) AS ?uses) WHERE { SELECT DISTINCT ?s ?term ?o WHERE { ?s ?term ?o } }
GROUP BY ?term ORDER BY DESC(?uses) ?term"""


def curie(iri: str) -> str | None:
    """``pg:Task`` for the IRI of pg:Task, or None when no prefix of ours writes it."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and _LOCAL.match(local):
            return f"{prefix}:{local}"
    return None


DEFAULT_QUERY = """SELECT ?task ?label ?plan WHERE {
  ?task a pg:Task ;
        rdfs:label ?label ;
        pplan:isStepOfPlan ?plan .
}
LIMIT 20
"""


def default_query() -> str:
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("pg", "rdfs", "pplan")) + "\n" + DEFAULT_QUERY


def gallery() -> list[dict[str, Any]]:
    """The catalogue as /api/queries describes it, plus the link that opens each query here."""
    return [{**describe_query(query), "editor_href": "/editor?" + urlencode({"example": name})}
            for name, query in catalogue().items()]


@blueprint.route("/editor", methods=["GET"])
@blueprint.route("/editor.json", methods=["GET"], endpoint="page_json")
def page() -> Response:
    example = request.args.get("example", "").strip() or None
    if example is not None and example not in catalogue():
        raise ProtocolError(404, f"no catalogue query named {example!r}; the gallery on /editor lists them",
                            links=(Link("error_gallery", "/editor#gallery"),))
    text = request.args.get("query") or (catalogue()[example].text if example else default_query())
    base = current_app.config["PLANGRAPH_BASE"]
    return render("editor.html", {
        "sparql": text, "example": example, "sparql_url": "/sparql", "vocabulary_url": "/editor/vocabulary.json",
        "labels_url": "/editor/labels", "cancel_url": "/sparql/cancel", "max_labels": MAX_LABELS,
        "prefixes": PREFIX_LIST,
        "local_paths": [{"iri": iri, "path": path} for iri, path in paths.local_paths(base).items()],
        "gallery": gallery(),
        "query": "",  # the search box in the bar
    })


def _terms(query: str) -> list[dict[str, Any]]:
    return [{"iri": row["term"], "curie": curie(row["term"]), "uses": int(row["uses"])} for row in select(query)]


MAX_LABELS = 5000  # IRIs labelled per request: a full result of 10,000 rows rarely names more distinct ones
LABEL_NAMES = (facets.PREF_LABEL, facets.RDFS_LABEL, facets.TITLE, facets.ID_LOCAL)


@blueprint.route("/editor/labels", methods=["POST"])
def labels() -> Response:
    """Labels of the IRIs of a query result, in the page's language, by one query: ``{"iris": [...]}`` in,
    ``{"ok": true, "labels": {iri: label}}`` out (IRIs without a label are left out)."""
    body = request.get_json(silent=True)
    iris = body.get("iris") if isinstance(body, dict) else None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        raise ProtocolError(400, 'send JSON {"iris": ["https://…", …]}')
    wanted: list[str] = []
    for iri in dict.fromkeys(iris):
        try:
            NamedNode(iri)
        except ValueError:
            continue  # not an IRI: nothing to label
        wanted.append(iri)
    if len(wanted) > MAX_LABELS:
        raise ProtocolError(413, f"at most {MAX_LABELS} IRIs per request, not {len(wanted)}")
    lang = language()
    candidates: dict[str, list[tuple[str, str, str]]] = {}
    if wanted:
        for row in select(facets.labels_query(wanted)):
            candidates.setdefault(row["value"], []).append((row["p"], row["label"], row.get("lang", "")))
    found = {}
    for iri in wanted:
        label = facets.choose_label(candidates.get(iri, []), LABEL_NAMES, lang) or term_label(iri, lang)
        if label:
            found[iri] = label
    return jsonify({"ok": True, "labels": found})


@blueprint.route("/editor/vocabulary.json", methods=["GET"])
def vocabulary() -> Response:
    """Our prefixes and the classes and properties this graph uses, with how often, for completion."""
    state = get_state()
    return jsonify({
        "ok": True,
        "prefixes": PREFIX_LIST,
        "classes": state.per_version("editor-classes", lambda: _terms(CLASSES)),
        "properties": state.per_version("editor-properties", lambda: _terms(PROPERTIES)),
    })
