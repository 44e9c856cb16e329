"""The SPARQL 1.1 Protocol endpoints: ``/sparql`` (and ``/query``) for queries, ``/update`` for updates."""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, g, request

from plangraph.server import metrics, warm
from plangraph.server.checker import INLINE_BYTES, CheckerBusy
from plangraph.server.conneg import GRAPH_FORMATS, negotiate
from plangraph.server.description import service_description
from plangraph.server.errors import ProtocolError, error_response
from plangraph.server.executor import ExecutionError
from plangraph.server.http import not_modified, validators
from plangraph.server.jobs import GraphWriteJob, Negotiation, Outcome, QueryJob, UpdateJob
from plangraph.server.jsonld import CONTEXT_PATH
from plangraph.server.page_cache import dont_keep
from plangraph.server.protocol import FORM_PARAMS, Operation, read_operation
from plangraph.server.results import serialize_graph
from plangraph.server.running import valid_id
from plangraph.server.settings import flag
from plangraph.server.sparql_lexer import tokens
from plangraph.server.sparql_limits import Limits
from plangraph.server.state import get_state
from plangraph.server.update_dataset import apply_dataset

blueprint = Blueprint("sparql", __name__)
FORMAT_PARAMS = ("format", "output", "results")
QUERY_ID = "X-Query-Id"  # a client's id for its query, to cancel it with POST /sparql/cancel


def negotiation() -> Negotiation:
    override = next((request.args[p] for p in FORMAT_PARAMS if request.args.get(p)), None)
    return Negotiation(request.headers.get("Accept"), override)


def jsonld_context_url() -> str:
    """Where the published JSON-LD context is, under the configured public URL. Linked-data documents refer to it
    by this URL; protocol answers (query results, Graph Store reads) carry the same context inline, so that a
    SPARQL client reads them without fetching anything."""
    return request.url_root.rstrip("/") + CONTEXT_PATH


def deadline() -> float:
    """The server's deadline, or a lower one asked for with ``timeout=`` (seconds)."""
    limit = warm.page_deadline(float(current_app.config["PLANGRAPH_QUERY_TIMEOUT"]))
    asked = request.args.get("timeout")
    if asked is None:  # a form-encoded POST carries it in the body (SPARQLWrapper, Fuseki's clients)
        asked = next((v for k, v in request.environ.get(FORM_PARAMS, ()) if k == "timeout"), None)
    if asked is None:
        return limit
    try:
        value = float(asked)
    except ValueError:
        raise ProtocolError(400, f"timeout={asked!r} is not a number of seconds") from None
    # timeout=0 (or less) asks for no per-request limit, as SPARQLWrapper and Virtuoso use it: the server's holds.
    return min(value, limit) if value > 0 else limit


def guard(text: str) -> None:
    """Check the exact text that will run, before anything runs: its size and nesting limits, then SERVICE and
    LOAD calls against the allowlist (a long text in the low-priority checker: server/checker.py). Call it on
    the final text, after every rewrite."""
    config = current_app.config
    limits = Limits(config["PLANGRAPH_MAX_QUERY_DEPTH"], config["PLANGRAPH_MAX_QUERY_OPERATORS"])
    try:
        refused = get_state().checker().verdict(text, limits, tuple(config["PLANGRAPH_SERVICE_ALLOW"].split()),
                                               flag(config["PLANGRAPH_SERVICE_ALLOW_PRIVATE"]))
    except CheckerBusy as exc:
        metrics.count_query("query", "busy")
        raise ProtocolError(503, str(exc), {"Retry-After": "5"}) from None
    if refused is not None:
        metrics.count_query("query", "refused" if refused[0] == 403 else "too-complex")
        raise ProtocolError(*refused)


