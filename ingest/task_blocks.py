"""Tasks written as prose blocks instead of table rows.

::

    1. Xây dựng cơ sở dữ liệu khoa học và công nghệ.
    - Đơn vị chủ trì: Sở Khoa học và Công nghệ.
    - Đơn vị phối hợp: Sở Tài chính, UBND các huyện.
    - Thời gian thực hiện: Quý IV/2025.

Each labelled line is a table cell in disguise: its label is read with the same header wording as a task
table's columns (``lexicon.TABLE_COLUMNS``), so ``Cơ quan chủ trì``, ``Sản phẩm``, ``Kinh phí`` … work alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from plangraph.ingest.text import strip_markdown
from plangraph.language import lexicon
from plangraph.language.folding import fold

_SECTION = re.compile(r"^[IVX]{1,4}\s*[.)]\s")
_ITEM = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]\s*(?P<text>\S.*)$")
_FIELD = re.compile(r"^[-–+•*]?\s*(?P<label>[^:\d][^:]{1,40}?)\s*:\s*(?P<value>.*)$")
# Roles that make a numbered item a task: someone leads it or it has a time.
_TASK_ROLES = frozenset({"lead", "partner", "period"})


@dataclass(frozen=True)
class Field:
    role: str  # a column role ("lead", "partner", "period", "result", "funding", "task") or "" if unknown
    label: str  # as printed
    value: str


def item(line: str) -> tuple[str, str] | None:
    """``1.2. Xây dựng …`` → ("1.2", "Xây dựng …")."""
    match = _ITEM.match(strip_markdown(line))
    return (match["num"], match["text"].strip()) if match else None


def field(line: str) -> Field | None:
    """``- Đơn vị chủ trì: Sở Nội vụ.`` → Field("lead", "Đơn vị chủ trì", "Sở Nội vụ"); None if not labelled."""
    match = _FIELD.match(strip_markdown(line))
    if not match:
        return None
    label = match["label"].strip(" *")
    role = lexicon.TABLE_COLUMNS.get(fold(label).strip(" ."), "")
    if role == "number":
        return None
    return Field(role, label, match["value"].strip().rstrip(".;").strip())


def fields_follow(lines: Sequence[str], lineno: int, last: int) -> bool:
    """True when the numbered item at 1-based *lineno* is followed, before the next item, by a field naming
    who leads the task or when it is done."""
    for n in range(lineno + 1, last + 1):
        text = strip_markdown(lines[n - 1])
        if not text:
            continue
        if item(text) or "\t" in text or _SECTION.match(text):
            return False
        found = field(text)
        if found and found.role in _TASK_ROLES:
            return True
    return False


def next_item(lines: Sequence[str], lineno: int, last: int) -> tuple[int, str] | None:
    """The line and number of the first numbered item after *lineno*, within its section."""
    for n in range(lineno + 1, last + 1):
        text = strip_markdown(lines[n - 1])
        if _SECTION.match(text) or "\t" in text:
            return None
        if found := item(text):
            return n, found[0]
    return None
