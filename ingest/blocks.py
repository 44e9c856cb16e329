"""The typed block model between reading and understanding.

Reading (:mod:`plangraph.ingest.read`) turns a file of any format and text shape into a
:class:`Document`: its blocks in reading order — headings, paragraphs, list items, tables, signature
blocks — with markup, site chrome and page furniture already taken out (the last two kept apart, each
with its reason). Understanding (:mod:`plangraph.ingest.understand`) reads blocks only: it never sees a
tab, a ``|`` or an emphasis marker.

Every piece of text is a :class:`Run`: the text as the readers see it plus, for every character, where
it is in the source text (the NFC text every provenance line and offset refers to). A run may be made of
several separate pieces of the file (a cell split by a page break, a paragraph hard-wrapped over lines,
a number and its label printed on two lines) and may hold characters the file does not have (the space
that joins two wrapped lines), which map nowhere. Every block also has its *span*: the region of the file
it was read from, markup included, which is what a quote of the whole block shows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plangraph.ingest.read.source import SourceDocument

_WS = re.compile(r"\s+")
_OTHER_WS = re.compile(r"[^\S ]")


@dataclass(frozen=True)
class Run:
    """Text with its origins: ``pieces`` are ``(at, origin, length)`` — characters ``text[at:at+length]``
    are ``source[origin:origin+length]``; characters in no piece stand for nothing in the file."""

    text: str
    pieces: tuple[tuple[int, int, int], ...] = ()

    # --- making runs --------------------------------------------------------------------------------
    @classmethod
    def of(cls, source_text: str, start: int, end: int) -> Run:
        """Characters [start, end) of the source text, as they are."""
        return cls(source_text[start:end], ((0, start, end - start),) if end > start else ())

    @classmethod
    def synthetic(cls, text: str) -> Run:
        """Text that stands for nothing in the file (a separator)."""
        return cls(text)

    @classmethod
    def join(cls, runs: Iterable[Run], separator: str = " ") -> Run:
        """The runs one after the other, *separator* (mapping nowhere) between two non-empty ones."""
        text: list[str] = []
        pieces: list[tuple[int, int, int]] = []
        length = 0
        for run in runs:
            if not run.text:
                continue
            if length and separator:
                text.append(separator)
                length += len(separator)
            text.append(run.text)
            pieces.extend((at + length, origin, n) for at, origin, n in run.pieces)
            length += len(run.text)
        return cls("".join(text), _merged(pieces))

    def __add__(self, other: Run) -> Run:
        return Run.join([self, other], "")

    # --- reading runs --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text

    def __getitem__(self, index: slice) -> Run:
        start, stop, _ = index.indices(len(self.text))
        if stop <= start:
            return Run("")
        if start == 0 and stop == len(self.text):
            return self  # runs are immutable: the whole of one is itself
        pieces = []
        for at, origin, n in self.pieces:
            a, b = max(at, start), min(at + n, stop)
            if a < b:
                pieces.append((a - start, origin + a - at, b - a))
        return Run(self.text[start:stop], tuple(pieces))

    def origin(self, index: int) -> int | None:
        """The source offset of character *index*, or None when it stands for nothing in the file."""
        starts = [at for at, _, _ in self.pieces]
        k = bisect.bisect_right(starts, index) - 1
        if k >= 0:
            at, origin, n = self.pieces[k]
            if index < at + n:
                return origin + index - at
        return None

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Source offsets [first, last + 1) of the first and last non-space characters of ``text[start:end]``
        that come from the file; None when none does."""
        end = len(self.text) if end is None else end
        first = last = None
        for at, origin, n in self.pieces:
            a, b = max(at, start), min(at + n, end)
            if a >= b:
                continue
            chunk = self.text[a:b]
            stripped = chunk.lstrip()
            if not stripped:
                continue
            if first is None:
                first = origin + (a - at) + (len(chunk) - len(stripped))
            last = origin + (a - at) + len(chunk.rstrip())
        return (first, last) if first is not None and last is not None else None

    def strip(self, chars: str | None = None) -> Run:
        text = self.text
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        return self[left:max(left, right)]

    def rstrip(self, chars: str | None = None) -> Run:
        return self[:len(self.text.rstrip(chars))]

    def find(self, needle: str, start: int = 0) -> int:
        return self.text.find(needle, start)

    def squashed(self) -> Run:
        """Runs of white space as one space, trimmed: ``"Sở  Y\\n tế"`` → ``"Sở Y tế"`` (a single space of the
        file stays the file's)."""
        run = self.strip()
        if " " * 2 not in run.text and not _OTHER_WS.search(run.text):
            return run
        parts: list[Run] = []
        position = 0
        for match in _WS.finditer(run.text):
            if match.group() == " ":
                continue
            parts.append(run[position:match.start()])
            position = match.end()
        parts.append(run[position:])
        return Run.join((p for p in parts if p), " ")

    def without(self, ranges: Iterable[tuple[int, int]]) -> Run:
        """The run with the characters of *ranges* ([start, end) in ``text``) taken out."""
        kept: list[Run] = []
        position = 0
        for start, end in sorted(ranges):
            if start > position:
                kept.append(self[position:start])
            position = max(position, end)
        kept.append(self[position:])
        return Run.join(kept, "")

    def replaced(self, edits: Iterable[tuple[int, int, str]]) -> Run:
        """The run with characters [start, end) of each edit replaced by its text (mapping nowhere)."""
        kept: list[Run] = []
        position = 0
        for start, end, text in sorted(edits):
            if start < position:
                continue
            kept.append(self[position:start])
            if text:
                kept.append(Run(text))
            position = end
        kept.append(self[position:])
        return Run.join(kept, "")

    def split(self, pattern: re.Pattern[str]) -> list[Run]:
        """The pieces between matches of *pattern* (empty pieces kept)."""
        out, position = [], 0
        for match in pattern.finditer(self.text):
            out.append(self[position:match.start()])
            position = match.end()
        out.append(self[position:])
        return out


