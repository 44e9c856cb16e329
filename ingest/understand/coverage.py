"""Which instrument codes printed in a document are not linked as citations, and why they might not be.

An instrument code is a number-symbol as the genre prints it (``40/2014/NĐ-CP``, ``317/QĐ-TTg``, ``57-NQ/TW``,
``08/VBHN-BTC``). Every such code in the document's text that lies outside every located citation (and is not
the document's own number, nor in page furniture) is listed, so the report shows what the citation reader
missed, and the health report can measure the share linked.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

from plangraph.ingest.blocks import Document
from plangraph.ingest.records import CitationMention, ParsedDocument, Subdivision, Unplaced
from plangraph.language.folding import latin
from plangraph.ontology.concepts import scheme

# A code starts with a digit that follows no letter, digit or slash. Written as a digit first and the look
# behind after it (``\d(?<![\w/]\d)`` is ``(?<![\w/])\d``), so the engine tries only where a digit is: the
# same matches, three times faster over a document.
CODE = re.compile(r"\d(?<![\w/]\d)\d{0,4}\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]*\d*"
                  r"(?:\s*-\s*[A-ZĐ][A-Za-zĐđ&]*\d*)*"
                  r"|\d(?<![\w/]\d)\d{0,3}\s*-\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-Za-zĐđ]{1,6}\b")


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
    for attachment in doc.attachments:
        found.extend(attachment.citations)
    for plan in doc.plans:
        found.extend(plan.citations)
        found.extend(m for task in plan.tasks for m in task.citations)
        found.extend(m for section in plan.sections for part in section.paragraphs for m in part.citations)
    return found


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """*spans* as sorted, disjoint intervals."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """True when offset *at* lies in one of *spans* (sorted and disjoint, see :func:`_merged`)."""
    index = bisect_right(spans, (at, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]


_FORM = re.compile(r"(?:mẫu|biểu|phụ lục|ký hiệu)(?:\s+số)?\s*$", re.IGNORECASE)


@cache
def _notations() -> frozenset[str]:
    """The notations an instrument's symbol is made of: document types (``NĐ``, ``QĐ``) and issuers (``CP``)."""
    return frozenset(n.upper() for name in ("doctype", "agency-kind") for c in scheme(name).values()
                     for n in c.notations)


def is_instrument_code(code: str, before: str = "") -> bool:
    """True when *code* numbers a legal instrument, not a form (``Mẫu số 01/TKN-CNKD``) or a standard's suffix
    (``QCVN 01-38:2018/BVTV``): some part of its symbol is a document type or an issuer (``UBND`` in a dispatch's
    ``4216/UBND-NC``).

    >>> is_instrument_code("40/2014/NĐ-CP"), is_instrument_code("57-NQ/TW"), is_instrument_code("4216/UBND-NC")
    (True, True, True)
    >>> is_instrument_code("01/TKN-CNKD"), is_instrument_code("02/PLIII"), is_instrument_code("1/UBND", "Mẫu số ")
    (False, False, False)
    """
    if _FORM.search(before) or before.rstrip().endswith(":"):
        return False
    parts = re.split(r"[/-]", code.upper())
    return any(part in _notations() or re.fullmatch(r"QH\d{1,2}", part) for part in parts[1:])


def _printed(doc: ParsedDocument, document: Document) -> list[tuple[int, str]]:
    """The codes the document prints in its own text (its own number, header and furniture aside): offset, code."""
    own = doc.header.symbol.id_local.replace(" ", "")
    skipped = _merged([f.span for f in document.furniture] + [(doc.header.loc.start, doc.header.loc.end)])
    found = []
    text = latin(document.text)
    for match in CODE.finditer(text):
        code = re.sub(r"\s+", "", match.group())
        before = text[max(0, match.start() - 20):match.start()]
        if re.search(r"[A-ZĐ]", code) and code != own and not _inside(skipped, match.start()) and \
                is_instrument_code(code, before):
            found.append((match.start(), code))
    return found


def code_coverage(doc: ParsedDocument, document: Document) -> tuple[list[Unplaced], int]:
    """The codes printed in the document's own text (header and furniture aside) that no citation covers, and how
    many it prints there: both from one scan of the text."""
    covered = _merged((m.loc.start, m.loc.end) for m in mentions(doc))
    printed = _printed(doc, document)
    return [Unplaced(document.source.line_of(start), code, "instrument code printed but not linked")
            for start, code in printed if not _inside(covered, start)], len(printed)
