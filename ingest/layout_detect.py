"""Recognise a file's text shape and normalise it into a :class:`TextView`.

Shapes (see README "Supported layouts"):

* ``plain`` — one line per paragraph, tables as tab-separated rows (OCR and office exports);
* ``pipe`` — TVPL pages converted by Trafilatura: every table cell on its own lines between ``|`` lines;
* ``gfm`` — GitHub-flavoured markdown: ``| a | b |`` rows with a ``|---|`` separator;
* ``congbao`` — the text layer of a Công báo PDF: running page headers, no cell delimiters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plangraph.ingest.source import SourceDocument
from plangraph.ingest.view import TextView

_PIPE_LINE = re.compile(r"^\s*\|\s*$")
_GFM_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_CONGBAO_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\s*\d+", re.IGNORECASE)


def detect(source: SourceDocument) -> str:
    """The name of the shape of *source*."""
    lines = source.lines
    if sum(1 for line in lines if _CONGBAO_HEADER.match(line)) >= 1:
        return "congbao"
    pipes = sum(1 for line in lines if _PIPE_LINE.match(line))
    rules = sum(1 for line in lines if _GFM_RULE.match(line))
    if pipes >= 4 and pipes > rules:
        return "pipe"
    if rules >= 1:
        return "gfm"
    return "plain"


def _normalisers() -> dict[str, Callable[[SourceDocument], TextView]]:
    from plangraph.ingest import layout_congbao, layout_gfm, layout_pipe

    return {
        "plain": TextView.identity,
        "pipe": layout_pipe.normalise,
        "gfm": layout_gfm.normalise,
        "congbao": layout_congbao.normalise,
    }


def normalise(source: SourceDocument) -> TextView:
    """The logical lines of *source* in whatever shape it has."""
    return _normalisers()[detect(source)](source)