def _merged(pieces: list[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Adjacent pieces that continue each other in the text and in the file, as one."""
    out: list[tuple[int, int, int]] = []
    for at, origin, n in pieces:
        if n <= 0:
            continue
        if out and out[-1][0] + out[-1][2] == at and out[-1][1] + out[-1][2] == origin:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
        else:
            out.append((at, origin, n))
    return tuple(out)


# --- blocks -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A block of the document: its text (:class:`Run`, markup removed) and the region of the file it
    was read from (``span``, source offsets [start, end), markup included)."""

    run: Run
    span: tuple[int, int]

    @property
    def text(self) -> str:
        return self.run.text


@dataclass(frozen=True)
class Style:
    """How a block was printed, as far as the text shape tells: wholly bold or italic, a markdown heading
    level, inside a cell of a layout table (the two-column header or closing block: ``cell`` is
    (table, row, column) in that table)."""

    bold: bool = False
    italic: bool = False
    heading: int = 0  # markdown "#" count
    cell: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class Paragraph(Block):
    style: Style = Style()


@dataclass(frozen=True)
class Marker:
    """A printed numbering mark: ``Điều 5.``, ``Chương II``, ``II.``, ``1.2.``, ``a)``, ``-``.

    ``kind`` is one of :data:`MARKER_KINDS`; ``number`` the number as printed without punctuation
    (``"5"``, ``"II"``, ``"1.2"``, ``"a"``, ``""`` for a bullet); ``text`` the mark as printed."""

    kind: str
    number: str
    text: str


# Marker kinds, outermost first: legislation units (Nghị định 78/2025/NĐ-CP, Điều 63), then the numbering
# of sections and items inside articles and plans.
MARKER_KINDS = ("phan", "chuong", "muc", "tieu-muc", "dieu", "roman", "upper", "arabic", "lower", "bullet")


@dataclass(frozen=True)
class Heading(Block):
    """A heading: a legislation unit (``Chương II``, ``Điều 5. Phạm vi``), a numbered section in capitals
    (``II. NHIỆM VỤ``), or an unnumbered line in capitals or marked as a heading (``QUYẾT ĐỊNH``,
    ``PHỤ LỤC``). ``title`` is the text after the marker (for ``Điều 5. Phạm vi`` ``Phạm vi``)."""

    marker: Marker | None = None
    title: Run = Run("")
    style: Style = Style()

    @property
    def level(self) -> int:
        """Rank of the heading's marker in :data:`MARKER_KINDS` (0 outermost); unnumbered headings rank 0."""
        return MARKER_KINDS.index(self.marker.kind) if self.marker else 0


@dataclass(frozen=True)
class ListItem(Block):
    """A numbered, lettered or bulleted paragraph: ``1. Sở Tài chính: …``, ``a) …``, ``- …``."""

    marker: Marker = Marker("bullet", "", "-")
    body: Run = Run("")
    style: Style = Style()


@dataclass(frozen=True)
class Cell:
    """One cell as printed: where it starts, how far it spans, its paragraphs (each a run).

    A cell spanning several rows is one cell (``row_span`` > 1), never copied into the rows it covers;
    :meth:`Table.grid` shows it at every position it covers."""

    row: int
    col: int
    paragraphs: tuple[Run, ...]
    span: tuple[int, int] | None  # source region; None for an empty cell
    row_span: int = 1
    col_span: int = 1
    header: bool = False

    @property
    def run(self) -> Run:
        """The cell's paragraphs on one line, joined as one would read them (``"; "`` between names)."""
        return join_cell(self.paragraphs)

    @property
    def text(self) -> str:
        return self.run.text


@dataclass(frozen=True)
class Table(Block):
    """Rows of cells. ``cells`` as printed (a row may have fewer cells than others: the page dropped merged
    cells); ``doubts`` holds (row, reason) where the reader is unsure of the cut (Công báo text)."""

    cells: tuple[Cell, ...] = ()
    n_rows: int = 0
    n_cols: int = 0
    header_rows: int = 0
    doubts: tuple[tuple[int, int, str], ...] = ()  # (row, source line, reason)
    row_spans: tuple[tuple[int, int], ...] = ()  # source region of each row

    def rows(self) -> list[list[Cell]]:
        """The cells of each row as printed, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def grid(self) -> list[list[Cell | None]]:
        """Every position of the table with the cell that covers it (a spanning cell at each position)."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(self.n_rows, cell.row + cell.row_span)):
                for c in range(cell.col, min(self.n_cols, cell.col + cell.col_span)):
                    out[r][c] = cell
        return out


@dataclass(frozen=True)
class SignatureBlock(Block):
    """The signer's block: authority marks (``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``), the post and the
    name, one run per printed line."""

    lines: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Furniture(Block):
    """Text of the page or the site rather than of the document (running header, page number, signature
    stamp, navigation, a rule of dashes), kept with the reason it is not read."""

    reason: str = ""
    listed: bool = True  # reported line by line (site chrome, a cut-off row), else only counted (page furniture)


ContentBlock = Paragraph | Heading | ListItem | Table | SignatureBlock


@dataclass
class Document:
    """One source file read: its text, its content blocks in reading order, and what was set aside."""

    source: SourceDocument
    layout: str
    blocks: list[ContentBlock] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    notes: list[ContentBlock] = field(default_factory=list)  # footnotes, out of the reading order

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def text(self) -> str:
        return self.source.text

    def lines_of(self, span: tuple[int, int]) -> tuple[int, int]:
        """1-based first and last line of a source region."""
        return self.source.line_of(span[0]), self.source.line_of(max(span[0], span[1] - 1))

    def first_line(self, block: Block) -> int:
        return self.source.line_of(block.span[0])

    def __iter__(self) -> Iterator[ContentBlock]:
        return iter(self.blocks)


_ENDS_CLAUSE = (".", ";", ":", ",", "-", "–")


def join_cell(paragraphs: Sequence[Run]) -> Run:
    """The paragraphs of one table cell on one line: ``"; "`` between two paragraphs (agency names stay
    apart), a space after one that ends with punctuation."""
    out = Run("")
    for paragraph in paragraphs:
        piece = paragraph.squashed()
        if not piece:
            continue
        if not out:
            out = piece
        else:
            out = Run.join([out, piece], " " if out.text.endswith(_ENDS_CLAUSE) else "; ")
    return out
