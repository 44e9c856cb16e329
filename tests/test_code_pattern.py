"""The instrument-code pattern of the coverage report, written digit first for speed, finds what its plain
definition finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from plangraph.ingest.understand.coverage import CODE

# The definition: a code starts with a digit that follows no letter, digit or slash.
DEFINITION = re.compile(r"(?<![\w/])\d{1,5}\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]*\d*"
                        r"(?:\s*-\s*[A-ZĐ][A-Za-zĐđ&]*\d*)*"
                        r"|(?<![\w/])\d{1,4}\s*-\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-Za-zĐđ]{1,6}\b")

PIECES = ["40", "2014", "1859", "123456", "/", " / ", "-", " - ", "NĐ", "CP", "QĐ", "UBND", "TTg", "NQ", "TW", "QH13",
          "đ", "a", "x1", "&", " ", "\n", "số ", "(", ")", ".", ",", "Mẫu số ", "2025", "08/VBHN-BTC", "57-NQ/TW"]


def found(pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_fast_pattern_finds_what_the_definition_finds(text: str) -> None:
    assert found(CODE, text) == found(DEFINITION, text)


def test_on_printed_codes() -> None:
    text = "Căn cứ Nghị định số 40/2014/NĐ-CP, 57-NQ/TW; 4216/UBND-NC và x12/QĐ-UBND, 1/2/QĐ"
    assert found(CODE, text) == found(DEFINITION, text)
    # x12 follows a letter, the 2 of 1/2 a slash: neither starts a code
    assert [code for _, code in found(CODE, text)] == ["40/2014/NĐ-CP", "57-NQ/TW", "4216/UBND-NC"]
