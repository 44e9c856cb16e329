"""Reading a source file into an NFC text with line and offset bookkeeping."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from plangraph.ingest.errors import IngestError
from plangraph.language.folding import nfc

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Span:
    """A 1-based, inclusive range of source lines."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last:
            raise ValueError(f"bad span {self.first}..{self.last}")

    def merge(self, other: Span) -> Span:
        return Span(min(self.first, other.first), max(self.last, other.last))


@dataclass(frozen=True)
class OriginalFile:
    """The file a converter read (.docx, .pdf, .html, .tsv): the source text is extracted from it."""

    name: str
    media_type: str  # IANA media type
    sha256: str  # of the file's bytes


@dataclass(frozen=True)
class SourceDocument:
    """One source file: its name (no directories), NFC text and line table; *original* is the file the
    text was extracted from, when it was not read as text."""

    name: str
    text: str
    lines: tuple[str, ...] = field(repr=False)
    offsets: tuple[int, ...] = field(repr=False)  # character offset of each line's start
    original: OriginalFile | None = None

    @classmethod
    def from_text(cls, name: str, text: str, original: OriginalFile | None = None) -> SourceDocument:
        text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
        lines = tuple(text.split("\n"))
        offsets, pos = [], 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        return cls(name=name, text=text, lines=lines, offsets=tuple(offsets), original=original)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1]

    def error(self, lineno: int, reason: str) -> IngestError:
        lineno = max(1, min(lineno, len(self.lines)))
        return IngestError(self.name, lineno, reason, self.line(lineno).strip() or None)

    def char_range(self, span: Span) -> tuple[int, int]:
        """Character offsets [start, end) of *span* in :attr:`text` (end excludes the final newline)."""
        start = self.offsets[span.first - 1]
        end = self.offsets[span.last - 1] + len(self.lines[span.last - 1])
        return start, end


def read_bytes(path: Path) -> bytes:
    """The bytes of *path*, refusing unreadable, oversized and empty files."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(name, 1, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise IngestError(name, 1, f"file is {len(data)} bytes; the limit is {MAX_BYTES}")
    if not data.strip():
        raise IngestError(name, 1, "file is empty")
    return data


def decode_text(name: str, data: bytes) -> str:
    """*data* as UTF-8 text (a byte-order mark is dropped), refusing binary and non-UTF-8 bytes."""
    if b"\x00" in data:
        lineno = data[: data.index(b"\x00")].count(b"\n") + 1
        raise IngestError(name, lineno, "file is binary (NUL byte), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        raise IngestError(name, lineno, f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})") from None
    return text


def read_source(path: Path) -> SourceDocument:
    """Read *path* as UTF-8 text, refusing empty, binary, oversized and non-UTF-8 files."""
    return SourceDocument.from_text(path.name, decode_text(path.name, read_bytes(path)))
