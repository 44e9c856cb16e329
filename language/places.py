"""Provinces and centrally-run cities: finding them in text, naming them, and their 2025 merger.

A place is a *unit*: a key that is also the tail of its IRI (``{base}id/place/{unit}``). Units before
the merger of 1 July 2025 are keyed by their GSO code (``"31"``, ``"87"``); a province the merger left
unchanged is the same unit before and after it (``"14"``). A unit created by the merger is keyed
``"{new code}/2025"`` (``"82/2025"``, tỉnh Đồng Tháp since 2025). Agencies and documents are scoped by
the code alone (``id/org/82/…``, ``ubnd-82``): :func:`code_of`.

Names found in text resolve to pre-2025 codes; :func:`unit_for` turns one into the unit in force on a
date: on or after 1 July 2025 a province resolves to the merged unit that absorbed it, whatever its old
name (``Tiền Giang`` and ``Đồng Tháp`` both become ``82/2025``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from plangraph.language import lexicon
from plangraph.language.folding import fold

MERGER_DATE = dt.date(*lexicon.MERGER_2025_DATE)
NATIONAL = "vn"
SCHEME = "https://w3id.org/plangraph/concept/place"  # the scheme of every place (ontology/places.ttl)


@dataclass(frozen=True)
class Unit:
    """A province or centrally-run city over its period of validity."""

    key: str  # "31", "82/2025"
    code: str  # GSO code: "31", "82"
    name: str  # "Hải Phòng"
    prefix: str  # "thành phố" or "tỉnh"
    begins: dt.date | None  # None: before the records plangraph keeps
    ends: dt.date | None  # None: still in force
    replaces: tuple[str, ...] = ()  # keys of the units merged into this one
    replaced_by: str | None = None  # key of the unit this one became part of

    @property
    def label(self) -> str:
        """``"thành phố Hải Phòng"``: the name agencies are written with."""
        return f"{self.prefix} {self.name}"

    @property
    def pref_label_vi(self) -> str:
        text = self.label[:1].upper() + self.label[1:]
        return f"{text} (từ 2025)" if self.begins else text

    @property
    def pref_label_en(self) -> str:
        kind = "city" if self.prefix == "thành phố" else "province"
        return f"{ascii_name(self.name)} {kind}" + (" (since 2025)" if self.begins else "")


def ascii_name(name: str) -> str:
    """``"Đồng Tháp"`` → ``"Dong Thap"``: the English spelling of a place name."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@cache
def units() -> dict[str, Unit]:
    """Every unit, pre-2025 ones first in code order, then the merged ones."""
    last_day = MERGER_DATE - dt.timedelta(days=1)
    absorbed_by = {old: f"{new}/2025" for new, (_, _, olds) in lexicon.MERGED_2025.items() for old in olds}
    found: dict[str, Unit] = {}
    for code, (name, prefix) in sorted(lexicon.PROVINCES.items()):
        successor = absorbed_by.get(code)
        found[code] = Unit(code, code, name, prefix, None, last_day if successor else None,
                           replaced_by=successor)
    for code, (name, prefix, olds) in sorted(lexicon.MERGED_2025.items()):
        key = f"{code}/2025"
        found[key] = Unit(key, code, name, prefix, MERGER_DATE, None, replaces=olds)
    return found


def unit(key: str) -> Unit:
    return units()[key]


def unit_for(code: str, when: dt.date | None) -> str:
    """The unit in force on *when* for a pre-2025 *code* (``"vn"`` stays ``"vn"``); no date: the old unit."""
    if code == NATIONAL or when is None or when < MERGER_DATE:
        return code
    return units()[code].replaced_by or code


def code_of(scope: str) -> str:
    """The code that scopes agencies and documents: ``"82/2025"`` → ``"82"``; ``"vn"`` stays."""
    return scope.split("/", 1)[0]


@dataclass(frozen=True)
class PlaceNames:
    vi: str
    en: str
    notation: str


def place_names(scope: str) -> PlaceNames:
    """The labels and notation of the place *scope* (``"vn"`` or a unit)."""
    if scope == NATIONAL:
        return PlaceNames("Việt Nam", "Viet Nam", "VN")
    found = units()[scope]
    return PlaceNames(found.pref_label_vi, found.pref_label_en, found.code)


def wikidata(scope: str) -> list[tuple[str, str]]:
    """(SKOS mapping property, QID) of the place *scope*, from the verified QIDs in the lexicon.

    ``skos:exactMatch`` is transitive, so a QID is an exact match of one unit only: the pre-2025 unit
    for a merged province (a unit still in force when unchanged), and a ``skos:closeMatch`` of the
    unit created by the merger under that unit's code.
    """
    if scope in lexicon.WIKIDATA_PLACES:
        return [("exactMatch", lexicon.WIKIDATA_PLACES[scope])]
    if scope == NATIONAL:
        return []
    found = units()[scope]
    qid = lexicon.WIKIDATA_PLACES.get(found.code) if found.code in found.replaces else None
    return [("closeMatch", qid)] if qid else []


@cache
def _pattern() -> re.Pattern[str]:
    # One alternation, longest name first: at the leftmost place any name matches, the longest one there wins,
    # so a short name never hides inside a longer one.
    names = "|".join(re.escape(name) for name, _ in names_longest_first())
    return re.compile(rf"(?<![a-z])(?:{names})(?![a-z])")


@cache
def _codes() -> dict[str, str]:
    return dict(names_longest_first())


@cache
def names_longest_first() -> list[tuple[str, str]]:
    """(folded name, pre-2025 code) for every province name and alias, longest first."""
    names = {fold(name): code for code, (name, _) in lexicon.PROVINCES.items()}
    names.update(lexicon.PROVINCE_ALIASES)
    return sorted(names.items(), key=lambda kv: -len(kv[0]))


def find_province(text: str) -> str | None:
    """Pre-2025 GSO code of the first province or city named in *text*, or None."""
    match = _pattern().search(fold(text))
    return _codes()[match.group(0)] if match else None


def province_name(scope: str) -> str:
    """``"31"`` → ``"Hải Phòng"``; ``"82/2025"`` → ``"Đồng Tháp"``."""
    return units()[scope].name


def province_label(scope: str) -> str:
    """``"31"`` → ``"thành phố Hải Phòng"``; ``"14"`` → ``"tỉnh Sơn La"``."""
    return units()[scope].label
