"""The subcommands. Each turns errors into a one-line message and an exit code, never a traceback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from plangraph.cli import health
from plangraph.cli.options import EngineLocation, base_option, engine_options, local_store, store_option
from plangraph.cli.report import Progress, print_prepared, print_problems, print_refused, print_report
from plangraph.cli.stats import collect_stats, format_stats
from plangraph.ingest.errors import IngestError, RefusedDocument
from plangraph.ingest.map.shapes_sparql import validate_quads
from plangraph.ingest.pipeline import Outcome, Prepared, Staged, Staging, expand_inputs, prepare_all, prepare_each
from plangraph.ingest.read.source import parse_size
from plangraph.ontology.errors import PlangraphError
from plangraph.ontology.iris import Minter
from plangraph.store import EXPORT_FORMATS, OxigraphStore, SnapshotStore, export_dataset, oxigraph
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


@contextmanager
def _bulk_chunk(quads: int | None) -> Iterator[None]:
    """Bulk loads of *quads* quads at once for the block (the staging and the store read the chunk when they load),
    then the size before: a command run in-process leaves nothing behind."""
    if quads is None:
        yield
        return
    before, oxigraph.BULK_CHUNK = oxigraph.BULK_CHUNK, quads
    try:
        yield
    finally:
        oxigraph.BULK_CHUNK = before


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@engine_options[0]
@engine_options[1]
@base_option
@click.option("--report", is_flag=True,
              help="Print a health line per document (what was read, codes not linked, lines not placed) and a "
                   "summary; refused documents do not stop the reading.")
@click.option("--details", is_flag=True, help="With --report: each document's full extraction report too.")
@click.option("--json", "as_json", is_flag=True, help="Print the health records and the summary as JSON.")
@click.option("--dry-run", is_flag=True, help="Read, map and validate; write nothing (the store is not opened).")
@click.option("--strict", is_flag=True,
              help="Refuse a document with a problem the report lists (no number or date, a table the parser "
                   "cannot read, a file that stops short) instead of ingesting what it could read.")
@click.option("--skip-refused", is_flag=True,
              help="Load the documents that were read even when others are refused (listed, with the reason).")
@click.option("--max-file-size", envvar="PLANGRAPH_MAX_FILE_SIZE", show_envvar=True, metavar="SIZE",
              help="Largest input file read, in bytes or with K/M/G (default 20M).")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; not recommended).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), envvar="PLANGRAPH_JOBS", show_envvar=True,
              help="Files read at once, one process each (default: the CPUs this process may use); the result is "
                   "that of reading them one by one.")
@click.option("--bulk-chunk", type=click.IntRange(min=1000), envvar="PLANGRAPH_BULK_CHUNK", show_envvar=True,
              metavar="QUADS", help="Quads loaded at once (default 200000): a batch holding more is loaded chunk by "
                                    "chunk while it is still read; smaller chunks use less memory, larger ones "
                                    "leave fewer files to compact.")
def ingest(paths: tuple[Path, ...], store_path: Path | EngineLocation, store_update_url: str, store_gsp_url: str,
           base: str, report: bool, details: bool, as_json: bool, dry_run: bool, strict: bool, skip_refused: bool,
           max_file_size: str | None, no_validate: bool, jobs: int | None, bulk_chunk: int | None) -> None:
    """Parse PATHS (files, or folders read recursively) and load each document as its own named graph, replaced
    atomically on re-ingest.

    Every file is read, mapped and validated before the store is opened: a refused file or a graph that does
    not conform, and nothing is written (unless --skip-refused). A real document is read as far as it can be:
    what is not placed is listed by --report, and --strict refuses it instead.

    \b
    Inputs (the format is told by content, else by suffix):
      .txt, .md    UTF-8 text: plain, TVPL markdown (pipe, GFM), Công báo PDF text
      .docx        Word: paragraphs and tables (merged cells kept)
      .pdf         PDF with a text layer: ruled tables, page headers dropped
      .html, .htm  saved page: site navigation, scripts dropped
      .tsv         a plan's task table, the document heading above it
    A converted file's text is the source text that line numbers refer to.
    """
    if max_file_size:
        try:
            os.environ["PLANGRAPH_MAX_FILE_SIZE"] = str(parse_size(max_file_size))
        except ValueError as exc:
            fail(f"--max-file-size: {exc}")
    files = expand_inputs(list(paths))
    if not files:
        fail("no input files given" if not paths else "no input files found in " + ", ".join(map(str, paths)))
    minter = _minter(base)
    reading = report or as_json or dry_run or skip_refused  # read every file whatever the others' fate
    root = paths[0] if len(paths) == 1 and paths[0].is_dir() else None
    jobs = jobs or len(os.sched_getaffinity(0))
    each = prepare_each(files, minter, validate=not no_validate, strict=strict, jobs=jobs)
    entries: list[dict[str, Any]] = []
    refused: list[Outcome] = []
    failing: list[tuple[str, str]] = []
    progress = Progress(len(files), quiet=report or as_json)
    local = store_path if isinstance(store_path, Path) else None
    snapshots = SnapshotStore(local) if local is not None and not dry_run else None
    with _bulk_chunk(bulk_chunk), Staging(local, snapshots=snapshots) as staging:
        for index, outcome in enumerate(each, start=1):
            entries.append(health.record(outcome, root))
            item = outcome.prepared
            if outcome.error is not None:
                if not reading:
                    progress.done()
                    fail(f"{outcome.error}\nnothing was written to the store")
                refused.append(outcome)
            elif item is not None and item.report and not item.report.conforms:
                failing.append((item.path.name, item.report.text()))
            elif item is not None and not dry_run:
                try:
                    staging.add(item)
                except OSError as exc:  # the store's disk is full or read-only: the load could not go on either
                    progress.done()
                    fail(f"cannot set {item.path.name} aside for loading beside the store ({io_reason(exc)}); "
                         "nothing was written and the store is as it was")
            if as_json:
                continue
            if report:
                click.echo(health.line(entries[-1]))
                if details and item is not None:
                    print_report(item)
                elif item is not None:
                    print_problems(item)
                elif details and isinstance(outcome.error, RefusedDocument):
                    print_refused(outcome.error.filename, outcome.error.doc, outcome.error.reason)
            else:
                progress.read(index, outcome)
        progress.done()
        figures = health.summary(entries)
        if as_json:
            click.echo(json.dumps({"documents": entries, "summary": figures}, ensure_ascii=False, indent=2))
        elif report:
            click.echo("\n".join(health.summary_lines(figures)))
        if failing and not report and not as_json:
            for name, text in failing:
                click.echo(f"{name}: {text}", err=True)
        if failing:
            fail("SHACL validation failed; nothing was written to the store", EXIT_NONCONFORMING)
        if refused and not skip_refused:
            first = refused[0].error
            fail(f"{len(refused)} file(s) refused, the first: {first}\n"
                 + ("nothing was written (--dry-run)" if dry_run else "nothing was written to the store"))
        read = len(files) - len(refused)
        if dry_run:
            click.echo(f"read {read} document(s); nothing was written (--dry-run)", err=True)
            return
        if not staging.items:
            fail("no document could be read; nothing was written to the store")
        progress.writing()
        # The snapshot written over stays on disk until this is done: its search index can be carried forward.
        previous = snapshots.pin() if snapshots is not None else None
        try:
            def loaded(i: int, item: Staged) -> None:
                progress.loaded(i, len(staging.items), item)

            results = staging.publish(loaded)  # loaded while it was read, when the batch was large
            if results is None:
                with _writer(store_path, store_update_url, store_gsp_url) as store:
                    results = staging.load(store, loaded)
            progress.done()
            if previous is not None and snapshots is not None:
                _carry_search_index_forward(snapshots)
        except PlangraphError as exc:
            progress.done()
            fail(str(exc))
            return
        finally:
            if previous is not None and snapshots is not None:
                previous.close()
                snapshots.collect_garbage()  # the snapshot written over, now that nothing here needs it
    for result in results[1:]:
        state = "unchanged" if not result.changed else ("replaced" if result.removed else "new")
        if not progress.live:
            click.echo(f"{result.graph}: {result.added or 'same'} quads ({state})", err=True)
    skipped = f"; {len(refused)} refused file(s) skipped" if refused else ""
    prepared = staging.items
    click.echo(f"ingested {len(prepared)} document(s) into {store_path}{skipped}", err=True)


def _carry_search_index_forward(snapshots: SnapshotStore) -> None:
    """The new snapshot's search index made from the previous one's when a server had built that (else the
    server builds it when it starts)."""
    from plangraph.server.search import SearchIndexError, carry_forward

    current = snapshots.current()
    try:
        stats = carry_forward(current.path) if current is not None else None
    except (OSError, SearchIndexError) as exc:  # advisory: the server builds it whole instead
        click.echo(f"search index not carried forward ({exc}); the server will build it", err=True)
        return
    if stats is not None:
        click.echo(f"search index brought up to date: {stats.entries} entries in {stats.seconds:.1f} s", err=True)


def _writer(location: Path | EngineLocation, update_url: str, gsp_url: str) -> Any:
    """The store a batch is written to: the embedded store's writer (one commit point), or an engine."""
    if isinstance(location, EngineLocation):
        from plangraph.store.remote import Endpoint, RemoteStore

        return RemoteStore(Endpoint.parse(location, update_url=update_url, gsp_url=gsp_url))
    return SnapshotStore(location).writer()


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="nquads", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
def export(store_path: Path, fmt: str, output: Path | None) -> None:
    """Write the whole dataset (every named graph) to stdout or a file."""
    with _read_store(local_store(store_path)) as store:
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
        with _read_store(local_store(store_path)) as store:
            reports = [(str(store_path), validate_quads(store.quads()))]
    for name, report in reports:
        click.echo(f"{name}: {report.text()}")
    if not all(report.conforms for _, report in reports):
        sys.exit(EXIT_NONCONFORMING)


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store_path: Path, as_json: bool) -> None:
    """Count what the store holds: documents, plans, tasks, agencies, citations, graphs."""
    with _read_store(local_store(store_path)) as store:
        figures = collect_stats(store)
    click.echo(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else format_stats(figures))
