"""Human-readable progress lines and per-document extraction reports."""

from __future__ import annotations

import sys
from time import perf_counter

import click

from plangraph.cli.health import figures
from plangraph.ingest.pipeline import Outcome, Prepared, Staged
from plangraph.ingest.records import ParsedDocument

LAYOUTS = {
    "plain": "one line per paragraph, tab-separated tables",
    "pipe": "TVPL vertical-pipe markdown, one table cell per line",
    "gfm": "GitHub-flavoured markdown tables",
    "congbao": "Công báo PDF text layer",
}


def counts(doc: ParsedDocument) -> dict[str, int]:
    found = figures(doc)
    tasks = [task for plan in doc.plans for task in plan.tasks]
    return {
        "plans": found["plans"], "objectives": found["objectives"], "targets": found["targets"],
        "tasks": found["tasks"], "agencies": len({m.agency.key for t in tasks for m in t.leads + t.partners}),
        "citations": found["citations"], "subdivisions": found["subdivisions"],
    }


def _date(doc: ParsedDocument) -> str:
    return doc.header.date.isoformat() if doc.header.date else "no date"


def print_prepared(index: int, total: int, item: Prepared) -> None:
    figures = ", ".join(f"{value} {name}" for name, value in counts(item.doc).items())
    header = item.doc.header
    click.echo(f"[{index}/{total}] {item.path.name}: {header.symbol.id_local} ({_date(item.doc)}): "
               f"{figures}", err=True)
    print_problems(item, err=True)


def print_problems(item: Prepared, *, err: bool = False) -> None:
    """What a document lacks or where it was cut, read anyway; ``--strict`` would refuse it for these."""
    for problem in sorted(item.doc.problems, key=lambda u: u.lineno):
        click.echo(f"    problem {item.path.name}:{problem.lineno}: {problem.reason} (read anyway; --strict refuses)",
                   err=err)


def print_report(item: Prepared) -> None:
    click.echo(f"== {item.path.name}")
    _print_document(item.doc)
    click.echo(f"graph: {item.graph} ({item.count} quads)")
    _print_extraction(item.doc)
    if item.report:
        click.echo("  " + item.report.text().replace("\n", "\n  "))
    _print_unplaced(item.doc)


def print_refused(name: str, doc: ParsedDocument, reason: str) -> None:
    """The report of a document read to the end but refused: what was read, and why nothing is written."""
    click.echo(f"== {name} (refused)")
    _print_document(doc)
    click.echo(f"refused: {reason}")
    _print_extraction(doc)
    _print_unplaced(doc)


def _print_document(doc: ParsedDocument) -> None:
    click.echo(f"document: {doc.header.doc_type} {doc.header.symbol.id_local}, {_date(doc)}, "
               f"issued by {doc.header.issuer.name.canonical}")
    if doc.original:
        click.echo(f"converted from: {doc.original.media_type}, sha256 {doc.original.sha256[:16]}…; "
                   f"line numbers are those of the extracted text")
    click.echo(f"layout: {doc.layout} ({LAYOUTS.get(doc.layout, doc.layout)})")


def _print_extraction(doc: ParsedDocument) -> None:
    for name, value in counts(doc).items():
        click.echo(f"  {name}: {value}")
    for plan in doc.plans:
        groups = f", {len(plan.groups)} groups" if plan.groups else ""
        click.echo(f"  plan {plan.index}: {len(plan.objectives)} objectives, {len(plan.tasks)} tasks{groups} — "
                   f"{plan.title}")
        for section in plan.sections:
            number = f"{section.number}. " if section.number else ""
            last = section.paragraphs[-1].loc.last_line if section.paragraphs else section.loc.last_line
            click.echo(f"    kept as text: {number}{section.heading[:60]} ({len(section.paragraphs)} paragraphs, "
                       f"lines {section.loc.first_line}–{last})")


def _print_unplaced(doc: ParsedDocument) -> None:
    if doc.furniture:
        parts = ", ".join(f"{count} × {reason}" for reason, count in doc.furniture.items())
        click.echo(f"  page furniture left out: {parts}")
    if doc.unplaced:
        click.echo(f"  lines not placed ({len(doc.unplaced)}):")
        for line in doc.unplaced:
            click.echo(f"    {line.lineno}: {line.reason}: {line.text.replace(chr(9), ' | ')[:90]}")
    else:
        click.echo("  every line placed")


class Progress:
    """What an ingest is doing. On a terminal, one line rewritten in place — documents read and written, their
    rate, quads per second, the time left; otherwise (a pipe, a log) a line per document."""

    def __init__(self, total: int, *, quiet: bool = False) -> None:
        self.total = total
        self.quiet = quiet
        self.live = not quiet and sys.stderr.isatty()
        self.started = perf_counter()
        self.quads = 0
        self._shown = False

    def _line(self, verb: str, index: int, total: int, name: str) -> None:
        elapsed = max(perf_counter() - self.started, 1e-9)
        rate = index / elapsed
        left = (total - index) / rate if rate else 0.0
        text = (f"{verb} [{index}/{total}] {100 * index // max(total, 1)} %  {rate:.1f} documents/s  "
                f"{self.quads / elapsed:,.0f} quads/s  {int(left) // 60}:{int(left) % 60:02d} left  {name}")
        click.echo("\r\x1b[2K" + text[:150], nl=False, err=True)
        self._shown = True

    def read(self, index: int, outcome: Outcome) -> None:
        if self.quiet:
            return
        if outcome.prepared is not None:
            self.quads += outcome.prepared.count
        if not self.live:
            if outcome.prepared is not None:
                print_prepared(index, self.total, outcome.prepared)
            else:
                click.echo(f"[{index}/{self.total}] refused: {outcome.error}", err=True)
            return
        if outcome.prepared is None or outcome.prepared.doc.problems:
            self.done()
            if outcome.prepared is None:
                click.echo(f"[{index}/{self.total}] refused: {outcome.error}", err=True)
            else:
                print_problems(outcome.prepared, err=True)
        self._line("reading", index, self.total, outcome.path.name)

    def writing(self) -> None:
        """The batch is read; from here the rates are those of writing it."""
        self.started, self.quads = perf_counter(), 0

    def loaded(self, index: int, total: int, staged: Staged) -> None:
        self.quads += staged.quads
        if self.live:
            self._line("writing", index, total, staged.path.name)

    def done(self) -> None:
        if self._shown:
            click.echo("", err=True)
            self._shown = False
