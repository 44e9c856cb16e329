"""One plan (Kế hoạch, Đề án, Chương trình): its title, objectives and targets, tasks and the text of its sections.

A plan is cut into its numbered sections (``I. MỤC TIÊU``, ``II. NHIỆM VỤ``, ``V. TỔ CHỨC THỰC HIỆN`` …) and its
annexes; a section's heading gives its role (:data:`lexicon.PLAN_SECTIONS`). Each shape of task has its
reader (:mod:`.tasks`): task tables anywhere, numbered items with labelled fields, duties per agency in the
sections that assign work, and — when the plan has neither a task table nor labelled items — the numbered
work items of its tasks sections. Objectives come from the objectives section (and a targets table); what
no reader takes is kept as the section's text, paragraph by paragraph, with the instruments it cites.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, SignatureBlock, Table
from plangraph.ingest.records import (
    Located,
    Objective,
    Plan,
    SectionText,
    Signature,
    Task,
    TaskGroup,
    TextPart,
    Unplaced,
)
from plangraph.ingest.understand import target_tables
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.mentions import Mentions
from plangraph.ingest.understand.numbering import GroupNesting
from plangraph.ingest.understand.outline import is_attached_note
from plangraph.ingest.understand.relations import OPENING, PURPOSE, SECTION, RelationReader
from plangraph.ingest.understand.targets import extract_targets
from plangraph.ingest.understand.tasks import TaskRow, build_task
from plangraph.ingest.understand.tasks.duties import read_duties
from plangraph.ingest.understand.tasks.fields import read_field_tasks
from plangraph.ingest.understand.tasks.items import read_item_tasks
from plangraph.ingest.understand.tasks.table import find_header, read_task_table
from plangraph.language import lexicon
from plangraph.language.folding import fold
from plangraph.language.periods import parse_period

_PROGRAMME = re.compile(r"(Chương trình\s.+?)(?:\s+giai đoạn\s+\d{4}\s*[-–]\s*\d{4})?\s*$")
_PERIOD_IN_TITLE = re.compile(r"giai đoạn\s+(\d{4}\s*[-–]\s*\d{4})")
_TRAILING_NOTE = re.compile(r"\s*\(\s*(?:Ban hành|Kèm theo)[^()]*\)\s*$", re.IGNORECASE)
# A line that only says which year the objectives under it are for ("b) Đến năm 2030", "Tầm nhìn đến năm 2035"),
# or which objectives follow ("2. Mục tiêu cụ thể"): a heading inside the objectives, not an objective.
_YEAR_HEADING = re.compile(r"^(?:tầm nhìn\s+|định hướng\s+)?(?:đến|tới|trong|năm)\s+(?:năm\s+)?(?P<year>\d{4})\s*:?$",
                           re.IGNORECASE)
_OBJECTIVES_HEADING = re.compile(r"^mục tiêu\s+(?:tổng quát|cụ thể|chung)(?:\s+đến năm \d{4})?\s*:?$", re.IGNORECASE)
_ANNEX = re.compile(r"^phu luc(?:\s+(?:[ivxlc]+|\d+|so\s+\d+))?$")
NO_TASK_ROLES = frozenset({"objectives", "purpose"})  # sections that assign no work


def section_role(title: str) -> str:
    """The role of a plan section by its title (``NHIỆM VỤ`` → ``tasks``); ``other`` when unknown."""
    key = " ".join(fold(re.sub(r"\(.*?\)", "", title)).split()).strip(" .:")
    if key in lexicon.PLAN_SECTIONS:
        return lexicon.PLAN_SECTIONS[key]
    return next((role for cue, role in lexicon.PLAN_SECTION_CUES if key.startswith(cue)), "other")


def is_annex_heading(block: ContentBlock) -> bool:
    """``PHỤ LỤC``, ``Phụ lục II``: an annex, which holds a plan's task table in many documents."""
    return isinstance(block, (Heading, Paragraph)) and bool(
        _ANNEX.match(" ".join(fold(block.text).split()).strip(" :")))


@dataclass
class Section:
    heading: ContentBlock | None  # the numbered heading (None before the first one)
    number: str
    title: str
    role: str | None
    blocks: list[ContentBlock] = field(default_factory=list)


def sections(blocks: list[ContentBlock]) -> list[Section]:
    """*blocks* cut at each Roman-numbered heading and each annex heading."""
    out = [Section(None, "", "", None)]
    for block in blocks:
        if isinstance(block, Heading) and block.marker and block.marker.kind == "roman":
            out.append(Section(block, block.marker.number, block.title.text, section_role(block.title.text)))
        elif is_annex_heading(block):
            out.append(Section(block, "", block.text, "annex"))
        else:
            out[-1].blocks.append(block)
    return [s for s in out if s.heading is not None or s.blocks]


