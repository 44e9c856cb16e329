"""Which instrument codes printed in a document are not linked as citations, and why they might not be.

An instrument code is a number-symbol as the genre prints it (``40/2014/NĐ-CP``, ``317/QĐ-TTg``, ``57-NQ/TW``,
``08/VBHN-BTC``). Every such code in the document's text that lies outside every located citation (and is not
the document's own number, nor in page furniture) is listed, so the report shows what the citation reader
missed, and the health report can measure the share linked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from plangraph.ingest.blocks import Document
from plangraph.ingest.records import CitationMention, ParsedDocument, Subdivision, Unplaced

CODE = re.compile(r"(?<![\w/])\d{1,5}\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]*\d*"
                  r"(?:\s*-\s*[A-ZĐ][A-Za-zĐđ&]*\d*)*"
                  r"|(?<![\w/])\d{1,4}\s*-\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-Za-zĐđ]{1,6}\b")


def _units(units: Iterable[Subdivision]) -> Iterable[Subdivision]:
    for unit in units:
        yield unit
        yield from _units(unit.children)


def mentions(doc: ParsedDocument) -> list[CitationMention]:
    """Every citation the records hold, wherever it was read."""
    found = [*doc.bases, *doc.proposals, *doc.preamble_citations]
    found.extend(m for unit in _units(doc.units) for m in unit.citations)
    for attachment in doc.attachments:
        found.extend(m for unit in _units(attachment.units) for m in unit.citations)
    for plan in doc.plans:
        found.extend(m for task in plan.tasks for m in task.citations)
        found.extend(m for section in plan.sections for part in section.paragraphs for m in part.citations)
    return found


def unlinked_codes(doc: ParsedDocument, document: Document) -> list[Unplaced]:
    """The codes printed in the document's own text (header and furniture aside) that no citation covers."""
    text = document.text
    covered = sorted((m.loc.start, m.loc.end) for m in mentions(doc))
    skipped = sorted([f.span for f in document.furniture] + [(doc.header.loc.start, doc.header.loc.end)])
    own = doc.header.symbol.id_local.replace(" ", "")
    out = []
    for match in CODE.finditer(text):
        start, end = match.span()
        code = re.sub(r"\s+", "", match.group())
        if not re.search(r"[A-ZĐ]", code) or code == own:
            continue
        if any(a <= start < b for a, b in covered) or any(a <= start < b for a, b in skipped):
            continue
        out.append(Unplaced(document.source.line_of(start), code, "instrument code printed but not linked"))
    return out


def code_count(doc: ParsedDocument, document: Document) -> int:
    """How many codes the document prints in its own text (its own number, header and furniture aside)."""
    own = doc.header.symbol.id_local.replace(" ", "")
    skipped = sorted([f.span for f in document.furniture] + [(doc.header.loc.start, doc.header.loc.end)])
    count = 0
    for match in CODE.finditer(document.text):
        code = re.sub(r"\s+", "", match.group())
        if re.search(r"[A-ZĐ]", code) and code != own and not any(a <= match.start() < b for a, b in skipped):
            count += 1
    return count
