"""Tasks in every shape the genre prints them, one reader per shape, each returning :class:`TaskRow` records:

* :mod:`.table` — a task table (``STT | Nhiệm vụ | Cơ quan chủ trì | …``), group rows, sub-rows, merged cells;
* :mod:`.fields` — numbered items followed by labelled fields (``- Đơn vị chủ trì: …``);
* :mod:`.duties` — duties written as prose per agency (``1. Sở Tài chính:`` and its lettered items or
  bullets; an agency as the subject of a sentence);
* :mod:`.items` — numbered work items of a tasks section, the lead named in a closing ``(Giao …)``.

:func:`build_task` turns a row into a :class:`~plangraph.ingest.records.Task`: its agencies read from the
lead and partner cells, its period parsed, every instrument it names located.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plangraph.ingest.blocks import Run
from plangraph.ingest.records import AgencyMention, Task, TaskGroup
from plangraph.ingest.understand.agencies import normalize_agency, read_agency_cell
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.mentions import Mentions
from plangraph.ingest.understand.relations import TASK, RelationReader
from plangraph.ingest.understand.tasks.bodies import NAME_WORDS, names_leaders, names_of, subjects_in
from plangraph.language import lexicon
from plangraph.language.folding import fold
from plangraph.language.periods import parse_period


@dataclass
class TaskRow:
    """A task (or a group of tasks) as read, before its agencies and period are resolved.

    ``cells`` holds the text of each column role (``task``, ``lead``, ``partner``, ``period``, ``result``,
    ``funding``) as a run; ``span`` is the region of the file it was read from."""

    kind: str  # "task" or "group"
    number: str
    cells: dict[str, Run]
    span: tuple[int, int]
    others: list[Run] = field(default_factory=list)  # other cells whose instruments the task names too

    def text(self, role: str) -> str:
        run = self.cells.get(role)
        return run.text if run is not None else ""


def _agencies(mentions: Mentions, run: Run | None, span: tuple[int, int]) -> tuple[list[AgencyMention], str]:
    """The agencies a cell names, and its words that name none (joined by ``; ``)."""
    if run is None or not run.text:
        return [], ""
    cell = read_agency_cell(run.text)
    if any(len(name.split()) > NAME_WORDS for name in cell.names):  # a sentence, not a list of names:
        subjects = subjects_in(run)  # its subjects are the agencies
        if subjects:
            run = Run.join(subjects, "; ")
            cell = read_agency_cell(run.text)
    names = list(cell.names)
    if any(names_leaders(name) for name in names):  # "Chủ tịch UBND các xã", "Bộ trưởng, Thủ trưởng …"
        names = names_of(run.text)
    found = [AgencyMention(normalize_agency(name), mentions.locate.substring(run, name, fallback=span))
             for name in names]
    return found, "; ".join(cell.remarks)


def carries_out(before: str) -> bool:
    """True when the words right before a citation say the task carries the instrument out."""
    tail = " ".join(fold(before).split()).rstrip(" (:,")
    return any(tail.endswith(fold(cue)) for cue in lexicon.IMPLEMENTATION_CUES)


def build_task(row: TaskRow, position: int, group: TaskGroup | None, locate: Locator, mentions: Mentions,
               relations: RelationReader | None = None) -> Task:
    """The task of *row*; with *relations*, also what its text states of other texts (a plan's closing "Kế hoạch này
    thay thế Kế hoạch số …" read into its last duty, a cited decree's title "… sửa đổi, bổ sung …")."""
    task_run = row.cells.get("task", Run(""))
    text = task_run.text
    task = Task(position, row.number, group, text, locate.span(*row.span))
    task.leads, task.lead_note = _agencies(mentions, row.cells.get("lead"), row.span)
    task.partners, task.partner_note = _agencies(mentions, row.cells.get("partner"), row.span)
    task.period_text = row.text("period")
    task.period = parse_period(task.period_text) if task.period_text else None
    task.result = row.text("result")
    task.funding = row.text("funding")
    for citation in mentions.citations(task_run, row.span):
        start = citation.citation.start
        if carries_out(text[:start]):
            task.applies.add(len(task.citations))
        task.citations.append(citation)
    if relations is not None:
        task.relations = relations.read(task_run, task.citations, TASK, row.span)
        relations.reset()
    for run in [*(row.cells[r] for r in ("result", "funding", "period") if r in row.cells), *row.others]:
        task.citations.extend(mentions.citations(run, row.span))
    return task
