"""The text as the parsers read it: logical lines, each character mapped back to the original file.

A layout (see :mod:`plangraph.ingest.layout_detect`) turns the file into logical lines: a hard-wrapped
paragraph becomes one line, a table row becomes one tab-separated line, page furniture is left out.
Every character of a logical line remembers its offset in the original NFC text, so provenance
(line ranges, character spans, quotes) always points at the file as it was read, never at the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from plangraph.ingest.errors import IngestError
from plangraph.ingest.read.source import SourceDocument

NO_ORIGIN = -1  # a character that stands for nothing in the file (the line break between two logical lines)


@dataclass(frozen=True)
class ViewLine:
    text: str
    origins: tuple[int, ...] = field(repr=False)  # original offset of each character of text
    first_line: int  # 1-based original lines this logical line was read from
    last_line: int


@dataclass(frozen=True)
class Skipped:
    """An original line a layout read and set aside on purpose (page header, stamp), with the reason."""

    lineno: int
    text: str
    reason: str


class LineBuilder:
    """Accumulates one logical line from pieces of original lines and separators."""

    def __init__(self, source: SourceDocument) -> None:
        self.source = source
        self.chars: list[str] = []
        self.origins: list[int] = []
        self.lines: list[int] = []

    def original(self, lineno: int, start: int = 0, end: int | None = None) -> LineBuilder:
        """Append characters [start, end) of original line *lineno*."""
        raw = self.source.line(lineno)
        end = len(raw) if end is None else end
        base = self.source.offsets[lineno - 1]
        self.chars.extend(raw[start:end])
        self.origins.extend(range(base + start, base + end))
        self.lines.append(lineno)
        return self

    def stripped(self, lineno: int) -> LineBuilder:
        """Append original line *lineno* without its surrounding white space."""
        raw = self.source.line(lineno)
        start = len(raw) - len(raw.lstrip())
        return self.original(lineno, start, len(raw.rstrip()))

    def separator(self, text: str, origin: int) -> LineBuilder:
        """Append *text* that stands for a layout mark at original offset *origin* (a line break, a ``|``)."""
        if self.chars:
            self.chars.extend(text)
            self.origins.extend([origin] * len(text))
        return self

    def build(self, fallback_line: int) -> ViewLine:
        first = min(self.lines) if self.lines else fallback_line
        last = max(self.lines) if self.lines else fallback_line
        return ViewLine("".join(self.chars), tuple(self.origins), first, last)


class TextView:
    """Logical lines over a :class:`SourceDocument`; 1-based like the file's own lines."""

    def __init__(self, source: SourceDocument, layout: str, entries: Sequence[ViewLine],
                 skipped: Sequence[Skipped] = (), furniture: Sequence[Skipped] = ()) -> None:
        self.source = source
        self.layout = layout
        self.entries = tuple(entries)
        self.lines = tuple(e.text for e in self.entries)
        self.skipped = list(skipped)  # reported line by line
        self.furniture = list(furniture)  # page furniture left out on purpose: counted, not listed

    @classmethod
    def identity(cls, source: SourceDocument, layout: str = "plain") -> TextView:
        """Every original line as it is: the view of a file whose layout needs no normalising."""
        entries = [ViewLine(line, tuple(range(base, base + len(line))), n, n)
                   for n, (line, base) in enumerate(zip(source.lines, source.offsets, strict=True), start=1)]
        return cls(source, layout, entries)

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def text(self) -> str:
        return self.source.text

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1]

    def entry(self, lineno: int) -> ViewLine:
        return self.entries[lineno - 1]

    def original_line(self, lineno: int) -> int:
        """The original line where logical line *lineno* starts."""
        lineno = max(1, min(lineno, len(self.entries)))
        return self.entries[lineno - 1].first_line if self.entries else 1

    def error(self, lineno: int, reason: str) -> IngestError:
        return self.source.error(self.original_line(lineno), reason)

    def span(self, first: int, last: int) -> tuple[int, int] | None:
        """Original offsets [start, end) from the first to the last non-blank character of lines first..last."""
        start = end = None
        for lineno in range(first, last + 1):
            entry = self.entries[lineno - 1]
            for ch, origin in zip(entry.text, entry.origins, strict=True):
                if not ch.isspace() and origin != NO_ORIGIN:
                    start = origin if start is None else start
                    end = origin + 1
        return (start, end) if start is not None and end is not None else None

    def find(self, first: int, last: int, needle: str) -> tuple[int, int] | None:
        """Original offsets [start, end) of the first occurrence of *needle* in lines first..last."""
        chars: list[str] = []
        origins: list[int] = []
        for lineno in range(first, last + 1):
            entry = self.entries[lineno - 1]
            if chars:
                chars.append("\n")
                origins.append(NO_ORIGIN)
            chars.extend(entry.text)
            origins.extend(entry.origins)
        index = "".join(chars).find(needle)
        if index < 0:
            return None
        covered = [o for o in origins[index:index + len(needle)] if o != NO_ORIGIN]
        return (covered[0], covered[-1] + 1) if covered else None

    def char_range(self, lineno: int, start: int, end: int) -> tuple[int, int]:
        """Original offsets of characters [start, end) of logical line *lineno*."""
        origins = [o for o in self.entries[lineno - 1].origins[start:end] if o != NO_ORIGIN]
        return origins[0], origins[-1] + 1
