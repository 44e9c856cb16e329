"""The subcommands. Each turns errors into a one-line message and an exit code, never a traceback."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from plangraph.cli.options import base_option, store_option
from plangraph.cli.report import print_prepared, print_refused, print_report
from plangraph.cli.stats import collect_stats, format_stats
from plangraph.ingest.errors import IngestError, RefusedDocument
from plangraph.ingest.map.validate import to_rdflib, validate_graph
from plangraph.ingest.pipeline import Prepared, load, prepare_all
from plangraph.ontology.errors import PlangraphError
from plangraph.ontology.iris import Minter
from plangraph.store import EXPORT_FORMATS, OxigraphStore, SnapshotStore, export_dataset
from plangraph.store.snapshots import io_reason

EXIT_NONCONFORMING = 1
EXIT_BAD_INPUT = 2

files_argument = click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def _read_store(path: Path) -> Iterator[OxigraphStore]:
    """The store's current snapshot — what the server serves — pinned for the command."""
    try:
        with SnapshotStore(path).reading() as store:
            yield store
    except PlangraphError as exc:
        fail(str(exc))


def _minter(base: str) -> Minter:
    try:
        return Minter(base)
    except ValueError as exc:
        fail(str(exc))
        raise


def _prepare(files: tuple[Path, ...], base: str, *, validate: bool, report: bool = False) -> list[Prepared]:
    if not files:
        fail("no input files given")
    total = len(files)

    def progress(index: int, item: Prepared) -> None:
        print_prepared(index, total, item)

    try:
        return prepare_all(list(files), _minter(base), validate=validate, progress=progress)
    except IngestError as exc:
        if report and isinstance(exc, RefusedDocument):
            print_refused(exc.filename, exc.doc, exc.reason)
        fail(f"{exc}\nnothing was written to the store")
        raise


@click.command()
@files_argument
@store_option
@base_option
@click.option("--report", is_flag=True, help="Print, per document, what was extracted and every unplaced line.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; not recommended).")
def ingest(files: tuple[Path, ...], store_path: Path, base: str, report: bool, no_validate: bool) -> None:
    """Parse FILES and load each document as its own named graph (replaced atomically on re-ingest).

    All files are parsed and validated before the store is opened: one bad file and nothing is written.

    \b
    Inputs (the format is told by content, else by suffix):
      .txt, .md    UTF-8 text: plain, TVPL markdown (pipe, GFM)
      .docx        Word: paragraphs and tables (merged cells kept)
      .pdf         PDF with a text layer: ruled tables, page headers dropped
      .html, .htm  saved page: site navigation, scripts dropped
      .tsv         a plan's task table, the document heading above it
    A converted file's text is the source text that line numbers refer to.
    """
    prepared = _prepare(files, base, validate=not no_validate, report=report)
    if report:
        for item in prepared:
            print_report(item)
    failing = [item for item in prepared if item.report and not item.report.conforms]
    if failing:
        for item in failing:
            click.echo(f"{item.path.name}: {item.report.text() if item.report else ''}", err=True)
        fail("SHACL validation failed; nothing was written to the store", EXIT_NONCONFORMING)
    try:
        with SnapshotStore(store_path).writer() as store:
            results = load(store, prepared)
    except PlangraphError as exc:
        fail(str(exc))
        return
    for result in results[1:]:
        state = "unchanged" if not result.changed else ("replaced" if result.removed else "new")
        click.echo(f"{result.graph}: {result.added or 'same'} quads ({state})", err=True)
    click.echo(f"ingested {len(prepared)} document(s) into {store_path}", err=True)


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="nquads", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
def export(store_path: Path, fmt: str, output: Path | None) -> None:
    """Write the whole dataset (every named graph) to stdout or a file."""
    with _read_store(store_path) as store:
        try:
            if output is None:
                export_dataset(store, sys.stdout.buffer, fmt)
                return
            with output.open("wb") as handle:
                count = export_dataset(store, handle, fmt)
        except OSError as exc:  # a full disk, a closed pipe: the reason, not a traceback
            fail(f"cannot write {output or 'the output'}: {io_reason(exc)}")
    click.echo(f"wrote {count} statements to {output}", err=True)


@click.command()
@files_argument
@store_option
@base_option
def validate(files: tuple[Path, ...], store_path: Path, base: str) -> None:
    """Validate FILES (parsed, not loaded) or, without FILES, the whole store against the SHACL shapes."""
    if files:
        prepared = _prepare(files, base, validate=True)
        reports = [(item.path.name, item.report) for item in prepared if item.report]
    else:
        with _read_store(store_path) as store:
            reports = [(str(store_path), validate_graph(to_rdflib(store.quads())))]
    for name, report in reports:
        click.echo(f"{name}: {report.text()}")
    if not all(report.conforms for _, report in reports):
        sys.exit(EXIT_NONCONFORMING)


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store_path: Path, as_json: bool) -> None:
    """Count what the store holds: documents, plans, tasks, agencies, citations, graphs."""
    with _read_store(store_path) as store:
        figures = collect_stats(store)
    click.echo(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else format_stats(figures))
