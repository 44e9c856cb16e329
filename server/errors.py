"""Errors as values users can act on: one JSON shape for JSON clients, plain text for the others.

The JSON shape is ``{"ok": false, "error": str, "errors": [str], "status": int}`` (Datasette's), plus
``"position": {"line": int, "column": int}`` (1-based, columns in characters) when the message points
into the query text, as SPARQL syntax errors and refused SERVICE calls do.
Protocol clients get the status code the SPARQL protocol prescribes with the message as text.
"""

from __future__ import annotations

import json
import re

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

JSON_TYPES = ("application/json", "application/sparql-results+json", "application/ld+json")


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match([*JSON_TYPES, "text/plain", "text/html"])
    return best in JSON_TYPES or request.path.endswith(".json")


# pyoxigraph's "error at 3:18: expected …", and the guard's "(line 3, column 18)".
_POSITION = re.compile(r"\berror at (\d+):(\d+)|\(line (\d+), column (\d+)\)")


def error_position(message: str) -> dict[str, int] | None:
    """Where in the query text *message* points, if it says so."""
    found = _POSITION.search(message)
    if found is None:
        return None
    line, column = (int(n) for n in found.groups() if n is not None)
    return {"line": line, "column": column}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if wants_json():
        payload: dict[str, object] = {"ok": False, "error": message, "errors": [message], "status": status}
        position = error_position(message)
        if position is not None:
            payload["position"] = position
        body = json.dumps(payload, ensure_ascii=False)
        response = Response(body, status, content_type="application/json; charset=utf-8")
    else:
        response = Response(message + "\n", status, content_type="text/plain; charset=utf-8")
    response.headers.update(headers or {})
    return response


class ProtocolError(Exception):
    """A request the endpoint refuses, with the status to answer and a message to show."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


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
        return error_response(error.status, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        status = error.code or 500
        message = {413: "the request body is too large"}.get(status, error.description or error.name)
        allowed = getattr(error, "valid_methods", None)
        headers = {"Allow": ", ".join(allowed)} if allowed else {}
        return error_response(status, message, headers)
