"""Task tables: the header row's column roles, group rows, task rows, sub-rows, continuations, merged cells.

A header row names its columns in any wording (``STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời
gian``, ``Nội dung | Đơn vị thực hiện``, ``Cơ quan chủ trì thực hiện``): the exact wording first
(:data:`lexicon.TABLE_COLUMNS`), then the first cue word (:data:`lexicon.TABLE_COLUMN_CUES`). Below it, a row
numbered with a letter or a Roman numeral heads a group, so does an Arabic number the next row's number
extends (``1`` above ``1.1``); a numbered row is a task; a row with an empty number cell goes on with the row
above (a row split by a page break: ``2016-`` + ``2020``). A cell spanning several rows gives its value to
every row it covers. Where the page dropped merged cells (TVPL markdown prints a short row), the cells that
are there are put under the columns they read like, and the missing ones take the value of the row above.
Nothing is dropped silently: cells of columns that have no role, separator rows and rows that are none of
these are returned with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.ingest.blocks import Cell, Run, Table
from plangraph.ingest.records import Unplaced
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.numbering import is_group_number, is_parent_number
from plangraph.ingest.understand.tasks import TaskRow
from plangraph.language.columns import READ_ROLES, header_roles
from plangraph.language.folding import has_vowel
from plangraph.language.periods import is_time_phrase

_TASK_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[.)]?$")
_RULE = re.compile(r"^[-—–=:|\s]*$")
HEADER_ROWS = 3  # rows searched for the header


@dataclass
class ReadTable:
    header_row: int
    roles: list[str]
    rows: list[TaskRow] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


def find_header(table: Table) -> tuple[int, list[str]] | None:
    """The header row of a task table and its roles, among the first rows."""
    grid = table.grid()
    for r in range(min(HEADER_ROWS, table.n_rows)):
        texts = [cell.text if cell else "" for cell in grid[r]]
        roles = header_roles(texts)
        if roles:
            return r, roles
    return None


def join_fragment(previous: str, fragment: str) -> str:
    """Join a cell's text continued after a page break to what came before it.

    >>> join_fragment("2016-", "2020"), join_fragment("Sở Nông", "ng nghiệp và Phát triển nông thôn")
    ('2016-2020', 'Sở Nông nghiệp và Phát triển nông thôn')
    """
    return _joined(Run(previous), Run(fragment)).text


def _joined(previous: Run, fragment: Run) -> Run:
    """*previous* and *fragment* joined as :func:`join_fragment` joins their texts, origins kept. OCR repeats
    the tail of a word cut by the page break (``Sở Nông`` + ``ng nghiệp``): a vowel-less head of the fragment
    that the previous word ends with is the overlap and is dropped."""
    previous, fragment = previous.strip(), fragment.strip()
    if not previous or not fragment:
        return previous or fragment
    if previous.text.endswith(("-", "–")) and fragment.text[:1].isdigit():
        return previous + fragment
    head, last = fragment.text.split()[0], previous.text.split()[-1]
    if not has_vowel(head) and head.isalpha() and last.endswith(head) and len(last) > len(head):
        return Run.join([previous, fragment[len(head):].strip()], " ")
    return Run.join([previous, fragment], " ")


def _classify(number: str, cells: dict[str, Run]) -> str:
    if is_group_number(number):
        return "group"
    if _TASK_NUMBER.match(number):
        return "task"
    if not number and any(run.text for run in cells.values()):
        return "continuation"
    return "other"


def _kind_of_text(text: str) -> str:
    """What a cell reads like, to place a short row's cells: a number, a time, an agency name, or text."""
    stripped = text.strip()
    if re.fullmatch(r"[IVXLC]{1,5}\.?|[A-Z]\.?|\d{1,3}(?:\.\d{1,3})*\.?", stripped):
        return "number"
    if is_time_phrase(stripped):
        return "period"
    return "text"


def _aligned(roles: list[str], cells: list[Cell]) -> dict[int, Cell]:
    """Columns for the cells of a row shorter than the header: keep the order, and skip the columns whose cell the
    page dropped where the cells read least like them (a time in the time column, a number in the number one)."""
    missing = len(roles) - len(cells)
    best: tuple[float, tuple[int, ...]] | None = None
    from itertools import combinations

    for skipped in combinations(range(len(roles)), missing):
        columns = [c for c in range(len(roles)) if c not in skipped]
        score = -0.01 * sum(columns)  # alike readings: the cells stay left, where the page printed them
        for column, cell in zip(columns, cells, strict=True):
            kind = _kind_of_text(cell.text)
            role = roles[column]
            score += 2 if (kind == "number") == (role == "number") else -2
            score += 1 if (kind == "period") == (role == "period") else -1
            score += 1 if role == "task" and len(cell.text.split()) > 4 else 0
        if best is None or score > best[0]:
            best = (score, tuple(columns))
    assert best is not None
    return dict(zip(best[1], cells, strict=True))


