"""What a format converter hands the pipeline: the document's blocks in reading order, rendered as text.

A converter (``format_docx``, ``format_pdf``, ``format_html``, ``format_tsv``) reads paragraphs and tables;
:func:`render` turns them into the text the ``plain`` layout reads, and that text becomes the source text
every provenance line number refers to:

* a paragraph is one line;
* a data table (a task-table header, or three or more columns) is one tab-separated line per row; the
  paragraphs of one cell are joined on that line (``; `` between agency names, a space after punctuation);
* a two-column layout table (the quốc hiệu header, Nơi nhận beside the signer) is read cell by cell,
  left to right, one line per paragraph, as the page shows it.

Merged cells: a vertically merged cell's value is repeated in every row it spans, because a task row
without its own lead would read as a task with no lead (or, without a number, as the continuation of the
row above); a horizontally merged cell is one cell, its text in its first column and the columns it
covers left empty, so every later cell stays under its header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plangraph.ingest.tables import header_roles

_SPACE = re.compile(r"\s+")
_ENDS_CLAUSE = (".", ";", ":", ",", "-", "–")


@dataclass(frozen=True)
class Table:
    """Rows of cells, each cell its paragraphs."""

    rows: tuple[tuple[tuple[str, ...], ...], ...]


Block = str | Table


def squash(text: str) -> str:
    """One line: every run of white space (tabs and line breaks too) as one space."""
    return _SPACE.sub(" ", text).strip()


def cell_line(paragraphs: Sequence[str]) -> str:
    """The paragraphs of one data-table cell on one line."""
    out = ""
    for piece in (squash(p) for p in paragraphs):
        if not piece:
            continue
        out = piece if not out else f"{out} {piece}" if out.endswith(_ENDS_CLAUSE) else f"{out}; {piece}"
    return out


def is_data_table(rows: Sequence[Sequence[Sequence[str]]]) -> bool:
    if not rows:
        return False
    widest = max(len(row) for row in rows)
    first = "\t".join(cell_line(cell) for cell in rows[0])
    return widest >= 3 or header_roles(first) is not None


def _table_lines(table: Table) -> list[str]:
    if is_data_table(table.rows):
        lines = ["\t".join(cell_line(cell) for cell in row) for row in table.rows]
        return [line for line in lines if line.strip()]  # a row of empty cells says nothing
    return [squash(p) for row in table.rows for cell in row for p in cell if squash(p)]


def render(blocks: Iterable[Block]) -> str:
    """The text of *blocks*: paragraphs on their own lines, each table set off by blank lines."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            body = _table_lines(block)
            if body:
                lines.extend(["", *body, ""])
        elif squash(block):
            lines.append(squash(block))
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"