@dataclass
class PlanParts:
    """What the caller tells the plan reader: where its title is and what precedes its sections."""

    title: str
    loc: Located
    preface: list[ContentBlock] = field(default_factory=list)  # objectives printed in the decision's article


class PlanReader:
    def __init__(self, index: int, locate: Locator, mentions: Mentions, signer: Callable[[ContentBlock],
                 Signature | None], relations: RelationReader | None = None) -> None:
        self.index, self.locate, self.mentions, self.signer = index, locate, mentions, signer
        self.relations = relations
        self.unplaced: list[Unplaced] = []
        self.objective_year: int | None = None
        self.read_tables: list[Table] = []  # the tables read as task or targets tables
        self.task_table = False  # the plan prints its tasks in a table

    def read(self, parts: PlanParts, blocks: list[ContentBlock]) -> Plan:
        title = _TRAILING_NOTE.sub("", parts.title)
        programme = _PROGRAMME.search(title)
        period = _PERIOD_IN_TITLE.search(title)
        plan = Plan(self.index, title, programme.group(1) if programme else None,
                    parse_period(period.group(1)) if period else None, parts.loc)
        self.task_table = any(isinstance(b, Table) and find_header(b) for b in [*parts.preface, *blocks])
        rows: list[tuple[int, Section | None, list[TaskRow], bool]] = []  # (offset, section, rows, structured)
        item_rows: list[tuple[int, Section, list[TaskRow], set[int]]] = []
        for section in sections(parts.preface):
            if section.heading is not None:  # the article keeps the text; objectives and duties are the plan's
                self._section(plan, section, rows, [])
        cut = sections(blocks)
        kept: dict[int, list[ContentBlock]] = {}
        for number, section in enumerate(cut):
            kept[number] = self._section(plan, section, rows, item_rows)
        # Numbered items of a tasks section are its tasks when the plan prints its tasks no other way, or when
        # some items of the section name their lead ("(Giao Sở Y tế chủ trì …)", "Sở Y tế chủ trì …"): a work
        # list. Otherwise they are solutions naming no agency, and stay prose.
        alone = not rows
        assigning = {id(section) for _, section, _, structured in rows if section is not None and not structured}
        for _, section, found, used in item_rows:
            if not alone and id(section) not in assigning and not any("lead" in row.cells for row in found):
                continue
            rows.append((found[0].span[0], section, found, False))
            position = cut.index(section)
            kept[position] = [b for b in kept[position] if id(b) not in used]
        self._tasks(plan, rows)
        for number, section in enumerate(cut):
            self._kept(plan, section, kept[number])
        return plan

    # --- one section ------------------------------------------------------------------------------------
    def _section(self, plan: Plan, section: Section, rows: list, item_rows: list) -> list[ContentBlock]:
        """Read one section; returns the blocks kept as its text."""
        self.objective_year = None
        used: set[int] = set()
        for k, block in enumerate(section.blocks):
            if isinstance(block, SignatureBlock):
                used.add(k)
                if plan.signature is None:
                    plan.signature = self.signer(block)
            elif isinstance(block, Table):
                used.add(k)
                self._table(plan, block, section, rows)
        if section.role == "objectives":
            self._objectives(plan, section)
            return []
        others = [b for k, b in enumerate(section.blocks) if k not in used]
        if section.role in NO_TASK_ROLES:
            return others
        fields = read_field_tasks(others, self.locate.source.line_of)
        self.unplaced.extend(fields.unplaced)
        if fields.rows:  # numbered with their own groups, like a table's rows
            rows.append((fields.rows[0].span[0], None, fields.rows, True))
        rest = [b for k, b in enumerate(others) if k not in fields.used]
        if section.role == "tasks" and self.task_table:
            return rest  # prose restating the plan's task table, whose rows are the tasks
        duties = read_duties(rest)
        if duties.rows:
            rows.append((duties.rows[0].span[0], section, duties.rows, False))
        rest = [b for k, b in enumerate(rest) if k not in duties.used]
        if section.role == "tasks":
            found, item_used = read_item_tasks(rest)
            if found:
                item_rows.append((found[0].span[0], section, found, {id(rest[k]) for k in item_used}))
        return rest

    def _table(self, plan: Plan, table: Table, section: Section, rows: list) -> None:
        read = read_task_table(table, self.locate)
        if read is not None:
            self.read_tables.append(table)
            self.unplaced.extend(read.unplaced)
            rows.append((table.span[0], None, read.rows, True))
            return
        found = target_tables.find_header(table)
        if found is not None:
            self.read_tables.append(table)
            header_row, columns = found
            targets, unplaced = target_tables.read(table, header_row, columns, self.locate.source.line_of)
            self.unplaced.extend(unplaced)
            for row in targets:
                plan.objectives.append(Objective(len(plan.objectives) + 1, row.indicator, tuple(row.targets),
                                                 self.locate.span(*row.span)))
            return
        self._unread_table(table)

    def _unread_table(self, table: Table) -> None:
        first = table.rows()[0] if table.n_rows else []
        head = " | ".join(c.text for c in first)[:100]
        self.unplaced.append(Unplaced(self.locate.source.line_of(table.span[0]), head,
                                      f"a table that is neither a task nor a targets table ({table.n_rows} rows), "
                                      "not extracted"))

    # --- objectives -----------------------------------------------------------------------------------
    def _objectives(self, plan: Plan, section: Section) -> None:
        for block in section.blocks:
            if isinstance(block, (Table, SignatureBlock)):
                continue
            if self._objectives_heading(block):
                continue
            text = _objective_text(block)
            if not text:
                continue
            targets = tuple(extract_targets(text, default_year=self.objective_year))
            plan.objectives.append(Objective(len(plan.objectives) + 1, text, targets, self.locate.block(block)))

    def _objectives_heading(self, block: ContentBlock) -> bool:
        """True for a heading inside the objectives (``2. Mục tiêu cụ thể``, ``b) Đến năm 2030``), whose year, if
        any, becomes the year of the targets under it that name none."""
        body = block.body.text if isinstance(block, ListItem) else (
            block.title.text if isinstance(block, Heading) and block.marker else block.text)
        plain = body.strip(" *")
        if match := _YEAR_HEADING.match(plain):
            self.objective_year = int(match["year"])
            return True
        if _OBJECTIVES_HEADING.match(plain):
            return True
        style = getattr(block, "style", None)
        return isinstance(block, Heading) or bool(style and (style.bold or style.italic) and len(plain) < 120
                                                  and not plain.endswith("."))

    # --- tasks ------------------------------------------------------------------------------------------
    def _tasks(self, plan: Plan, rows: list) -> None:
        """Tasks and groups of every reader, in the order printed."""
        section_groups: dict[int, TaskGroup] = {}
        # Groups are numbered in printed order, a task table's first (so its tasks keep their IRIs whatever prose
        # sections come before it), then the sections whose duties are tasks.
        for _, section, found, _ in sorted(rows, key=lambda entry: (entry[1] is not None, entry[0])):
            nesting = GroupNesting()
            base: TaskGroup | None = None
            if section is not None and section.heading is not None and section.number:
                key = id(section)
                if key not in section_groups:
                    section_groups[key] = self._group(plan, section.number, section.title.strip(" :."),
                                                      self.locate.block(section.heading), None)
                base = section_groups[key]
            for row in found:
                if row.kind == "group":
                    nesting.group(row.number, lambda parent, row=row, base=base: self._group(
                        plan, row.number, row.text("task"), self.locate.span(*row.span), parent or base))
                else:
                    group = nesting.task(row.number) or base
                    plan.tasks.append(build_task(row, 0, group, self.locate, self.mentions, self.relations))
        plan.tasks.sort(key=lambda task: task.loc.start)
        for position, task in enumerate(plan.tasks, start=1):
            task.position = position

    def _group(self, plan: Plan, number: str, title: str, loc: Located, parent: TaskGroup | None) -> TaskGroup:
        group = TaskGroup(len(plan.groups) + 1, number, title, loc, parent)
        plan.groups.append(group)
        return group

    # --- text -------------------------------------------------------------------------------------------
    def _kept(self, plan: Plan, section: Section, blocks: list[ContentBlock]) -> None:
        """Blocks no reader took: the section's text, each paragraph with its lines and the instruments it cites."""
        blocks = [b for b in blocks if not isinstance(b, (Table, SignatureBlock))]
        if section.role == "annex":  # an annex's title and its "(Kèm theo …)" note: its heading, not text
            blocks = [b for b in blocks if not (isinstance(b, Heading) or b.text.isupper() or
                                                 is_attached_note(b))]
        if not blocks or section.role == "objectives":
            return
        heading = section.heading or blocks[0]
        text = SectionText(len(plan.sections) + 1, section.number, section.title if section.heading else "",
                           self.locate.block(heading))
        context = OPENING if section.heading is None else PURPOSE if section.role == "purpose" else SECTION
        for block in blocks:
            part = TextPart(self.locate.block(block), self.mentions.citations(block.run, block.span))
            if self.relations is not None:
                part.relations = self.relations.read(block.run, part.citations, context, block.span)
            text.paragraphs.append(part)
        if self.relations is not None:
            self.relations.reset()
        plan.sections.append(text)


def _objective_text(block: ContentBlock) -> str:
    """An objective as printed, without its number or bullet (a lettered item keeps its letter)."""
    if isinstance(block, ListItem) and block.marker.kind in {"arabic", "bullet"}:
        return block.body.text.strip()
    return block.text.strip()


def tasks_of(plan: Plan) -> list[Task]:
    return plan.tasks
