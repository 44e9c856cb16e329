"""Parse one source text into a :class:`ParsedDocument`, or raise IngestError naming file and line."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from plangraph.ingest import chrome, signers
from plangraph.ingest.understand.citations import CitationContext
from plangraph.ingest.errors import RefusedDocument
from plangraph.ingest.header import parse_header
from plangraph.ingest.layout_detect import normalise
from plangraph.ingest.plans import PlanReader, is_annex_heading, is_plan_heading, section_role
from plangraph.ingest.preamble import is_recipients_heading, parse_body
from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.records import Header, ParsedDocument, Signature, Unplaced
from plangraph.ingest.text import strip_markdown
from plangraph.ingest.view import TextView
from plangraph.language.lexicon import PLAN_DOCTYPES


def parse_document(original: SourceDocument) -> ParsedDocument:
    source = normalise(original)
    header, body_start = parse_header(source)
    context = CitationContext(None if header.issuer.scope == "vn" else header.province, header.date)
    total = len(source.lines)
    doc = ParsedDocument(name=original.name, sha256=original.sha256, text=original.text,
                         line_count=len(original.lines), header=header, layout=source.layout,
                         furniture=dict(Counter(f.reason for f in source.furniture)),
                         original=original.original)
    consumed = set(range(1, body_start))
    parts = _parts(source, header, body_start)
    for first, last in parts.body:
        consumed |= _read_body(source, first, last, context, doc)
    for index, (first, last) in enumerate(parts.plans, start=1):
        title = (header.title or "", header.title_loc or header.loc) if parts.standalone else None
        reader = PlanReader(source, index, first, last, context, title=title, skip=frozenset(consumed),
                            preface=parts.preface if index == 1 else None)
        doc.plans.append(reader.read())
        consumed |= reader.consumed
        doc.unplaced.extend(reader.unplaced)
    doc.unplaced.extend(
        Unplaced(n, source.line(n).strip(), "not part of any recognised structure")
        for n in range(1, total + 1)
        if n not in consumed and strip_markdown(source.line(n))
    )
    _refuse_unread_tables(source, doc)
    _check_complete(source, doc)
    doc.signer_names = _resolve_signers(doc)
    doc.unplaced = [replace(u, lineno=source.original_line(u.lineno)) for u in doc.unplaced]
    doc.unplaced.extend(Unplaced(s.lineno, s.text, s.reason) for s in source.skipped)
    doc.unplaced = [replace(u, reason=chrome.REASON) if chrome.is_chrome(u.text) else u for u in doc.unplaced]
    doc.unplaced.sort(key=lambda u: u.lineno)
    return doc


@dataclass
class _Parts:
    """Logical line ranges: the decision's body (one or more pieces) and each plan."""

    body: list[tuple[int, int]]
    plans: list[tuple[int, int]]
    standalone: bool = False
    preface: tuple[int, int] | None = None  # the first plan's objectives, printed in the decision's article


def _parts(source: TextView, header: Header, body_start: int) -> _Parts:
    """Where the body and the plans are.

    A plan starts at a ``KẾ HOẠCH`` heading (the seed's attached plans). Without one, a document that is
    itself a plan (``552/KH-UBND``) is read as one plan from its first section heading, its closing block
    (Nơi nhận, signature) read as the body; a decision with an annex (``PHỤ LỤC``) holding the task table
    has that annex as its plan.
    """
    total = len(source.lines)
    headings = [n for n in range(body_start, total + 1) if is_plan_heading(source.line(n))]
    if headings:
        bounds = headings + [total + 1]
        return _Parts([(body_start, headings[0] - 1)], [(a, b - 1) for a, b in zip(bounds, bounds[1:], strict=False)])
    annexes = [n for n in range(body_start, total + 1) if is_annex_heading(source.line(n))]
    if header.doc_type in PLAN_DOCTYPES:
        sections = [n for n in range(body_start, total + 1) if section_role(source.line(n))]
        if sections:
            start = sections[0]
            closing = next((n for n in range(start, total + 1) if is_recipients_heading(source.line(n))), None)
            body = [(body_start, start - 1)]
            if closing:
                end = next((n - 1 for n in annexes if n > closing), total)
                body.append((closing, end))
            return _Parts(body, [(start, total)], standalone=True)
    if annexes:
        bounds = annexes + [total + 1]
        return _Parts([(body_start, annexes[0] - 1)], [(a, b - 1) for a, b in zip(bounds, bounds[1:], strict=False)],
                      preface=_objectives_in(source, body_start, annexes[0] - 1))
    return _Parts([(body_start, total)], [])


