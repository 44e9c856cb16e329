"""Operations: health, version and Prometheus metrics, and a plain index of the service."""

from __future__ import annotations

import platform
import time
from html import escape
from importlib.metadata import version as package_version

from flask import Blueprint, Response, current_app, jsonify, request

from plangraph.server.errors import error_response
from plangraph.server.executor import ExecutionError
from plangraph.server.jobs import Negotiation, QueryJob
from plangraph.server.metrics import exposition
from plangraph.server.pages import page
from plangraph.server.state import get_state

blueprint = Blueprint("ops", __name__)


@blueprint.route("/health", methods=["GET", "HEAD"])
def health() -> Response:
    state = get_state()
    started = time.perf_counter()
    try:
        outcome = state.executor().read(QueryJob("ASK {}", Negotiation("application/sparql-results+json")), 10.0)
    except ExecutionError as exc:
        return error_response(503, f"unhealthy: {exc.message}")
    if outcome.status != 200:
        return error_response(503, f"unhealthy: {outcome.message}")
    pool = state.executor().stats()
    snapshot = state.snapshot()
    return jsonify({"ok": True, "status": "ok", "snapshot": snapshot.version,
                    "query_ms": round((time.perf_counter() - started) * 1000, 1),
                    "workers": {"size": pool.size, "busy": pool.busy, "started": pool.started, "killed": pool.killed}})


def versions() -> dict[str, object]:
    """The store's version, date and dialect; the software's versions only where the operator turned them on
    (PLANGRAPH_SHOW_VERSIONS): they tell an attacker which known holes to try."""
    snapshot = get_state().snapshot()
    found: dict[str, object] = {}
    if current_app.config["PLANGRAPH_SHOW_VERSIONS"]:
        found = {"plangraph": package_version("plangraph"), "pyoxigraph": package_version("pyoxigraph"),
                 "flask": package_version("flask"), "python": platform.python_version()}
    return {**found, "store_version": snapshot.version,
            "store_modified": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(snapshot.created)),
            "store_dialect": str(get_state().dialect())}  # the SPARQL the pages send the store (store.dialect)


@blueprint.route("/version", methods=["GET", "HEAD"])
@blueprint.route("/version.json", methods=["GET", "HEAD"], endpoint="version_json")
def version() -> Response:
    data = versions()
    if request.path.endswith(".json") or request.accept_mimetypes.best_match(["text/html", "application/json"]) \
            == "application/json":
        return jsonify(data)
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in data.items())
    return Response(page("plangraph version", f"<h1>plangraph</h1><table>{rows}</table>"),
                    content_type="text/html; charset=utf-8")


@blueprint.route("/metrics")
def metrics() -> Response:
    body, content_type = exposition()
    return Response(body, content_type=content_type)
