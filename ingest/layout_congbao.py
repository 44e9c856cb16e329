"""Shape C: the text layer of a signed Công báo PDF.

Recognised (running page headers ``CÔNG BÁO/Số 286/Ngày 27-05-2026``), not read yet: its tables have
no cell delimiters (each wrapped line of each cell is a line of its own, the header repeated on every
page), so reading it as plain text would ingest the decision without its task table. Until the cells
are recovered from the layout, such a file is refused with a clear reason rather than half-ingested.
"""

from __future__ import annotations

from plangraph.ingest.source import SourceDocument
from plangraph.ingest.view import TextView


def normalise(source: SourceDocument) -> TextView:
    first = next(n for n, line in enumerate(source.lines, start=1) if "CÔNG BÁO" in line.upper())
    raise source.error(first, "Công báo PDF text layer recognised (running page header): its tables have no cell "
                              "delimiters and are not read yet; refused rather than ingested without its tasks")
