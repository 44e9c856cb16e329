"""One attached plan (Kế hoạch): title, programme, objectives with targets, the task table, signature."""

from __future__ import annotations

import re

from plangraph.ingest import chrome, locate
from plangraph.ingest import target_tables as target_table
from plangraph.ingest.understand.agencies import normalize_agency, read_agency_cell
from plangraph.ingest.understand.assignments import assignment
from plangraph.ingest.understand.citations import CitationContext, find_citations
from plangraph.ingest.understand.numbering import GroupNesting, is_parent_number
from plangraph.ingest.preamble import is_recipients_heading, signature_at
from plangraph.ingest.records import (
    AgencyMention,
    CitationMention,
    Located,
    Objective,
    Plan,
    SectionText,
    Task,
    TaskGroup,
    Unplaced,
)
from plangraph.ingest.tables import Row, Table, header_roles, read_table
from plangraph.ingest.understand.targets import extract_targets
from plangraph.ingest.task_blocks import field, fields_follow, item, next_item
from plangraph.ingest.text import clean_cell, strip_markdown
from plangraph.ingest.view import TextView
from plangraph.language import lexicon
from plangraph.language.folding import fold
from plangraph.language.periods import parse_period

_SECTION = re.compile(r"^(?P<num>[IVX]{1,4})\s*[.)]\s*(?P<title>.+)$")
_ATTACHED = re.compile(r"^\(?\s*(Ban hành|Kèm theo)", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"^([IVXLC]{1,4}|[A-Z]|\d{1,2})\s*[.)]\s*")
_ITEM_MARK = re.compile(r"^(?:\d{1,2}\s*[.)]|[-–+•])\s*")
_PROGRAMME = re.compile(r"(Chương trình\s.+?)(?:\s+giai đoạn\s+\d{4}\s*[-–]\s*\d{4})?\s*$")
_PERIOD_IN_TITLE = re.compile(r"giai đoạn\s+(\d{4}\s*[-–]\s*\d{4})")
_DUTY = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?P<agency>[^:;,.]{3,80}?)\s*(?::\s*(?P<rest>.*))?$")
_TRAILING_NOTE = re.compile(r"\s*\(\s*(?:Ban hành|Kèm theo)[^()]*\)\s*$", re.IGNORECASE)
# A line that only says which year the objectives under it are for ("b) Đến năm 2030", "Tầm nhìn đến năm 2035"),
# or which objectives follow ("2. Mục tiêu cụ thể"): a heading inside the objectives, not an objective.
_YEAR_HEADING = re.compile(r"^(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.?)?\s*(?:tầm nhìn\s+|định hướng\s+)?"
                           r"(?:đến|tới|trong|năm)\s+(?:năm\s+)?(?P<year>\d{4})\s*:?$", re.IGNORECASE)
_OBJECTIVES_HEADING = re.compile(r"^(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.?)?\s*mục tiêu\s+(?:tổng quát|cụ thể|chung)"
                                 r"(?:\s+đến năm \d{4})?\s*:?$", re.IGNORECASE)
_ANNEX = re.compile(r"^phu luc(?:\s+(?:[ivxlc]+|\d+|so\s+\d+))?$")


def is_plan_heading(line: str) -> bool:
    return fold(strip_markdown(line)).strip(" :") in lexicon.PLAN_HEADINGS


def is_annex_heading(line: str) -> bool:
    """``PHỤ LỤC``, ``Phụ lục II``: an annex, which holds a plan's task table in many documents."""
    return bool(_ANNEX.match(fold(strip_markdown(line)).strip(" :")))


def is_subheading(text: str) -> bool:
    """A line wholly in emphasis (``**1. Mục tiêu tổng quát**``, ``*2.1. Đến năm 2030*``): a heading, not a fact."""
    return len(text) > 2 and text.startswith("*") and text.rstrip().endswith("*")


