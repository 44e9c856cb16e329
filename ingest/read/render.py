"""What a format converter hands over — paragraphs and tables in reading order — as source text and blocks.

A converter (:mod:`.docx`, :mod:`.pdf`, :mod:`.html`, :mod:`.tsv`) reads paragraphs and tables
(:class:`XTable`: rows of :class:`XCell`, a cell spanning rows or columns given once with its spans).
:func:`render` writes the text the source view shows and every provenance line refers to — a paragraph on
a line; a data table one tab-separated line per row, the paragraphs of a cell joined on it (``; `` between
agency names, a space after punctuation); a two-column layout table (the quốc hiệu header, Nơi nhận beside
the signer) cell by cell, one line per paragraph — and, at the same time, the blocks over that text: the
tables as :class:`~plangraph.ingest.blocks.Table` with their cells, spans and paragraphs, so no table is
flattened and re-detected. A position covered by a spanning cell is left empty in the text: its value is
printed once, where the file has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plangraph.ingest.blocks import Cell, ContentBlock, Document, Furniture, Run, Table
from plangraph.ingest.read.classify import blocks_of, with_signatures
from plangraph.ingest.read.paragraphs import RawParagraph
from plangraph.ingest.read.source import OriginalFile, SourceDocument
from plangraph.language.columns import is_column_label

_SPACE = re.compile(r"\s+")
_ENDS_CLAUSE = (".", ";", ":", ",", "-", "–")


@dataclass(frozen=True)
class XCell:
    """A cell as the file has it: its paragraphs and how many rows and columns it spans."""

    paragraphs: tuple[str, ...]
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class XTable:
    """Rows of positions: the cell that starts there, or None where a spanning cell covers it."""

    rows: tuple[tuple[XCell | None, ...], ...]


Extracted = str | XTable


def squash(text: str) -> str:
    """One line: every run of white space (tabs and line breaks too) as one space."""
    return _SPACE.sub(" ", text).strip()


def cell_line(paragraphs: Sequence[str]) -> str:
    """The paragraphs of one data-table cell on one line.

    >>> cell_line(["Sở Nội vụ", "Sở Tài chính"]), cell_line(["Xây dựng đề án.", "Trình Ủy ban"])
    ('Sở Nội vụ; Sở Tài chính', 'Xây dựng đề án. Trình Ủy ban')
    """
    out = ""
    for piece in (squash(p) for p in paragraphs):
        if not piece:
            continue
        out = piece if not out else f"{out} {piece}" if out.endswith(_ENDS_CLAUSE) else f"{out}; {piece}"
    return out


def is_data_table(rows: Sequence[Sequence[XCell | None]]) -> bool:
    """A table of three or more columns, or one whose first row names its columns (``STT``, ``Nhiệm vụ``)."""
    if not rows:
        return False
    widest = max(len(row) for row in rows)
    first = [cell_line(c.paragraphs) for c in rows[0] if c is not None]
    return widest >= 3 or any(is_column_label(t) for t in first)


class _Writer:
    """Writes lines of text, remembering where each piece goes."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.length = 0

    def line(self, text: str) -> int:
        """Append a line; returns the offset where it starts."""
        start = self.length
        self.lines.append(text)
        self.length += len(text) + 1
        return start

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _data_table(writer: _Writer, table: XTable, pending: list[tuple[str, object]]) -> None:
    """Write the rows of a data table; *pending* collects (kind, payload) to build blocks from once the text
    exists."""
    cells: list[tuple[int, int, XCell, list[tuple[int, int]]]] = []
    row_spans: list[tuple[int, int]] = []
    n_cols = max(len(row) for row in table.rows)
    for row in table.rows:
        parts: list[str] = []
        located: list[tuple[int, XCell, list[tuple[int, int]], int]] = []
        position = 0
        for c, cell in enumerate(row):
            if c:
                position += 1  # the tab
            if cell is None:
                parts.append("")
                continue
            pieces: list[tuple[int, int]] = []
            text = ""
            for paragraph in (squash(p) for p in cell.paragraphs):
                if not paragraph:
                    continue
                if text:
                    text += " " if text.endswith(_ENDS_CLAUSE) else "; "
                pieces.append((position + len(text), position + len(text) + len(paragraph)))
                text += paragraph
            parts.append(text)
            located.append((c, cell, pieces, position))
            position += len(text)
        line = "\t".join(parts)
        if not line.strip():
            continue
        start = writer.line(line)
        row_spans.append((start, start + len(line.rstrip())))
        for c, cell, pieces, _ in located:
            cells.append((len(row_spans) - 1, c, cell, [(start + a, start + b) for a, b in pieces]))
    if row_spans:
        pending.append(("table", (cells, row_spans, n_cols)))


def render(extracted: Iterable[Extracted]) -> tuple[str, list[tuple[str, object]]]:
    """The source text of the converted file, and what to build its blocks from (see :func:`document`)."""
    writer = _Writer()
    pending: list[tuple[str, object]] = []
    tables = 0

    def blank() -> None:
        if writer.lines and writer.lines[-1]:
            writer.line("")

    for item in extracted:
        if isinstance(item, XTable):
            if not any(c is not None and any(squash(p) for p in c.paragraphs) for row in item.rows for c in row):
                continue
            blank()
            if is_data_table(item.rows):
                _data_table(writer, item, pending)
            else:
                tables += 1
                for r, row in enumerate(item.rows):
                    for c, cell in enumerate(row):
                        for paragraph in (squash(p) for p in (cell.paragraphs if cell else ())):
                            if paragraph:
                                start = writer.line(paragraph)
                                pending.append(("paragraph", (start, start + len(paragraph), (tables, r, c))))
            blank()
        elif squash(item):
            text = squash(item)
            start = writer.line(text)
            pending.append(("paragraph", (start, start + len(text), None)))
    while writer.lines and not writer.lines[-1]:
        writer.lines.pop()
    return writer.text(), pending


def document(name: str, extracted: Iterable[Extracted], original: OriginalFile | None, layout: str) -> Document:
    """Source text and blocks of a converted file."""
    text, pending = render(extracted)
    source = SourceDocument.from_text(name, text, original)
    blocks: list[ContentBlock] = []
    furniture: list[Furniture] = []
    for kind, payload in pending:
        if kind == "paragraph":
            start, end, cell = payload  # type: ignore[misc]
            run = Run.of(source.text, start, end)
            for block in blocks_of(RawParagraph(run, source.line_of(start), source.line_of(end)), cell=cell):
                (furniture if isinstance(block, Furniture) else blocks).append(block)  # type: ignore[arg-type]
        else:
            blocks.append(_table(source, payload))
    return Document(source, layout, with_signatures(blocks), furniture)


def _table(source: SourceDocument, payload: object) -> Table:
    cells_in, row_spans, n_cols = payload  # type: ignore[misc]
    cells = []
    for r, c, cell, pieces in cells_in:
        runs = tuple(Run.of(source.text, a, b) for a, b in pieces)
        span = (pieces[0][0], pieces[-1][1]) if pieces else None
        cells.append(Cell(r, c, runs, span, cell.row_span, cell.col_span, header=False))
    whole = (row_spans[0][0], row_spans[-1][1])
    return Table(Run(""), whole, tuple(cells), len(row_spans), n_cols, 0, (), tuple(row_spans))
