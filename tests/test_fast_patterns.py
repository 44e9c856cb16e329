"""The patterns scanned over whole texts — the coverage report's instrument code, the citation reader's symbols
and law titles, the relation reader's clause ends — are written to start with what they consume, for speed; each
finds what its plain definition (the look-behind first) finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangraph.ingest.understand import citations, relations
from plangraph.ingest.understand.coverage import CODE
from plangraph.language import lexicon

_DATE_TEXT = (r"\d{1,2}\s*(?:[/.-]|\s+(?i:tháng)\s+)\s*\d{1,2}\s*(?:[/.-]|\s+(?i:năm)\s+)\s*(?:19|20)\d{2}"
              r"(?!\d)")
_ELEMENT = r"[A-ZĐ][A-Za-zĐđ&]*\d*(?![^\W\d_])"
_CAPS_ELEMENT = r"[A-ZĐ][A-ZĐ&]+\d*(?![^\W\d_])"
_ISSUER_CHAIN = rf"{_ELEMENT}(?:-{_ELEMENT}|\s*-\s*{_CAPS_ELEMENT})*"

# The definitions: a code or a number starts with a digit that follows no digit or slash (no letter either, for
# a code); a law title with "Luật" as a word of its own, not after "Bộ".
DEFINITIONS = {
    "code": (CODE, re.compile(
        r"(?<![\w/])\d{1,5}\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]*\d*(?:\s*-\s*[A-ZĐ][A-Za-zĐđ&]*\d*)*"
        r"|(?<![\w/])\d{1,4}\s*-\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-Za-zĐđ]{1,6}\b")),
    "symbol": (citations._SYMBOL, re.compile(
        rf"(?<![\d/])(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?"
        rf"(?:(?P<type>[A-ZĐ][A-Za-zĐđ]{{0,5}})\s*-\s*(?P<issuer>{_ISSUER_CHAIN})|(?P<qh>(?:UBTV)?QH\d{{1,2}})(?!\w))")),
    "party": (citations._PARTY, re.compile(
        r"(?<![\d/])(?P<num>\d{1,4})\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*(?P<issuer>[A-ZĐ][A-Za-zĐđ]{1,6})\b")),
    "law": (citations._LAW, re.compile(
        r"(?<!Bộ\s)(?<!bộ\s)\bLuật\s+(?!sư\b)(?P<title>[^\W\d_](?:[^;:().\n]|\n(?![ \t]*\n)){0,160}?)\s*(?:,\s*)?"
        r"(?:số\s+(?P<sym>\d{1,4}\s*/\s*\d{4}\s*/\s*QH\d{1,2})\s*)?"
        rf"(?:ngày\s+(?P<date>{_DATE_TEXT})|năm\s+(?P<year>(?:19|20)\d{{2}})(?!\d))")),
    "clause end": (relations._CUTS, re.compile(r";|:|(?:(?<=[a-z)\x01]{3})|(?<=\d{4}))\.(?=\s|$)")),
    "title clause end": (relations._TITLE_CUTS, re.compile(r":|(?:(?<=[a-z)\x01]{3})|(?<=\d{4}))\.(?=\s|$)")),
}

PIECES = ["40", "2014", "1859", "123456", "/", " / ", "-", " - ", "NĐ", "CP", "QĐ", "UBND", "TTg", "NQ", "TW", "QH13",
          "UBTVQH14", "đ", "a", "x1", "&", " ", "\n", "số ", "(", ")", ".", ",", "Mẫu số ", "2025", "08/VBHN-BTC",
          "57-NQ/TW", "Luật", "luật", "Bộ ", "bộ ", "xLuật", " sư", " Đất đai", " năm 2013", " ngày 01/7/2014", "Bộ\n",
          ";", ":", ".", ")", "\x01", "ab", "X"]


def found(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_fast_pattern_finds_what_the_definition_finds(name: str, text: str) -> None:
    fast, definition = DEFINITIONS[name]
    assert found(fast, text) == found(definition, text)


def test_on_printed_text() -> None:
    text = ("Căn cứ Luật Đất đai năm 2013, Bộ Luật Dân sự năm 2015, Nghị định số 40/2014/NĐ-CP, 57-NQ/TW; "
            "4216/UBND-NC và x12/QĐ-UBND, 1/2/QĐ")
    for fast, definition in DEFINITIONS.values():
        assert found(fast, text) == found(definition, text)
    # x12 follows a letter, the 2 of 1/2 a slash: neither starts a code
    assert [text[a:b] for a, b, _ in found(CODE, text)] == ["40/2014/NĐ-CP", "57-NQ/TW", "4216/UBND-NC"]
    assert [groups["title"] for _, _, groups in found(citations._LAW, text)] == ["Đất đai"]


def _level_group_by_every_pattern(cleaned: str, expanded: str):  # type: ignore[no-untyped-def]
    """The plain definition: every level phrase's pattern tried on the name, longest phrase first."""
    from plangraph.ingest.understand import agencies

    patterns = sorted((p for group in agencies._level_endings().values() for p in group),
                      key=lambda p: -len(p[0].pattern))
    for ending, phrase, levels in patterns:
        match = ending.search(expanded)
        if match and match.start() > 0:
            return agencies._at_level(cleaned, agencies.normalize_agency(expanded[:match.start()]), phrase, levels)
    return None


@settings(max_examples=300, deadline=None)
@given(head=st.sampled_from(["Ủy ban nhân dân", "UBND", "Sở Y tế", "Phòng Kinh tế", "Hội đồng nhân dân", "Các"]),
       phrase=st.sampled_from(sorted(lexicon.AGENCY_LEVEL_PHRASES)),
       comma=st.sampled_from([", ", ",", " , "]), upper=st.booleans(), tail=st.sampled_from(["", " tỉnh", " Hà Nội"]))
def test_level_phrases_looked_up_by_last_word_find_what_every_pattern_finds(
        head: str, phrase: str, comma: str, upper: bool, tail: str) -> None:
    from plangraph.ingest.understand import agencies

    written = phrase.replace(", ", comma)
    name = f"{head} {written.title() if upper else written}{tail}"
    expanded = agencies._core(agencies.clean_agency_text(name))
    assert agencies._level_group(name, expanded) == _level_group_by_every_pattern(name, expanded)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạĐđỦủỨứ  \n\t.,()") +
                                              ["\u0301", "\u0323", "\u00df", "\u0130", "\u00a0"]), max_size=80),
       start=st.integers(0, 20), size=st.integers(0, 90))
def test_the_folded_window_is_the_characters_folded_one_by_one(text: str, start: int, size: int) -> None:
    assert citations._folded_window(text, start, size) == citations._folded_window_by_character(text, start, size)
