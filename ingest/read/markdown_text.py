"""Markup clean-up for text read from files: HTML tags and markdown emphasis."""

from __future__ import annotations

import html
import re

from plangraph.language.folding import squash

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"<\s*(?:/?p|br|/?li|/?ul|/?ol|/?div|/?tr)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_DECORATION = re.compile(r"^\s*#{1,6}\s*|\*\*|(?<![\w*])\*(?!\s)|(?<=\S)\*(?![\w*])|__")


def strip_html(text: str) -> str:
    """Turn a cell that may hold HTML into clean text; block tags become line breaks."""
    with_breaks = _BLOCK_TAG.sub("\n", text)
    return html.unescape(_TAG.sub("", with_breaks))


def strip_markdown(line: str) -> str:
    """Remove heading marks, bold/italic asterisks and trailing hard-break spaces from one line."""
    return _MARKDOWN_DECORATION.sub("", line).strip()


def clean_cell(text: str) -> str:
    """Clean one table cell: HTML removed, list items kept on one line, white space squashed."""
    lines = [squash(part) for part in strip_html(text).split("\n")]
    return " ".join(part for part in lines if part)
