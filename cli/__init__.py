"""The ``plangraph`` command: ingest, export, validate, stats.

Exit codes: 0 success, 1 the data does not conform to the shapes, 2 bad input or usage.
"""

from __future__ import annotations

import click

from plangraph.cli.commands import export, ingest, stats, validate
from plangraph.cli.query import query
from plangraph.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="plangraph")
def main() -> None:
    """Knowledge graph of Vietnamese government plans: decisions, plans, tasks, agencies, citations."""


for command in (ingest, export, validate, stats, serve, query):
    main.add_command(command)
