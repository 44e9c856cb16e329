"""``/compare/peer``: this instance's tasks by the kind of agency that leads them beside another plangraph
instance's, asked through SPARQL federation (``SERVICE``) with the catalogue query ``kinds-here-and-at-peer``.

The peers offered are the endpoints of ``PLANGRAPH_PEERS``; a page asks only one of them, and only when the
``SERVICE`` allow-list (``PLANGRAPH_SERVICE_ALLOW``) lets this server call it — the same check as the query API's.
The peer's answer changes when its data does, so these pages are never kept (not per snapshot, no ``ETag``). A
peer that does not answer, or not before the server's deadline, is said on the page (``502``), beside this
instance's own counts.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Flask, Response, current_app, request
from pyoxigraph import NamedNode

from plangraph.server.api import catalogue
from plangraph.server.browse import PREFIXES, local_href, render, select, select_now
from plangraph.server.compare import api_href, cities
from plangraph.server.errors import Link, ProtocolError
from plangraph.server.federation import check_peers
from plangraph.server.i18n import language, translate
from plangraph.server.settings import flag

blueprint = Blueprint("peers", __name__)

QUERY = "kinds-here-and-at-peer"
HUB = (Link("error_compare", "/compare"),)
PEER_FAILED = (502, 503, 504)  # the peer did not answer, or not in time: said on the page
# This instance's half of kinds-here-and-at-peer: what the page shows when the peer does not answer.
HERE = PREFIXES + """SELECT ?kind (MIN(?label0) AS ?kindLabel) (COUNT(DISTINCT ?task) AS ?here) WHERE {
  ?task a pg:Task ; schema:agent/org:classification ?kind .
  OPTIONAL { ?kind skos:prefLabel ?label0 FILTER(LANGMATCHES(LANG(?label0), "vi")) }
} GROUP BY ?kind ORDER BY DESC(?here) ?kind"""
# The places the peer's documents are issued for, to name it (?peer is projected: pyoxigraph binds only those).
PEER_PLACES = PREFIXES + """SELECT ?peer ?code (MIN(?vi0) AS ?name) (MIN(?en0) AS ?nameEn)
       (COUNT(DISTINCT ?document) AS ?documents) WHERE {
  SERVICE ?peer {
    ?document eli:is_realized_by ?expression ; eli:jurisdiction ?place . ?place skos:notation ?code .
    OPTIONAL { ?place skos:prefLabel ?vi0 FILTER(LANGMATCHES(LANG(?vi0), "vi")) }
    OPTIONAL { ?place skos:prefLabel ?en0 FILTER(LANGMATCHES(LANG(?en0), "en")) }
  }
} GROUP BY ?peer ?code ORDER BY DESC(?documents) ?code"""
MAX_NAMED = 2  # places named in a column's heading; the others counted


def peers() -> list[str]:
    """The configured peer endpoints, in the order given."""
    return list(dict.fromkeys(current_app.config["PLANGRAPH_PEERS"].split()))


def _checked(text: str, peer: str) -> tuple[tuple[str, NamedNode], ...]:
    """The peer bound as ``?peer``, once the SERVICE allow-list lets this server ask it (403 otherwise)."""
    try:
        node = NamedNode(peer)
    except ValueError:
        raise ProtocolError(400, f"peer: not an IRI: {peer[:100]!r}", links=HUB) from None
    check_peers(text, {"peer": node}, tuple(current_app.config["PLANGRAPH_SERVICE_ALLOW"].split()),
                flag(current_app.config["PLANGRAPH_SERVICE_ALLOW_PRIVATE"]))
    return (("peer", node),)


def _kind_labels(kinds: list[str]) -> dict[str, dict[str, str]]:
    """The Vietnamese and English labels of the agency kinds *kinds* (the same IRIs on every instance: this
    instance's ontology names the peer's kinds too)."""
    if not kinds:
        return {}
    values = " ".join(str(NamedNode(kind)) for kind in sorted(kinds))
    rows = select(PREFIXES + f"""SELECT ?kind (MIN(?vi0) AS ?vi) (MIN(?en0) AS ?en) WHERE {{ VALUES ?kind {{ {values} }}
      OPTIONAL {{ ?kind skos:prefLabel ?vi0 FILTER(LANGMATCHES(LANG(?vi0), "vi")) }}
      OPTIONAL {{ ?kind skos:prefLabel ?en0 FILTER(LANGMATCHES(LANG(?en0), "en")) }} }} GROUP BY ?kind""")
    return {row["kind"]: row for row in rows}


def _root(peer: str) -> str | None:
    """The peer's pages: its endpoint without ``/sparql`` (a plangraph instance's endpoint), else unknown.

    >>> _root("https://plangraph.dongthap.gov.vn/sparql"), _root("https://example.org/query")
    ('https://plangraph.dongthap.gov.vn', None)
    """
    return peer.removesuffix("/sparql") if peer.endswith("/sparql") else None


def _rows(found: list[dict[str, str]], peer: str | None) -> list[dict[str, Any]]:
    """One row per kind: its label in the page's language, this instance's and the peer's counts (None when the
    peer did not answer), each linked to the task list of its instance narrowed to the kind."""
    labels = _kind_labels([row["kind"] for row in found])
    root = _root(peer) if peer else None
    english = language() == "en"
    rows = []
    for row in found:
        kind = row["kind"]
        names = labels.get(kind, {})
        label = (names.get("en") or names.get("vi")) if english else (names.get("vi") or names.get("en"))
        there = int(row["there"]) if peer is not None else None
        rows.append({"kind": kind, "href": local_href(kind), "label": label or row.get("kindLabel") or kind,
                     "here": int(row["here"]), "there": there,
                     "here_href": "/tasks?" + urlencode({"kind": kind}) if int(row["here"]) else None,
                     "there_href": f"{root}/tasks?kind={quote(kind, safe='')}" if root and there else None})
    return rows


def _places_name(places: list[dict[str, Any]]) -> str:
    """The places an instance's documents are issued for, as a heading: the busiest named, the others counted."""
    names = [f"{p['name']} ({p['code']})" for p in places[:MAX_NAMED]]
    more = len(places) - MAX_NAMED
    return ", ".join(names) + (f" +{more}" if more > 0 else "")


