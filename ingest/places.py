"""Provinces and centrally-run cities: finding them in text, naming them."""

from __future__ import annotations

import re
from functools import cache

from plangraph.ingest import lexicon
from plangraph.ingest.text import fold


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    # Longest first, so a short name never hides inside a longer one.
    return [(re.compile(rf"(?<![a-z]){re.escape(name)}(?![a-z])"), code)
            for name, code in names_longest_first()]


@cache
def names_longest_first() -> list[tuple[str, str]]:
    """(folded name, code) for every province name and alias, longest first."""
    names = {fold(name): code for code, (name, _) in lexicon.PROVINCES.items()}
    names.update(lexicon.PROVINCE_ALIASES)
    return sorted(names.items(), key=lambda kv: -len(kv[0]))


def find_province(text: str) -> str | None:
    """GSO code of the first province or city named in *text*, or None."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for pattern, code in _patterns():
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), code)
    return best[1] if best else None


def province_name(code: str) -> str:
    """``"31"`` → ``"Hải Phòng"``."""
    return lexicon.PROVINCES[code][0]


def province_label(code: str) -> str:
    """``"31"`` → ``"thành phố Hải Phòng"``; ``"14"`` → ``"tỉnh Sơn La"``."""
    name, prefix = lexicon.PROVINCES[code]
    return f"{prefix} {name}"
