"""Tasks written as numbered items followed by labelled fields instead of table rows::

    1. Xây dựng cơ sở dữ liệu khoa học và công nghệ.
    - Đơn vị chủ trì: Sở Khoa học và Công nghệ.
    - Đơn vị phối hợp: Sở Tài chính, UBND các huyện.
    - Thời gian thực hiện: Quý IV/2025.

Each labelled line is a table cell in disguise: its label is read with a task table's header wording
(:data:`lexicon.TABLE_COLUMNS`), so ``Cơ quan chủ trì``, ``Sản phẩm``, ``Kinh phí`` … work alike. A numbered item
whose next item is numbered inside it (``1. Lĩnh vực …`` above ``1.1. …``) heads a group. A field block that
follows several bullets under one item is every bullet's (``- Nhiệm vụ A; - Nhiệm vụ B`` then ``Chủ trì: …``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, Run, Table
from plangraph.ingest.records import Unplaced
from plangraph.ingest.understand.tasks import TaskRow
from plangraph.language.columns import READ_ROLES, column_role
from plangraph.language.folding import fold

_FIELD = re.compile(r"^(?P<label>[^:\d][^:]{1,40}?)\s*:\s*(?P<value>.*)$")
TASK_ROLES = frozenset({"lead", "partner", "period"})  # roles that make a numbered item a task


@dataclass(frozen=True)
class Field:
    role: str  # a column role ("lead", "partner", "period", "result", "funding", "task") or "" if unknown
    label: str  # as printed
    value: Run


def _text_run(block: ContentBlock) -> Run:
    """A block's text without its bullet (``- Đơn vị chủ trì: …``)."""
    if isinstance(block, ListItem) and block.marker.kind == "bullet":
        return block.body
    return block.run


def field_of(block: ContentBlock) -> Field | None:
    """``- Đơn vị chủ trì: Sở Nội vụ.`` → Field("lead", "Đơn vị chủ trì", "Sở Nội vụ"); None if not labelled."""
    if not isinstance(block, (Paragraph, ListItem, Heading)):
        return None
    if isinstance(block, ListItem) and block.marker.kind not in {"bullet"}:
        return None
    run = _text_run(block)
    match = _FIELD.match(run.text)
    if not match:
        return None
    label = match["label"].strip(" *")
    key = " ".join(fold(label).split()).strip(" .")
    role = column_role(label) if len(key.split()) <= 6 else ""
    if role == "number" or not role:
        return Field("", label, run[match.start("value"):].strip()) if len(key.split()) <= 4 else None
    value = run[match.start("value"):].strip()
    if is_blank(value.text):
        return None  # a form's blank to fill in ("Cơ quan cấp: ..........."), not a field of a task
    return Field(role, label, value.strip(" .;") if value.text else value)


_BLANK = re.compile(r"[.…_·\s/\[\]-]*")


def is_blank(text: str) -> bool:
    """True for a form's blank: dots, an ellipsis, underscores (``…/…/…``); empty text is no blank.

    >>> is_blank("......."), is_blank("…/…/…"), is_blank("Sở Nội vụ"), is_blank("")
    (True, True, False, False)
    """
    return bool(text.strip()) and bool(_BLANK.fullmatch(text))


def _is_item(block: ContentBlock) -> bool:
    """A numbered or lettered item (``3.1.``, ``a)``) — what a task or a group of tasks is printed as."""
    return isinstance(block, ListItem) and block.marker.kind in {"arabic", "lower"}


def _inside(outer: ListItem, inner: ListItem) -> bool:
    """True when *inner* is numbered inside *outer*: ``1.1.`` inside ``1.``, any ``a)`` inside a number."""
    if inner.marker.kind == "lower":
        return outer.marker.kind == "arabic"
    return outer.marker.kind == "arabic" and inner.marker.number.startswith(outer.marker.number + ".")


def _ends_scope(block: ContentBlock) -> bool:
    return isinstance(block, Table) or (isinstance(block, Heading) and block.marker is not None
                                        and block.marker.kind in {"roman", "upper"})


