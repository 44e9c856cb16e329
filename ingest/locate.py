"""Turning line ranges and substrings into :class:`Located` provenance records."""

from __future__ import annotations

from plangraph.ingest.records import Located
from plangraph.ingest.source import SourceDocument, Span


def lines(source: SourceDocument, first: int, last: int | None = None) -> Located:
    """The exact text of lines *first*..*last*, trimmed of surrounding white space."""
    last = last or first
    start, end = source.char_range(Span(first, last))
    raw = source.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return Located(first, last, start + lead, end - trail, raw.strip())


def substring(source: SourceDocument, first: int, last: int, needle: str) -> Located:
    """Where *needle* occurs within lines *first*..*last*; the whole range if it does not occur verbatim."""
    whole = lines(source, first, last)
    index = source.text.find(needle, whole.start, whole.end) if needle else -1
    if index < 0:
        return whole
    start, end = index, index + len(needle)
    first_line = source.text.count("\n", 0, start) + 1
    last_line = source.text.count("\n", 0, end) + 1
    return Located(first_line, last_line, start, end, source.text[start:end])


def offsets(source: SourceDocument, lineno: int, start: int, end: int) -> Located:
    """Characters [start, end) of line *lineno*."""
    base = source.offsets[lineno - 1]
    return Located(lineno, lineno, base + start, base + end, source.text[base + start: base + end])
