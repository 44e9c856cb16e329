"""``plangraph serve``: the endpoint under gunicorn, several worker processes, one store."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from plangraph.cli.options import base_option, store_option
from plangraph.server.settings import DEFAULTS


def _gunicorn_app(options: dict[str, Any], config: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    from plangraph.server import create_app

    class PlangraphServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return create_app(config)

    return PlangraphServer()


@click.command()
@store_option
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
              help="Query worker processes per web worker.")
@click.option("--service-allow", envvar="PLANGRAPH_SERVICE_ALLOW", default="", show_envvar=True,
              help="Space-separated SPARQL endpoints SERVICE may call.")
def serve(store_path: Path, base: str, host: str, port: int, workers: int, threads: int, update_token: str,
          query_timeout: float, max_rows: int, query_workers: int, service_allow: str) -> None:
    """Serve the store: SPARQL endpoint, Graph Store, linked data (see README for every setting)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="plangraph-metrics-"))
    config = {
        "PLANGRAPH_STORE": str(store_path), "PLANGRAPH_BASE": base, "PLANGRAPH_UPDATE_TOKEN": update_token,
        "PLANGRAPH_QUERY_TIMEOUT": query_timeout, "PLANGRAPH_MAX_ROWS": max_rows,
        "PLANGRAPH_QUERY_WORKERS": query_workers, "PLANGRAPH_SERVICE_ALLOW": service_allow,
    }
    options = {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
        # A request may wait for a query worker and then run to the query deadline.
        "timeout": int(query_timeout + DEFAULTS["PLANGRAPH_QUEUE_WAIT"] + 30), "graceful_timeout": 10,
        "accesslog": "-", "errorlog": "-", "loglevel": "info",
    }
    shown = "[::1]" if host == "::1" else host
    click.echo(f"plangraph serving {store_path} at http://{shown}:{port}/sparql "
               f"({'updates enabled' if update_token else 'read-only'})", err=True)
    _gunicorn_app(options, config).run()
