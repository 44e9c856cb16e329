"""``plangraph serve``: the endpoint under gunicorn, several worker processes, one store."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from plangraph.cli.options import EngineLocation, base_option, engine_options, store_option
from plangraph.server.metrics_dir import metrics_dir
from plangraph.server.public_url import check_public_url
from plangraph.server.settings import DEFAULTS, from_environment
from plangraph.server.void import check_license


def _gunicorn_app(options: dict[str, Any], config: dict[str, Any], threads: int) -> Any:
    from gunicorn.app.base import BaseApplication

    from plangraph.server import create_app
    from plangraph.server.front import BodyLimits, WsgiBridge
    from plangraph.server.state import get_state

    class PlangraphServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            app = create_app(config)
            limits = BodyLimits(int(app.config["PLANGRAPH_MAX_QUERY_BYTES"]),
                                int(app.config["PLANGRAPH_MAX_UPLOAD_BYTES"]), app.config["PLANGRAPH_UPDATE_TOKEN"])
            state = get_state(app)
            state.executor().warm_up()  # query workers ready before the first request, not during it
            state.keep_warm()  # the first pages of each snapshot made in the background (server/warm.py)
            state.snapshot()  # and the search index built from start-up on, not from the first search
            for name in app.jinja_env.list_templates():  # compiled now, not by the first request of each page
                app.jinja_env.get_template(name)
            return WsgiBridge(app, threads=threads, limits=limits,
                              timeout=float(app.config["PLANGRAPH_REQUEST_TIMEOUT"]))

    return PlangraphServer()


@click.command()
@store_option
@engine_options[0]
@engine_options[1]
@base_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int, help="Web worker processes.")
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per web worker.")
@click.option("--update-token", envvar="PLANGRAPH_UPDATE_TOKEN", default="", show_envvar=True,
              help="Enable /update and Graph Store writes for requests with 'Authorization: Bearer TOKEN'.")
@click.option("--timeout", "query_timeout", envvar="PLANGRAPH_QUERY_TIMEOUT", type=float, show_envvar=True,
              default=DEFAULTS["PLANGRAPH_QUERY_TIMEOUT"], show_default=True, help="Hard deadline per query (s).")
@click.option("--max-rows", envvar="PLANGRAPH_MAX_ROWS", type=int, show_envvar=True,
              default=DEFAULTS["PLANGRAPH_MAX_ROWS"], show_default=True, help="Row cap per result.")
@click.option("--query-workers", envvar="PLANGRAPH_QUERY_WORKERS", type=int, show_envvar=True,
              default=DEFAULTS["PLANGRAPH_QUERY_WORKERS"], show_default=True,
              help="Most query worker processes per web worker (the pool grows to it under load).")
@click.option("--service-allow", envvar="PLANGRAPH_SERVICE_ALLOW", default="", show_envvar=True,
              help="Space-separated SPARQL endpoints SERVICE may call.")
@click.option("--store-dialect", envvar="PLANGRAPH_STORE_DIALECT", show_envvar=True, show_default=True,
              default=DEFAULTS["PLANGRAPH_STORE_DIALECT"], type=click.Choice(["auto", "lateral", "sparql11"]),
              help="SPARQL sent to the store: auto probes it; lateral uses Oxigraph's LATERAL; sparql11 the portable "
                   "forms alone.")
def serve(store_path: Path | EngineLocation, store_update_url: str, store_gsp_url: str, base: str, host: str,
          port: int, workers: int, threads: int, update_token: str, query_timeout: float, max_rows: int,
          query_workers: int, service_allow: str, store_dialect: str) -> None:
    """Serve the store: SPARQL endpoint, Graph Store, linked data (see README for every setting)."""
    if isinstance(store_path, EngineLocation):  # the query workers reach the engine's other endpoints by these
        os.environ["PLANGRAPH_STORE_UPDATE_URL"] = store_update_url
        os.environ["PLANGRAPH_STORE_GSP_URL"] = store_gsp_url
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    config = {
        "PLANGRAPH_STORE": str(store_path), "PLANGRAPH_BASE": base, "PLANGRAPH_UPDATE_TOKEN": update_token,
        "PLANGRAPH_QUERY_TIMEOUT": query_timeout, "PLANGRAPH_MAX_ROWS": max_rows,
        "PLANGRAPH_QUERY_WORKERS": query_workers, "PLANGRAPH_SERVICE_ALLOW": service_allow,
        "PLANGRAPH_STORE_DIALECT": store_dialect,
        "PLANGRAPH_REQUEST_THREADS": threads,  # not a setting: --threads, for the checker's share of them
    }
    settings = {**DEFAULTS, **from_environment(), **config}
    shown = "[::1]" if host == "::1" else host
    config["PLANGRAPH_PUBLIC_URL"] = settings["PLANGRAPH_PUBLIC_URL"] or f"http://{shown}:{port}"
    try:  # a setting the server cannot use stops here, with its reason, not in a worker that fails to boot
        check_public_url(config["PLANGRAPH_PUBLIC_URL"])
        check_license(settings["PLANGRAPH_LICENSE"])
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    request_timeout = float(settings["PLANGRAPH_REQUEST_TIMEOUT"])
    connections = int(settings["PLANGRAPH_MAX_CONNECTIONS"])

    def post_fork(_server: Any, worker: Any) -> None:
        from plangraph.server.front import limits_for

        limits_for(worker, timeout=request_timeout, connections=connections)

    options = {
        # An asyncio worker reads whole requests before a thread runs them (plangraph.server.front).
        "bind": f"{host}:{port}", "workers": workers, "worker_class": "plangraph.server.front.Worker",
        "worker_connections": connections, "post_fork": post_fork, "asgi_lifespan": "on",
        # The event loop answers gunicorn's heartbeat; requests themselves are bounded by the query deadline.
        "timeout": int(query_timeout + float(settings["PLANGRAPH_QUEUE_WAIT"]) + 30), "graceful_timeout": 10,
        "accesslog": None, "errorlog": "-", "loglevel": "info", "control_socket_disable": True,
    }
    root = config["PLANGRAPH_PUBLIC_URL"].rstrip("/")
    click.echo(f"plangraph serving {store_path} ({'updates enabled' if update_token else 'read-only'}):\n"
               f"  browse     {root}/\n  SPARQL     {root}/sparql\n  query API  {root}/api/docs", err=True)
    with metrics_dir():  # removed when the server stops (a killed server's, by the next one to start)
        _gunicorn_app(options, config, threads).run()
