"""Numbered work items of a tasks section (``II. NỘI DUNG CÔNG TÁC``: ``1. …``, ``2. …``) read as tasks, when the
plan has no task table and no labelled task blocks. The paragraphs after an item are its text; a closing
``(Giao Công an tỉnh chủ trì, phối hợp với …)`` names its lead and partners (:mod:`..assignments`)."""

from __future__ import annotations

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, Run, Table
from plangraph.ingest.understand.assignments import bracket_cells
from plangraph.ingest.understand.tasks import TaskRow


def read_item_tasks(blocks: list[ContentBlock]) -> tuple[list[TaskRow], set[int]]:
    """Task rows of the numbered items of one tasks section, and the indexes of the blocks read."""
    rows: list[TaskRow] = []
    used: set[int] = set()
    for index, block in enumerate(blocks):
        if isinstance(block, (Table,)) or (isinstance(block, Heading) and block.marker is not None):
            break
        if isinstance(block, ListItem) and block.marker.kind == "arabic" and "." not in block.marker.number:
            rows.append(TaskRow("task", block.marker.number, {"task": block.body}, block.span))
            used.add(index)
        elif rows and isinstance(block, (Paragraph, ListItem)):
            row = rows[-1]
            row.cells["task"] = Run.join([row.cells["task"], block.run], " ")
            row.span = (row.span[0], block.span[1])
            used.add(index)
    for row in rows:
        cells = bracket_cells(row.cells["task"])
        if cells is not None:
            row.cells.update(cells)
    return rows, used
