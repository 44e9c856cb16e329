"""A PDF with a text layer, read with pdfplumber (pdfminer.six): ruled tables and the text around them.

Per page, ``find_tables()`` finds the ruled tables; the words outside them are grouped into lines from
the top, and a line is cut into segments at gaps wider than a few font sizes. A run of lines each wholly
on one side of the page's middle, with text on both sides (the quốc hiệu header, Nơi nhận beside the
signer), is read left column first. Then, over the whole file:

* running headers and footers are dropped: a line among the first or last two of a page whose text,
  digits aside, recurs there on at least half the pages (and two), or a lone page number;
* a line that reaches the right margin and is followed closely by another is a wrapped paragraph, and the
  two are joined (a line that opens a list item, an article or a section is never joined);
* a table at the top of a page with as many columns as the table that ended the page before continues
  it; its first row is dropped when it repeats that table's header row. A row cut by the page break
  continues on a row without a number, which the task-table reader joins to the row above.

A cell that spans several rows is one cell over them (its text printed once, see
:mod:`plangraph.ingest.read.render`); one beside a cell that spans several columns stays empty. A PDF
without a text layer (a scan), one that opens only with a password, or one that is not a readable PDF
is refused.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from plangraph.ingest.errors import IngestError
from plangraph.ingest.read.render import Extracted, XCell, XTable, squash

_NEW_ITEM = re.compile(r"^(?:\d+(?:\.\d+)*[.)]\s|[-–+•]\s|[a-zđ][)]\s|Điều\s+\d|[IVXLC]+\.\s|Căn cứ|Nơi nhận)",
                       re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:Trang\s*)?\d+(?:\s*/\s*\d+)?[-–\s]*$", re.IGNORECASE)
EDGE_LINES = 2
RIGHT_MARGIN = 0.04  # a wrapped line ends within this share of the page width from the text's right edge
LEFT_MARGIN = 0.02  # and the next line starts within this share from the text's left edge
LINE_TOLERANCE = 2.0  # points: words whose tops differ by less are on one line
COLUMN_GAP = 2.5  # a gap wider than this many font sizes separates two columns


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    left: float  # the left and right edges of the text on this page, and the page's width
    right: float
    width: float
    joinable: bool = True  # False for a line of a two-column band


@dataclass
class _PageTable:
    page: int
    top: float
    rows: list[list[XCell | None]] = field(default_factory=list)


def _covered(table: pdfplumber.table.Table, texts: list[list[str | None]], r: int, c: int) -> int | None:
    """The row of the cell begun above that covers position (r, c) (a cell spanning rows), else None."""
    row, col = table.rows[r].bbox, table.columns[c].bbox
    x, y = (col[0] + col[2]) / 2, (row[1] + row[3]) / 2
    for x0, top, x1, bottom in table.cells:
        if x0 <= x <= x1 and top <= y <= bottom and top < row[1] - 0.5:  # a cell begun on a row above
            for rr in range(r - 1, -1, -1):
                if texts[rr][c] is not None:
                    return rr
    return None


def _read_table(table: pdfplumber.table.Table, page: int) -> _PageTable:
    texts = table.extract()
    found = _PageTable(page, table.bbox[1])
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(texts):
        for c in range(len(row)):
            if row[c] is None and (origin := _covered(table, texts, r, c)) is not None:
                spans[(origin, c)] = spans.get((origin, c), 1) + 1
                covered.add((r, c))
    for r, row in enumerate(texts):
        cells: list[XCell | None] = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                cells.append(None)
            else:
                value = squash(text or "")
                cells.append(XCell((value,) if value else (), spans.get((r, c), 1)))
        found.rows.append(cells)
    return found


def _inside(word: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


@dataclass
class _Segment:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def _visual_lines(words: list[dict]) -> list[list[_Segment]]:
    """Words grouped into lines from the top, each line cut into segments at wide gaps (two columns)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    out = []
    for line in lines:
        segments: list[list[dict]] = []
        for word in sorted(line, key=lambda w: w["x0"]):
            size = word.get("size") or (word["bottom"] - word["top"])
            if segments and word["x0"] - segments[-1][-1]["x1"] <= COLUMN_GAP * size:
                segments[-1].append(word)
            else:
                segments.append([word])
        out.append([_Segment(" ".join(w["text"] for w in seg), seg[0]["x0"], seg[-1]["x1"],
                             min(w["top"] for w in seg), max(w["bottom"] for w in seg)) for seg in segments])
    return out


def _half(line: list[_Segment], middle: float) -> bool:
    """True if every segment of *line* lies wholly on one side of the page's middle."""
    return all(s.x1 < middle or s.x0 > middle for s in line)


def _band(lines: list[list[_Segment]], start: int, middle: float) -> int:
    """The end of the two-column band starting at *start* (== start when there is none): a run of lines
    each wholly on one side of the middle, with text on both sides."""
    end = start
    while end < len(lines) and _half(lines[end], middle):
        end += 1
    sides = {s.x1 < middle for line in lines[start:end] for s in line}
    return end if len(sides) == 2 else start


