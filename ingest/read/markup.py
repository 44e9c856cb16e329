"""Markup taken out of a run of source text, every remaining character keeping its origin.

Markdown heading marks (``## ``), emphasis (``**``, ``__``, ``*`` around words), HTML tags (``<b>``,
``</b>``, ``<br>``) and character references (``&lt;`` reads ``<``, mapped to the ``&``) are removed;
whether the whole run was bold or italic, and its heading level, are returned as its :class:`Style`.
"""

from __future__ import annotations

import html
import re

from plangraph.ingest.blocks import Run, Style

_HEADING = re.compile(r"^\s*(#{1,6})\s+")
# Emphasis markers as the crawlers write them: "**", "__", and a "*" glued to a word on one side.
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?![\s*])|(?<=\S)\*(?![\w*])|(?<=\s)\*(?=\s*$)|^\*(?=\s*$)")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAG = re.compile(r"<\s*(?:/?p|br|/?li|/?ul|/?ol|/?div|/?tr)\b", re.IGNORECASE)
_MARKUP_CHARACTER = re.compile(r"[#<*_&]")  # every pattern below needs one of these to match
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_BOLD_WHOLE = re.compile(r"^\s*(?:\*\*|__|<b>|<strong>)(?s:.*)(?:\*\*|__|</b>|</strong>)\s*$", re.IGNORECASE)
_ITALIC_WHOLE = re.compile(r"^\s*(?:\*(?!\*)|_(?!_)|<i>|<em>)(?s:.*)(?:(?<!\*)\*|(?<!_)_|</i>|</em>)\s*$",
                           re.IGNORECASE)


def style_of(raw: str) -> Style:
    """The style a run of source text shows as a whole."""
    heading = _HEADING.match(raw)
    body = raw[heading.end():] if heading else raw
    bold = bool(_BOLD_WHOLE.match(body))
    inner = re.sub(r"^\s*(?:\*\*|__)|(?:\*\*|__)\s*$", "", body) if bold else body
    return Style(bold=bold, italic=bool(_ITALIC_WHOLE.match(inner)), heading=len(heading.group(1)) if heading else 0)


def clean(run: Run) -> Run:
    """*run* without markdown and HTML markup, character references read, white space squashed."""
    text = run.text
    if not _MARKUP_CHARACTER.search(text):  # most runs of most documents: nothing to take out
        return Run.join([run], "").squashed()
    cuts: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        heading = _HEADING.match(line.group())
        if heading:
            cuts.append((line.start(), line.start() + heading.end()))
    tags = [(m.start(), m.end(), " " if _BLOCK_TAG.match(m.group()) else "") for m in _TAG.finditer(text)]
    cuts.extend((a, b) for a, b, _ in tags)
    tagged = {(a, b) for a, b, _ in tags}
    edits = [(a, b, "") for a, b in cuts if (a, b) not in tagged] + tags
    edits.extend((m.start(), m.end(), "") for m in _EMPHASIS.finditer(text) if not _inside(m.start(), cuts))
    return unescape(run.replaced(edits)).squashed()


def unescape(run: Run) -> Run:
    """``&lt;`` → ``<`` and other character references, each read character mapped to its ``&``."""
    parts: list[Run] = []
    position = 0
    for match in _ENTITY.finditer(run.text):
        value = html.unescape(match.group())
        if value == match.group():
            continue
        parts.append(run[position:match.start()])
        origin = run.origin(match.start())
        parts.append(Run(value, ((0, origin, 1),) if origin is not None and len(value) == 1 else ()))
        position = match.end()
    if not parts:
        return run
    parts.append(run[position:])
    return Run.join(parts, "")


def is_unbalanced(raw: str) -> bool:
    """True when *raw* opens ``**`` or ``*`` emphasis that it does not close (it goes on on the next line)."""
    bold = raw.count("**")
    return bold % 2 == 1 or raw.replace("**", "").count("*") % 2 == 1


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)
