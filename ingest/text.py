"""Small text helpers shared by the parsers: Unicode, HTML and markdown clean-up, folding, slugs."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"<\s*(?:/?p|br|/?li|/?ul|/?ol|/?div|/?tr)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_DECORATION = re.compile(r"^\s*#{1,6}\s*|\*\*|(?<![\w*])\*(?!\s)|(?<=\S)\*(?![\w*])|__")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000]+")


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC, the one normalisation every offset in plangraph refers to."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case *text* and strip Vietnamese diacritics (``đ`` becomes ``d``).

    >>> fold("Sở Khoa học và Công nghệ")
    'so khoa hoc va cong nghe'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.casefold()


def slugify(text: str) -> str:
    """ASCII slug for IRIs: folded, words joined by ``-``.

    >>> slugify("Sở Nông nghiệp và Phát triển nông thôn")
    'so-nong-nghiep-va-phat-trien-nong-thon'
    """
    folded = fold(text).replace("&", " va ")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def squash(text: str) -> str:
    """Collapse runs of white space into one space and trim."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


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


_VOWELS = set("aeiouy")


def has_vowel(token: str) -> bool:
    """True if *token* holds a Latin vowel once folded: every Vietnamese syllable does."""
    return any(ch in _VOWELS for ch in fold(token))
