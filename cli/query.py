"""``plangraph query``: a catalogue query by name, a ``.rq`` file, or SPARQL text, printed as a table,
CSV or JSON. It reads the store's current snapshot, so it is safe next to a running server."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples

from plangraph.cli.options import local_store, store_option
from plangraph.queries import CatalogueError, ParameterError, SavedQuery, instruments, load_catalogue, load_query
from plangraph.store.oxigraph import StoreError
from plangraph.store.snapshots import SnapshotStore

NUMERIC = ("integer", "decimal", "double", "float", "int", "long")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype.value.rsplit("#", 1)[-1] in NUMERIC:
            try:
                number = float(term.value)
                return int(number) if number.is_integer() and "." not in term.value else number
            except ValueError:
                return term.value
        return term.value
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            _fail(f"--param takes NAME=VALUE, not {pair!r}")
        params[key] = value
    return params


def _resolve(target: str | None, file: Path | None) -> tuple[str, SavedQuery | None]:
    if file is not None:
        text = file.read_text(encoding="utf-8")
        if text.lstrip().startswith("#+"):
            try:
                saved = load_query(file)
            except CatalogueError as exc:
                _fail(str(exc))
                raise
            return saved.text, saved
        return text, None
    if target is None:
        _fail("give a query name, a SPARQL query, or --file FILE (see --list)")
        raise AssertionError
    catalogue = load_catalogue()
    if target in catalogue:
        return catalogue[target].text, catalogue[target]
    if " " not in target.strip():
        _fail(f"no catalogue query named {target!r}; 'plangraph query --list' shows them")
    return target, None


def _instrument_resolver(store: Any) -> Callable[[str], str]:
    """Reads an ``instrument`` parameter in any spelling (``nđ 40/2014``) against *store*, as the query API does."""
    def select(query: str) -> list[dict[str, str]]:
        result = store.query(query)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]

    return lambda spelling: instruments.resolve(spelling, select).id_local


def _rows(result: Any, limit: int) -> tuple[list[str], list[list[Any]]]:
    if isinstance(result, QueryBoolean):
        return ["result"], [[bool(result)]]
    if isinstance(result, QueryTriples):
        rows = []
        for index, triple in enumerate(result):
            if index >= limit:
                break
            rows.append([_value(triple.subject), _value(triple.predicate), _value(triple.object)])
        return ["subject", "predicate", "object"], rows
    assert isinstance(result, QuerySolutions)
    columns = [v.value for v in result.variables]
    rows = []
    for index, solution in enumerate(result):
        if index >= limit:
            break
        rows.append([_value(solution[c]) for c in columns])
    return columns, rows


def _print(columns: list[str], rows: list[list[Any]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    else:
        shown = [["" if v is None else str(v) for v in row] for row in rows]
        widths = [min(60, max([len(c)] + [len(r[i]) for r in shown])) for i, c in enumerate(columns)]

        def line(cells: list[str]) -> str:
            fitted = (c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True))
            return "  ".join(c.ljust(w) for c, w in zip(fitted, widths, strict=True))

        click.echo(line(columns))
        click.echo("  ".join("-" * w for w in widths))
        for row in shown:
            click.echo(line(row).rstrip())
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


@click.command()
@click.argument("target", required=False)
@store_option
@click.option("--file", "file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read the query from a .rq file (catalogue metadata allowed).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of a catalogue query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=1000, show_default=True, help="Most rows to print.")
@click.option("--list", "list_queries", is_flag=True, help="List the catalogue queries and exit.")
def query(target: str | None, store_path: Path, file: Path | None, params: tuple[str, ...], fmt: str, limit: int,
          list_queries: bool) -> None:
    """Run TARGET: a catalogue query name, or SPARQL text; or --file q.rq."""
    if list_queries:
        for saved in load_catalogue().values():
            args = " ".join(f"--param {p.name}=…" for p in saved.params)
            click.echo(f"{saved.name:28} {saved.title_en}  {args}".rstrip())
        return
    text, saved = _resolve(target, file)
    given = _parse_params(params)
    if given and saved is None:
        _fail("--param applies to catalogue queries (or .rq files with #+ metadata)")
    try:
        with SnapshotStore(local_store(store_path)).reading() as store:
            try:
                bindings = saved.bindings(given, resolve=_instrument_resolver(store)) if saved else {}
            except ParameterError as exc:
                _fail(str(exc))
                return
            result = store.query(text, substitutions=bindings or None)
            columns, rows = _rows(result, limit)
    except StoreError as exc:
        _fail(str(exc))
        return
    except SyntaxError as exc:
        _fail(f"SPARQL syntax error: {exc}")
        return
    _print(columns, rows, fmt)
