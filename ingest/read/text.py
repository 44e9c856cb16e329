"""Text files of the genre — plain, TVPL "vertical-pipe" markdown, GitHub-flavoured markdown — read into blocks.

One pass over the lines tells prose from tables and from what is not the document:

* a line holding only ``|`` followed by text opens a **pipe table**: each cell's lines sit between ``|``
  lines, two ``|`` lines in a row end a row, a ``|`` line before a blank line ends the table (shape A);
* ``| a | b |`` rows with a ``|---|`` rule make a **GFM table**; a row that opens with ``|`` but never closes
  is a row cut off by the page, set aside with that reason;
* rows that end in ``|`` without opening with it (``QUỐC HỘI | CỘNG HÒA … |``) make a layout table;
* lines with tabs make a **tab-separated table** (office exports, the seed), across blank lines;
* site chrome (navigation, link lists, footers) and, in front of a header table, the crawler's debris are
  set aside with their reason; everything else is prose, cut into paragraphs by
  :mod:`plangraph.ingest.read.paragraphs`.

A table of at most two columns whose first row names no columns is the page's layout (the quốc hiệu
header, Nơi nhận beside the signer): its cells are read as paragraphs, cell by cell, left to right. Any
other table is a :class:`~plangraph.ingest.blocks.Table` whose cells keep their paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from plangraph.ingest.blocks import Cell, ContentBlock, Document, Furniture, Run, Table
from plangraph.ingest.read import chrome
from plangraph.ingest.read.classify import blocks_of, with_signatures
from plangraph.ingest.read.markup import clean
from plangraph.ingest.read.paragraphs import RawParagraph, line_run, paragraphs
from plangraph.ingest.read.source import SourceDocument
from plangraph.language.columns import is_column_label

_PIPE = re.compile(r"^\s*\|\s*$")
_GFM_ROW = re.compile(r"^\s*\|.*\|\s*$")
_GFM_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LOOSE_ROW = re.compile(r"^\s*[^|\s][^|]*(?:\|[^|]*)*\|\s*$")
_BREAK = re.compile(r"<br\s*/?>|\s*-{3,}\s*|(?<=[:;.])\s+(?=[-–+•]\s)", re.IGNORECASE)
_HEADER_CELL = re.compile(r"\bSố\s*:|CỘNG HÒA|CỘNG HOÀ", re.IGNORECASE)
_LAYOUT_CELL = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|^\W*Số\s*:|Nơi nhận|^\W*(?:TM|KT|Q|TL|TUQ)\s*\.\s",
                          re.IGNORECASE | re.MULTILINE)
HEADER_WINDOW = 15  # lines in which a header table is looked for, with crawler debris before it
DEBRIS = "before the document's header table: crawler or site text (a source note, another page's heading), not read"

RawCell = list[Run]  # the raw runs (markup kept) of one cell: one per source line, or one slice of a line


@dataclass
class _RawTable:
    rows: list[list[RawCell]]
    shape: str  # "pipe", "gfm", "loose", "tab"
    header_rule: bool = False  # a GFM |---| rule under the first row
    row_spans: list[tuple[int, int]] = field(default_factory=list)


Item = int | _RawTable | Furniture  # a prose line number, a table, or something set aside


def _slice(source: SourceDocument, lineno: int, start: int, end: int) -> Run:
    base = source.offsets[lineno - 1]
    raw = source.line(lineno)[start:end]
    left = len(raw) - len(raw.lstrip())
    return Run.of(source.text, base + start + left, base + start + len(raw.rstrip()))


def _cells_between_bars(source: SourceDocument, lineno: int) -> list[RawCell]:
    line = source.line(lineno)
    bars = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    if not line.lstrip().startswith("|"):
        bars = [-1, *bars]
    return [[_slice(source, lineno, a + 1, b)] for a, b in zip(bars, bars[1:], strict=False)]


def _row_span(row: list[RawCell], fallback: tuple[int, int]) -> tuple[int, int]:
    """From the first character of a row's first cell to the last of its last cell (the ``|`` lines left out)."""
    spans = [s for cell in row for run in cell if (s := run.span())]
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else fallback


