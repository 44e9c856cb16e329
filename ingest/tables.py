"""Task tables as tab-separated rows: header roles, group rows, task rows and their continuations.

A row split by a page break continues on a row whose number cell is empty: each of its cells is
joined to the same column of the row above (``2016-`` + ``2020``, ``Sở Nông`` + ``ng nghiệp …``).
Rows of dashes are separators; group rows carry a letter or a Roman numeral, or an Arabic number that the
next row's number extends (``1`` before ``1.1``). Nothing is dropped silently: every
line that is none of these is returned as unplaced, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from plangraph.ingest.understand.numbering import is_group_number, is_parent_number
from plangraph.ingest.records import Unplaced
from plangraph.ingest.text import clean_cell, strip_markdown
from plangraph.language import lexicon
from plangraph.language.folding import fold, has_vowel

_TASK_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[.)]?$")
_RULE = re.compile(r"^[-—–=:|\s]*$")


@dataclass
class Row:
    kind: str  # "group" or "task"
    number: str
    cells: dict[str, str]
    first_line: int
    last_line: int
    lines: list[int] = field(default_factory=list)


@dataclass
class Table:
    header_line: int
    roles: list[str]
    rows: list[Row]
    last_line: int
    unplaced: list[Unplaced]


def header_roles(line: str) -> list[str] | None:
    """Column roles if *line* is a task-table header (``TT | Nhiệm vụ | Cơ quan chủ trì | …``)."""
    if "\t" not in line:
        return None
    roles = [column_role(c) for c in line.split("\t")]
    known = [r for r in roles if r]
    if len(known) >= 3 and "task" in known:
        return roles
    return None


def column_role(cell: str) -> str:
    """The role of one header cell: its exact wording if known, else the first cue word it contains."""
    key = fold(clean_cell(strip_markdown(cell))).strip(" .:")
    if key in lexicon.TABLE_COLUMNS:
        return lexicon.TABLE_COLUMNS[key]
    return next((role for cue, role in lexicon.TABLE_COLUMN_CUES if cue in key), "")


def join_fragment(previous: str, fragment: str) -> str:
    """Join a cell's text continued after a page break to what came before it."""
    previous, fragment = previous.rstrip(), fragment.strip()
    if not previous or not fragment:
        return previous or fragment
    if previous.endswith(("-", "–")) and fragment[:1].isdigit():
        return previous + fragment
    head = fragment.split()[0]
    last = previous.split()[-1]
    # OCR repeats the tail of a word cut by the page break ("Sở Nông" + "ng nghiệp"): a vowel-less
    # head cannot be a Vietnamese syllable, so when the previous word ends with it, it is the overlap.
    if not has_vowel(head) and head.isalpha() and last.endswith(head) and len(last) > len(head):
        rest = fragment[len(head):].strip()
        return f"{previous} {rest}" if rest else previous
    return f"{previous} {fragment}"


def _cell_text(raw: str) -> str:
    return clean_cell(strip_markdown(raw)) if raw.strip() else ""


def _classify(number: str, cells: dict[str, str]) -> str:
    if is_group_number(number):
        return "group"
    if _TASK_NUMBER.match(number):
        return "task"
    if not number and any(cells.values()):
        return "continuation"
    return "other"


def rows_after(lines: Sequence[str], header_line: int) -> Iterator[tuple[int, str]]:
    """(1-based line number, text) of each tab-separated row after the header at *header_line*, blank lines
    skipped, up to the first line that is not a row."""
    for lineno in range(header_line + 1, len(lines) + 1):
        raw = lines[lineno - 1]
        if not raw.strip():
            continue
        if "\t" not in raw:
            return
        yield lineno, raw


def read_table(lines: Sequence[str], header_line: int, roles: list[str]) -> Table:
    """Read rows after the header at 1-based *header_line* until the first line that is not a row."""
    rows: list[Row] = []
    unplaced: list[Unplaced] = []
    last = header_line
    headers = [_cell_text(c) for c in lines[header_line - 1].split("\t")]
    for lineno, raw in rows_after(lines, header_line):
        last = lineno
        values = raw.split("\t")
        if all(_RULE.match(v) for v in values):
            unplaced.append(Unplaced(lineno, raw.strip(), "separator row of dashes, skipped"))
            continue
        cells = {role: _cell_text(values[i]) for i, role in enumerate(roles) if role and i < len(values)}
        unplaced.extend(Unplaced(lineno, text, f"column '{name}' is not read")
                        for name, text in _unread_cells(headers, roles, values))
        number = cells.pop("number", "").rstrip(".")
        kind = _classify(number, cells)
        if kind in {"group", "task"}:
            rows.append(Row(kind, number.rstrip(".)"), cells, lineno, lineno, [lineno]))
        elif kind == "continuation" and rows:
            _continue(rows[-1], cells, lineno)
        else:
            reason = "row continues a table that has no row yet" if kind == "continuation" else (
                f"row number {number!r} is neither a task number nor a group numeral")
            unplaced.append(Unplaced(lineno, raw.strip(), reason))
    _mark_parent_rows(rows)
    return Table(header_line, roles, rows, last, unplaced)


def _mark_parent_rows(rows: list[Row]) -> None:
    """A numbered row followed by rows numbered inside it (``1. Lĩnh vực …`` then ``1.1``) heads a group."""
    for row, following in zip(rows, rows[1:], strict=False):
        if row.kind == "task" and is_parent_number(row.number, following.number):
            row.kind = "group"


def _unread_cells(headers: list[str], roles: list[str], values: list[str]) -> list[tuple[str, str]]:
    """(header, text) of the non-empty cells under columns that have no role ("Ghi chú")."""
    return [(headers[i] if i < len(headers) else f"#{i + 1}", text) for i, role in enumerate(roles)
            if not role and i < len(values) and (text := _cell_text(values[i]))]


def _continue(row: Row, cells: dict[str, str], lineno: int) -> None:
    for role, text in cells.items():
        if text:
            row.cells[role] = join_fragment(row.cells.get(role, ""), text)
    row.last_line = lineno
    row.lines.append(lineno)