def section_role(line: str) -> str | None:
    """Role of a plan section heading (``II. NHIỆM VỤ`` → ``tasks``), or None."""
    match = _SECTION.match(strip_markdown(line))
    if not match:
        return None
    title = fold(re.sub(r"\(.*?\)", "", match["title"])).strip(" .:")
    return lexicon.PLAN_SECTIONS.get(title, "other")


class PlanReader:
    """Reads lines *first*..*last* of one plan; the caller collects ``consumed`` and ``unplaced``."""

    def __init__(self, source: TextView, index: int, first: int, last: int,
                 context: CitationContext, *, title: tuple[str, Located] | None = None,
                 skip: frozenset[int] = frozenset(), preface: tuple[int, int] | None = None) -> None:
        """*title*: the plan's title and where it is printed, when the plan is the document itself (a
        stand-alone Kế hoạch, whose body starts at *first*); *skip*: lines read by someone else; *preface*:
        the objectives section printed in the decision's article that approves the plan (see :meth:`_preface`)."""
        self.source, self.index, self.first, self.last, self.context = source, index, first, last, context
        self.given_title, self.skip, self.preface = title, skip, preface
        self.objective_year: int | None = None  # the year of the objectives under a "Đến năm 2030" heading
        self.consumed: set[int] = set() if title else {first}
        self.unplaced: list[Unplaced] = []
        self.section = ""
        self.section_line = 0
        self.duty: Row | None = None  # a task written as prose under an agency's name, being read
        self.block: Row | None = None  # a task written as a numbered item with labelled fields, being read
        self.block_group: TaskGroup | None = None
        self.block_fields = 0
        self.blocks = GroupNesting()  # groups of the task blocks ("1. Lĩnh vực …" above "1.1. …")
        self.role: str | None = None
        self.structured_tasks = 0  # tasks read from tables and labelled blocks
        # Numbered paragraphs of a tasks section (II. NỘI DUNG CÔNG TÁC: "1. …", "2. …"), with the section's
        # heading and line: the plan's tasks when it has no task table, else prose (a table repeats them).
        self.items: list[tuple[Row, str, int]] = []

    def read(self) -> Plan:
        if self.given_title:
            title, loc = self.given_title
            after_title = self.first
        else:
            title, after_title = self._title()
            loc = locate.lines(self.source, self.first, max(self.first, after_title - 1))
        programme = _PROGRAMME.search(title)
        period_match = _PERIOD_IN_TITLE.search(title)
        plan = Plan(self.index, title, programme.group(1) if programme else None,
                    parse_period(period_match.group(1)) if period_match else None, loc)
        if self.preface:
            self._preface(plan, *self.preface)
        self._sections(plan, after_title)
        if not self.structured_tasks and self.items:
            self._items_as_tasks(plan)
        return plan

    def _title(self) -> tuple[str, int]:
        parts: list[str] = []
        lineno = self.first + 1
        while lineno <= self.last:
            text = strip_markdown(self.source.line(lineno))
            if text and ("\t" in text or section_role(self.source.line(lineno)) or _ATTACHED.match(text)):
                break
            if text:
                parts.append(text)
                self.consumed.add(lineno)
            lineno += 1
        while lineno <= self.last and _ATTACHED.match(strip_markdown(self.source.line(lineno))):
            self.consumed.add(lineno)
            lineno += 1
            while lineno <= self.last and not strip_markdown(self.source.line(lineno - 1)).endswith(")"):
                self.consumed.add(lineno)
                lineno += 1
        return _TRAILING_NOTE.sub("", " ".join(parts)), lineno

    def _preface(self, plan: Plan, first: int, last: int) -> None:
        """Objectives printed in the decision's own article ("Điều 1. Phê duyệt Đề án … với những nội dung chính
        sau đây: … II. MỤC TIÊU …") for the plan in its annex: read for objectives and targets, while the article
        keeps the text."""
        saved = self.last, self.skip
        self.last, self.skip = last, frozenset()
        self._sections(plan, first)
        self.last, self.skip = saved
        self.section, self.section_line, self.role, self.objective_year = "", 0, None, None

    def _sections(self, plan: Plan, start: int) -> None:
        self.role = None
        lineno = start
        while lineno <= self.last:
            line = self.source.line(lineno)
            text = strip_markdown(line)
            if not text or lineno in self.skip:
                lineno += 1
                continue
            if (heading := section_role(line)) is not None:
                self._end_open(plan)
                self.blocks = GroupNesting()
                self.role = heading
                self.section, self.section_line = text, lineno
                self.objective_year = None
                self.consumed.add(lineno)
            elif self.role == "duties" and (duty := _duty(text)):
                self._end_open(plan)
                number, agency, rest = duty
                self.duty = Row("task", number, {"task": rest, "lead": agency}, lineno, lineno, [lineno])
                self.consumed.add(lineno)
            elif self.role == "duties" and self.duty:
                self.duty.cells["task"] = " ".join(p for p in (self.duty.cells["task"], text) if p)
                self.duty.last_line = lineno
                self.duty.lines.append(lineno)
                self.consumed.add(lineno)
            elif roles := header_roles(line):
                self._end_open(plan)
                table = read_table(self.source.lines[: self.last], lineno, roles)
                self._tasks(plan, table)
                lineno = table.last_line
            elif columns := target_table.header(line):
                self._end_open(plan)
                lineno = self._target_table(plan, lineno, columns)
            elif is_annex_heading(line):
                self.role, self.section = "annex", text
                self.consumed.add(lineno)
            elif self.role not in {None, "objectives", "duties"} and (numbered := item(text)) and \
                    self._open_block(plan, lineno, *numbered):
                pass
            elif self.role == "objectives" and (is_subheading(line.strip()) or self._objectives_heading(text)):
                self.consumed.add(lineno)
            elif self.role == "objectives":
                self._objective(plan, lineno, text)
            elif (found := signature_at(self.source, lineno)) is not None and plan.signature is None:
                plan.signature, block_last = found
                self.consumed.update(range(lineno, block_last + 1))
                lineno = block_last
            elif self.block and self._extend_block(plan, lineno, text):
                pass
            elif "\t" in line:
                pass  # a table row outside a task table: the document decides what to do with it
            elif self.role == "annex":
                self.consumed.add(lineno)  # the annex's own title and "(Kèm theo …)" note
            elif self.role is not None and chrome.is_chrome(text):
                self.unplaced.append(Unplaced(lineno, text, chrome.REASON))
                self.consumed.add(lineno)
            elif self.role is not None:
                self._prose(plan, lineno)
            lineno += 1
        self._end_open(plan)

    def _end_open(self, plan: Plan) -> None:
        """Close the task being read from prose ("1. Công an tỉnh" and the paragraphs under it, or a numbered
        item and its labelled fields), if one is open."""
        if self.duty:
            plan.tasks.append(self._task(len(plan.tasks) + 1, self.duty, None))
            self.duty = None
        if self.block:
            plan.tasks.append(self._task(len(plan.tasks) + 1, self.block, self.block_group))
            self.structured_tasks += 1
            self.block = None

    def _open_block(self, plan: Plan, lineno: int, number: str, text: str) -> bool:
        """Start a task block at a numbered item followed by its fields, or a group of such blocks at a numbered
        item whose next item is numbered inside it; False when the item is neither."""
        lines = self.source.lines
        if fields_follow(lines, lineno, self.last):
            self._end_open(plan)
            self.block = Row("task", number, {"task": text}, lineno, lineno, [lineno])
            self.block_group, self.block_fields = self.blocks.task(number), 0
        elif (following := next_item(lines, lineno, self.last)) and is_parent_number(number, following[1]) \
                and fields_follow(lines, following[0], self.last):
            self._end_open(plan)
            loc = locate.lines(self.source, lineno)
            self.blocks.group(number, lambda parent: self._group(plan, number, text.rstrip(" :."), loc, parent))
        else:
            return False
        self.consumed.add(lineno)
        return True

    def _extend_block(self, plan: Plan, lineno: int, text: str) -> bool:
        """Read one line under an open task block: a labelled field, or more of the task's text before them."""
        block = self.block
        assert block is not None
        if is_recipients_heading(text):
            self._end_open(plan)
            return False
        found = field(text)
        if found and found.role and found.role != "task":
            previous = block.cells.get(found.role, "")
            block.cells[found.role] = f"{previous}; {found.value}" if previous else found.value
            self.block_fields += 1
        elif found and found.role == "task" or not found and not self.block_fields:
            addition = found.value if found else text
            block.cells["task"] = " ".join(p for p in (block.cells["task"], addition) if p)
        else:
            reason = (f"field '{found.label}' of task {block.number} is not read" if found
                      else f"text after the fields of task {block.number}, not extracted")
            self.unplaced.append(Unplaced(lineno, text, reason))
        block.last_line = lineno
        block.lines.append(lineno)
        self.consumed.add(lineno)
        return True

    def _group(self, plan: Plan, number: str, title: str, loc: Located, parent: TaskGroup | None) -> TaskGroup:
        group = TaskGroup(len(plan.groups) + 1, number, title, loc, parent)
        plan.groups.append(group)
        return group

    def _prose(self, plan: Plan, lineno: int) -> None:
        """A paragraph of a section the parser draws no facts from: kept as the section's text."""
        heading_line = self.section_line or lineno
        if not plan.sections or plan.sections[-1].loc.first_line != self.source.entry(heading_line).first_line:
            number, heading = _numbered_heading(self.section)
            plan.sections.append(SectionText(len(plan.sections) + 1, number, heading,
                                             locate.lines(self.source, heading_line)))
        plan.sections[-1].paragraphs.append(locate.lines(self.source, lineno))
        self.consumed.add(lineno)
        if self.role == "tasks":
            self._item_line(lineno)

    def _item_line(self, lineno: int) -> None:
        """A paragraph of a tasks section: a numbered item starts a task-to-be, other text continues it."""
        text = strip_markdown(self.source.line(lineno))
        numbered = item(text)
        if numbered and numbered[0].isdigit():
            row = Row("task", numbered[0], {"task": numbered[1]}, lineno, lineno, [lineno])
            self.items.append((row, self.section, self.section_line))
        elif self.items and self.items[-1][2] == self.section_line:
            row = self.items[-1][0]
            row.cells["task"] = f"{row.cells['task']} {text}"
            row.last_line = lineno
            row.lines.append(lineno)

    def _items_as_tasks(self, plan: Plan) -> None:
        """The numbered paragraphs of tasks sections become the plan's tasks, grouped by section, in the order
        printed; their paragraphs leave the sections kept as text."""
        groups: dict[int, TaskGroup] = {}
        for row, heading, heading_line in self.items:
            if heading_line not in groups:
                groups[heading_line] = self._group(plan, *_numbered_heading(heading),
                                                   locate.lines(self.source, heading_line), None)
            if (assigned := assignment(row.cells["task"])) is not None:
                row.cells.update(task=assigned.task, lead=assigned.lead, partner=assigned.partners)
            plan.tasks.append(self._task(0, row, groups[heading_line]))
        plan.tasks.sort(key=lambda task: task.loc.first_line)
        for position, task in enumerate(plan.tasks, start=1):
            task.position = position
        lines = {locate.lines(self.source, line).first_line for row, _, _ in self.items for line in row.lines}
        for section in plan.sections:
            section.paragraphs = [p for p in section.paragraphs if p.first_line not in lines]
        plan.sections = [s for s in plan.sections if s.paragraphs]
        for index, section in enumerate(plan.sections, start=1):
            section.index = index

    def _objectives_heading(self, text: str) -> bool:
        """True for a heading inside the objectives ("2. Mục tiêu cụ thể", "b) Đến năm 2030"), whose year, if any,
        becomes the year of the targets under it that name none."""
        plain = text.strip(" *")
        if match := _YEAR_HEADING.match(plain):
            self.objective_year = int(match["year"])
            return True
        return bool(_OBJECTIVES_HEADING.match(plain))

    def _objective(self, plan: Plan, lineno: int, text: str) -> None:
        body = _ITEM_MARK.sub("", text).strip()
        targets = tuple(extract_targets(body, default_year=self.objective_year))
        plan.objectives.append(Objective(len(plan.objectives) + 1, body, targets,
                                         locate.lines(self.source, lineno)))
        self.consumed.add(lineno)

    def _target_table(self, plan: Plan, header_line: int, columns: target_table.Columns) -> int:
        """Each row of a targets table becomes an objective holding its targets; returns the table's last line."""
        rows, unplaced, last = target_table.read(self.source.lines[: self.last], header_line, columns)
        self.consumed.update(range(header_line, last + 1))
        self.unplaced.extend(unplaced)
        for row in rows:
            plan.objectives.append(Objective(len(plan.objectives) + 1, row.indicator, tuple(row.targets),
                                             locate.lines(self.source, row.lineno)))
        return last

    def _tasks(self, plan: Plan, table: Table) -> None:
        self.structured_tasks += len(table.rows)
        self.consumed.add(table.header_line)
        self.unplaced.extend(table.unplaced)
        self.consumed.update(u.lineno for u in table.unplaced)
        nesting = GroupNesting()
        for row in table.rows:
            self.consumed.update(row.lines)
            if row.kind == "group":
                loc = locate.lines(self.source, row.first_line, row.last_line)
                nesting.group(row.number, lambda parent, row=row, loc=loc: self._group(
                    plan, row.number, row.cells.get("task", ""), loc, parent))
            else:
                plan.tasks.append(self._task(len(plan.tasks) + 1, row, nesting.task(row.number)))

    def _task(self, position: int, row: Row, group: TaskGroup | None) -> Task:
        text = row.cells.get("task", "")
        task = Task(position, row.number, group, text, locate.lines(self.source, row.first_line, row.last_line))
        task.leads, task.lead_note = self._agencies(row, "lead")
        task.partners, task.partner_note = self._agencies(row, "partner")
        task.period_text = row.cells.get("period", "")
        task.period = parse_period(task.period_text) if task.period_text else None
        task.result = row.cells.get("result", "")
        task.funding = row.cells.get("funding", "")
        for citation in find_citations(text, self.context):
            mention = text[citation.start:citation.end]
            loc = locate.substring(self.source, row.first_line, row.last_line, mention)
            if _carries_out(text[: citation.start]):
                task.applies.add(len(task.citations))
            task.citations.append(CitationMention(citation, loc))
        return task

    def _agencies(self, row: Row, role: str) -> tuple[list[AgencyMention], str]:
        """The agencies a cell names, and its words that name none (joined by "; ")."""
        cell = read_agency_cell(row.cells.get(role, ""))
        mentions = []
        for surface in cell.names:
            agency = normalize_agency(surface)
            mentions.append(AgencyMention(agency, locate.substring(self.source, row.first_line, row.last_line,
                                                                   surface)))
        return mentions, "; ".join(cell.remarks)


def _numbered_heading(text: str) -> tuple[str, str]:
    """``II. NỘI DUNG CÔNG TÁC`` → ("II", "NỘI DUNG CÔNG TÁC"); ("", text) when the heading has no number."""
    numbered = _SECTION_NUMBER.match(text)
    return (numbered.group(1), text[numbered.end():].strip()) if numbered else ("", text)


def _duty(text: str) -> tuple[str, str, str] | None:
    """``2. Sở Tư pháp: Phối hợp …`` → ("2", "Sở Tư pháp", "Phối hợp …"): a numbered item naming an agency."""
    match = _DUTY.match(text)
    if not match or normalize_agency(match["agency"]).kind is None:
        return None
    return match["num"], match["agency"].strip(), (match["rest"] or "").strip()


def _carries_out(before: str) -> bool:
    """True when the words right before a citation say the task carries the instrument out."""
    tail = fold(clean_cell(before)).rstrip(" (:,")
    return any(tail.endswith(fold(cue)) for cue in lexicon.IMPLEMENTATION_CUES)
