"""The ``plangraph`` command: ingest, export, validate, stats, serve, query.

Exit codes: 0 success, 1 the data does not conform to the shapes, 2 bad input or usage.

Each command's module is imported when that command runs, not when this module is: the query workers of
``plangraph serve`` are started by multiprocessing, which imports the main script (this module) again in every
worker, and a worker needs none of the commands.
"""

from __future__ import annotations

import importlib

import click

# command name -> "module:attribute"
COMMANDS = {
    "ingest": "plangraph.cli.commands:ingest",
    "export": "plangraph.cli.commands:export",
    "validate": "plangraph.cli.commands:validate",
    "stats": "plangraph.cli.commands:stats",
    "serve": "plangraph.cli.serve:serve",
    "query": "plangraph.cli.query:query",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="plangraph")
def main() -> None:
    """Knowledge graph of Vietnamese government plans: decisions, plans, tasks, agencies, citations."""
