"""Agency-name normaliser: surface forms → one canonical name and identity per agency.

Mechanisms, all general: HTML and markdown removed, abbreviations expanded (``KH&CN``), trailing
remarks in brackets dropped (``(chủ trì)``), location qualifiers dropped (``… thành phố``, ``… Hải Phòng``),
then a diacritic- and case-insensitive match against the agency kinds of the ontology, which also repairs
OCR-damaged diacritics (``tiên bộ`` → ``tiến bộ``). The match is tried before each qualifier is dropped,
so kinds whose name ends in a place word (``Công an tỉnh``) survive. Names outside the kinds keep their
cleaned surface form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plangraph.ingest import lexicon, places
from plangraph.ingest.text import fold, slugify, squash, strip_html, strip_markdown
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
def _place_words() -> tuple[str, ...]:
    """Folded province names and aliases (longest first), then the qualifiers ``thành phố``, ``tỉnh`` …"""
    return (*(name for name, _ in places.names_longest_first()),
            *(fold(q) for q in lexicon.LOCATION_QUALIFIERS))


def _location_stripped(name: str) -> list[str]:
    """*name*, then each form left as trailing place words are dropped one at a time, longest last.

    A name is never cut down to a single word (``Báo Hải Phòng`` is a newspaper, not "Báo").
    """
    forms = [name]
    while True:
        folded = fold(name)
        for place in _place_words():
            if folded.endswith(" " + place):
                shorter = name[: -len(place)].rstrip(" ,")
                break
        else:
            return forms
        if len(shorter.split()) < 2:
            return forms
        name = shorter
        forms.append(name)


def strip_location(name: str) -> str:
    """Drop trailing place words: ``Liên đoàn Lao động thành phố`` → ``Liên đoàn Lao động``."""
    return _location_stripped(name)[-1]


def clean_agency_text(text: str) -> str:
    """HTML tags and markdown emphasis removed, white space squashed; line breaks kept as ``\n``."""
    lines = (squash(strip_markdown(line)) for line in strip_html(text).split("\n"))
    return "\n".join(line for line in lines if line)


# Remarks in brackets after a name ("(chủ trì)", "(Cục A03 - để b/c)") say what it does, not who it is.
_TRAILING_REMARKS = re.compile(r"(?<=[^\s(])(?:\s*\([^()]*\))+\s*$")


@cache
def _kind_index() -> dict[str, Concept]:
    index: dict[str, Concept] = {}
    for concept in scheme("agency-kind").values():
        for label in (concept.label_vi, *concept.alt_labels):
            index.setdefault(fold(expand_abbreviations(label)), concept)
    return index


def _core(cleaned: str) -> str:
    """Remarks and list prefixes dropped, first letter capitalised, abbreviations expanded."""
    name = _TRAILING_REMARKS.sub("", cleaned).strip(" .;,:-+")
    name = re.sub(r"^(?:các\s+)?(?:đơn vị|cơ quan)\s*:\s*", "", name, flags=re.IGNORECASE).strip(" .;,:-+")
    name = name[:1].upper() + name[1:]  # before expansion, so the canonical name reads back the same
    return re.sub(r"\s+", " ", expand_abbreviations(name))


def normalize_agency(surface: str) -> AgencyName:
    """Normalise one agency name as printed."""
    cleaned = clean_agency_text(surface).replace("\n", " ").strip(" .;,:-+")
    expanded = _core(cleaned)
    place = places.find_province(expanded)
    forms = _location_stripped(expanded)
    for form in forms:
        concept = _kind_index().get(fold(form))
        if concept is not None:
            return AgencyName(surface=cleaned, canonical=concept.label_vi, key=concept.key, kind=concept.key,
                              national=concept.level == "national", place=place)
    canonical = forms[-1]
    if _location_stripped(_core(canonical))[-1] != canonical:
        # Dropping a place can expose another remark ("X (a) tỉnh"): normalise until the name is stable.
        again = normalize_agency(canonical)
        return AgencyName(surface=cleaned, canonical=again.canonical, key=again.key, kind=again.kind,
                          national=again.national, place=place or again.place)
    return AgencyName(surface=cleaned, canonical=canonical, key=slugify(canonical), kind=None,
                      national=False, place=place)


@cache
def _head_pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(lexicon.AGENCY_HEADS, key=len, reverse=True))
    return re.compile(rf"(?:{heads})\b")


# A line that ends with a connecting word continues on the next line ("Liên hiệp các⏎Hội …").
_CONTINUES = re.compile(r"(?:^|\s)(?:các|và|với|của|cho|thuộc|cấp|tại|trực thuộc)$", re.IGNORECASE)


def split_agencies(cell: str) -> list[str]:
    """Split a cell naming several agencies; commas inside one name (``Sở Văn hóa, Thể thao …``) stay.

    A semicolon always separates. A comma, line break, ``và`` or ``với`` splits only when an agency
    head noun (``Sở``, ``Trung tâm``, ``Hội`` …) follows it, and a line break never splits after a
    connecting word (``các``, ``và`` …); otherwise the separator is part of the name (a line break
    inside a name becomes a space). Every part is a substring of ``clean_agency_text(cell)`` with its
    line breaks read as spaces.
    """
    text = clean_agency_text(cell)
    tokens = re.split(r"(\s*[,;]\s*|\s*\n\s*|\s+và\s+|\s+với\s+)", text)
    parts = [tokens[0]]
    for separator, piece in zip(tokens[1::2], tokens[2::2], strict=True):
        previous = parts[-1].strip(" .;,")
        if ";" in separator:
            splits = bool(previous)
        elif separator.strip() == "":  # a bare line break
            splits = bool(previous) and bool(_head_pattern().match(piece)) and not _CONTINUES.search(previous)
        else:
            splits = bool(previous) and bool(_head_pattern().match(piece))
        if splits:
            parts.append(piece)
        else:
            parts[-1] += separator.replace("\n", " ") + piece
    return [p for p in (part.strip(" .;,") for part in parts) if p]


def kind_name(kind: str, scope: str) -> AgencyName:
    """The name of the agency of *kind* in *scope* ("vn" or a province code): ``Sở Tài chính``, or with
    the place for kinds named after it (``Ủy ban nhân dân thành phố Hải Phòng``)."""
    concept = scheme("agency-kind")[kind]
    canonical = concept.label_vi
    if scope != "vn" and kind in lexicon.PLACE_NAMED_KINDS:
        canonical = f"{canonical} {places.province_label(scope)}"
    return AgencyName(surface=canonical, canonical=canonical, key=kind, kind=kind, national=scope == "vn")
