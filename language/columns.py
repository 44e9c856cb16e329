"""What a table column holds, read from the wording of its header (:data:`lexicon.TABLE_COLUMNS`, then the
cue words of :data:`lexicon.TABLE_COLUMN_CUES`). One place for every reader: the layout readers to see a
header, the task-table and field readers to give each cell its role.

Roles: ``number``, ``task``, ``lead``, ``partner``, ``period``, ``result``, ``funding``; ``other`` for a known
column the task readers do not record (``Cấp trình``, ``Ghi chú``); ``""`` for wording that names no column.
"""

from __future__ import annotations

from collections.abc import Sequence

from plangraph.language import lexicon
from plangraph.language.folding import fold

LABEL_WORDS = 6  # a column label is short: "Thời gian hoàn thành", "Cơ quan chủ trì thực hiện"
READ_ROLES = frozenset({"number", "task", "lead", "partner", "period", "result", "funding"})


def _key(text: str) -> str:
    return " ".join(fold(text).split()).strip(" .:*")


def exact_role(text: str) -> str:
    """The role of a header wording printed exactly as listed, else ``""``.

    >>> exact_role("Cơ quan chủ trì"), exact_role("Cấp trình"), exact_role("Cơ quan chủ trì tổng hợp")
    ('lead', 'other', '')
    """
    return lexicon.TABLE_COLUMNS.get(_key(text), "")


def column_role(text: str) -> str:
    """The role of one header cell: its exact wording if known, else the first cue word it contains.

    >>> column_role("Cơ quan chủ trì"), column_role("Thời gian thực hiện/hoàn thành"), column_role("Họ tên")
    ('lead', 'period', '')
    """
    key = _key(text)
    if key in lexicon.TABLE_COLUMNS:
        return lexicon.TABLE_COLUMNS[key]
    return next((role for cue, role in lexicon.TABLE_COLUMN_CUES if cue in key), "")


def label_role(text: str) -> str:
    """The role of a header label that may run into its neighbour (a PDF's wrapped header read line by line):
    an exact wording, or wording whose cue words all give one role.

    >>> label_role("Thời hạn hoàn thành"), label_role("Nội dung công việc Cơ quan")
    ('period', '')
    """
    key = _key(text)
    if key in lexicon.TABLE_COLUMNS:
        return lexicon.TABLE_COLUMNS[key]
    if len(key.split()) > LABEL_WORDS or not text.strip()[:1].isupper():
        return ""  # a line of text, not a label
    roles = {role for cue, role in lexicon.TABLE_COLUMN_CUES if cue in key}
    return roles.pop() if len(roles) == 1 else ""


def is_column_label(text: str) -> bool:
    """True for wording listed as a column header (``STT``, ``Nhiệm vụ``, ``Cơ quan chủ trì`` …)."""
    return _key(text) in lexicon.TABLE_COLUMNS


def header_roles(cells: Sequence[str]) -> list[str] | None:
    """Column roles if *cells* are a task-table header: three or more read columns, one of them — only one — the
    task, and one naming who or when (a form's "Nội dung đối chiếu | Nội dung được xác nhận | …" is no task table).

    >>> header_roles(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cấp trình"])
    ['number', 'task', 'lead', 'other']
    >>> header_roles(["Họ tên", "Địa chỉ", "Ghi chú"]) is None
    True
    """
    roles = [column_role(c) for c in cells]
    read = [r for r in roles if r in READ_ROLES]
    if len(read) < 3 or read.count("task") != 1 or not {"lead", "partner", "period"} & set(read):
        return None  # a task table says what is to be done, in one column, and who does it or when
    return roles


def looks_like_task_header(cells: Sequence[str]) -> bool:
    """True if a header names work to be done and who does it or when: a table with such a header that is not read
    as a task table is a task table the parser missed, not a list of members, procedures, prices or forms.

    >>> looks_like_task_header(["STT", "Nội dung công việc", "Phân công nhiệm vụ", "Thời gian thực hiện"])
    True
    >>> looks_like_task_header(["STT", "Tên thủ tục hành chính", "Cơ quan thực hiện"])
    False
    """
    roles = {column_role(c) for c in cells}
    return "task" in roles and bool(roles & {"lead", "period"})
