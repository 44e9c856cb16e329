"""Shape A: a TVPL page converted by Trafilatura ("vertical-pipe" markdown).

Every table cell sits on its own line(s) between lines that hold only ``|``; two ``|`` lines in a
row end a table row, and a ``|`` line followed by a blank line (or the end) ends the table. Body text
is hard-wrapped mid-sentence, paragraphs are separated by blank lines.

Normalised view:

* a paragraph becomes one logical line (its wrapped lines joined by a space), except that a list item
  (``- …``) after a finished sentence starts a new one;
* a table whose first row is a task-table header becomes one tab-separated logical line per row;
  so does any other table of three or more columns (the parser then reports it if it cannot read it);
* the cells of a two-column layout table (the quốc hiệu header, the Nơi nhận/signer block) become
  logical lines of their own, wrapped lines joined only where emphasis (``**…**``) or a list item
  is visibly unfinished.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.tables import header_roles
from plangraph.ingest.view import LineBuilder, TextView, ViewLine

_PIPE = re.compile(r"^\s*\|\s*$")
_LIST_ITEM = re.compile(r"^\s*[-+•]\s")
_SENTENCE_END = re.compile(r"[.;:!?…)]\**\s*$")

Cell = list[int]  # original line numbers of one cell's text
Row = list[Cell]


def is_pipe(line: str) -> bool:
    return bool(_PIPE.match(line))


def unbalanced(text: str) -> bool:
    """True when *text* opens ``**`` or ``*`` emphasis that it does not close."""
    bold = text.count("**")
    return bold % 2 == 1 or text.replace("**", "").count("*") % 2 == 1


def _starts_item(previous: str, line: str) -> bool:
    return bool(_LIST_ITEM.match(line)) and bool(_SENTENCE_END.search(previous))


def read_rows(source: SourceDocument, first: int) -> tuple[list[Row], int]:
    """Rows of the pipe table whose opening ``|`` is at line *first*; and the first line after it."""
    rows: list[Row] = []
    row: Row = []
    cell: Cell = []
    lineno = first + 1
    total = len(source.lines)
    while lineno <= total:
        raw = source.line(lineno)
        if is_pipe(raw):
            row.append(cell)
            cell = []
            after = source.line(lineno + 1) if lineno < total else ""
            if is_pipe(after):  # "|" "|": this row ends, the next begins
                rows.append(row)
                row = []
                lineno += 2
                continue
            if not after.strip():  # "|" then a blank line or the end: the table ends
                rows.append(row)
                return rows, lineno + 1
        elif raw.strip():
            cell.append(lineno)
        lineno += 1
    if cell:
        row.append(cell)
    if row:
        rows.append(row)
    return rows, total + 1


def _cell_builder(source: SourceDocument, cell: Cell) -> LineBuilder:
    builder = LineBuilder(source)
    for lineno in cell:
        builder.separator(" ", source.offsets[lineno - 1] - 1).stripped(lineno)
    return builder


def _row_line(source: SourceDocument, row: Row, pipe_lines: list[int]) -> ViewLine:
    builder = LineBuilder(source)
    for index, cell in enumerate(row):
        if index:
            marker = pipe_lines[index - 1] if index - 1 < len(pipe_lines) else cell[0] if cell else 1
            builder.chars.append("\t")
            builder.origins.append(source.offsets[marker - 1])
        for position, lineno in enumerate(cell):
            if position:
                builder.separator(" ", source.offsets[lineno - 1] - 1)
            builder.stripped(lineno)
    lines = [n for cell in row for n in cell]
    return builder.build(lines[0] if lines else 1)


def _pipes_between(source: SourceDocument, row: Row) -> list[int]:
    """The ``|`` lines separating the cells of *row* (used as the origin of the tab separators)."""
    marks = []
    for cell, following in zip(row, row[1:], strict=False):
        if cell and following:
            marks.extend(n for n in range(cell[-1] + 1, following[0]) if is_pipe(source.line(n)))
    return marks


def _grouped(source: SourceDocument, linenos: list[int],
             starts_new: Callable[[list[int], int], bool]) -> list[ViewLine]:
    """Consecutive lines joined into logical lines; *starts_new(group, lineno)* says where one ends."""
    out: list[ViewLine] = []
    group: list[int] = []
    for lineno in linenos:
        if group and starts_new(group, lineno):
            out.append(_cell_builder(source, group).build(group[0]))
            group = []
        group.append(lineno)
    if group:
        out.append(_cell_builder(source, group).build(group[0]))
    return out


def split_lines(source: SourceDocument, linenos: list[int]) -> list[ViewLine]:
    """Logical lines of a cell or paragraph whose wrapped lines are joined only where visibly unfinished."""
    def starts_new(group: list[int], lineno: int) -> bool:
        previous = " ".join(source.line(n).strip() for n in group)
        item_open = bool(_LIST_ITEM.match(source.line(group[0]))) and not _SENTENCE_END.search(previous)
        return not (unbalanced(previous) or (item_open and not _LIST_ITEM.match(source.line(lineno))))

    return _grouped(source, linenos, starts_new)


def paragraph_lines(source: SourceDocument, linenos: list[int]) -> list[ViewLine]:
    """A hard-wrapped paragraph as one logical line; a list item after a finished sentence starts another."""
    def starts_new(group: list[int], lineno: int) -> bool:
        return _starts_item(source.line(group[-1]), source.line(lineno)) and not unbalanced(
            " ".join(source.line(n) for n in group))

    return _grouped(source, linenos, starts_new)


def table_lines(source: SourceDocument, rows: list[Row]) -> list[ViewLine]:
    """The logical lines of one table: tab-separated rows, or the cells' own lines for a layout table."""
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    tabular = [_row_line(source, row, _pipes_between(source, row)) for row in rows]
    widest = max(len(row) for row in rows)
    if header_roles(tabular[0].text) or widest >= 3:
        return tabular
    return [line for row in rows for cell in row for line in split_lines(source, cell)]


def normalise(source: SourceDocument) -> TextView:
    entries: list[ViewLine] = []
    total = len(source.lines)
    lineno = 1
    while lineno <= total:
        raw = source.line(lineno)
        if is_pipe(raw):
            rows, lineno = read_rows(source, lineno)
            entries.extend(table_lines(source, rows))
            continue
        if not raw.strip():
            entries.append(LineBuilder(source).build(lineno))
            lineno += 1
            continue
        paragraph = []
        while lineno <= total and source.line(lineno).strip() and not is_pipe(source.line(lineno)):
            paragraph.append(lineno)
            lineno += 1
        entries.extend(paragraph_lines(source, paragraph))
    return TextView(source, "pipe", entries)
