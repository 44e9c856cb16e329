"""Agency-name normaliser: surface forms → one canonical name and identity per agency.

Mechanisms, all general: HTML and markdown removed, abbreviations expanded (``KH&CN``), location
qualifiers dropped (``… thành phố``, ``… Hải Phòng``), then a diacritic- and case-insensitive match
against the agency kinds of the ontology, which also repairs OCR-damaged diacritics
(``tiên bộ`` → ``tiến bộ``). Names outside the kinds keep their cleaned surface form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plangraph.ingest import lexicon, places
from plangraph.ingest.text import clean_cell, fold, slugify
from plangraph.ingest.vocabularies import Concept, scheme


@dataclass(frozen=True)
class AgencyName:
    """A normalised agency name. ``key`` identifies the agency within its scope (a place or "vn")."""

    surface: str
    canonical: str
    key: str
    kind: str | None
    national: bool
    place: str | None = None  # a province named in the surface form, if any


@cache
def _abbreviation_pattern() -> re.Pattern[str]:
    alternatives = sorted(lexicon.NAME_ABBREVIATIONS, key=len, reverse=True)
    return re.compile(r"(?<![\w&])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w&])")


def expand_abbreviations(text: str) -> str:
    """``Trung tâm Thông tin KH&CN`` → ``Trung tâm Thông tin Khoa học và Công nghệ``."""
    return _abbreviation_pattern().sub(lambda m: lexicon.NAME_ABBREVIATIONS[m.group(1)], text)


@cache
def _province_names() -> list[str]:
    names = [name for name, _ in lexicon.PROVINCES.values()]
    return sorted(names, key=len, reverse=True)


def strip_location(name: str) -> str:
    """Drop trailing place words: ``Liên đoàn Lao động thành phố`` → ``Liên đoàn Lao động``."""
    previous = None
    while previous != name:
        previous = name
        for province in _province_names():
            if fold(name).endswith(" " + fold(province)):
                name = name[: -len(province)].rstrip(" ,")
        for qualifier in lexicon.LOCATION_QUALIFIERS:
            if fold(name).endswith(" " + fold(qualifier)):
                name = name[: -len(qualifier)].rstrip(" ,")
    return name


@cache
def _kind_index() -> dict[str, Concept]:
    index: dict[str, Concept] = {}
    for concept in scheme("agency-kind").values():
        for label in (concept.label_vi, *concept.alt_labels):
            index.setdefault(fold(expand_abbreviations(label)), concept)
    return index


def normalize_agency(surface: str) -> AgencyName:
    """Normalise one agency name as printed."""
    cleaned = clean_cell(surface).strip(" .;,:-+")
    cleaned = re.sub(r"^(?:các\s+)?(?:đơn vị|cơ quan)\s*:\s*", "", cleaned, flags=re.IGNORECASE)
    expanded = re.sub(r"\s+", " ", expand_abbreviations(cleaned))
    place = places.find_province(expanded)
    base = strip_location(expanded)
    concept = _kind_index().get(fold(base))
    if concept is not None:
        return AgencyName(surface=cleaned, canonical=concept.label_vi, key=concept.key, kind=concept.key,
                          national=concept.level == "national", place=place)
    canonical = base[:1].upper() + base[1:]
    return AgencyName(surface=cleaned, canonical=canonical, key=slugify(canonical), kind=None,
                      national=False, place=place)


@cache
def _head_pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(lexicon.AGENCY_HEADS, key=len, reverse=True))
    return re.compile(rf"(?:{heads})\b")


def split_agencies(cell: str) -> list[str]:
    """Split a cell naming several agencies; commas inside one name (``Sở Văn hóa, Thể thao …``) stay.

    A separator (comma, semicolon, line break, ``và``, ``với``) splits only when an agency head noun
    (``Sở``, ``Trung tâm``, ``Hội`` …) follows it; otherwise it is part of the name.
    """
    text = clean_cell(cell)
    tokens = re.split(r"(\s*[,;]\s*|\s+và\s+|\s+với\s+)", text)
    parts = [tokens[0]]
    for separator, piece in zip(tokens[1::2], tokens[2::2], strict=True):
        if _head_pattern().match(piece) and parts[-1].strip():
            parts.append(piece)
        else:
            parts[-1] += separator + piece
    return [p for p in (part.strip(" .;,") for part in parts) if p]
