"""Options shared by the subcommands."""

from __future__ import annotations

from pathlib import Path

import click

from plangraph.ontology.iris import DEFAULT_BASE

DEFAULT_STORE = Path("data/store")

class EngineLocation(str):
    """A ``--store`` that names an external SPARQL engine (``sparql+http://host:port/query``)."""


class StoreLocation(click.ParamType):
    """A folder (the embedded store) or, for the commands that can use one, an engine's query endpoint."""

    name = "FOLDER|sparql+URL"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Path | EngineLocation:
        from plangraph.store.remote import is_endpoint

        if isinstance(value, (Path, EngineLocation)):
            return value
        text = str(value)
        if is_endpoint(text):
            return EngineLocation(text)
        path = Path(text)
        if path.exists() and not path.is_dir():
            self.fail(f"{text} is a file, not a store folder", param, ctx)
        return path


def local_store(location: Path | EngineLocation) -> Path:
    """The folder of an embedded store; a clear error for a command that cannot use an external engine."""
    if isinstance(location, EngineLocation):
        raise click.UsageError(f"--store {location}: this command works on a local store folder; an external "
                               "engine is written by 'plangraph ingest' and read with its own endpoint")
    return location


store_option = click.option(
    "--store", "store_path", type=StoreLocation(), envvar="PLANGRAPH_STORE",
    default=DEFAULT_STORE, show_default=True, show_envvar=True,
    help="Directory of the on-disk graph store (for ingest, also an external engine: sparql+http://host:port/query).",
)
engine_options = [
    click.option("--store-update-url", envvar="PLANGRAPH_STORE_UPDATE_URL", default="", show_envvar=True,
                 help="With --store sparql+URL: the engine's SPARQL Update endpoint."),
    click.option("--store-gsp-url", envvar="PLANGRAPH_STORE_GSP_URL", default="", show_envvar=True,
                 help="With --store sparql+URL: the engine's Graph Store Protocol endpoint (preferred for writes)."),
]
base_option = click.option(
    "--base", envvar="PLANGRAPH_BASE", default=DEFAULT_BASE, show_default=True, show_envvar=True,
    help="Base IRI under which documents, agencies and other resources are minted.",
)
