"""Folding, slugs and white space: the text functions every layer shares.

All offsets in plangraph refer to the NFC form of a text (:func:`nfc`); comparisons are made on the
folded form (:func:`fold`: lower case, no diacritics, ``đ`` as ``d``).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u3000]+")
# Every dash Vietnamese documents print between words or numbers, as one ASCII hyphen-minus.
DASHES = "-‐‑‒–—―−"
_DASH = re.compile(f"[{re.escape(DASHES)}]")


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC, the one normalisation every offset in plangraph refers to."""
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table, filled on first sight of each character: the character decomposed (NFD) without
    its combining marks (``None`` for a mark itself), ``đ``/``Đ`` as ``d``/``D``. Dropping every mark makes the
    canonical reordering of a whole-string NFD irrelevant, so folding character by character is the same."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if char in "đĐ":
            mapped: str | None = "d" if char == "đ" else "D"
        else:
            mapped = "".join(ch for ch in unicodedata.normalize("NFD", char) if unicodedata.category(ch) != "Mn")
        self[code] = mapped or None
        return mapped or None


_FOLD = _FoldTable()
# Readers fold the same words and labels over and over (a document's 200 000 folds are of some 15 000 texts):
# each short text is folded once per process. Bounded, so a long ingest keeps flat memory.
_FOLDED: dict[str, str] = {}
_FOLDED_MOST, _FOLDED_LONGEST = 50_000, 200


def fold(text: str) -> str:
    """Lower-case *text* and strip Vietnamese diacritics (``đ`` becomes ``d``).

    >>> fold("Sở Khoa học và Công nghệ")
    'so khoa hoc va cong nghe'
    >>> fold("Đà Nẵng")  # decomposed input folds the same
    'da nang'
    """
    if text.isascii():
        return text.lower()
    folded = _FOLDED.get(text)
    if folded is None:
        folded = text.translate(_FOLD).casefold()
        if len(text) <= _FOLDED_LONGEST:
            if len(_FOLDED) >= _FOLDED_MOST:
                _FOLDED.clear()
            _FOLDED[text] = folded
    return folded


def _fold_by_decomposition(text: str) -> str:
    """The definition :func:`fold` computes faster (kept for the test that both agree)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


class _AlignedTable(dict[int, str]):
    """``str.translate`` table of :func:`fold_aligned`: each character as the first character of its fold (itself
    when it folds to nothing), filled on first sight."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        mapped = self[code] = (fold(char) or char)[0]
        return mapped


_ALIGNED = _AlignedTable()


def fold_aligned(text: str) -> str:
    """:func:`fold` one character at a time, so the result has the length of *text* and every offset in it is
    an offset in *text* (a character that folds to nothing, a lone combining mark, is kept as it is).

    >>> fold_aligned("Bãi bỏ Điều 5"), len(fold_aligned("Bãi bỏ Điều 5")) == len("Bãi bỏ Điều 5")
    ('bai bo dieu 5', True)
    """
    if text.isascii():
        return text.lower()
    return text.translate(_ALIGNED)


def slugify(text: str) -> str:
    """ASCII slug for IRIs: folded, words joined by ``-``.

    >>> slugify("Sở Nông nghiệp và Phát triển nông thôn")
    'so-nong-nghiep-va-phat-trien-nong-thon'
    """
    folded = fold(text).replace("&", " va ")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def squash(text: str) -> str:
    """Collapse runs of white space into one space and trim.

    >>> squash("  Sở   Y tế\\n tỉnh ")
    'Sở Y tế tỉnh'
    """
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def dashes(text: str) -> str:
    """Every kind of dash as ``-`` (same length, so offsets still hold).

    >>> dashes("2025 – 2030")
    '2025 - 2030'
    """
    return _DASH.sub("-", text)


_VOWELS = set("aeiouy")


def has_vowel(token: str) -> bool:
    """True if *token* holds a Latin vowel once folded: every Vietnamese syllable does.

    >>> has_vowel("ng"), has_vowel("nghiệp")
    (False, True)
    """
    return any(ch in _VOWELS for ch in fold(token))


# Cyrillic and Greek capitals a PDF's text layer gives for their Latin look-alikes ("NĐ-СР" with Cyrillic С, Р).
_LOOKALIKE_LETTERS = "АВСЕНІКМОРТХУаеосрхуΑΒΕΗΙΚΜΝΟΡΤΧΥ"
_LOOKALIKES = str.maketrans(_LOOKALIKE_LETTERS, "ABCEHIKMOPTXYaeocpxyABEHIKMNOPTXY")
_ANY_LOOKALIKE = re.compile(f"[{_LOOKALIKE_LETTERS}]")


def latin(text: str) -> str:
    """Cyrillic and Greek look-alikes as the Latin letters they stand for (same length, so offsets still hold).

    >>> latin("40/2026/NĐ-СР") == "40/2026/NĐ-CP"
    True
    """
    if _ANY_LOOKALIKE.search(text) is None:  # nearly always: a search is far cheaper than a translation
        return text
    return text.translate(_LOOKALIKES)