def _objectives_in(source: TextView, first: int, last: int) -> tuple[int, int] | None:
    """The objectives section (``II. MỤC TIÊU``) of a plan approved in the decision's own article, if any."""
    headings = [(n, section_role(source.line(n))) for n in range(first, last + 1)]
    headings = [(n, role) for n, role in headings if role]
    ends = [n - 1 for n, _ in headings[1:]] + [last]
    for (n, role), end in zip(headings, ends, strict=False):
        if role == "objectives":
            return n, end
    return None


def _read_body(source: TextView, first: int, last: int, context: CitationContext, doc: ParsedDocument) -> set[int]:
    body = parse_body(source, first, last, context)
    doc.bases.extend(body.bases)
    doc.proposals.extend(body.proposals)
    doc.proposer = doc.proposer or body.proposer
    doc.articles.extend(body.articles)
    doc.recipients.extend(body.recipients)
    doc.signature = doc.signature or body.signature
    return body.consumed


def _refuse_unread_tables(source: TextView, doc: ParsedDocument) -> None:
    """A table row the parser could not place means a table it does not understand: refuse the document
    rather than ingest half of it."""
    rows = [u for u in doc.unplaced if u.text.count("\t") >= 2 and u.reason.startswith("not part of")]
    if not rows:
        return
    for index, row in enumerate(doc.unplaced):
        if row in rows:
            doc.unplaced[index] = replace(row, reason="row of a table whose header is not a task-table header")
    first = source.original_line(rows[0].lineno)
    cells = " | ".join(c.strip() for c in source.line(rows[0].lineno).split("\t"))
    reason = (f"a table the parser cannot read ({len(rows)} rows; no task-table header such as "
              f"'STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian' above them): {cells[:100]}")
    doc.unplaced = [replace(u, lineno=source.original_line(u.lineno)) for u in doc.unplaced]
    raise RefusedDocument(source.name, first, reason, source.source.line(first).strip() or None, doc)


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


def _check_complete(source: TextView, doc: ParsedDocument) -> None:
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
            raise source.source.error(plan.loc.first_line, f"plan {plan.index} has neither objectives nor a task "
                                                    "table; the file may be truncated")
    if doc.plans:
        _check_last_row(source, doc)


def _check_last_row(source: TextView, doc: ParsedDocument) -> None:
    """A file that stops inside the last task table is truncated when the row is visibly incomplete
    (no lead, no readable period) or when every earlier plan was signed and this one is not."""
    plan = doc.plans[-1]
    if not plan.tasks or plan.signature is not None:
        return
    task = plan.tasks[-1]
    last_content = max(n for n, line in enumerate(source.source.lines, start=1) if line.strip())
    if task.loc.last_line < last_content:
        return
    cells = (task.text, task.period_text)
    incomplete = not task.leads or task.period is None or any(c.rstrip().endswith(("-", "–", ",")) for c in cells)
    others_signed = len(doc.plans) > 1 and all(p.signature is not None for p in doc.plans[:-1])
    if incomplete or others_signed:
        raise source.source.error(task.loc.last_line, f"truncated: the file ends inside the task table of plan "
                                               f"{plan.index} (task {task.number})")
