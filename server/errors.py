"""Errors as values users can act on: a page for people, one JSON shape for JSON clients, plain text for the
others.

A browser (``Accept`` naming ``text/html`` before JSON and plain text) gets the error page of
:mod:`plangraph.server.error_page`, in the site's chrome and the page's language, whatever the route. The JSON
shape is ``{"ok": false, "error": str, "errors": [str], "status": int}`` (Datasette's), plus ``"position":
{"line": int, "column": int}`` (1-based, columns in characters) when the message points into the query text,
as SPARQL syntax errors and refused SERVICE calls do, and for a SPARQL syntax error ``"explanation"``: what
was found at that position and what SPARQL expected there, in the request's language (``?lang=``, or the
``lang`` cookie the pages set). Protocol clients get the status code the SPARQL protocol prescribes with the
message as text.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

JSON_TYPES = ("application/json", "application/sparql-results+json", "application/ld+json")
HTML_TYPES = ("text/html", "application/xhtml+xml")
log = logging.getLogger("plangraph.server")


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match([*JSON_TYPES, "text/plain", "text/html"])
    return best in JSON_TYPES or request.path.endswith(".json")


def wants_html() -> bool:
    """A browser: ``Accept`` names HTML itself (not only through ``*/*``), at least as high as JSON or text."""
    if request.path.endswith(".json"):
        return False
    accept = request.accept_mimetypes
    html = max((q for value, q in accept if value in HTML_TYPES), default=0)
    others = max((q for value, q in accept if value in (*JSON_TYPES, "text/plain")), default=0)
    return html > 0 and html >= others


@dataclass(frozen=True)
class Link:
    """A way on from an error page: *label* is a key of :data:`plangraph.server.i18n.STRINGS`, or text shown as
    it is when *text* is true."""

    label: str
    href: str
    text: bool = False


# pyoxigraph's "error at 3:18: expected …", and the guard's "(line 3, column 18)".
_POSITION = re.compile(r"\berror at (\d+):(\d+)|\(line (\d+), column (\d+)\)")


def error_position(message: str) -> dict[str, int] | None:
    """Where in the query text *message* points, if it says so."""
    found = _POSITION.search(message)
    if found is None:
        return None
    line, column = (int(n) for n in found.groups() if n is not None)
    return {"line": line, "column": column}


def _explanation(message: str) -> str | None:
    """A SPARQL syntax error in the query text of this request, said in the request's language."""
    text = g.get("sparql_text")
    if not text:
        return None
    from plangraph.server.i18n import language
    from plangraph.server.sparql_errors import describe, read_syntax_error

    problem = read_syntax_error(message, text)
    return describe(problem, language(), where=False) if problem else None


def _page(status: int, message: str, links: tuple[Link, ...]) -> Response | None:
    try:
        from plangraph.server.error_page import render_error

        return render_error(status, message, links)
    except Exception:  # the page must not hide the error it reports: the text says it instead
        log.exception("cannot render the error page (request id %s)", g.get("request_id", ""))
        return None


def error_response(status: int, message: str, headers: dict[str, str] | None = None, *,
                   links: tuple[Link, ...] = ()) -> Response:
    """The error as a page, as JSON or as text, for whoever asked; *links* are ways on offered on the page."""
    response = _page(status, message, links) if wants_html() else None
    if response is None and wants_json():
        payload: dict[str, object] = {"ok": False, "error": message, "errors": [message], "status": status}
        position = error_position(message)
        if position is not None:
            payload["position"] = position
            explanation = _explanation(message)
            if explanation:
                payload["explanation"] = explanation
        body = json.dumps(payload, ensure_ascii=False)
        response = Response(body, status, content_type="application/json; charset=utf-8")
    elif response is None:
        response = Response(message + "\n", status, content_type="text/plain; charset=utf-8")
    response.headers.update(headers or {})
    return response


class ProtocolError(Exception):
    """A request the endpoint refuses, with the status to answer, a message to show, and *links*: ways on that
    the error page offers (the list without a bad parameter, its last page …)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, *,
                 links: tuple[Link, ...] = ()) -> None:
        super().__init__(message)
        self.status, self.message, self.headers, self.links = status, message, headers or {}, links


def init_app(app: Flask) -> None:
    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return _http(error)
        request_id = g.get("request_id", "")
        app.logger.exception("unhandled error in request %s", request_id)
        return error_response(500, f"internal error (request id {request_id}); the server log has the details")

    @app.errorhandler(ProtocolError)
    def _protocol(error: ProtocolError) -> Response:
        return error_response(error.status, error.message, error.headers, links=error.links)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        status = error.code or 500
        message = {413: "the request body is too large"}.get(status, error.description or error.name)
        allowed = getattr(error, "valid_methods", None)
        headers = {"Allow": ", ".join(allowed)} if allowed else {}
        links = (Link("error_open_page", request.path),) if status == 405 and "GET" in (allowed or ()) else ()
        return error_response(status, message, headers, links=links)
