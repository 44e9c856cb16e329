"""Assignments written inside a task's own sentence: ``… (Giao Công an tỉnh chủ trì, phối hợp với Văn phòng
UBND tỉnh; Sở Tư pháp và các cơ quan có liên quan tham mưu).``

Plans that list their work as numbered paragraphs instead of a table say who leads in a closing bracket.
The lead is what precedes the first verb of the assignment (``chủ trì``, ``tham mưu``, ``thực hiện``); the
partners follow ``phối hợp với``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plangraph.ingest.blocks import Run

_ASSIGNMENT = re.compile(r"\s*\(\s*[Gg]iao\s+(?P<body>[^()]+?)\s*\)\s*[.;]?\s*$")
_LEAD = re.compile(r"^(?P<lead>.+?)\s+(?:chủ trì|tham mưu|thực hiện|triển khai|phụ trách)\b")
_PARTNERS = re.compile(r"\bphối hợp(?:\s+với)?\s+(?P<partners>.+?)(?:\s+(?:tham mưu|thực hiện|triển khai))?\s*$")


@dataclass(frozen=True)
class Assignment:
    task: str  # the task's sentence without the bracket
    lead: str  # the lead agency's cell, as printed
    partners: str  # the partners' cell, as printed ("" if none)
    bracket: str  # the bracket as printed, to locate it


def assignment(text: str) -> Assignment | None:
    """The assignment closing *text*, or None when it has no ``(Giao …)`` bracket naming a lead."""
    match = _ASSIGNMENT.search(text)
    if not match:
        return None
    body = match["body"]
    lead = _LEAD.match(body)
    if not lead:
        return None
    partners = _PARTNERS.search(body[lead.end():])
    return Assignment(text[: match.start()].rstrip(" ,;"), lead["lead"].strip(" ,"),
                      partners["partners"].strip(" ,") if partners else "", match.group().strip(" .;"))


def bracket_cells(run: Run) -> dict[str, Run] | None:
    """The task's cells when *run* closes with an assignment bracket: its text without the bracket, the lead and
    the partners, each a run of the file where it can be found; None without a bracket naming a lead."""
    found = assignment(run.text)
    if found is None:
        return None
    cells = {"task": run[:len(found.task)]}
    bracket = run.text.find(found.bracket)
    for role, name in (("lead", found.lead), ("partner", found.partners)):
        at = run.text.find(name, max(0, bracket))
        if name and at >= 0:
            cells[role] = run[at:at + len(name)]
        elif name:
            cells[role] = Run(name)
    return cells
