"""Shape D: GitHub-flavoured markdown made from a TVPL page (one paragraph per line, ``| … |`` tables).

Normalised view:

* lines before the quốc hiệu header table (a ``*Source: …*`` note, a heading the crawler took from
  another page) are set aside as crawler debris and reported, never read as the document's title;
* a table of three or more columns, or one whose first row is a task-table header, becomes one
  tab-separated logical line per row (the ``|---|`` rule row is layout and dropped);
* the cells of a two-column layout table (header, Nơi nhận/signer) are flattened onto one line by the
  converter; they are cut back into logical lines at dash rules, list items, signing-authority marks
  (``KT.``), a post name and the signer's name.
"""

from __future__ import annotations

import re

from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.tables import header_roles
from plangraph.ingest.view import LineBuilder, Skipped, TextView, ViewLine
from plangraph.language.folding import fold
from plangraph.ontology.concepts import by_label

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADER_CELL = re.compile(r"\bSố\s*:|CỘNG HÒA", re.IGNORECASE)
_CUTS = re.compile(
    r"\s*-{3,}\s*"  # a dash rule under a heading
    r"|(?<=[:;.])\s+(?=[-–+•]\s)"  # before a list item
    r"|\s+(?=(?:TM|KT|Q|TL|TUQ)\s*\.\s)"  # before a signing-authority mark
    r"|(?<=[A-ZĐÀ-Ỹ])\s+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}\s*$)"  # before the signer's name
)
HEADER_WINDOW = 15


def cell_spans(line: str) -> list[tuple[int, int]]:
    """Character spans [start, end) of the trimmed cells of one ``| a | b |`` row."""
    bars = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    spans = []
    for left, right in zip(bars, bars[1:], strict=False):
        raw = line[left + 1:right]
        start = left + 1 + len(raw) - len(raw.lstrip())
        end = right - (len(raw) - len(raw.rstrip()))
        spans.append((start, max(start, end)))
    return spans


def _role_cut(text: str) -> int | None:
    """Where a post name (``PHÓ CHỦ TỊCH``) that ends an upper-case piece starts, if something precedes it."""
    folded = fold(text)
    for label in sorted(by_label("role"), key=len, reverse=True):
        if text.isupper() and folded.endswith(" " + label) and len(folded) > len(label) + 1:
            return len(text) - len(label)
    return None


def pieces(text: str) -> list[tuple[int, int]]:
    """Spans of the logical lines of one flattened layout cell."""
    spans, position = [], 0
    for cut in _CUTS.finditer(text):
        spans.append((position, cut.start()))
        position = cut.end()
    spans.append((position, len(text)))
    out = []
    for start, end in spans:
        if start >= end:
            continue
        cut = _role_cut(text[start:end])
        out.extend([(start, start + cut - 1), (start + cut, end)] if cut else [(start, end)])
    return out


def _row_line(source: SourceDocument, lineno: int) -> ViewLine:
    builder = LineBuilder(source)
    line, base = source.line(lineno), source.offsets[lineno - 1]
    for index, (start, end) in enumerate(cell_spans(line)):
        if index:
            builder.chars.append("\t")
            builder.origins.append(base + start - 1)
        builder.original(lineno, start, end)
    return builder.build(lineno)


def _cell_lines(source: SourceDocument, lineno: int) -> list[ViewLine]:
    line = source.line(lineno)
    out = []
    for start, end in cell_spans(line):
        for a, b in pieces(line[start:end]):
            out.append(LineBuilder(source).original(lineno, start + a, start + b).build(lineno))
    return out


def _table(source: SourceDocument, rows: list[int]) -> list[ViewLine]:
    tabular = [_row_line(source, n) for n in rows]
    widest = max(len(cell_spans(source.line(n))) for n in rows)
    if header_roles(tabular[0].text) or widest >= 3:
        return tabular
    return [piece for n in rows for piece in _cell_lines(source, n)]


def _cut_off(source: SourceDocument, header: int, lineno: int) -> str:
    """Why a row that opens with ``|`` but never closes is not read: the page was cut inside the table."""
    cells, expected = source.line(lineno).count("|"), len(cell_spans(source.line(header)))
    return (f"cut-off table row: {cells - 1} of {expected} cells complete, the row ends without its closing '|' "
            "(the page stops inside the table), not read")


def _debris(source: SourceDocument) -> int:
    """The number of leading lines that come before the header table (0 when there is no such table)."""
    for lineno, line in enumerate(source.lines[:HEADER_WINDOW], start=1):
        if _ROW.match(line) and _HEADER_CELL.search(line):
            return lineno - 1
    return 0


def normalise(source: SourceDocument) -> TextView:
    entries: list[ViewLine] = []
    skipped = [Skipped(n, source.line(n).strip(), "before the document's header table: crawler or site text "
                                                 "(a source note, another page's heading), not read")
               for n in range(1, _debris(source) + 1) if source.line(n).strip()]
    lineno, total = _debris(source) + 1, len(source.lines)
    while lineno <= total:
        if _ROW.match(source.line(lineno)) or _RULE.match(source.line(lineno)):
            rows = []
            while lineno <= total and (_ROW.match(source.line(lineno)) or _RULE.match(source.line(lineno))):
                if not _RULE.match(source.line(lineno)):
                    rows.append(lineno)
                lineno += 1
            entries.extend(_table(source, rows) if rows else [])
            if rows and lineno <= total and source.line(lineno).lstrip().startswith("|"):
                skipped.append(Skipped(lineno, source.line(lineno).strip(), _cut_off(source, rows[0], lineno)))
                lineno += 1
            continue
        entries.append(LineBuilder(source).stripped(lineno).build(lineno))
        lineno += 1
    return TextView(source, "gfm", entries, skipped)