def fields_follow(blocks: list[ContentBlock], at: int) -> bool:
    """True when the numbered item at *at* is followed, before the next item, by a field naming who leads the task
    or when it is done."""
    for block in blocks[at + 1:]:
        if _is_item(block) or _ends_scope(block):
            return False
        found = field_of(block)
        if found and found.role in TASK_ROLES:
            return True
    return False


def _next_item(blocks: list[ContentBlock], at: int) -> int | None:
    for index in range(at + 1, len(blocks)):
        if _ends_scope(blocks[index]):
            return None
        if _is_item(blocks[index]):
            return index
    return None


@dataclass
class FieldTasks:
    rows: list[TaskRow]
    used: set[int]  # indexes of the blocks read
    unplaced: list[Unplaced]


def read_field_tasks(blocks: list[ContentBlock], line_of: object) -> FieldTasks:
    """The tasks of *blocks* (one section) written as numbered items with fields; *line_of* maps an offset to a
    line number."""
    found = FieldTasks([], set(), [])
    index = 0
    numbered = ""  # the number a lettered item is inside (``3.1`` for its ``a)``)
    while index < len(blocks):
        block = blocks[index]
        if not _is_item(block):
            if _ends_scope(block):
                numbered = ""
            index += 1
            continue
        assert isinstance(block, ListItem)
        if block.marker.kind == "arabic":
            numbered = block.marker.number
            number = numbered
        else:
            number = f"{numbered}.{block.marker.number}" if numbered else block.marker.number
        if fields_follow(blocks, index):
            index = _read_block(blocks, index, number, found, line_of)
            continue
        if _heads_tasks(blocks, index):
            title = block.body.strip().rstrip(" :.")
            found.rows.append(TaskRow("group", number, {"task": title}, block.span))
            found.used.add(index)
        index += 1
    _bare_siblings(blocks, found)
    return found


def _heads_tasks(blocks: list[ContentBlock], at: int) -> bool:
    """True when an item numbered inside the item at *at* (at any depth) is a task with fields."""
    outer = blocks[at]
    assert isinstance(outer, ListItem)
    index = _next_item(blocks, at)
    while index is not None:
        inner = blocks[index]
        assert isinstance(inner, ListItem)
        if not _inside(outer, inner):
            return False
        if fields_follow(blocks, index):
            return True
        index = _next_item(blocks, index)
    return False


def _bare_siblings(blocks: list[ContentBlock], found: FieldTasks) -> None:
    """A numbered item among tasks with fields, at their level, with no fields of its own, is a task too
    (a table row whose other cells are empty): ``6. Tổ chức triển khai …`` after tasks 1–5."""
    tasks = [row for row in found.rows if row.kind == "task"]
    levels = {(_parent(row.number), row.number.count(".")) for row in tasks if _ARABIC.match(row.number)}
    if not levels:
        return
    first = min(row.span[0] for row in tasks)
    for index, block in enumerate(blocks):
        if index in found.used or not (isinstance(block, ListItem) and block.marker.kind == "arabic"):
            continue
        number = block.marker.number
        if block.span[0] < first or (_parent(number), number.count(".")) not in levels or \
                any(_ends_scope(b) for b in blocks[:index] if b.span[0] >= first):
            continue
        found.rows.append(TaskRow("task", number, {"task": block.body.strip()}, block.span))
        found.used.add(index)
    found.rows.sort(key=lambda row: row.span[0])


_ARABIC = re.compile(r"^\d+(?:\.\d+)*$")


def _parent(number: str) -> str:
    return number.rpartition(".")[0]


@dataclass
class _Bullets:
    """Bullets under a numbered item and the field block that follows them (shared by all of them)."""

    bullets: list[tuple[Run, tuple[int, int]]] = field(default_factory=list)
    cells: dict[str, Run] | None = None  # None until the field block begins
    spans: list[tuple[int, int]] = field(default_factory=list)


