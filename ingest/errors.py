"""Ingest errors: each names the file, the 1-based line and the reason, and shows the line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plangraph.ontology.errors import PlangraphError

if TYPE_CHECKING:
    from plangraph.ingest.records import ParsedDocument


class IngestError(PlangraphError, ValueError):
    """A document that cannot be ingested.

    ``str(error)`` reads ``file:line: reason`` followed by the offending line, so a user can act on it;
    the structured fields stay available for tests and reports.
    """

    def __init__(self, filename: str, lineno: int, reason: str, line_text: str | None = None) -> None:
        self.filename = filename
        self.lineno = lineno
        self.reason = reason
        self.line_text = line_text
        super().__init__(self._render())

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:  # sent back from a worker process whole
        return type(self), (self.filename, self.lineno, self.reason, self.line_text)

    def _render(self) -> str:
        head = f"{self.filename}:{self.lineno}: {self.reason}"
        if not self.line_text:
            return head
        shown = self.line_text if len(self.line_text) <= 160 else self.line_text[:157] + "..."
        return f"{head}\n    {shown}"


class RefusedDocument(IngestError):
    """A document read to the end but refused as a whole (a table it cannot read): ``doc`` holds what was
    read, so the refusal can be reported like an ingest, with every line that was not placed."""

    def __init__(self, filename: str, lineno: int, reason: str, line_text: str | None,
                 doc: ParsedDocument) -> None:
        self.doc = doc
        super().__init__(filename, lineno, reason, line_text)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), (self.filename, self.lineno, self.reason, self.line_text, self.doc)
