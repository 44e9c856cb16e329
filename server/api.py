"""The REST API over the query catalogue: ``/api/queries``, ``/api/queries/<name>``, OpenAPI and docs.

Parameters arrive as query-string values, are checked against their declared types and bound as RDF
terms (pyoxigraph substitutions), so no value ever becomes query text. Results page with ``limit`` and
``offset`` (a ``next`` link when there is more), as JSON or CSV, under the same deadline and row cap
as the SPARQL endpoint.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request, url_for

from plangraph.queries import ParameterError, SavedQuery, instruments, load_catalogue
from plangraph.server.api_docs import openapi_document
from plangraph.server.browse import render, select
from plangraph.server.errors import Link, ProtocolError, error_response
from plangraph.server.executor import ExecutionError
from plangraph.server.federation import check_peers
from plangraph.server.jobs import Negotiation, QueryJob
from plangraph.server.settings import flag
from plangraph.server.sparql import deadline
from plangraph.server.state import get_state

blueprint = Blueprint("api", __name__, url_prefix="/api")
DEFAULT_LIMIT = 100
RESERVED = ("limit", "offset", "format", "timeout")
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + "integer": int, XSD + "int": int, XSD + "long": int, XSD + "decimal": float, XSD + "double": float,
           XSD + "float": float}


@cache
def catalogue() -> dict[str, SavedQuery]:
    return load_catalogue()


def resolve_instrument(spelling: str) -> str:
    """The local id of the instrument *spelling* names in the served store (raises InstrumentNotFound)."""
    return instruments.resolve(spelling, select).id_local


def _json(data: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status, content_type="application/json; charset=utf-8")


def describe_query(query: SavedQuery) -> dict[str, Any]:
    example = url_for("api.run", name=query.name, _external=False) + ("?" + urlencode(query.example)
                                                                      if query.example else "")
    return {
        "name": query.name, "title": {"vi": query.title_vi, "en": query.title_en},
        "description": query.description.as_dict(), "tags": list(query.tags),
        "params": [{"name": p.name, "type": p.type, "description": p.description.as_dict(), "default": p.default,
                    "required": p.required, "values": list(p.values)} for p in query.params],
        "example": query.example, "url": url_for("api.run", name=query.name), "example_url": example,
        "sparql": query.text,
    }


@blueprint.route("/queries", methods=["GET"])
@blueprint.route("/queries.json", methods=["GET"], endpoint="queries_json")
def queries() -> Response:
    return _json({"ok": True, "queries": [describe_query(q) for q in catalogue().values()]})


def _paging() -> tuple[int, int]:
    cap = int(current_app.config["PLANGRAPH_MAX_ROWS"])
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise ProtocolError(400, "limit and offset are whole numbers") from None
    if not 1 <= limit <= cap:
        raise ProtocolError(400, f"limit is between 1 and {cap}")
    if offset < 0:
        raise ProtocolError(400, "offset is 0 or more")
    return limit, offset


def _plain(cell: dict[str, str] | None) -> Any:
    if cell is None:
        return None
    convert = NUMBERS.get(cell.get("datatype", ""))
    if convert is not None:
        try:
            return convert(cell["value"])
        except ValueError:
            return cell["value"]
    if cell.get("datatype") == XSD + "boolean":
        return cell["value"] == "true"
    return cell["value"]


def _format() -> str:
    asked = request.args.get("format") or ("csv" if request.path.endswith(".csv") else "")
    if asked:
        if asked not in ("json", "csv"):
            raise ProtocolError(400, "format is json or csv")
        return asked
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"], default="application/json")
    return "csv" if best == "text/csv" else "json"


@blueprint.route("/queries/<name>", methods=["GET"])
@blueprint.route("/queries/<name>.json", methods=["GET"], endpoint="run_json")
@blueprint.route("/queries/<name>.csv", methods=["GET"], endpoint="run_csv")
def run(name: str) -> Response:
    query = catalogue().get(name)
    if query is None:
        return error_response(404, f"no query named {name!r}; see /api/queries",
                              links=(Link("error_api_docs", "/api/docs"),))
    fmt = _format()
    limit, offset = _paging()
    given = {k: v for k, v in request.args.items() if k not in RESERVED}
    try:
        bindings = query.bindings(given, resolve=resolve_instrument)
        lateral = get_state().dialect().lateral
        check_peers(query.text_for(lateral), {v.value: t for v, t in bindings.items()},
                    tuple(current_app.config["PLANGRAPH_SERVICE_ALLOW"].split()),
                    flag(current_app.config["PLANGRAPH_SERVICE_ALLOW_PRIVATE"]))
    except ParameterError as exc:
        return error_response(400, str(exc))
    except ProtocolError as exc:
        return error_response(exc.status, exc.message)
    job = QueryJob(query.paged(limit + 1, offset, lateral=lateral), Negotiation("application/sparql-results+json"),
                   substitutions=tuple((v.value, term) for v, term in bindings.items()), max_rows=limit + 1,
                   max_bytes=current_app.config["PLANGRAPH_MAX_RESULT_BYTES"])
    try:
        outcome = get_state().executor().read(job, deadline())
    except ExecutionError as exc:
        return error_response(exc.status, exc.message)
    if outcome.status != 200:
        return error_response(outcome.status, outcome.message)
    results = json.loads(outcome.body)
    columns = results["head"]["vars"]
    found = query.tidy([{c: _plain(binding.get(c)) for c in columns} for binding in results["results"]["bindings"]])
    rows = [[row.get(c) for c in columns] for row in found]  # list columns tidied alike on every engine
    more = len(rows) > limit or bool(results.get("truncated"))  # more rows, or the byte cap cut them
    rows = rows[:limit]
    next_url = None
    if more:
        next_url = request.path + "?" + urlencode({**given, "limit": limit, "offset": offset + max(1, len(rows)),
                                                   **({"format": fmt} if "format" in request.args else {})})
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return Response(buffer.getvalue(), 200, content_type="text/csv; charset=utf-8", headers=headers)
    # The values as bound: an instrument as the store prints its number, whatever spelling was given.
    bound = {v.value: term.value for v, term in bindings.items()}
    payload = {"ok": True, "query": name, "params": {p.name: bound.get(p.name) for p in query.params},
               "columns": columns, "rows": [dict(zip(columns, row, strict=True)) for row in rows],
               "limit": limit, "offset": offset, "truncated": more, "next": next_url}
    response = _json(payload)
    response.headers.update(headers)
    return response


@blueprint.route("/openapi.json", methods=["GET"])
def openapi() -> Response:
    return _json(openapi_document(list(catalogue().values()), server=request.url_root.rstrip("/"),
                                 max_rows=int(current_app.config["PLANGRAPH_MAX_ROWS"])))


@blueprint.route("/docs", methods=["GET"])
@blueprint.route("/", methods=["GET"], endpoint="docs_index")
def docs() -> Response:
    return render("api_docs.html", {"queries": [describe_query(q) for q in catalogue().values()], "query": ""},
                  twin="/api/queries")
