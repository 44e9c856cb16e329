"""A Word file (.docx), read with python-docx: body paragraphs and tables in document order.

A soft line break inside a paragraph starts a new line (signature blocks are typed that way). Table
cells are read from the XML grid: ``w:gridSpan`` makes one cell over several columns, ``w:vMerge``
continues the cell above, whose value is repeated (see :mod:`plangraph.ingest.extracted`). A table
nested in a cell gives its paragraphs to that cell. Headers, footers, comments and text boxes are not read.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from plangraph.ingest.errors import IngestError
from plangraph.ingest.extracted import Block, Table, render


def _paragraph_lines(p: etree._Element, parent: object) -> list[str]:
    return Paragraph(p, parent).text.split("\n")  # type: ignore[arg-type]


def _cell_paragraphs(tc: etree._Element, parent: object) -> tuple[str, ...]:
    return tuple(line for p in tc.iter(qn("w:p")) for line in _paragraph_lines(p, parent))


def _table(tbl: etree._Element, parent: object) -> tuple[tuple[tuple[str, ...], ...], ...]:
    rows: list[list[tuple[str, ...]]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[tuple[str, ...]] = []
        for tc in tr.iterchildren(qn("w:tc")):
            span, merge = tc.grid_span, tc.vMerge
            column = len(cells)
            if merge == "continue" and rows and column < len(rows[-1]):
                value = rows[-1][column]
            else:
                value = _cell_paragraphs(tc, parent)
            cells.extend([value] + [()] * (span - 1))
        rows.append(cells)
    return tuple(tuple(r) for r in rows)


def convert(name: str, data: bytes) -> str:
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
    blocks: list[Block] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.extend(_paragraph_lines(child, document._body))
        elif child.tag == qn("w:tbl"):
            blocks.append(Table(_table(child, document._body)))
    return render(blocks)
