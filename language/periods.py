"""Parse the "Thời gian thực hiện" cell of a task table into a :class:`Period`.

Pure: standard library only. Keyword matching is done on a *folded* copy of the cell (lower case,
Vietnamese diacritics stripped, ``đ`` → ``d``, every dash → ``-``), so upper-case cells and
OCR text that lost its diacritics ("Thuong xuyen") read the same as clean text.

How a cell is read
------------------
* Every *time point* in the cell is found: a year (``2025``), a quarter (``Quý IV/2025``,
  ``Quý 2 năm 2026``), a half year (``6 tháng đầu năm 2026``), a month (``Tháng 6/2025``,
  ``tháng 12 năm 2025``, ``06/2025``) or an exact date (``30/6/2026``, ``ngày 30 tháng 6 năm 2026``).
  Each point covers an interval (a year covers 1 Jan – 31 Dec, a quarter its three months …).
* Two or more points: the period runs from the start of the first to the end of the last
  (``2016-2020``, ``Từ quý III/2026 đến quý III/2030``, ``2026 - 2030; hằng năm``).
* One point: the whole interval, except
  - after ``trước`` / ``đến`` / ``tới`` / ``chậm nhất`` (``Trước ngày 30/6/2026``, ``Đến năm 2030``)
    only the end is known; the deadline is the *end* of the point (``trước 30/6`` → 30 June, as it is
    used in practice, not 29 June);
  - after ``từ`` / ``bắt đầu từ`` only the start is known;
  - a bare exact date (``31/12/2025``) is a due date: end only.
* Dates are filled only when the cell is finer than a year (quarter, half, month, exact date);
  the years are always filled from whatever is known.
* ``Thường xuyên`` → schedule ``"continuous"``; ``Hằng năm``/``Hàng năm`` → ``"annual"``; also
  ``Hằng quý`` → ``"quarterly"``, ``Hằng tháng`` → ``"monthly"``. When a cell names several
  (``Thường xuyên, hằng năm``) the most specific cadence wins (``annual``).
* ``… và các năm tiếp theo`` / ``… trở đi`` sets ``open_ended``; the printed years are kept
  (``2025 - 2030 và các năm tiếp theo`` → 2025–2030, open_ended).

Unsound cells (documented choice): if any four-digit number in the cell is outside 1945–2100, any
date/quarter/month is impossible (``31/2/2025``, ``Quý V/2025``, ``tháng 13/2025``), or the start
falls after the end (``2020-2016``), *no* time field is trusted — such a cell is usually an OCR
slip and guessing one end would put a wrong fact in the graph. A schedule found in the same cell is
kept; with no schedule either, :func:`parse_period` returns ``None``.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# Language tables (folded spelling: lower case, no diacritics, "đ" → "d").
# ---------------------------------------------------------------------------------------------

MIN_YEAR = 1945
MAX_YEAR = 2100

# Cadence cues → concept key, most specific first (the first one present wins).
SCHEDULE_CUES: tuple[tuple[str, str], ...] = (
    (r"\b(?:hang|moi) thang\b", "monthly"),
    (r"\b(?:hang|moi) quy\b", "quarterly"),
    (r"\b(?:hang|moi) nam\b", "annual"),
    (r"\bthuong xuyen\b|\blien tuc\b", "continuous"),
)

# Words right before a single time point that make it a deadline (end only) or a start (start only).
END_ONLY_PREFIX = r"(?:truoc|den|toi|cham nhat|khong muon hon|han chot|hoan thanh truoc)"
START_ONLY_PREFIX = r"(?:tu|bat dau tu|ke tu)"
# Filler allowed between such a prefix and the point.
PREFIX_FILLER = r"(?:\s+(?:het|cuoi|ngay|nam|thang))*"

OPEN_ENDED_CUES = r"\bcac nam tiep theo\b|\bnhung nam tiep theo\b|\bcac nam sau\b|\btro di\b"

# Every word a time cell is made of (folded): a cell of only these and time points is a time phrase.
TIME_WORDS: frozenset[str] = frozenset(
    "tu den toi truoc quy nam thang ngay hang moi thuong xuyen lien tuc va cac nhung tiep theo sau giai doan "
    "tung tro di dau cuoi nua het cham nhat bat ke hoan thanh".split())
_TIME_TOKEN = re.compile(r"^[\divx/.\-,;:()]+$")

ROMAN_NUMERALS: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Half years: folded word → (first month, last month).
HALF_YEARS: dict[str, tuple[int, int]] = {"dau": (1, 6), "cuoi": (7, 12)}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_TO_HYPHEN = str.maketrans(dict.fromkeys(_DASHES, "-"))
# the combining diacritics NFD leaves (U+0300–U+036F), removed; U+034F has no combining class and stays
_VIETNAMESE_MARKS = dict.fromkeys(c for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))

# One alternation, leftmost-first; longer forms come before the shorter forms they contain.
_POINT = re.compile(
    r"ngay\s+(?P<wd>\d{1,2})\s+thang\s+(?P<wm>\d{1,2})\s+nam\s+(?P<wy>\d{4})(?!\d)"
    r"|(?<![\d/.])(?P<dd>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<dm>\d{1,2})\s*(?P=sep)\s*(?P<dy>\d{4})(?!\d)"
    r"|quy\s+(?P<q>[ivx]+|\d{1,2})\s*(?:/|-|\s)\s*(?:nam\s+)?(?P<qy>\d{4})(?!\d)"
    r"|(?:6\s+thang|nua\s+nam)\s+(?P<h>dau|cuoi)\s+(?:nam\s+)?(?P<hy>\d{4})(?!\d)"
    r"|thang\s+(?P<m>\d{1,2})\s*(?:/|-|\s)\s*(?:nam\s+)?(?P<my>\d{4})(?!\d)"
    r"|(?<![\d/.])(?P<bm>\d{1,2})\s*/\s*(?P<by>\d{4})(?!\d)"
    r"|(?<![\d/.])(?P<y>\d{4})(?![\d/])"
)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True)
class Period:
    """When a task is to be done, as read from one table cell."""

    text: str  # the cell as printed, whitespace-normalised
    start_year: int | None
    end_year: int | None
    start_date: datetime.date | None = None  # only when finer than a year (quarter, month, exact date)
    end_date: datetime.date | None = None
    schedule: str | None = None  # "continuous" | "annual" | "quarterly" | "monthly"
    open_ended: bool = False  # "… và các năm tiếp theo", "… trở đi"


@dataclass(frozen=True)
class _Point:
    """One time point: the interval it covers and where it sits in the folded cell."""

    first: datetime.date
    last: datetime.date
    fine: bool  # finer than a whole year
    exact: bool  # a single day
    pos: int


MAX_TIME_PHRASE = 160  # a time cell is a phrase, never a paragraph


class _Unsound(ValueError):
    """A time expression that cannot be a real date."""


def _fold(text: str) -> str:
    """Lower-case, strip diacritics, unify dashes and white space."""
    text = text.replace("đ", "d").replace("Đ", "D").translate(_DASH_TO_HYPHEN)
    stripped = unicodedata.normalize("NFD", text.lower()).translate(_VIETNAMESE_MARKS)
    if not stripped.isascii():  # marks outside the Vietnamese ones (rare): the general, slower way
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _year(raw: str) -> int:
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Unsound(raw)
    return year


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise _Unsound(f"{day}/{month}/{year}") from exc


def _months(year: int, first_month: int, last_month: int, pos: int) -> _Point:
    if not 1 <= first_month <= last_month <= 12:
        raise _Unsound(f"{first_month}-{last_month}/{year}")
    last_day = calendar.monthrange(year, last_month)[1]
    return _Point(_date(year, first_month, 1), _date(year, last_month, last_day), True, False, pos)


def _quarter(raw: str) -> int:
    number = ROMAN_NUMERALS.get(raw) if not raw.isdigit() else int(raw)
    if number is None or not 1 <= number <= 4:
        raise _Unsound(raw)
    return number


def _point(match: re.Match[str]) -> _Point:
    """Turn one :data:`_POINT` match into the interval it covers."""
    g = match.groupdict()
    pos = match.start()
    if g["wy"] or g["dy"]:
        year, month, day = (g["wy"], g["wm"], g["wd"]) if g["wy"] else (g["dy"], g["dm"], g["dd"])
        day_ = _date(_year(year), int(month), int(day))
        return _Point(day_, day_, True, True, pos)
    if g["qy"]:
        quarter = _quarter(g["q"])
        return _months(_year(g["qy"]), 3 * quarter - 2, 3 * quarter, pos)
    if g["hy"]:
        return _months(_year(g["hy"]), *HALF_YEARS[g["h"]], pos)
    if g["my"] or g["by"]:
        year, month = (g["my"], g["m"]) if g["my"] else (g["by"], g["bm"])
        return _months(_year(year), int(month), int(month), pos)
    year = _year(g["y"])
    return _Point(datetime.date(year, 1, 1), datetime.date(year, 12, 31), False, False, pos)


def _schedule(folded: str) -> str | None:
    for pattern, key in SCHEDULE_CUES:
        if re.search(pattern, folded):
            return key
    return None


def _prefix_kind(folded: str, point: _Point) -> str:
    """``"end"`` / ``"start"`` / ``""`` from the words just before a lone point."""
    before = folded[: point.pos]
    if re.search(rf"\b{END_ONLY_PREFIX}{PREFIX_FILLER}\s*$", before):
        return "end"
    if re.search(rf"\b{START_ONLY_PREFIX}{PREFIX_FILLER}\s*$", before):
        return "start"
    return "end" if point.exact else ""


def _bounds(folded: str, points: list[_Point]) -> tuple[_Point | None, _Point | None, bool]:
    """The point giving the start, the point giving the end, and whether dates are worth keeping."""
    if len(points) == 1:
        kind = _prefix_kind(folded, points[0])
        start = None if kind == "end" else points[0]
        end = None if kind == "start" else points[0]
        return start, end, points[0].fine
    first, last = points[0], points[-1]
    if first.first > last.last:
        raise _Unsound("start after end")
    return first, last, first.fine or last.fine


def _read_points(folded: str) -> list[_Point]:
    """All time points of the cell; :class:`_Unsound` when any of them (or any year) is impossible."""
    for raw in _FOUR_DIGITS.findall(folded):
        _year(raw)
    return [_point(match) for match in _POINT.finditer(folded)]


def parse_period(text: str) -> Period | None:
    """Read a "Thời gian thực hiện" cell; ``None`` when it holds nothing recognisable.

    >>> parse_period("Quý IV/2025")
    Period(text='Quý IV/2025', start_year=2025, end_year=2025, start_date=datetime.date(2025, 10, 1), \
end_date=datetime.date(2025, 12, 31), schedule=None, open_ended=False)
    """
    printed = " ".join(text.split())
    folded = _fold(text)
    schedule = _schedule(folded)
    open_ended = re.search(OPEN_ENDED_CUES, folded) is not None
    try:
        points = _read_points(folded)
        start, end, fine = _bounds(folded, points) if points else (None, None, False)
    except _Unsound:
        start, end, fine = None, None, False
    if start is None and end is None and schedule is None:
        return None
    return Period(
        text=printed,
        start_year=start.first.year if start else None,
        end_year=end.last.year if end else None,
        start_date=start.first if start and fine else None,
        end_date=end.last if end and fine else None,
        schedule=schedule,
        open_ended=open_ended,
    )


@lru_cache(maxsize=8192)  # a table's cuts ask it of the same cell texts many times
@lru_cache(maxsize=8192)  # a table reader asks again of the same cell text for each way of cutting a row
def is_time_phrase(text: str) -> bool:
    """True when *text* is wholly a time cell (``Hằng năm và từng giai đoạn``, ``Từ quý III/2026 đến …``):
    it reads as a period and holds no word outside the time vocabulary."""
    if len(text) > MAX_TIME_PHRASE:
        return False
    folded = _fold(text)
    tokens = folded.replace("(", " ").replace(")", " ").split()
    if not tokens or any(t.strip(".,;:") not in TIME_WORDS and not _TIME_TOKEN.match(t) for t in tokens):
        return False
    return parse_period(text) is not None