def _open_end(text: str) -> bool:
    """A cell that visibly goes on: it ends on a hyphen, a comma or a connecting word."""
    text = text.rstrip()
    return not text or text.endswith(("-", "–", ",", "(")) or text.split()[-1].lower() in _CONNECTORS


_CONNECTORS = frozenset("các và với của cho thuộc tại ở có về theo để trong được hoặc là năm ngày tháng".split())


def _sub_row(previous: TaskRow, cells: dict[str, Run]) -> bool:
    """True when a row without a number is a task of its own under the row above (a merged number cell: it has
    its own task text and its own lead, both starting as a new cell starts), not the rest of that row."""
    task, lead = cells.get("task"), cells.get("lead")
    if task is None or lead is None or not task.text or not lead.text:
        return False
    starts = task.text[:1].isupper() and lead.text[:1].isupper()
    return starts and not _open_end(previous.text("task")) and not _open_end(previous.text("lead"))


class TableReader:
    def __init__(self, table: Table, header_row: int, roles: list[str], locate: Locator) -> None:
        self.table, self.header_row, self.roles, self.locate = table, header_row, roles, locate
        grid = table.grid()
        self.headers = [cell.text if cell else f"#{i + 1}" for i, cell in enumerate(grid[header_row])]
        self.read = ReadTable(header_row, roles)

    def rows(self) -> ReadTable:
        grid = self.table.grid()
        printed = self.table.rows()
        previous: dict[int, Cell] = {}
        for r in range(self.header_row + 1, self.table.n_rows):
            span = self.table.row_spans[r] if r < len(self.table.row_spans) else self.table.span
            here = printed[r]
            if len(here) < len(self.roles) and not any(c.row_span > 1 or c.col_span > 1 for c in self.table.cells) \
                    and here and len(here) > 1:
                by_column = _aligned(self.roles, here)
                number = by_column.get(self.roles.index("number")) if "number" in self.roles else None
                task_row = number is not None and bool(_TASK_NUMBER.match(number.text.strip()))
                columns = {c: by_column.get(c) or (previous.get(c) if task_row and self.roles[c] not in {
                    "number", "task"} else None) for c in range(len(self.roles))}
            else:
                columns = {c: (grid[r][c] if c < len(grid[r]) else None) for c in range(len(self.roles))}
            texts = [cell.text if cell else "" for cell in columns.values()]
            if all(_RULE.match(t) for t in texts):
                self.read.unplaced.append(Unplaced(self._line(span), " | ".join(texts), "separator row, skipped"))
                continue
            self._row(columns, span)
            previous = {c: cell for c, cell in columns.items() if cell is not None and cell.row == r}
        _mark_parent_rows(self.read.rows)
        return self.read

    def _line(self, span: tuple[int, int]) -> int:
        return self.locate.source.line_of(span[0])

    def _row(self, columns: dict[int, Cell | None], span: tuple[int, int]) -> None:
        cells: dict[str, Run] = {}
        others: list[Run] = []
        for c, cell in columns.items():
            role = self.roles[c] if c < len(self.roles) else ""
            if cell is None:
                continue
            if role in READ_ROLES:
                cells[role] = cell.run
            elif cell.text:
                others.append(cell.run)
                self.read.unplaced.append(Unplaced(self._line(span), cell.text,
                                                   f"column '{self.headers[c]}' is not read"))
        number_run = cells.pop("number", Run(""))
        number = number_run.text.strip().rstrip(".").strip()
        kind = _classify(number, cells)
        if kind == "continuation" and self.read.rows and self.read.rows[-1].kind == "task" and \
                _sub_row(self.read.rows[-1], cells):
            kind, number = "task", self.read.rows[-1].number
        if kind in {"group", "task"}:
            self.read.rows.append(TaskRow(kind, number.rstrip(".)"), cells, span, others))
        elif kind == "continuation" and self.read.rows:
            row = self.read.rows[-1]
            for role, run in cells.items():
                if run.text:
                    row.cells[role] = _joined(row.cells.get(role, Run("")), run)
            row.span = (row.span[0], max(row.span[1], span[1]))
            row.others.extend(others)
        else:
            reason = "row continues a table that has no row yet" if kind == "continuation" else (
                f"row number {number!r} is neither a task number nor a group numeral")
            text = " | ".join(run.text for run in cells.values() if run.text)
            self.read.unplaced.append(Unplaced(self._line(span), f"{number} | {text}".strip(" |"), reason))


def _mark_parent_rows(rows: list[TaskRow]) -> None:
    """A numbered row followed by rows numbered inside it (``1. Lĩnh vực …`` then ``1.1``) heads a group."""
    for row, following in zip(rows, rows[1:], strict=False):
        if row.kind == "task" and is_parent_number(row.number, following.number):
            row.kind = "group"


def read_task_table(table: Table, locate: Locator) -> ReadTable | None:
    """The rows of *table* if it is a task table, else None."""
    found = find_header(table)
    if found is None:
        return None
    return TableReader(table, *found, locate).rows()
