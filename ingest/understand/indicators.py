"""Which indicator concept a numeric target measures, by its printed wording.

The table is the indicator scheme (``ontology/indicators.ttl``): every Vietnamese prefLabel, altLabel and
hiddenLabel of a concept is a pattern. Text and patterns are compared folded (lower case, no diacritics,
abbreviations such as ``KH&CN`` expanded, punctuation as spaces); a pattern matches when its words occur
in the text as whole words, in order, and `` … `` in a pattern allows any words in between. The longest
matching pattern decides; no match, no indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plangraph.ingest.understand.agencies import expand_abbreviations
from plangraph.language.folding import fold
from plangraph.ontology import CONCEPTS, PREFIXES
from plangraph.ontology.index import literal_in, ontology_index

SCHEME = "indicator"
SKOS = PREFIXES["skos"]
GAP = "…"


@dataclass(frozen=True)
class _Pattern:
    concept: str  # concept IRI
    regex: re.Pattern[str]
    weight: int  # number of folded characters the pattern names: longer is more specific


def normalise(text: str) -> str:
    """Folded words separated by single spaces; ``%`` and ``&`` kept as words of their own."""
    folded = fold(expand_abbreviations(text))
    return " ".join(re.sub(r"([%&])", r" \1 ", re.sub(r"[^\w%&]+", " ", folded)).split())


def _compile(label: str) -> tuple[re.Pattern[str], int] | None:
    parts = [normalise(part) for part in label.split(GAP)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    body = r" (?:\S+ )*?".join(rf"{re.escape(p)}(?!\S)" for p in parts)
    return re.compile(rf"(?<!\S){body}"), sum(len(p) for p in parts)


@cache
def _patterns() -> tuple[_Pattern, ...]:
    index = ontology_index()
    found: list[_Pattern] = []
    for concept in sorted(index.subjects(SKOS + "inScheme", CONCEPTS + SCHEME), key=lambda node: node.value):
        for prop in ("prefLabel", "altLabel", "hiddenLabel"):
            for label in index.objects(concept, SKOS + prop):
                text = literal_in(label, "vi")
                compiled = _compile(text) if text is not None else None
                if compiled:
                    found.append(_Pattern(concept.value, *compiled))
    return tuple(found)


def match(indicator_text: str, unit_text: str = "") -> str | None:
    """IRI of the indicator concept the target measures, or None when no pattern matches."""
    text = normalise(f"{indicator_text} {unit_text}")
    best: _Pattern | None = None
    for pattern in _patterns():
        if pattern.regex.search(text) and (best is None or pattern.weight > best.weight):
            best = pattern
    return best.concept if best else None
