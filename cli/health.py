"""The corpus health report: one record per file — what was read, what was not — and a summary.

``plangraph ingest --report`` prints a record as one line; ``--json`` prints the records and the summary as
JSON for scripts. The figures are those a reader of the corpus asks first: was each document read, as what,
how much of it (subdivisions, tasks, leads, targets, citations), which instrument codes it prints without a
link, which lines were not placed, whether its graph conforms to the shapes, and how long it took.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from plangraph.ingest.pipeline import Outcome
from plangraph.ingest.records import ParsedDocument, Subdivision

UNLINKED_SHOWN = 6  # codes listed on a record's line; JSON lists them all


def _count_units(units: Iterable[Subdivision]) -> int:
    return sum(1 + _count_units(unit.children) for unit in units)


def figures(doc: ParsedDocument) -> dict[str, int]:
    """What was read from one document, counted."""
    tasks = [task for plan in doc.plans for task in plan.tasks]
    return {
        "subdivisions": _count_units(doc.units) + sum(1 + _count_units(a.units) for a in doc.attachments),
        "plans": len(doc.plans),
        "tasks": len(tasks),
        "leads": sum(len(task.leads) for task in tasks),
        "objectives": sum(len(plan.objectives) for plan in doc.plans),
        "targets": sum(len(o.targets) for plan in doc.plans for o in plan.objectives),
        "citations": _citations(doc),
        "codes": doc.codes,
        "unplaced": len(doc.unplaced),
    }


def _citations(doc: ParsedDocument) -> int:
    from plangraph.ingest.understand.coverage import mentions

    return len(mentions(doc))


def record(outcome: Outcome, root: Path | None = None) -> dict[str, Any]:
    """One file's record: its fate, and when it was read, what it is and what was read from it."""
    name = _shown(outcome.path, root)
    entry: dict[str, Any] = {"file": name, "seconds": round(outcome.seconds, 3)}
    if outcome.error is not None:
        entry.update(status="refused", line=outcome.error.lineno, reason=outcome.error.reason)
        return entry
    assert outcome.prepared is not None
    doc, report = outcome.prepared.doc, outcome.prepared.report
    header = doc.header
    violations = len(report.violations) if report is not None else None
    entry.update(
        status="read" if not violations else "nonconforming",
        layout=doc.layout,
        type=header.doc_type,
        number=header.symbol.id_local,
        issuer=header.symbol.issuer,
        issuer_name=header.issuer.name.canonical,
        date=header.date.isoformat() if header.date else None,
        graph=outcome.prepared.graph,
        **figures(doc),
        unlinked=[{"line": u.lineno, "code": u.text} for u in doc.unlinked],
        problems=[{"line": u.lineno, "reason": u.reason} for u in doc.problems],
        violations=violations,
    )
    return entry


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    return str(path)


def line(entry: dict[str, Any]) -> str:
    """A record as one line of text."""
    if entry["status"] == "refused":
        return f"refused  {entry['file']}:{entry['line']}: {entry['reason'].splitlines()[0]}"
    unlinked = entry["unlinked"]
    codes = ", ".join(u["code"] for u in unlinked[:UNLINKED_SHOWN]) + (" …" if len(unlinked) > UNLINKED_SHOWN else "")
    parts = [
        "read    " if entry["status"] == "read" else "SHACL ✗ ",
        entry["file"], entry["layout"], f"{entry['type']} {entry['number']}", entry["issuer"],
        entry["date"] or "no date",
        f"subdivisions {entry['subdivisions']}", f"tasks {entry['tasks']}", f"leads {entry['leads']}",
        f"targets {entry['targets']}", f"citations {entry['citations']}",
        f"unlinked {len(unlinked)}" + (f" ({codes})" if unlinked else ""),
        f"unplaced {entry['unplaced']}",
    ]
    if entry["problems"]:
        parts.append(f"problems {len(entry['problems'])}")
    if entry["violations"]:
        parts.append(f"violations {entry['violations']}")
    parts.append(f"{entry['seconds']:.2f} s")
    return "  ".join(parts)


def summary(entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures of a whole run."""
    read = [e for e in entries if e["status"] != "refused"]
    refused = Counter(_reason_kind(e["reason"]) for e in entries if e["status"] == "refused")
    seconds = [e["seconds"] for e in entries]
    codes = sum(e["codes"] for e in read)
    unlinked = sum(len(e["unlinked"]) for e in read)
    slowest = max(entries, key=lambda e: e["seconds"]) if entries else None
    return {
        "files": len(entries),
        "read": len(read),
        "refused": sum(refused.values()),
        "refused_by_reason": dict(refused.most_common()),
        "nonconforming": sum(1 for e in read if e["violations"]),
        "violations": sum(e["violations"] or 0 for e in read),
        "with_problems": sum(1 for e in read if e["problems"]),
        "tasks": sum(e["tasks"] for e in read),
        "citations": sum(e["citations"] for e in read),
        "codes": codes,
        "codes_linked": codes - unlinked,
        "codes_linked_share": round((codes - unlinked) / codes, 4) if codes else None,
        "unplaced": sum(e["unplaced"] for e in read),
        "seconds": round(sum(seconds), 2),
        "seconds_per_file_median": round(statistics.median(seconds), 3) if seconds else None,
        "seconds_per_file_mean": round(statistics.fmean(seconds), 3) if seconds else None,
        "slowest": {"file": slowest["file"], "seconds": slowest["seconds"]} if slowest else None,
    }


def _reason_kind(reason: str) -> str:
    """A refusal's reason without its particulars, to count refusals alike: the text before the first colon."""
    return reason.splitlines()[0].split(":")[0].split(" (")[0].strip()


def summary_lines(figures_: dict[str, Any]) -> list[str]:
    """The summary as lines of text."""
    out = [f"files {figures_['files']}: read {figures_['read']}, refused {figures_['refused']}"]
    for reason, count in figures_["refused_by_reason"].items():
        out.append(f"  refused {count} × {reason}")
    out.append(f"SHACL violations: {figures_['violations']} (in {figures_['nonconforming']} documents)")
    out.append(f"documents with problems --strict would refuse: {figures_['with_problems']}")
    if figures_["codes"]:
        out.append(f"instrument codes printed: {figures_['codes']}, linked as citations: {figures_['codes_linked']} "
                   f"({100 * figures_['codes_linked_share']:.1f} %)")
    out.append(f"tasks {figures_['tasks']}, citations {figures_['citations']}, lines not placed {figures_['unplaced']}")
    if figures_["files"]:
        slowest = figures_["slowest"]
        out.append(f"time {figures_['seconds']:.1f} s: {figures_['seconds_per_file_median']:.3f} s per file "
                   f"(median), {figures_['seconds_per_file_mean']:.3f} s (mean), slowest {slowest['seconds']:.2f} s "
                   f"({slowest['file']})")
    return out
