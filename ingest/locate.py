"""Turning logical line ranges and substrings into :class:`Located` provenance records.

Positions are always in the original file: a :class:`TextView` maps every logical character back.
"""

from __future__ import annotations

from plangraph.ingest.records import Located
from plangraph.ingest.view import TextView


def _located(view: TextView, start: int, end: int) -> Located:
    text = view.text
    return Located(text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1, start, end, text[start:end])


def lines(view: TextView, first: int, last: int | None = None) -> Located:
    """The exact text of logical lines *first*..*last*, trimmed of surrounding white space."""
    last = last or first
    first_line, last_line = view.entry(first).first_line, view.entry(last).last_line
    span = view.span(first, last)
    if span is None:
        start = view.source.offsets[first_line - 1]
        return Located(first_line, last_line, start, start, "")
    start, end = span
    return Located(first_line, last_line, start, end, view.text[start:end])


def substring(view: TextView, first: int, last: int, needle: str) -> Located:
    """Where *needle* occurs within logical lines *first*..*last*; the whole range if it does not occur."""
    found = view.find(first, last, needle) if needle else None
    if found is None:
        return lines(view, first, last)
    return _located(view, *found)


def offsets(view: TextView, lineno: int, start: int, end: int) -> Located:
    """Characters [start, end) of logical line *lineno*."""
    return _located(view, *view.char_range(lineno, start, end))
