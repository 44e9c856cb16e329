"""Placeholder."""

from __future__ import annotations

from plangraph.ingest.source import SourceDocument
from plangraph.ingest.view import TextView


def normalise(source: SourceDocument) -> TextView:
    return TextView.identity(source, "gfm")