def _line_span(source: SourceDocument, lineno: int) -> tuple[int, int]:
    run = line_run(source, lineno)
    found = run.span()
    base = source.offsets[lineno - 1]
    return found if found else (base, base)


@dataclass(frozen=True)
class _Slot:
    """What stands between two ``|`` lines of a pipe table: a cell's lines, or nothing."""

    runs: RawCell
    first: int
    last: int  # the closing "|" line

    @property
    def empty(self) -> bool:
        return not any(run.text.strip() for run in self.runs)


_ROW_NUMBER = re.compile(r"^\W*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])\W*$")


def _pipe_rows(slots: Sequence[_Slot]) -> list[list[_Slot]]:
    """The rows of a pipe table. Between two rows stands one empty slot (``|`` closing a row, ``|`` opening the
    next); an empty cell is an empty slot too. The first row (the header) gives the width; a run of empty slots
    is taken as cells of the row when the row then ends full — its cells, the empties and the text up to the next
    empty slot make exactly the width and the text does not open with a row number — else as the end of the row,
    the empties before it filling the row up to the width and the rest opening the next row (a continuation row
    with no number). A row with fewer cells (a group heading spanning the columns) stays short.
    """
    rows: list[list[_Slot]] = []
    row: list[_Slot] = []
    width: int | None = None
    i = 0
    while i < len(slots):
        if not slots[i].empty:
            row.append(slots[i])
            i += 1
            continue
        j = i
        while j < len(slots) and slots[j].empty:
            j += 1
        empties = list(slots[i:j])
        following = 0
        while j + following < len(slots) and not slots[j + following].empty:
            following += 1
        numbered = j < len(slots) and bool(_ROW_NUMBER.match(" ".join(r.text for r in slots[j].runs)))
        if j == len(slots):  # empty cells closing the last row
            row.extend(empties[: max((width or len(row)) - len(row), 0)])
        elif width is not None and len(row) + len(empties) + following == width and not (row and numbered):
            row.extend(empties)  # empty cells inside a full row
        else:
            take = 0 if width is None else min(len(empties) - 1, max(width - len(row), 0))
            row.extend(empties[:take])
            if row:
                rows.append(row)
                width = width if width is not None else len(row)
            row = empties[take + 1:]
        i = j
    if row:
        rows.append(row)
    return rows


