"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``: reads are public, writes need the token."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, request

from plangraph.server.errors import ProtocolError, error_response
from plangraph.server.executor import ExecutionError
from plangraph.server.jobs import GraphReadJob, GraphWriteJob
from plangraph.server.paths import is_iri
from plangraph.server.protocol import read_body
from plangraph.server.sparql import authorize_write, deadline, execute_write, negotiation, to_response
from plangraph.server.state import get_state

blueprint = Blueprint("gsp", __name__)


def target_graph() -> str | None:
    """The graph named by ``?graph=IRI`` (None for ``?default``); exactly one of the two."""
    try:
        params = parse_qsl(request.query_string.decode("ascii"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the URL query string is not valid percent-encoded UTF-8") from None
    graphs = [v for k, v in params if k == "graph"]
    default = any(k == "default" for k, _ in params)
    if default and not graphs:
        return None
    if len(graphs) == 1 and not default:
        if not is_iri(graphs[0]):
            raise ProtocolError(400, f"graph= needs an absolute IRI, not {graphs[0][:100]!r}")
        return graphs[0]
    raise ProtocolError(400, "name exactly one graph: ?graph=IRI or ?default")


@blueprint.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    graph = target_graph()
    if request.method in ("GET", "HEAD"):
        job = GraphReadJob(graph, negotiation(), head_only=request.method == "HEAD")
        try:
            outcome = get_state().executor().read(job, deadline())
        except ExecutionError as exc:
            return error_response(exc.status, exc.message)
        return to_response(outcome)
    authorize_write()
    body = b""
    media_type = request.mimetype
    if request.method != "DELETE":
        limit = current_app.config["PLANGRAPH_MAX_UPLOAD_BYTES"]
        if request.content_length is not None and request.content_length > limit:
            raise ProtocolError(413, f"the upload is larger than {limit} bytes")
        if media_type.startswith("multipart/"):
            body, media_type = _first_part()  # the form parser stops at MAX_CONTENT_LENGTH (413)
        else:
            body = read_body(request, limit, "upload")
    job = GraphWriteJob(request.method, graph, body, media_type, request.base_url)
    return execute_write(job)


def _first_part() -> tuple[bytes, str]:
    """A multipart POST (a form upload): the RDF of its file parts, which must share one media type."""
    parts = list(request.files.values())
    if not parts:
        raise ProtocolError(400, "the multipart body has no file part")
    types = {p.mimetype for p in parts}
    if len(types) != 1:
        raise ProtocolError(415, "upload the parts of a multipart body in one RDF syntax")
    return b"\n".join(p.read() for p in parts), types.pop()
