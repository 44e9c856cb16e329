"""Recognise a text file's shape and read it into blocks.

Shapes (see README "Supported layouts"):

* ``plain`` — one line per paragraph or hard-wrapped paragraphs, tables as tab-separated rows;
* ``pipe`` — TVPL pages converted by Trafilatura: every table cell on its own lines between ``|`` lines;
* ``gfm`` — GitHub-flavoured markdown: ``| a | b |`` rows with a ``|---|`` separator;
* ``congbao`` — the text layer of a Công báo PDF: running page headers, no cell delimiters.

The first three are read by one reader (:mod:`.text`), which tells each table syntax by its lines, so a
file mixing them reads as well; the shape's name is what the report shows.
"""

from __future__ import annotations

import re

from plangraph.ingest.blocks import Document
from plangraph.ingest.read.congbao import read_congbao
from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.read.text import read_text

_PIPE_LINE = re.compile(r"^\s*\|\s*$")
_GFM_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_CONGBAO_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\s*\d+", re.IGNORECASE)


def detect(source: SourceDocument) -> str:
    """The name of the shape of *source*."""
    lines = source.lines
    if any(_CONGBAO_HEADER.match(line) for line in lines):
        return "congbao"
    pipes = sum(1 for line in lines if _PIPE_LINE.match(line))
    rules = sum(1 for line in lines if _GFM_RULE.match(line))
    if pipes >= 4 and pipes > rules:
        return "pipe"
    if rules >= 1:
        return "gfm"
    return "plain"


def read_layout(source: SourceDocument) -> Document:
    """The blocks of a text file in whatever shape it has."""
    layout = detect(source)
    return read_congbao(source) if layout == "congbao" else read_text(source, layout)
