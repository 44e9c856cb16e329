"""Reading a source file into an NFC text with line and offset bookkeeping."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import stat
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

    def line_of(self, offset: int) -> int:
        """The 1-based line holding character *offset*."""
        return max(1, bisect.bisect_right(self.offsets, offset))

    def error(self, lineno: int, reason: str) -> IngestError:
        lineno = max(1, min(lineno, len(self.lines)))
        return IngestError(self.name, lineno, reason, self.line(lineno).strip() or None)

    def char_range(self, span: Span) -> tuple[int, int]:
        """Character offsets [start, end) of *span* in :attr:`text` (end excludes the final newline)."""
        start = self.offsets[span.first - 1]
        end = self.offsets[span.last - 1] + len(self.lines[span.last - 1])
        return start, end


def max_bytes() -> int:
    """The size limit of one input file: ``PLANGRAPH_MAX_FILE_SIZE`` (bytes, or with a K/M/G suffix), else
    :data:`MAX_BYTES`."""
    raw = os.environ.get("PLANGRAPH_MAX_FILE_SIZE", "").strip()
    return parse_size(raw) if raw else MAX_BYTES


def parse_size(text: str) -> int:
    """``"20M"`` → 20971520; ``"500000"`` → 500000.

    >>> parse_size("20M"), parse_size("1k"), parse_size("100")
    (20971520, 1024, 100)
    """
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", text)
    if not match:
        raise ValueError(f"not a size: {text!r} (bytes, or a number with K, M or G)")
    return int(match[1]) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match[2].lower()]


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of *path*, refusing what is not a regular file (a device, a pipe — also behind a
    symbolic link), files over the size limit, and empty files; never reads more than the limit."""
    name = path.name
    limit = max_bytes() if limit is None else limit
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise IngestError(name, 1, f"not a regular file ({kind}); only files are read")
        if info.st_size > limit:
            raise IngestError(name, 1, f"file is {info.st_size} bytes; the limit is {limit} "
                                       "(set PLANGRAPH_MAX_FILE_SIZE or --max-file-size to change it)")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise IngestError(name, 1, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise IngestError(name, 1, f"file is over the limit of {limit} bytes "
                                   "(set PLANGRAPH_MAX_FILE_SIZE or --max-file-size to change it)")
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