def _file_response(path: str, media_type: str) -> Response:
    """A gzipped file (a dump) read from disk as it is sent (front.py streams bodies that are not in memory):
    as it is to a client that takes gzip, unpacked on the way to one that does not."""
    if "gzip" in request.headers.get("Accept-Encoding", "").lower():
        from flask import send_file

        response = send_file(path, mimetype=media_type, conditional=False, etag=False)
        response.headers["Content-Encoding"] = "gzip"
    else:
        import gzip

        def unpacked() -> Iterator[bytes]:
            with gzip.open(path, "rb") as packed:
                while chunk := packed.read(1 << 20):
                    yield chunk

        response = Response(unpacked(), content_type=media_type, direct_passthrough=True)
    response.vary.add("Accept-Encoding")
    return response


def to_response(outcome: Outcome) -> Response:
    if outcome.status >= 400:
        return error_response(outcome.status, outcome.message, outcome.headers)
    if outcome.file:
        response = _file_response(outcome.file, outcome.media_type)
        response.headers.update(outcome.headers)
        return response
    response = Response(outcome.body, outcome.status, headers=outcome.headers)
    if outcome.status != 204:
        response.headers["Content-Type"] = outcome.media_type
    return response


# Words whose answer is not a function of the snapshot: the clock, randomness, fresh identifiers, other services.
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "SERVICE"})


_VOLATILE_WORD = re.compile(r"\b(?:" + "|".join(sorted(VOLATILE)) + r")\b", re.IGNORECASE)


def is_volatile(text: str) -> bool:
    """Whether a query's answer may differ between two runs on the same snapshot (then it is not kept).

    A text none of whose words could be one of :data:`VOLATILE` is not (a regular expression, at C speed); a short
    one that has such a word is read token by token; a long one is not lexed in the request's thread (see
    :mod:`plangraph.server.checker`) and counts as volatile: not kept is always right.

    >>> is_volatile("SELECT (NOW() AS ?t) {}"), is_volatile('SELECT * { ?s ?p "now" } # rand()')
    (True, False)
    """
    if not _VOLATILE_WORD.search(text):
        return False
    if len(text) > INLINE_BYTES:
        return True
    return any(token.kind == "word" and token.text.upper() in VOLATILE for token in tokens(text))


def _run_query(operation: Operation) -> Response:
    g.sparql_text = operation.text  # an error about it can then say where and what (server/sparql_errors.py)
    guard(operation.text)
    if is_volatile(operation.text):
        dont_keep()
    state = get_state()
    snapshot = state.snapshot()
    config = current_app.config
    etag, modified = validators(snapshot.version, snapshot.created, request.method, request.full_path,
                                request.headers.get("Accept", ""), str(config["PLANGRAPH_MAX_ROWS"]),
                                str(config["PLANGRAPH_MAX_RESULT_BYTES"]))
    cacheable = request.method == "GET"
    if cacheable and not_modified(etag, modified):
        return Response(status=304, headers={"ETag": etag, "Last-Modified": modified})
    job = QueryJob(operation.text, negotiation(), request.base_url, operation.default_graphs, operation.named_graphs,
                   config["PLANGRAPH_MAX_ROWS"], max_bytes=config["PLANGRAPH_MAX_RESULT_BYTES"])
    query_id = request.headers.get(QUERY_ID)
    if query_id is not None and not valid_id(query_id):
        raise ProtocolError(400, f"{QUERY_ID} must be 16 to 64 letters, digits, '-' or '_'")
    try:
        if query_id is None:
            outcome = state.executor().read(job, deadline())
        else:
            with state.running.run(query_id) as cancelled:
                outcome = state.executor().read(job, deadline(), cancelled)
    except ExecutionError as exc:
        metrics.count_query("query", type(exc).__name__)
        return error_response(exc.status, exc.message, {"Retry-After": "5"} if exc.status == 503 else None)
    metrics.count_query("query", "ok" if outcome.status < 400 else f"http{outcome.status}")
    response = to_response(outcome)
    if cacheable and outcome.status == 200:
        response.headers["ETag"], response.headers["Last-Modified"] = etag, modified
    return response


