"""Reading SPARQL 1.1 Protocol requests: which operation, its text and its dataset, or why not.

Parameters are decoded strictly as UTF-8 (a request that is not gets a 400, not mojibake), and the
rules of the protocol's §2.1 and §2.2 are applied: one operation per request, the right media type
for each way of sending it, no query and update together, dataset parameters next to the operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import Request

from plangraph.server.errors import ProtocolError

FORM = "application/x-www-form-urlencoded"
FORM_PARAMS = "plangraph.form_params"
DIRECT = {"query": "application/sparql-query", "update": "application/sparql-update"}
DATASET = {"query": ("default-graph-uri", "named-graph-uri"), "update": ("using-graph-uri", "using-named-graph-uri")}


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" or "update"
    text: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None


def _decode_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw.decode("ascii", "strict"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {where} is not valid percent-encoded UTF-8") from None


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _dataset(params: list[tuple[str, str]], kind: str) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    default_name, named_name = DATASET[kind]
    default = tuple(v for k, v in params if k == default_name)
    named = tuple(v for k, v in params if k == named_name)
    if not default and not named:
        return None, None
    return default, named


def _charset_ok(request: Request) -> None:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"only UTF-8 is accepted, not charset={charset}")


def read_body(request: Request, limit: int, what: str) -> bytes:
    """The request body, or a 413 when it is larger than *limit* bytes — sent chunked too (no
    Content-Length to check beforehand): at most *limit* + 1 bytes are read, never silently cut."""
    if request.content_length is not None and request.content_length > limit:
        raise ProtocolError(413, f"the {what} is larger than {limit} bytes")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise ProtocolError(413, f"the {what} is larger than {limit} bytes")
    return data


def read_operation(request: Request, kind: str, max_bytes: int) -> Operation | None:
    """The *kind* operation of *request*, or None for a GET without one (a service description request)."""
    url_params = _decode_params(request.query_string, "URL query string")
    other = "update" if kind == "query" else "query"
    if request.method == "GET":
        if kind == "update":
            raise ProtocolError(405, "SPARQL Update must be sent with POST", {"Allow": "POST, OPTIONS"})
        _refuse_both(url_params, kind, other)
        text = _one(url_params, kind)
        if text is None:
            return None
        return Operation(kind, text, *_dataset(url_params, kind))
    mimetype = request.mimetype
    if mimetype == FORM:
        body_params = _decode_params(read_body(request, max_bytes, kind), "form body")
        request.environ[FORM_PARAMS] = body_params  # the body is read once; its other parameters (timeout) kept
        _refuse_both(body_params + url_params, kind, other)
        if _one(url_params, kind) is not None:
            raise ProtocolError(400, f"the {kind} is both in the URL and in the form body; send it once")
        text = _one(body_params, kind)
        if text is None:
            raise ProtocolError(400, f"the form body has no '{kind}' parameter")
        return Operation(kind, text, *_dataset(body_params + url_params, kind))
    if mimetype == DIRECT[kind]:
        _charset_ok(request)
        _refuse_both(url_params, kind, other)
        if _one(url_params, kind) is not None:
            raise ProtocolError(400, f"a direct POST carries the {kind} in its body, not in the URL")
        try:
            text = read_body(request, max_bytes, kind).decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, f"the {kind} body is not valid UTF-8") from None
        return Operation(kind, text, *_dataset(url_params, kind))
    if mimetype == DIRECT[other]:
        raise ProtocolError(415, f"this endpoint takes a {kind}, not {mimetype}; send it to the {other} endpoint")
    sent = mimetype or "no Content-Type"
    raise ProtocolError(415, f"cannot read {sent}: send {DIRECT[kind]} or {FORM}")


def _refuse_both(params: list[tuple[str, str]], kind: str, other: str) -> None:
    if any(k == other for k, _ in params):
        raise ProtocolError(400, f"a request carries either a query or an update, not both; this endpoint takes "
                                 f"a {kind}")