def _text_items(lines: list[list[_Segment]], page: int, width: float) -> list[_Line]:
    """Lines in reading order; a band of two-column lines (header, Nơi nhận beside the signer) is read
    left column first, then the right one, line by line, never joined to its neighbours."""
    middle = width / 2
    left = min((line[0].x0 for line in lines), default=0.0)
    right = max((line[-1].x1 for line in lines), default=width)
    items: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        item = _Line(page, " ".join(s.text for s in line), line[0].x0, line[-1].x1, line[0].top,
                     max(s.bottom for s in line), left, right, width)
        end = _band(lines, index, middle)
        if end == index or (items and _wraps(items[-1], item)):
            items.append(item)
            index += 1
            continue
        top = line[0].top
        band = [s for row in lines[index:end] for s in row]
        items.extend(_Line(page, s.text, s.x0, s.x1, top, top, left, right, width, joinable=False)
                     for s in [s for s in band if s.x1 < middle] + [s for s in band if s.x0 > middle])
        index = end
    return items


def _read_page(page: pdfplumber.page.Page, number: int) -> list[_Line | _PageTable]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    words = [w for w in page.extract_words(extra_attrs=["size"]) if not _inside(w, boxes)]
    items: list[_Line | _PageTable] = list(_text_items(_visual_lines(words), number, page.width))
    for table in tables:  # each table goes before the first line below its top
        found = _read_table(table, number)
        at = next((i for i, item in enumerate(items) if item.top > found.top), len(items))
        items.insert(at, found)
    return items


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _drop_running_lines(pages: list[list[_Line | _PageTable]]) -> None:
    """Remove page headers, footers and page numbers in place."""
    edges: list[list[_Line]] = []
    for items in pages:
        lines = [i for i in items if isinstance(i, _Line)]
        edges.append(lines[:EDGE_LINES] + lines[-EDGE_LINES:])
    counts = Counter(key for lines in edges for key in {_key(line.text) for line in lines})
    needed = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= needed}
    for items, lines in zip(pages, edges, strict=True):
        for line in lines:
            if (_key(line.text) in running or _PAGE_NUMBER.match(line.text)) and line in items:
                items.remove(line)


def _wraps(previous: _Line, line: _Line) -> bool:
    """True if *line* continues the paragraph of *previous*: that one reaches the right margin and this
    one starts at the left margin, close below it (or at the top of the next page)."""
    if not (previous.joinable and line.joinable) or _NEW_ITEM.match(line.text):
        return False
    reaches = previous.x1 >= previous.right - RIGHT_MARGIN * previous.width
    centre = (line.left + line.right) / 2
    starts = (line.x0 <= line.left + LEFT_MARGIN * line.width  # left-aligned or a centred title's next line
              or abs((line.x0 + line.x1) / 2 - centre) <= LEFT_MARGIN * line.width)
    if previous.page != line.page:
        return reaches and starts
    height = previous.bottom - previous.top
    return reaches and starts and line.top - previous.bottom < 0.8 * height


def _blocks(pages: list[list[_Line | _PageTable]]) -> list[Extracted]:
    blocks: list[Extracted] = []
    previous: _Line | _PageTable | None = None
    for items in pages:
        for index, item in enumerate(items):
            if isinstance(item, _PageTable):
                last = blocks[-1] if blocks else None
                if (index == 0 and isinstance(previous, _PageTable) and isinstance(last, XTable) and item.rows
                        and len(item.rows[0]) == len(last.rows[0])):
                    rows = item.rows[1:] if item.rows[0] == list(last.rows[0]) else item.rows
                    blocks[-1] = XTable(last.rows + tuple(tuple(r) for r in rows))
                else:
                    blocks.append(XTable(tuple(tuple(r) for r in item.rows)))
            elif isinstance(previous, _Line) and isinstance(blocks[-1], str) and _wraps(previous, item):
                blocks[-1] = f"{blocks[-1]} {item.text}"
            else:
                blocks.append(item.text)
            previous = item
    return blocks


def extract(name: str, data: bytes) -> list[Extracted]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, empty = [], []
            for number, page in enumerate(pdf.pages, start=1):
                if not page.chars:
                    if page.images:
                        empty.append(number)
                    pages.append([])
                    continue
                pages.append(_read_page(page, number))
    except (PdfminerException, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or isinstance(exc, PDFPasswordIncorrect):
            raise IngestError(name, 1, "the PDF is encrypted and opens only with a password; "
                                       "save an unprotected copy") from None
        raise IngestError(name, 1, f"not a readable PDF file: {cause!s}") from None
    if not any(pages):
        raise IngestError(name, 1, f"the PDF has no text layer on any of its {len(pages)} page(s): a scan; "
                                   "run OCR on it first")
    if empty:
        listed = ", ".join(str(n) for n in empty)
        raise IngestError(name, 1, f"page {listed} of the PDF is an image without a text layer (a scanned page): "
                                   "run OCR on it first, or its text would be missing")
    _drop_running_lines(pages)
    return _blocks(pages)
