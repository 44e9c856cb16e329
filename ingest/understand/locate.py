"""Where a fact was read: blocks, runs and pieces of runs → :class:`~plangraph.ingest.records.Located`.

Positions are always in the source text: a block's span (its region of the file, markup included) for a
whole block, a run's origins for a piece of text inside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from plangraph.ingest.blocks import Block, Cell, Run
from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.records import Located


class Locator:
    """Turns spans into :class:`Located` records over one source text."""

    def __init__(self, source: SourceDocument) -> None:
        self.source = source
        self.text = source.text

    def span(self, start: int, end: int) -> Located:
        """Characters [start, end) of the source text."""
        end = max(start, end)
        return Located(self.source.line_of(start), self.source.line_of(max(start, end - 1)), start, end,
                       self.text[start:end])

    def block(self, block: Block) -> Located:
        return self.span(*block.span)

    def blocks(self, blocks: Sequence[Block]) -> Located:
        """From the first block's start to the last one's end."""
        return self.span(blocks[0].span[0], max(b.span[1] for b in blocks))

    def cell(self, cell: Cell, fallback: tuple[int, int]) -> Located:
        return self.span(*(cell.span or fallback))

    def run(self, run: Run, start: int = 0, end: int | None = None, *,
            fallback: tuple[int, int] | None = None) -> Located:
        """Characters [start, end) of *run*; *fallback* (a span) when none of them comes from the file."""
        found = run.span(start, end)
        if found is None:
            found = fallback or run.span() or (0, 0)
        return self.span(*found)

    def substring(self, run: Run, needle: str, *, fallback: tuple[int, int]) -> Located:
        """Where *needle* occurs in *run* (first occurrence); *fallback* when it does not."""
        at = run.text.find(needle) if needle else -1
        if at < 0:
            return self.span(*fallback)
        return self.run(run, at, at + len(needle), fallback=fallback)
