"""Instruments and agencies named in a run of text, each located in the source."""

from __future__ import annotations

from dataclasses import replace

from plangraph.ingest.blocks import Run
from plangraph.ingest.records import AgencyMention, CitationMention
from plangraph.ingest.understand.agencies import normalize_agency
from plangraph.ingest.understand.citations import Citation, CitationContext, find_citations
from plangraph.ingest.understand.locate import Locator


class Mentions:
    """Finds citations (never the document's own number) and agency names in runs of one document."""

    def __init__(self, locate: Locator, context: CitationContext, own: Citation | None = None) -> None:
        self.locate, self.context, self.own = locate, context, own
        self.dated = _dated(locate.source.text, context)

    def is_own(self, citation: Citation) -> bool:
        """True for a mention of the document itself (an annex's ``Kèm theo Quyết định số 281/QĐ-UBND``)."""
        own = self.own
        return own is not None and own.number is not None and (citation.number, citation.doc_type, citation.issuer,
                                                               citation.scope) == (own.number, own.doc_type,
                                                                                   own.issuer, own.scope) \
            and (citation.year in (None, own.year))

    def citations(self, run: Run, fallback: tuple[int, int] | None = None) -> list[CitationMention]:
        out = []
        for citation in find_citations(run.text, self.context):
            if self.is_own(citation):
                continue
            if citation.year is None and citation.number:
                known = self.dated.get(_key(citation))
                if known is not None:  # cited with its date elsewhere in the document: the same instrument
                    citation = replace(citation, year=known.year, date=known.date)
            loc = self.locate.run(run, citation.start, citation.end, fallback=fallback)
            out.append(CitationMention(replace(citation), loc))
        return out

    def agency(self, run: Run, surface: str, fallback: tuple[int, int]) -> AgencyMention:
        """The agency named *surface* (a piece of *run*), located where it is printed."""
        return AgencyMention(normalize_agency(surface), self.locate.substring(run, surface, fallback=fallback))


def _key(citation: Citation) -> tuple[str, str | None, str, str]:
    return citation.doc_type, citation.number, citation.issuer, citation.scope


def _dated(text: str, context: CitationContext) -> dict[tuple[str, str | None, str, str], Citation]:
    """The instruments *text* cites with a year, by identity without the year — only those cited with a single
    year (``Nghị quyết số 57-NQ/TW ngày 22/12/2024`` dates a later bare ``Nghị quyết số 57-NQ/TW``)."""
    years: dict[tuple[str, str | None, str, str], dict[int, Citation]] = {}
    for citation in find_citations(text, context):
        if citation.year is not None and citation.number:
            years.setdefault(_key(citation), {}).setdefault(citation.year, citation)
    return {key: next(iter(found.values())) for key, found in years.items() if len(found) == 1}
