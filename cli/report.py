"""Human-readable progress lines and per-document extraction reports."""

from __future__ import annotations

import click

from plangraph.ingest.pipeline import Prepared


def _counts(item: Prepared) -> dict[str, int]:
    doc = item.doc
    tasks = [task for plan in doc.plans for task in plan.tasks]
    agencies = {m.agency.key for t in tasks for m in t.leads + t.partners}
    return {
        "plans": len(doc.plans),
        "objectives": sum(len(p.objectives) for p in doc.plans),
        "targets": sum(len(o.targets) for p in doc.plans for o in p.objectives),
        "tasks": len(tasks),
        "agencies": len(agencies),
        "citations": len(doc.bases) + len(doc.proposals) + sum(len(t.citations) for t in tasks),
    }


def print_prepared(index: int, total: int, item: Prepared) -> None:
    counts = ", ".join(f"{value} {name}" for name, value in _counts(item).items())
    header = item.doc.header
    click.echo(f"[{index}/{total}] {item.path.name}: {header.symbol.id_local} ({header.date.isoformat()}): "
               f"{counts}", err=True)


def print_report(item: Prepared) -> None:
    doc = item.doc
    click.echo(f"== {item.path.name}")
    click.echo(f"document: {doc.header.doc_type} {doc.header.symbol.id_local}, {doc.header.date.isoformat()}, "
               f"issued by {doc.header.issuer.name.canonical}")
    click.echo(f"graph: {item.graph} ({len(item.quads)} quads)")
    for name, value in _counts(item).items():
        click.echo(f"  {name}: {value}")
    for plan in doc.plans:
        click.echo(f"  plan {plan.index}: {len(plan.objectives)} objectives, {len(plan.tasks)} tasks — {plan.title}")
    if item.report:
        click.echo("  " + item.report.text().replace("\n", "\n  "))
    if doc.unplaced:
        click.echo(f"  lines not placed ({len(doc.unplaced)}):")
        for line in doc.unplaced:
            click.echo(f"    {line.lineno}: {line.reason}: {line.text[:90]}")
    else:
        click.echo("  every line placed")