@blueprint.route("/sparql/cancel", methods=["POST"])
def cancel() -> Response:
    """Stop the running query that was sent with ``X-Query-Id: <id>``: ``id=<id>`` in the form body or the URL.
    202 when it is being stopped (its own request then answers 409), 404 when no query of that id runs."""
    query_id = request.form.get("id") or request.args.get("id")
    if not valid_id(query_id):
        raise ProtocolError(400, "give the id of a running query: id=<the X-Query-Id it was sent with>")
    assert query_id is not None
    if not get_state().running.cancel(query_id):
        raise ProtocolError(404, "no query with this id is running (it may have finished)")
    metrics.count_query("query", "cancel")
    return Response(json.dumps({"ok": True, "cancelled": query_id}), 202, content_type="application/json")


@blueprint.route("/sparql", methods=["GET", "POST"])
@blueprint.route("/query", methods=["GET", "POST"], endpoint="query_alias")
def query() -> Response:
    operation = read_operation(request, "query", current_app.config["PLANGRAPH_MAX_QUERY_BYTES"])
    if operation is None:
        return describe_service()
    return _run_query(operation)


def describe_service() -> Response:
    formats = [f for f in GRAPH_FORMATS if f.kind == "graph"]
    fmt = negotiate(request.headers.get("Accept"), formats, override=negotiation().override)
    if fmt is None:
        available = ", ".join(f.media_type for f in formats)
        return error_response(406, f"the service description is available as {available}")
    with_updates = bool(current_app.config["PLANGRAPH_UPDATE_TOKEN"])
    triples = service_description(request.base_url, updates=with_updates, named_graphs=named_graphs())
    serialized = serialize_graph(triples, fmt, max_rows=None)
    return Response(serialized.body, 200, content_type=serialized.media_type)


def named_graphs() -> list[str]:
    """The named graphs of the current snapshot."""
    job = QueryJob("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", Negotiation("application/sparql-results+json"))
    outcome = get_state().executor().read(job, float(current_app.config["PLANGRAPH_QUERY_TIMEOUT"]))
    if outcome.status != 200:
        return []
    return sorted(binding["g"]["value"] for binding in json.loads(outcome.body)["results"]["bindings"])


def authorize_write() -> None:
    """Refuse a write unless updates are enabled and the request carries the right bearer token."""
    token = current_app.config["PLANGRAPH_UPDATE_TOKEN"]
    if not token:
        raise ProtocolError(403, "this server is read-only: start it with --update-token to allow writes")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ProtocolError(401, "writes need 'Authorization: Bearer <token>'",
                            {"WWW-Authenticate": 'Bearer realm="plangraph"'})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ProtocolError(403, "the bearer token is not valid for writes")


def execute_write(job: UpdateJob | GraphWriteJob) -> Response:
    """Run a write in a writer process under the deadline and turn its outcome into a response."""
    try:
        outcome = get_state().executor().write(job, deadline())
    except ExecutionError as exc:
        metrics.count_query("update", type(exc).__name__)
        return error_response(exc.status, exc.message)
    metrics.count_query("update", "ok" if outcome.status < 400 else f"http{outcome.status}")
    return to_response(outcome)


@blueprint.route("/update", methods=["GET", "POST"])
def update() -> Response:
    if request.method == "GET":
        raise ProtocolError(405, "SPARQL Update must be sent with POST", {"Allow": "POST, OPTIONS"})
    authorize_write()
    operation = read_operation(request, "update", current_app.config["PLANGRAPH_MAX_QUERY_BYTES"])
    assert operation is not None
    text = operation.text
    if operation.default_graphs is not None or operation.named_graphs is not None:
        text = apply_dataset(text, operation.default_graphs or (), operation.named_graphs or ())
    g.sparql_text = text
    guard(text)  # the text that runs, with the dataset written in
    return execute_write(UpdateJob(text, request.base_url))
