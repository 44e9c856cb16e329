"""A saved HTML page (.html, .htm): the document's paragraphs and tables, without the site around it.

Read with the standard library's ``html.parser``. Scripts, styles, forms and site chrome are dropped:
``<nav>``, ``<aside>``, elements whose ARIA role is navigation, banner, contentinfo, complementary or
search, and ``<header>``/``<footer>`` outside ``<main>`` or ``<article>``. Block elements and ``<br>``
break paragraphs. Tables keep ``rowspan`` and ``colspan``: one cell spanning the rows and columns it
covers; see :mod:`plangraph.ingest.read.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from plangraph.ingest.errors import IngestError
from plangraph.ingest.read.render import Extracted, XCell, XTable, squash
from plangraph.ingest.read.source import decode_text

_DROPPED = {"script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "iframe",
            "svg", "head", "object", "canvas"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_CONTENT = {"main", "article"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "embed", "source", "track", "wbr"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main",
           "blockquote", "pre", "dd", "dt", "dl", "center", "address", "figure", "figcaption", "caption",
           "header", "footer", "title", "hr", "body"}


@dataclass
class _Cell:
    paragraphs: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def grid(rows: list[list[_Cell]]) -> XTable:
    """Rows of positions: each cell where it starts, with its spans; None where a span covers a position."""
    covered: dict[int, int] = {}  # column → rows it is still covered for
    out: list[list[XCell | None]] = []
    for row in rows:
        cells: list[XCell | None] = []
        queue = list(row)
        column = 0
        while queue or any(c >= column for c in covered):
            if covered.get(column, 0) > 0:
                covered[column] -= 1
                if not covered[column]:
                    del covered[column]
                cells.append(None)
                column += 1
                continue
            if not queue:
                cells.append(XCell(()))
                column += 1
                continue
            cell = queue.pop(0)
            cells.append(XCell(tuple(cell.paragraphs), cell.rowspan, cell.colspan))
            cells.extend([None] * (cell.colspan - 1))
            if cell.rowspan > 1:
                for offset in range(cell.colspan):
                    covered[column + offset] = cell.rowspan - 1
            column += cell.colspan
        out.append(cells)
    return XTable(tuple(tuple(r) for r in out))


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Extracted] = []
        self.buffer: list[str] = []
        self.stack: list[str] = []
        self.dropped_at: int | None = None  # depth of the element being dropped
        self.tables: list[_Table] = []
        self.cell: list[_Cell | None] = []

    # --- paragraphs ------------------------------------------------------------------------------
    def _flush(self) -> None:
        text = squash("".join(self.buffer))
        self.buffer = []
        if not text:
            return
        if self.tables and self.cell[-1] is not None:
            self.cell[-1].paragraphs.append(text)
        elif self.tables:
            return  # text between cells, outside any cell: layout whitespace or stray markup
        else:
            self.blocks.append(text)

    def _chrome(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _DROPPED or (attrs.get("role") or "").lower() in _CHROME_ROLES:
            return True
        return tag in {"header", "footer"} and not _CONTENT.intersection(self.stack)

    # --- tags ------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if self.dropped_at is None and tag in {"br", "hr"}:
                self._flush()
            return
        self.stack.append(tag)
        if self.dropped_at is not None:
            return
        attrs = dict(attr_list)
        if self._chrome(tag, attrs):
            self._flush()
            self.dropped_at = len(self.stack)
            return
        if tag in _BLOCKS:
            self._flush()
        elif tag == "table":
            self._flush()
            self.tables.append(_Table())
            self.cell.append(None)
        elif tag == "tr" and self.tables:
            self._flush()
            self.tables[-1].rows.append([])
            self.cell[-1] = None
        elif tag in {"td", "th"} and self.tables:
            self._flush()
            if not self.tables[-1].rows:
                self.tables[-1].rows.append([])
            cell = _Cell(rowspan=_span(attrs.get("rowspan")), colspan=_span(attrs.get("colspan")))
            self.tables[-1].rows[-1].append(cell)
            self.cell[-1] = cell

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.dropped_at is not None and len(self.stack) < self.dropped_at:
                self.dropped_at = None
                self.buffer = []
            elif self.dropped_at is None:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _BLOCKS or tag in {"td", "th", "tr"}:
            self._flush()
            if tag in {"td", "th"} and self.cell:
                self.cell[-1] = None
        elif tag == "table" and self.tables:
            self._flush()
            table = self.tables.pop()
            self.cell.pop()
            found = grid(table.rows)
            if self.tables and self.cell[-1] is not None:  # a table inside a cell: its text joins the cell
                inner = found.rows
                self.cell[-1].paragraphs.extend(p for row in inner for cell in row if cell for p in cell.paragraphs)
            elif not self.tables:
                self.blocks.append(found)

    def handle_data(self, data: str) -> None:
        if self.dropped_at is None:
            self.buffer.append(data)

    def finish(self) -> list[Extracted]:
        self.close()
        while self.stack:
            self.handle_endtag(self.stack[-1])
        self._flush()
        return self.blocks


def extract(name: str, data: bytes) -> list[Extracted]:
    reader = _Reader()
    reader.feed(decode_text(name, data))
    blocks = reader.finish()
    if not any(blocks):
        raise IngestError(name, 1, "the page has no text once scripts, styles and site navigation are dropped")
    return blocks
