"""Options shared by the subcommands."""

from __future__ import annotations

from pathlib import Path

import click

from plangraph.ontology.iris import DEFAULT_BASE

DEFAULT_STORE = Path("data/store")

store_option = click.option(
    "--store", "store_path", type=click.Path(file_okay=False, path_type=Path), envvar="PLANGRAPH_STORE",
    default=DEFAULT_STORE, show_default=True, show_envvar=True,
    help="Directory of the on-disk graph store.",
)
base_option = click.option(
    "--base", envvar="PLANGRAPH_BASE", default=DEFAULT_BASE, show_default=True, show_envvar=True,
    help="Base IRI under which documents, agencies and other resources are minted.",
)