class _Scanner:
    def __init__(self, source: SourceDocument) -> None:
        self.source = source
        self.lines = source.lines
        self.items: list[Item] = []

    def blank(self, lineno: int) -> bool:
        return not self.lines[lineno - 1].strip()

    def scan(self) -> list[Item]:
        total = len(self.lines)
        lineno = 1
        while lineno <= total:
            raw = self.lines[lineno - 1]
            following = self.lines[lineno] if lineno < total else ""
            if _PIPE.match(raw) and following.strip() and not _PIPE.match(following):
                lineno = self._pipe_table(lineno)
            elif _GFM_ROW.match(raw) or (_GFM_RULE.match(raw) and "|" in raw):
                lineno = self._gfm_table(lineno)
            elif "\t" in raw.strip("\n") and raw.strip():
                lineno = self._tab_table(lineno)
            elif _LOOSE_ROW.match(raw) and "\t" not in raw:
                lineno = self._loose_table(lineno)
            elif _PIPE.match(raw):
                span = _line_span(self.source, lineno)
                self.items.append(Furniture(Run(""), span, "a table mark with no table", listed=False))
                lineno += 1
            elif raw.strip() and chrome.is_chrome(raw):
                self.items.append(Furniture(line_run(self.source, lineno), _line_span(self.source, lineno),
                                            chrome.REASON))
                lineno += 1
            else:
                self.items.append(lineno)
                lineno += 1
        return self.items

    # --- shape A: "|" lines between cells ------------------------------------------------------------
    def _pipe_table(self, first: int) -> int:
        slots: list[_Slot] = []
        cell: RawCell = []
        slot_start = first + 1
        lineno, total = first + 1, len(self.lines)
        while lineno <= total:
            if _PIPE.match(self.lines[lineno - 1]):
                slots.append(_Slot(cell, slot_start, lineno))
                cell, slot_start = [], lineno + 1
                after = self.lines[lineno] if lineno < total else ""
                if not after.strip():  # "|" then a blank line or the end: the table ends
                    break
            else:
                cell.append(line_run(self.source, lineno))
            lineno += 1
        else:
            if cell:
                slots.append(_Slot(cell, slot_start, total))
        rows = _pipe_rows(slots)
        spans = [_row_span([slot.runs for slot in row], self._span(row[0].first, row[-1].last)) for row in rows]
        self.items.append(_RawTable([[slot.runs for slot in row] for row in rows], "pipe", row_spans=spans))
        return min(lineno, total) + 1

    def _span(self, first: int, last: int) -> tuple[int, int]:
        start = self.source.offsets[first - 1]
        end = self.source.offsets[last - 1] + len(self.lines[last - 1].rstrip())
        return start, max(start, end)

    # --- shape D: GFM rows -------------------------------------------------------------------------------
    def _gfm_table(self, first: int) -> int:
        rows: list[list[RawCell]] = []
        spans: list[tuple[int, int]] = []
        rule = False
        lineno, total = first, len(self.lines)
        while lineno <= total and (_GFM_ROW.match(self.lines[lineno - 1]) or _GFM_RULE.match(self.lines[lineno - 1])):
            if _GFM_RULE.match(self.lines[lineno - 1]):
                rule = rule or len(rows) == 1
            else:
                rows.append(_cells_between_bars(self.source, lineno))
                spans.append(_line_span(self.source, lineno))
            lineno += 1
        if rows:
            self.items.append(_RawTable(rows, "gfm", header_rule=rule, row_spans=spans))
        if rows and lineno <= total and self.lines[lineno - 1].lstrip().startswith("|"):
            cells, expected = self.lines[lineno - 1].count("|"), len(rows[0])
            reason = (f"cut-off table row: {cells - 1} of {expected} cells complete, the row ends without its closing "
                      "'|' (the page stops inside the table), not read")
            self.items.append(Furniture(line_run(self.source, lineno), _line_span(self.source, lineno), reason))
            lineno += 1
        return lineno

    # --- rows ending in "|" -----------------------------------------------------------------------------
    def _loose_table(self, first: int) -> int:
        rows: list[list[RawCell]] = []
        spans: list[tuple[int, int]] = []
        lineno, total = first, len(self.lines)
        while lineno <= total and _LOOSE_ROW.match(self.lines[lineno - 1]) and "\t" not in self.lines[lineno - 1]:
            rows.append(_cells_between_bars(self.source, lineno))
            spans.append(_line_span(self.source, lineno))
            lineno += 1
        self.items.append(_RawTable(rows, "loose", row_spans=spans))
        return lineno

    # --- tab-separated rows ------------------------------------------------------------------------------
    def _tab_table(self, first: int) -> int:
        rows: list[list[RawCell]] = []
        spans: list[tuple[int, int]] = []
        lineno, total = first, len(self.lines)
        while lineno <= total:
            raw = self.lines[lineno - 1]
            if not raw.strip():
                following = next((n for n in range(lineno + 1, total + 1) if self.lines[n - 1].strip()), None)
                if following is None or "\t" not in self.lines[following - 1]:
                    break
                lineno = following
                continue
            if "\t" not in raw:
                break
            rows.append(self._tab_cells(lineno))
            spans.append(_line_span(self.source, lineno))
            lineno += 1
        self.items.append(_RawTable(rows, "tab", row_spans=spans))
        return lineno

    def _tab_cells(self, lineno: int) -> list[RawCell]:
        line = self.lines[lineno - 1]
        cells, start = [], 0
        for index, ch in enumerate(line + "\t"):
            if ch == "\t":
                cells.append([_slice(self.source, lineno, start, index)])
                start = index + 1
        return cells


# --- from items to blocks ---------------------------------------------------------------------------------

