"""Targets tables: ``STT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030`` or ``Chỉ tiêu | Đơn vị | Chỉ tiêu
đến 2030``, with no task and no time column: each row is an indicator, each year column a target value.

A row becomes one objective (its indicator as printed) holding one :class:`Target` per year column
with a value; the year comes from the column header. A value cell is a number as printed in Vietnamese
(``1.500``, ``12,5``), optionally a range (``20 - 25``) or a bound (``≥ 30``, ``Trên 30``). Cells that are
none of these, rows with no value, group rows (``I``, ``A``) and columns that are not targets
(``Thực hiện năm 2020``, ``Ghi chú``) are returned as unplaced with the reason, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from plangraph.ingest.blocks import Table
from plangraph.ingest.records import Unplaced
from plangraph.ingest.understand.numbering import is_group_number
from plangraph.ingest.understand.targets import Target
from plangraph.language.folding import fold
from plangraph.language.target_cues import COUNT_UNITS

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_INDICATOR = ("chi tieu", "ten chi tieu", "noi dung chi tieu", "noi dung", "chi tieu chu yeu")
_UNIT = ("don vi tinh", "don vi", "dvt")
_NUMBER = ("stt", "tt", "so tt")
# A year column whose figures are not targets: what was achieved or estimated before the plan.
_NOT_TARGET = ("thuc hien", "uoc", "thuc te", "hien trang", "co so", "nam goc")
_AMOUNT = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_VALUE = re.compile(rf"^(?P<cmp>≥|≤|>=|<=|>|<|trên|dưới|tối thiểu|ít nhất|tối đa|không quá)?\s*"
                    rf"(?P<low>{_AMOUNT})\s*(?:[-–]\s*(?P<high>{_AMOUNT}))?\s*(?P<pct>%)?$", re.IGNORECASE)
_COMPARATORS = {"≥": "ge", ">=": "ge", "tối thiểu": "ge", "ít nhất": "ge", "trên": "gt", ">": "gt",
                "≤": "le", "<=": "le", "tối đa": "le", "không quá": "le", "dưới": "lt", "<": "lt"}


@dataclass(frozen=True)
class Columns:
    """Where the number, indicator and unit are, and the year of each target column."""

    names: tuple[str, ...]
    indicator: int
    number: int | None = None
    unit: int | None = None
    years: dict[int, int] = field(default_factory=dict)  # column → target year


@dataclass
class TargetRow:
    number: str
    indicator: str
    unit_text: str
    targets: list[Target]
    lineno: int
    span: tuple[int, int] = (0, 0)


def _key(cell: str) -> str:
    return " ".join(fold(cell).split()).strip(" .:*")


def header(cells: Sequence[str]) -> Columns | None:
    """The columns of a targets-table header: an indicator column and at least one column naming a year."""
    names = tuple(" ".join(c.split()) for c in cells)
    keys = [_key(c) for c in cells]
    indicator = next((i for i, k in enumerate(keys) if k in _INDICATOR), None)
    years = {i: int(m.group(1)) for i, k in enumerate(keys)
             if i != indicator and (m := _YEAR.search(k)) and not any(cue in k for cue in _NOT_TARGET)}
    if indicator is None or not years:
        return None
    number = next((i for i, k in enumerate(keys) if k in _NUMBER), None)
    unit = next((i for i, k in enumerate(keys) if k in _UNIT), None)
    return Columns(names, indicator, number, unit, years)


def parse_value(cell: str) -> tuple[str, Decimal, Decimal | None, bool] | None:
    """``≥ 30`` → ("ge", 30, None, False); ``20 - 25%`` → ("between", 20, 25, True); None if not a value."""
    match = _VALUE.match(cell.strip())
    if not match:
        return None
    low, high = _decimal(match["low"]), _decimal(match["high"]) if match["high"] else None
    comparator = "between" if high is not None else _COMPARATORS.get((match["cmp"] or "").lower(), "eq")
    return comparator, low, high, bool(match["pct"])


def _decimal(raw: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return Decimal(raw.replace(".", "").replace(",", "."))
    return Decimal(raw.replace(",", "."))


def _unit_key(unit_text: str, percent: bool) -> str:
    if percent or unit_text.strip() == "%":
        return "percent"
    return COUNT_UNITS.get(unit_text.strip().lower(), "")


def find_header(table: Table) -> tuple[int, Columns] | None:
    """The header row of a targets table and its columns, among the first two rows."""
    grid = table.grid()
    for r in range(min(2, table.n_rows)):
        columns = header([cell.text if cell else "" for cell in grid[r]])
        if columns:
            return r, columns
    return None


def read(table: Table, header_row: int, columns: Columns, line_of: Callable[[int], int]) -> tuple[
        list[TargetRow], list[Unplaced]]:
    """Rows after the header: (rows with targets, what was not placed)."""
    rows: list[TargetRow] = []
    unplaced: list[Unplaced] = []
    printed = table.rows()
    for r in range(header_row + 1, table.n_rows):
        span = table.row_spans[r] if r < len(table.row_spans) else table.span
        lineno = line_of(span[0])
        cells = [" ".join(cell.text.split()) for cell in printed[r]]
        row = _row(cells, columns, lineno, unplaced)
        if row is not None:
            row.span = span
            rows.append(row)
    return rows, unplaced


def _row(cells: list[str], columns: Columns, lineno: int, unplaced: list[Unplaced]) -> TargetRow | None:
    def cell(index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    number, indicator, unit_text = cell(columns.number).rstrip("."), cell(columns.indicator), cell(columns.unit)
    text = " | ".join(c for c in cells if c)
    if is_group_number(number) or not number and not unit_text and not any(cell(i) for i in columns.years):
        unplaced.append(Unplaced(lineno, text, "group heading of a targets table, not extracted"))
        return None
    targets: list[Target] = []
    for index, name in enumerate(columns.names):
        value = cell(index)
        if not value or index in (columns.number, columns.indicator, columns.unit):
            continue
        year = columns.years.get(index)
        parsed = parse_value(value) if year else None
        if year is None:
            unplaced.append(Unplaced(lineno, value, f"column '{name}' of a targets table is not read"))
        elif parsed is None or not indicator:
            reason = "no indicator in this row" if not indicator else "not a number"
            unplaced.append(Unplaced(lineno, value, f"value of '{name}' for '{indicator[:40]}': {reason}"))
        else:
            comparator, low, high, percent = parsed
            shown = unit_text or ("%" if percent else "")
            targets.append(Target(indicator, None if high is not None else low, low if high is not None else None,
                                  high, _unit_key(unit_text, percent), shown, comparator, "level", year,
                                  None, None, 0, 0))
    if not targets:
        if len(cells) < len(columns.names):
            reason = f"row cut off: {len(cells)} of {len(columns.names)} cells and no target value"
        else:
            reason = "row of a targets table with no target value"
        unplaced.append(Unplaced(lineno, text, reason))
        return None
    if len(cells) < len(columns.names):
        unplaced.append(Unplaced(lineno, text, f"row cut off: {len(cells)} of {len(columns.names)} cells, "
                                               "the missing ones are not read"))
    return TargetRow(number, indicator, unit_text, targets, lineno)
