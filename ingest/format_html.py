"""A saved HTML page (.html, .htm): the document's paragraphs and tables, without the site around it.

Read with the standard library's ``html.parser``. Scripts, styles, forms and site chrome are dropped:
``<nav>``, ``<aside>``, elements whose ARIA role is navigation, banner, contentinfo, complementary or
search, and ``<header>``/``<footer>`` outside ``<main>`` or ``<article>``. Block elements and ``<br>``
break paragraphs. Tables keep ``rowspan`` (the value repeated in each row it spans) and ``colspan`` (one
cell, its columns after the first left empty); see :mod:`plangraph.ingest.extracted`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from plangraph.ingest.errors import IngestError
from plangraph.ingest.extracted import Block, Table, render, squash
from plangraph.ingest.source import decode_text

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


def grid(rows: list[list[_Cell]]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Rows of cells with every rowspan filled in below and every colspan's columns left empty."""
    pending: dict[int, tuple[tuple[str, ...], int]] = {}  # column → (value, rows still to fill)
    out: list[list[tuple[str, ...]]] = []
    for row in rows:
        cells: list[tuple[str, ...]] = []
        queue = list(row)
        column = 0
        while queue or any(c >= column for c in pending):
            if column in pending:
                value, left = pending[column]
                cells.append(value)
                if left > 1:
                    pending[column] = (value, left - 1)
                else:
                    del pending[column]
                column += 1
                continue
            if not queue:
                cells.append(())
                column += 1
                continue
            cell = queue.pop(0)
            value = tuple(cell.paragraphs)
            for offset in range(cell.colspan):
                cells.append(value if offset == 0 else ())
                if cell.rowspan > 1:
                    pending[column + offset] = (value if offset == 0 else (), cell.rowspan - 1)
            column += cell.colspan
        out.append(cells)
    return tuple(tuple(r) for r in out)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
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
            rows = grid(table.rows)
            if self.tables and self.cell[-1] is not None:  # a table inside a cell: its text joins the cell
                self.cell[-1].paragraphs.extend(p for row in rows for cell in row for p in cell)
            elif not self.tables:
                self.blocks.append(Table(rows))

    def handle_data(self, data: str) -> None:
        if self.dropped_at is None:
            self.buffer.append(data)

    def finish(self) -> list[Block]:
        self.close()
        while self.stack:
            self.handle_endtag(self.stack[-1])
        self._flush()
        return self.blocks


def convert(name: str, data: bytes) -> str:
    reader = _Reader()
    reader.feed(decode_text(name, data))
    blocks = reader.finish()
    if not any(blocks):
        raise IngestError(name, 1, "the page has no text once scripts, styles and site navigation are dropped")
    return render(blocks)
