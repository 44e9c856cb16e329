"""Tests for plangraph.language.periods: the "Thời gian thực hiện" cell of a task table."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangraph.language.periods import Period, parse_period

D = datetime.date

# (cell, expected (start_year, end_year, start_date, end_date, schedule) or None, why)
CASES: list[tuple[str, tuple[int | None, int | None, D | None, D | None, str | None] | None, str]] = [
    ("2016-2020", (2016, 2020, None, None, None), "plain range, the seed's task tables"),
    ("2016 - 2020", (2016, 2020, None, None, None), "spaced hyphen"),
    ("2016–2020", (2016, 2020, None, None, None), "en dash"),
    ("2016 — 2020", (2016, 2020, None, None, None), "em dash"),
    ("2016-\n2020", (2016, 2020, None, None, None), "cell split over a page break"),
    ("2016- 2020", (2016, 2020, None, None, None), "page-break cell re-joined with a space"),
    ("2025 - 2035", (2025, 2035, None, None, None), "corpus 02"),
    ("2016", (2016, 2016, None, None, None), "one year"),
    ("Năm 2025", (2025, 2025, None, None, None), "'Năm' + year"),
    ("NĂM 2025", (2025, 2025, None, None, None), "upper case"),
    ("Quý IV/2025", (2025, 2025, D(2025, 10, 1), D(2025, 12, 31), None), "quarter, Roman"),
    ("Quý I/2026", (2026, 2026, D(2026, 1, 1), D(2026, 3, 31), None), "first quarter"),
    ("quý III/2030", (2030, 2030, D(2030, 7, 1), D(2030, 9, 30), None), "lower case quarter (corpus 09)"),
    ("Quý 2 năm 2026", (2026, 2026, D(2026, 4, 1), D(2026, 6, 30), None), "Arabic quarter with 'năm'"),
    ("QUÝ IV NĂM 2025", (2025, 2025, D(2025, 10, 1), D(2025, 12, 31), None), "upper case quarter"),
    ("Tháng 6/2025", (2025, 2025, D(2025, 6, 1), D(2025, 6, 30), None), "month/year"),
    ("tháng 12 năm 2025", (2025, 2025, D(2025, 12, 1), D(2025, 12, 31), None), "month in words"),
    ("Tháng 2/2024", (2024, 2024, D(2024, 2, 1), D(2024, 2, 29), None), "leap February"),
    ("6 tháng đầu năm 2026", (2026, 2026, D(2026, 1, 1), D(2026, 6, 30), None), "first half year"),
    ("Trước 30/6/2026", (None, 2026, None, D(2026, 6, 30), None), "deadline: end only"),
    ("Trước ngày 30/6/2026", (None, 2026, None, D(2026, 6, 30), None), "deadline with 'ngày'"),
    ("trước ngày 30 tháng 6 năm 2026", (None, 2026, None, D(2026, 6, 30), None), "deadline in words"),
    ("31/12/2025", (None, 2025, None, D(2025, 12, 31), None), "a bare date is a due date"),
    ("Thường xuyên", (None, None, None, None, "continuous"), "continuous"),
    ("THƯỜNG XUYÊN", (None, None, None, None, "continuous"), "upper case"),
    ("Thuong xuyen", (None, None, None, None, "continuous"), "OCR lost the diacritics"),
    ("Hằng năm", (None, None, None, None, "annual"), "annual"),
    ("Hàng năm", (None, None, None, None, "annual"), "the other spelling"),
    ("Hang nam", (None, None, None, None, "annual"), "annual without diacritics"),
    ("Hằng quý", (None, None, None, None, "quarterly"), "quarterly"),
    ("Thường xuyên, hằng năm", (None, None, None, None, "annual"), "both: the more specific wins"),
    ("Hằng năm, thường xuyên", (None, None, None, None, "annual"), "both, other order (corpus 09)"),
    ("2025 - 2030 và các năm tiếp theo", (2025, 2030, None, None, None), "printed years kept, open_ended"),
    ("Giai đoạn 2021-2025", (2021, 2025, None, None, None), "'Giai đoạn' prefix"),
    ("Đến năm 2030", (None, 2030, None, None, None), "end only"),
    ("Từ năm 2026", (2026, None, None, None, None), "start only"),
    ("2026 - 2030; hằng năm", (2026, 2030, None, None, "annual"), "years plus schedule"),
    ("Từ quý III/2026 đến quý III/2030", (2026, 2030, D(2026, 7, 1), D(2030, 9, 30), None), "quarter range"),
    ("Từ\nquý\nIII/2026\nđến\nquý III/2030", (2026, 2030, D(2026, 7, 1), D(2030, 9, 30), None),
     "the same cell as PDF text, one word a line (corpus 09)"),
    ("Quý IV/2025 - 2026", (2025, 2026, D(2025, 10, 1), D(2026, 12, 31), None), "mixed grain"),
    ("2020-2016", None, "start after end: nothing trusted"),
    ("2016-3020", None, "a year out of 1945-2100: nothing trusted"),
    ("1900", None, "too early"),
    ("Quý V/2025", None, "no fifth quarter"),
    ("31/2/2025", None, "impossible date"),
    ("tháng 13/2025", None, "impossible month"),
    ("2020-2016, thường xuyên", (None, None, None, None, "continuous"), "unsound years, schedule kept"),
    ("", None, "empty cell"),
    ("Theo kế hoạch", None, "no time at all"),
]

assert len({c[0] for c in CASES}) == len(CASES), "duplicate case"


@pytest.mark.parametrize(("cell", "expected", "why"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_parse_period(cell: str, expected: tuple | None, why: str) -> None:
    period = parse_period(cell)
    if expected is None:
        assert period is None, why
        return
    assert period is not None, why
    got = (period.start_year, period.end_year, period.start_date, period.end_date, period.schedule)
    assert got == expected, why


def test_text_is_whitespace_normalised() -> None:
    assert parse_period("  2016-\n2020 ") == Period("2016- 2020", 2016, 2020)


def test_open_ended() -> None:
    period = parse_period("2025 - 2030 và các năm tiếp theo")
    assert period is not None and period.open_ended
    assert not parse_period("2025 - 2030").open_ended  # type: ignore[union-attr]


years = st.integers(min_value=1945, max_value=2100)
dashes = st.sampled_from(["-", " - ", "–", " – ", "—", "-\n", "- ", " -", " đến "])


@given(years, years, dashes)
def test_any_sound_range_parses(a: int, b: int, dash: str) -> None:
    low, high = min(a, b), max(a, b)
    period = parse_period(f"{low}{dash}{high}")
    assert period is not None
    assert (period.start_year, period.end_year) == (low, high)
    assert period.start_date is None and period.end_date is None


@given(years, years)
def test_reversed_range_is_rejected(a: int, b: int) -> None:
    if a != b:
        assert parse_period(f"{max(a, b)}-{min(a, b)}") is None


@given(years, st.sampled_from(["", "Năm ", "năm ", "NĂM ", "Trong năm "]))
def test_single_year(year: int, prefix: str) -> None:
    period = parse_period(f"{prefix}{year}")
    assert period is not None and (period.start_year, period.end_year) == (year, year)


@given(years, st.integers(min_value=1, max_value=4))
def test_quarters_cover_three_months(year: int, quarter: int) -> None:
    roman = ["I", "II", "III", "IV"][quarter - 1]
    for cell in (f"Quý {roman}/{year}", f"Quý {quarter} năm {year}"):
        period = parse_period(cell)
        assert period is not None and period.start_date and period.end_date
        assert period.start_date.month == 3 * quarter - 2 and period.end_date.month == 3 * quarter
        assert period.start_date.year == period.end_date.year == year


@given(st.text())
def test_never_raises_and_is_consistent(cell: str) -> None:
    period = parse_period(cell)
    if period is None:
        return
    assert period.text == " ".join(cell.split())
    if period.start_year is not None and period.end_year is not None:
        assert period.start_year <= period.end_year
    if period.start_date and period.end_date:
        assert period.start_date <= period.end_date
    for year in (period.start_year, period.end_year):
        assert year is None or 1945 <= year <= 2100


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
       | st.sampled_from(["Quý IV/2025", "Hằng năm", "Từ quý III/2026 – 2030", "na\u034fm 2025", "ñăm\u0483 2025"]))
def test_folding_for_time_phrases_removes_every_combining_mark(text: str) -> None:
    import unicodedata

    from plangraph.language.periods import _DASHES, _fold

    general = text.replace("đ", "d").replace("Đ", "D")
    general = "".join("-" if ch in _DASHES else ch for ch in general)
    general = "".join(ch for ch in unicodedata.normalize("NFD", general.lower()) if not unicodedata.combining(ch))
    assert _fold(text) == " ".join(general.split())