def _cell_paragraphs(source: SourceDocument, cell: RawCell) -> list[RawParagraph]:
    """The paragraphs of one cell: its lines read like prose (pipe), or its one line cut at ``<br>`` and at
    list items (GFM, tabs)."""
    if len(cell) > 1:
        return paragraphs(source, [source.line_of(run.span()[0]) for run in cell if run.span()])
    out = []
    for piece in (p.strip() for run in cell for p in run.split(_BREAK)):
        span = piece.span()
        if span:
            out.append(RawParagraph(piece, source.line_of(span[0]), source.line_of(span[1] - 1)))
    return out


def _is_layout(source: SourceDocument, table: _RawTable) -> bool:
    widest = max((len(row) for row in table.rows), default=0)
    texts = [" ".join(r.text for r in cell) for row in table.rows for cell in row]
    if len(table.rows) <= 4 and any(_LAYOUT_CELL.search(t) for t in texts):
        return True
    if widest > 2:
        return False
    first = [" ".join(clean(r).text for r in cell) for cell in table.rows[0]] if table.rows else []
    return not any(is_column_label(t) for t in first if t)


def _data_table(source: SourceDocument, table: _RawTable) -> Table | None:
    cells: list[Cell] = []
    n_cols = max(len(row) for row in table.rows)
    header_rows = 1 if table.header_rule else 0
    for r, row in enumerate(table.rows):
        for c, raw in enumerate(row):
            runs = [clean(p.run) for p in _cell_paragraphs(source, raw)]
            runs = [run for run in runs if run]
            spans = [s for run in raw if (s := run.span())]
            span = (spans[0][0], spans[-1][1]) if spans and runs else None
            cells.append(Cell(r, c, tuple(runs), span, header=r < header_rows))
    if not any(cell.paragraphs for cell in cells):
        return None
    spans = [s for s in table.row_spans]
    whole = (spans[0][0], spans[-1][1])
    return Table(Run(""), whole, tuple(cells), len(table.rows), n_cols, header_rows, (), tuple(spans))


def _layout_blocks(source: SourceDocument, table: _RawTable, index: int) -> list[ContentBlock | Furniture]:
    out: list[ContentBlock | Furniture] = []
    for r, row in enumerate(table.rows):
        for c, raw in enumerate(row):
            for paragraph in _cell_paragraphs(source, raw):
                out.extend(blocks_of(paragraph, cell=(index, r, c)))
    return out


def _debris_end(items: Sequence[Item], source: SourceDocument) -> int:
    """How many leading prose items come before a header table found near the top (0 if none)."""
    for position, item in enumerate(items):
        if isinstance(item, _RawTable):
            first_line = source.line_of(item.row_spans[0][0]) if item.row_spans else 0
            texts = " ".join(r.text for row in item.rows for cell in row for r in cell)
            if first_line <= HEADER_WINDOW and _HEADER_CELL.search(texts):
                return position
            return 0
        if isinstance(item, int) and item > HEADER_WINDOW:
            return 0
    return 0


def read_text(source: SourceDocument, layout: str) -> Document:
    """The blocks of a text file in one of the text shapes."""
    items = _Scanner(source).scan()
    document = Document(source, layout)
    debris = _debris_end(items, source)
    for item in items[:debris]:
        if isinstance(item, Furniture):
            document.furniture.append(item)
        elif isinstance(item, int) and source.line(item).strip():
            document.furniture.append(Furniture(line_run(source, item), _line_span(source, item), DEBRIS))
    blocks: list[ContentBlock] = []
    prose: list[int] = []
    tables = 0

    def flush() -> None:
        for paragraph in paragraphs(source, prose):
            for block in blocks_of(paragraph):
                (document.furniture if isinstance(block, Furniture) else blocks).append(block)  # type: ignore[arg-type]
        prose.clear()

    for item in items[debris:]:
        if isinstance(item, int):
            prose.append(item)
            continue
        flush()
        if isinstance(item, Furniture):
            document.furniture.append(item)
        elif _is_layout(source, item):
            tables += 1
            for block in _layout_blocks(source, item, tables):
                (document.furniture if isinstance(block, Furniture) else blocks).append(block)  # type: ignore[arg-type]
        elif (table := _data_table(source, item)) is not None:
            blocks.append(table)
    flush()
    document.blocks = with_signatures(blocks)
    return document
