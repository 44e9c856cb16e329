"""A tab-separated export of a plan's task table (.tsv), as a spreadsheet saves it.

The table alone does not say whose plan it is, so the rows above its header row carry the document's
heading, one line each in the first cell, as a spreadsheet holds it above the table: issuer, ``Số: …``,
place and date, ``KẾ HOẠCH``, the title and a section heading such as ``II. NHIỆM VỤ``. Rows below the table
(Nơi nhận, the signer) are read the same way. A file without that heading is refused by the parser with
the reason (no document number, no date). The header row is the first row whose cells name task-table
columns (``STT``, ``Nhiệm vụ``, ``Cơ quan chủ trì``, ``Cơ quan phối hợp``, ``Thời gian``); every table row
must have as many cells as the header row (empty cells past its width are ignored), else the file is
refused at that line. Quoted cells may hold tabs and line breaks (csv quoting).
"""

from __future__ import annotations

import csv
import io

from plangraph.ingest.errors import IngestError
from plangraph.ingest.read.render import Extracted, XCell, XTable
from plangraph.ingest.read.source import decode_text
from plangraph.language.columns import header_roles


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def is_task_header(cells: list[str]) -> bool:
    """True for a row naming task-table columns: three or more known columns, one of them the task."""
    return header_roles(cells) is not None


def _row(cells: list[str]) -> tuple[XCell, ...]:
    return tuple(XCell((c,)) for c in cells)


def extract(name: str, data: bytes) -> list[Extracted]:
    text = decode_text(name, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=True)
    blocks: list[Extracted] = []
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[XCell, ...]] = []
    try:
        for raw in reader:
            lineno = reader.line_num
            cells = _trimmed(raw)
            if header is None:
                if is_task_header(cells):
                    header, header_line = cells, lineno
                    rows.append(_row(cells))
                elif len(cells) > 1:
                    raise IngestError(name, lineno, f"a row of {len(cells)} cells before the task-table header row: "
                                      "rows above the header hold the document's heading, one cell each "
                                      "(header cells: STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian)",
                                      " | ".join(cells))
                else:
                    blocks.append(cells[0] if cells else "")
                continue
            if not cells:  # a blank row ends the table
                if rows:
                    blocks.append(XTable(tuple(rows)))
                    rows = []
                continue
            if not rows:
                if len(cells) > 1:
                    raise IngestError(name, lineno, "a row of several cells after the task table ended with a blank "
                                      "row", " | ".join(cells))
                blocks.append(cells[0])
                continue
            if len(raw) < len(header) or len(cells) > len(header):
                raise IngestError(name, lineno, f"ragged row: {len(raw)} cells, the header row (line {header_line}) "
                                  f"has {len(header)}", " | ".join(cells))
            rows.append(_row(raw[:len(header)]))
    except csv.Error as exc:
        raise IngestError(name, reader.line_num or 1, f"not a readable TSV file: {exc}") from None
    if header is None:
        raise IngestError(name, 1, "no task-table header row (cells such as STT, Nhiệm vụ, Cơ quan chủ trì, "
                          "Thời gian): a TSV file is read as a plan's task table")
    if rows:
        blocks.append(XTable(tuple(rows)))
    return blocks