def _peer_places(peer: str) -> list[dict[str, Any]]:
    """The peer's places, busiest first; none when it does not say (a failure here only leaves it unnamed)."""
    try:
        rows = select_now(PEER_PLACES, _checked(PEER_PLACES, peer))
    except ProtocolError:
        return []
    english = language() == "en"
    return [{"code": r["code"], "documents": int(r["documents"]),
             "name": (r.get("nameEn") or r.get("name") if english else r.get("name") or r.get("nameEn")) or r["code"]}
            for r in rows]


@blueprint.route("/compare/peer", methods=["GET"])
@blueprint.route("/compare/peer.json", methods=["GET"], endpoint="peer_json")
def peer_page() -> Response:
    """This instance's tasks by kind of lead beside a configured peer's (``?peer=`` one of PLANGRAPH_PEERS)."""
    for key in request.args:
        if key not in ("peer", "lang"):
            raise ProtocolError(400, f"unknown parameter {key[:50]!r}: this page takes peer", links=HUB)
    offered = peers()
    if not offered:
        raise ProtocolError(404, "no other plangraph instance is configured to compare with: list their SPARQL "
                                 "endpoints in PLANGRAPH_PEERS (and in PLANGRAPH_SERVICE_ALLOW)", links=HUB)
    peer = request.args.get("peer", "").strip() or offered[0]
    if peer not in offered:
        raise ProtocolError(400, f"peer: {peer[:200]!r} is not one of the instances this server compares with "
                                 f"({', '.join(offered)}; PLANGRAPH_PEERS)", links=HUB)
    query = catalogue()[QUERY]
    bindings = _checked(query.text, peer)
    failure = ""
    try:
        found = select_now(query.text, bindings)
    except ProtocolError as exc:
        if exc.status not in PEER_FAILED:
            raise
        failure = exc.message
        found = select(HERE)
    rows = _rows(found, None if failure else peer)
    here_places = cities()
    there_places = [] if failure else _peer_places(peer)
    here = {"name": _places_name(here_places), "tasks": sum(r["here"] for r in rows)}
    there = {"url": peer, "root": _root(peer), "name": _places_name(there_places),
             "tasks": None if failure else sum(r["there"] or 0 for r in rows)}
    context = {"view": "peer", "peers": offered, "peer": peer, "here": here, "there": there, "rows": rows,
               "error": failure or None, "api": {"kinds": api_href(QUERY, {"peer": peer})},
               "bars": [{"label": r["label"], "a": r["here"], "b": r["there"] or 0, "href": f"#peer-kind-{i}"}
                        for i, r in enumerate(rows)],
               "heat": _heat(rows, failure == "")}
    if not failure:
        return render("compare.html", context)
    if request.path.endswith(".json"):  # the error shape, with this instance's own rows
        body = {"ok": False, "error": failure, "errors": [failure], "status": 502, **context}
        return Response(json.dumps(body, ensure_ascii=False, indent=2), 502,
                        content_type="application/json; charset=utf-8")
    response = render("compare.html", context)
    response.status_code = 502
    return response


def _heat(rows: list[dict[str, Any]], answered: bool) -> list[dict[str, Any]]:
    """The kinds × {here, peer} matrix as cells for :func:`plangraph.server.charts.heat_map`."""
    here, there = translate("compare_here"), translate("compare_there")
    cells = []
    for row in rows:
        if row["here"]:  # a cell per figure above zero, as on /compare/kinds
            cells.append({"row": row["kind"], "column": "here", "value": row["here"], "href": row["here_href"],
                          "kind": row["label"], "kind_href": row["href"], "side": here})
        if answered and row["there"]:
            cells.append({"row": row["kind"], "column": "there", "value": row["there"], "href": row["there_href"],
                          "kind": row["label"], "kind_href": row["href"], "side": there})
    return cells


def init_app(app: Flask) -> None:
    """The page, and whether the comparison pages link to it (when peers are configured)."""
    app.register_blueprint(blueprint)
    app.jinja_env.globals["peer_endpoints"] = tuple(dict.fromkeys(str(app.config["PLANGRAPH_PEERS"]).split()))