def _read_block(blocks: list[ContentBlock], at: int, number: str, found: FieldTasks, line_of: object) -> int:
    """One numbered item and what follows it up to the next item: the item is the task with its fields, or —
    when its bullets are followed by field blocks — each bullet is a task with the fields after it and the item
    is their group."""
    item = blocks[at]
    assert isinstance(item, ListItem)
    title: list[Run] = [item.body]
    spans = [item.span]
    groups: list[_Bullets] = [_Bullets()]
    bullet_char = ""
    found.used.add(at)
    index = at + 1
    while index < len(blocks) and not _is_item(blocks[index]) and not _ends_scope(blocks[index]):
        block = blocks[index]
        if isinstance(block, Heading) and block.marker is None and fold(block.text).startswith("noi nhan"):
            break
        current = groups[-1]
        fld = field_of(block)
        if fld and fld.role in READ_ROLES and fld.role != "task":
            if current.cells is None:
                current.cells = {}
            previous = current.cells.get(fld.role)
            current.cells[fld.role] = Run.join([previous, fld.value], "; ") if previous else fld.value
            current.spans.append(block.span)
        elif fld and fld.role == "other":
            found.unplaced.append(Unplaced(line_of(block.span[0]), block.text,  # type: ignore[operator]
                                           f"field '{fld.label}' of task {number} is not read"))
        elif fld and fld.role == "task" and current.cells is None and not current.bullets:
            title.append(fld.value)
        elif not fld and _is_bullet(block, bullet_char):
            assert isinstance(block, ListItem)
            bullet_char = bullet_char or block.marker.text[:1]
            if current.cells is not None:
                groups.append(current := _Bullets())
            current.bullets.append((block.body, block.span))
            current.spans.append(block.span)
        elif current.cells is None and current.bullets:
            body, span = current.bullets[-1]  # a sub-bullet or a paragraph goes on with its bullet
            current.bullets[-1] = (Run.join([body, block.run], " "), (span[0], block.span[1]))
            current.spans.append(block.span)
        elif current.cells is None and len(groups) == 1:
            title.append(block.run)
        else:
            reason = (f"field '{fld.label}' of task {number} is not read" if fld
                      else f"text after the fields of task {number}, not extracted")
            found.unplaced.append(Unplaced(line_of(block.span[0]), block.text, reason))  # type: ignore[operator]
        spans.append(block.span)
        found.used.add(index)
        index += 1
    tasks = [g for g in groups if g.cells is not None]
    whole = (spans[0][0], max(s[1] for s in spans))
    if sum(len(g.bullets) for g in tasks) <= 1 or any(not g.bullets for g in tasks):
        cells: dict[str, Run] = {"task": Run.join(title, " ")}
        for group in groups:  # one task: the item, its bullets its text
            cells["task"] = Run.join([cells["task"], *(b for b, _ in group.bullets)], " ")
            for role, value in (group.cells or {}).items():
                cells[role] = Run.join([cells[role], value], "; ") if role in cells else value
        found.rows.append(TaskRow("task", number, cells, whole))
        return index
    found.rows.append(TaskRow("group", number, {"task": Run.join(title, " ").strip().rstrip(" :.")}, item.span))
    position = 0
    for group in groups:
        if group.cells is None:
            for body, span in group.bullets:  # bullets after the last field block: no fields of their own
                found.unplaced.append(Unplaced(line_of(span[0]), body.text,  # type: ignore[operator]
                                               f"a bullet of item {number} after its last fields, not extracted"))
            continue
        end = max(s[1] for s in group.spans)
        for body, span in group.bullets:
            position += 1
            found.rows.append(TaskRow("task", f"{number}.{position}", {"task": body, **group.cells}, (span[0], end)))
    return index


def _is_bullet(block: ContentBlock, char: str) -> bool:
    """A bullet of the item's own list (``-``), not one of a list inside it (``+``)."""
    return isinstance(block, ListItem) and block.marker.kind == "bullet" and (
        not char or block.marker.text[:1] == char)
