"""A Word file (.docx), read with python-docx: body paragraphs and tables in document order.

A soft line break inside a paragraph starts a new line (signature blocks are typed that way). Table
cells are read from the XML grid: ``w:gridSpan`` makes one cell over several columns, ``w:vMerge``
continues the cell above, which then spans one more row (see :mod:`plangraph.ingest.read.render`). A
table nested in a cell gives its paragraphs to that cell. Headers, footers, comments and text boxes are
not read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from plangraph.ingest.errors import IngestError
from plangraph.ingest.read.render import Extracted, XCell, XTable


def _paragraph_lines(p: etree._Element, parent: object) -> list[str]:
    return Paragraph(p, parent).text.split("\n")  # type: ignore[arg-type]


def _cell_paragraphs(tc: etree._Element, parent: object) -> tuple[str, ...]:
    return tuple(line for p in tc.iter(qn("w:p")) for line in _paragraph_lines(p, parent))


@dataclass
class _Open:
    """A cell being read: its paragraphs and spans (a merged cell grows a row at each continuation)."""

    paragraphs: tuple[str, ...]
    col_span: int
    row_span: int = 1


def _table(tbl: etree._Element, parent: object) -> XTable:
    rows: list[list[_Open | None]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[_Open | None] = []
        for tc in tr.iterchildren(qn("w:tc")):
            span, merge = tc.grid_span, tc.vMerge
            origin = _origin(rows, len(cells)) if merge == "continue" else None
            if origin is not None:
                origin.row_span += 1
                cells.extend([None] * span)
                continue
            cells.append(_Open(_cell_paragraphs(tc, parent), span))
            cells.extend([None] * (span - 1))
        rows.append(cells)
    return XTable(tuple(tuple(XCell(c.paragraphs, c.row_span, c.col_span) if c else None for c in row)
                        for row in rows))


def _origin(rows: list[list[_Open | None]], column: int) -> _Open | None:
    """The cell a vertically merged position continues: the nearest cell above that starts in *column*."""
    for row in reversed(rows):
        if column < len(row) and row[column] is not None:
            return row[column]
    return None


def extract(name: str, data: bytes) -> list[Extracted]:
    try:
        document = Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(name, 1, "not a readable .docx file: the zip archive is corrupt or truncated") from None
    except KeyError as exc:
        raise IngestError(name, 1, f"not a readable .docx file: the archive lacks {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise IngestError(name, 1, f"not a readable .docx file: broken XML in the archive ({exc})") from None
    except Exception as exc:  # python-docx reports a foreign package (.xlsx, .odt) with its own exception types
        raise IngestError(name, 1, f"not a readable .docx file: {exc}") from None
    body = document.element.body
    blocks: list[Extracted] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.extend(_paragraph_lines(child, document._body))
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(child, document._body))
    return blocks
