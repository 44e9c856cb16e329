"""Parse one source text into a :class:`ParsedDocument`, or raise IngestError naming file and line."""

from __future__ import annotations

from collections import defaultdict

from plangraph.ingest import signers
from plangraph.ingest.citations import CitationContext
from plangraph.ingest.header import parse_header
from plangraph.ingest.plans import PlanReader, is_plan_heading
from plangraph.ingest.preamble import parse_body
from plangraph.ingest.records import ParsedDocument, Signature, Unplaced
from plangraph.ingest.source import SourceDocument
from plangraph.ingest.text import strip_markdown


def parse_document(source: SourceDocument) -> ParsedDocument:
    header, body_start = parse_header(source)
    context = CitationContext(None if header.issuer.scope == "vn" else header.issuer.scope)
    total = len(source.lines)
    plan_starts = [n for n in range(body_start, total + 1) if is_plan_heading(source.line(n))]
    body_end = plan_starts[0] - 1 if plan_starts else total
    body = parse_body(source, body_start, body_end, context)
    doc = ParsedDocument(
        name=source.name, sha256=source.sha256, text=source.text, line_count=total, header=header,
        bases=body.bases, proposals=body.proposals, proposer=body.proposer, articles=body.articles,
        recipients=body.recipients, signature=body.signature,
    )
    consumed = set(range(1, body_start)) | body.consumed
    for index, first in enumerate(plan_starts, start=1):
        last = plan_starts[index] - 1 if index < len(plan_starts) else total
        reader = PlanReader(source, index, first, last, context)
        doc.plans.append(reader.read())
        consumed |= reader.consumed
        doc.unplaced.extend(reader.unplaced)
    _check_complete(source, doc)
    doc.signer_names = _resolve_signers(doc)
    doc.unplaced.extend(
        Unplaced(n, source.line(n).strip(), "not part of any recognised structure")
        for n in range(1, total + 1)
        if n not in consumed and strip_markdown(source.line(n)) and not _is_placed(doc, n)
    )
    doc.unplaced.sort(key=lambda u: u.lineno)
    return doc


def _is_placed(doc: ParsedDocument, lineno: int) -> bool:
    return any(s.loc.first_line <= lineno <= s.loc.last_line for s in _signatures(doc))


def _signatures(doc: ParsedDocument) -> list[Signature]:
    found = [doc.signature] + [plan.signature for plan in doc.plans]
    return [s for s in found if s is not None]


def _resolve_signers(doc: ParsedDocument) -> dict[str, str]:
    by_role: dict[str | None, list[str]] = defaultdict(list)
    for signature in _signatures(doc):
        by_role[signature.role].append(signature.name)
    resolved: dict[str, str] = {}
    for names in by_role.values():
        resolved.update(signers.resolve_names(names))
    return resolved


def _check_complete(source: SourceDocument, doc: ParsedDocument) -> None:
    """Refuse documents that stop short: the file is likely truncated or not of this genre."""
    last = len(source.lines)
    if doc.header.doc_type == "quyet-dinh":
        if not doc.articles:
            raise source.error(last, "truncated or not a decision: no article ('Điều 1. …') after the header")
        if doc.signature is None:
            raise source.error(last, "truncated: the decision ends without a signature block "
                                     "('TM. … / KT. … / name')")
    for plan in doc.plans:
        if not plan.tasks and not plan.objectives:
            raise source.error(plan.loc.first_line, f"plan {plan.index} has neither objectives nor a task "
                                                    "table; the file may be truncated")
    if doc.plans:
        _check_last_row(source, doc)


def _check_last_row(source: SourceDocument, doc: ParsedDocument) -> None:
    """A file that stops inside the last task table is truncated when the row is visibly incomplete
    (no lead, no readable period) or when every earlier plan was signed and this one is not."""
    plan = doc.plans[-1]
    if not plan.tasks or plan.signature is not None:
        return
    task = plan.tasks[-1]
    last_content = max(n for n, line in enumerate(source.lines, start=1) if line.strip())
    if task.loc.last_line < last_content:
        return
    cells = (task.text, task.period_text)
    incomplete = not task.leads or task.period is None or any(c.rstrip().endswith(("-", "–", ",")) for c in cells)
    others_signed = len(doc.plans) > 1 and all(p.signature is not None for p in doc.plans[:-1])
    if incomplete or others_signed:
        raise source.error(task.loc.last_line, f"truncated: the file ends inside the task table of plan "
                                               f"{plan.index} (task {task.number})")
