"""Duties written as prose per agency: one task per duty, led by the agency the text assigns it to.

The genre assigns work to named bodies in a few printed ways, read here in this order:

* an item naming an agency, then its duties: ``1. Sở Tài chính:`` (or ``1. Sở Tài chính``) above lettered items
  ``a) …`` — one task per letter — or, without letters, bullets ``- …`` — one task per bullet; with neither,
  the text after the name (``2. Sở Tư pháp: Phối hợp với …``) and the paragraphs under it are one task. Under
  a ``Chủ trì:`` sub-heading the agency leads; under ``Phối hợp:`` it takes part;
* a paragraph addressing a body before a list (``Đề nghị Thường trực Tỉnh ủy … thực hiện các nhiệm vụ sau:``):
  each item of the list is a task of that body;
* a duty that names its own body: ``Giao Thanh tra thành phố tổ chức …``, ``… : giao Bộ Xây dựng chủ trì …``,
  or the body as the subject of the sentence (``Sở Y tế chủ trì, phối hợp với …``).

The bodies named after ``phối hợp (với)`` are the task's participants; a deadline printed in the duty
(``trước ngày 31 tháng 12 năm 2025``, ``thường xuyên``) is its period. Text that names no body stays prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, Run, SignatureBlock, Table
from plangraph.ingest.understand.agencies import read_agency_cell
from plangraph.ingest.understand.assignments import bracket_cells
from plangraph.ingest.understand.tasks import TaskRow
from plangraph.ingest.understand.tasks.bodies import (
    CUE,
    INTRO,
    NAME_WORDS,
    VERB_INSIDE,
    Named,
    alternation,
    bodies_at_start,
    is_body,
)
from plangraph.language import lexicon
from plangraph.language.folding import fold

_PARTNERS = re.compile(rf"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+(?P<who>.+?)"
                       rf"(?=\s+(?:{alternation(lexicon.DUTY_VERBS)})\b|[;:.]|$)", re.IGNORECASE)
_DEADLINE = re.compile(
    r"(?:(?:hoàn thành|báo cáo|thực hiện|trình)\s+)?(?:trước|chậm nhất|trong|đến|từ)\s+"
    r"(?:ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+(?:năm\s+\d{4}|(?:hằng|hàng)\s+năm)|\s*/\s*\d{1,2}\s*/\s*\d{4})"
    r"|tháng\s+\d{1,2}(?:\s+năm\s+|\s*/\s*)\d{4}|quý\s+[IVX]+(?:\s+năm\s+|\s*/\s*)\d{4}|năm\s+\d{4})"
    r"|\b(?:thường xuyên|hằng năm|hàng năm|định kỳ hằng năm)\b", re.IGNORECASE)
_INTRO = re.compile(r":\s*$")
_CHU_TRI = re.compile(r"^(?:Chủ trì|Là cơ quan chủ trì|Chủ trì thực hiện)\b[^:]{0,60}:\s*$", re.IGNORECASE)
_PHOI_HOP = re.compile(r"^(?:Phối hợp|Là cơ quan phối hợp|Phối hợp thực hiện)\b[^:]{0,60}:\s*$", re.IGNORECASE)


def partners_in(run: Run) -> Run | None:
    """The piece of a duty naming the bodies it is done with (after ``phối hợp với``), if any."""
    match = _PARTNERS.search(run.text)
    if not match:
        return None
    names = [n for n in read_agency_cell(match["who"]).names if is_body(n)]
    return run[match.start("who"):match.end("who")] if names else None


_GIVES = re.compile(r"^Giao\s")  # a duty handed to another body ("Chỉ đạo X …" is the agency's own duty)


def deadline_in(run: Run) -> Run | None:
    match = _DEADLINE.search(run.text)
    return run[match.start():match.end()] if match else None


@dataclass
class Duties:
    rows: list[TaskRow] = field(default_factory=list)
    used: set[int] = field(default_factory=set)


def _duty(number: str, text: Run, lead: Run | None, span: tuple[int, int], *, partner: Run | None = None) -> TaskRow:
    cells: dict[str, Run] = {"task": text}
    own = bodies_at_start(text) if _GIVES.match(text.text) else None
    if own:  # "Giao Thanh tra thành phố tổ chức …": the body the duty names leads it
        lead = own.name_run
    if lead is not None:
        cells["lead"] = lead
    partners = [p for p in (partner, partners_in(text)) if p is not None]
    if partners:
        cells["partner"] = Run.join(partners, "; ")
    if period := deadline_in(text):
        cells["period"] = period
    return TaskRow("task", number, cells, span)


def _rank(block: ContentBlock) -> int:
    """How deep a block's marker nests: sections, then numbered items, letters, bullets; unmarked text deepest."""
    marker = block.marker if isinstance(block, (Heading, ListItem)) else None
    if marker is None:
        return 99
    return {"roman": 1, "upper": 1, "arabic": 2 + marker.number.count("."), "lower": 6, "bullet": 7}.get(marker.kind, 1)


def _body(block: ContentBlock) -> Run:
    if isinstance(block, ListItem):
        return block.body
    if isinstance(block, Heading) and block.marker:
        return block.title
    return block.run


def _number(block: ContentBlock) -> str:
    marker = block.marker if isinstance(block, (Heading, ListItem)) else None
    return marker.number if marker else ""


class DutyReader:
    def __init__(self, blocks: Sequence[ContentBlock]) -> None:
        self.blocks = list(blocks)
        self.found = Duties()
        self.item = ""  # the number of the item the block being read is under
        self.unnumbered = 0  # duties printed without a number under that item

    def _number_for(self, block: ContentBlock) -> str:
        """A duty's number as printed; one printed without a number is numbered by its place under its item
        (``4.2``: the second such duty under item 4), or in its section."""
        printed = _number(block)
        if printed and _marker_kind(block) != "bullet":
            return printed
        self.unnumbered += 1
        return f"{self.item}.{self.unnumbered}" if self.item else str(self.unnumbered)

    def read(self) -> Duties:
        self.siblings = self._sibling_headings()
        index = 0
        while index < len(self.blocks):
            index = self._at(index)
        return self.found

    def _sibling_headings(self) -> dict[int, Named]:
        """Items among agency headings, at their rank, naming a class of bodies the lexicon does not know
        (``5. Các chủ rừng là tổ chức (các Ban quản lý rừng …)`` between ``4. Công an tỉnh`` and ``6. …``):
        headings too, when duties are printed under them."""
        items = [i for i, b in enumerate(self.blocks) if _marker_kind(b) == "arabic"]
        known = [i for i in items if bodies_at_start(_body(self.blocks[i]), alone=True) is not None]
        found: dict[int, Named] = {}
        if len(known) < 2:
            return found
        ranks = {_rank(self.blocks[i]) for i in known}
        for index in items:
            body = _body(self.blocks[index])
            if index in known or _rank(self.blocks[index]) not in ranks or self._scope(index) == index + 1:
                continue
            name = body[:body.text.find("(")] if "(" in body.text else body
            name = name.strip().rstrip(" :.")
            if name.text and len(name.text.split()) <= NAME_WORDS and not re.search(r"[.;:]", name.text) \
                    and not VERB_INSIDE.search(name.text) and name.text[:1].isupper():
                found[index] = Named([name.text], name, Run(""))
        return found

    def _scope(self, index: int) -> int:
        """The end (exclusive) of the blocks under the block at *index*."""
        rank = _rank(self.blocks[index])
        end = index + 1
        while end < len(self.blocks):
            block = self.blocks[end]
            if isinstance(block, (Table, SignatureBlock)) or _rank(block) <= rank:
                break
            end += 1
        return end

    def _at(self, index: int) -> int:
        block = self.blocks[index]
        if isinstance(block, (Table, SignatureBlock)):
            return index + 1
        if _marker_kind(block) in {"arabic", "roman", "upper"}:
            self.item, self.unnumbered = _number(block), 0
        body = _body(block)
        end = self._scope(index)
        named = bodies_at_start(body, alone=not _INTRO.search(body.text) and len(body.text.split()) <= NAME_WORDS)
        named = named or self.siblings.get(index)
        if end == index + 1 and _INTRO.search(body.text) and CUE.match(body.text) and \
                (addressed := bodies_at_start(body)):
            stop = self._list_after(index, addressed)  # "Đề nghị X … các nội dung sau:" and its list
            if stop > index + 1:
                return stop
        if named and (isinstance(block, (ListItem, Heading)) or end > index + 1 or CUE.match(body.text)):
            self._agency_item(index, end, named)
            return end if end > index + 1 else index + 1
        if not isinstance(block, (ListItem, Paragraph)):
            return index + 1
        if (cells := bracket_cells(body)) is not None:  # "… (Giao Công an tỉnh chủ trì, phối hợp với …)."
            self.found.rows.append(TaskRow("task", self._number_for(block), cells, block.span))
            self.found.used.add(index)
            return index + 1
        clauses = assignments(body)
        if len(clauses) == 1:
            self.found.rows.append(_duty(self._number_for(block), body, clauses[0][1], block.span))
            self.found.used.add(index)
        elif clauses:  # one duty per body the item assigns work to, in order
            number = self._number_for(block)
            bounds = [0, *(at for at, _ in clauses[1:]), len(body.text)]
            for k, ((_, lead), start, stop) in enumerate(zip(clauses, bounds, bounds[1:], strict=False), start=1):
                self.found.rows.append(_duty(f"{number}.{k}", body[start:stop].strip(), lead, block.span))
            self.found.used.add(index)
        return index + 1

    def _agency_item(self, index: int, end: int, named: Named) -> None:
        """An item naming bodies, and its duties: its letters, else its bullets, else its own text."""
        item = self.blocks[index]
        number = self._number_for(item)
        lead = named.name_run
        under = list(range(index + 1, end))
        letters = [i for i in under if _marker_kind(self.blocks[i]) == "lower"]
        bullets = [i for i in under if _marker_kind(self.blocks[i]) == "bullet"]
        self.found.used.add(index)
        own_duty = bool(named.rest.text.strip()) and not _INTRO.search(named.rest.text)
        if (letters or bullets) and not own_duty:
            units = letters or bullets
            self._units(units, end, number, lead, letters_first=bool(letters))
            return
        own = named.rest if named.heading else _body(item)
        text = Run.join([own, *(self.blocks[i].run for i in under)], " ")
        if text.text.strip():
            span = (item.span[0], max(self.blocks[i].span[1] for i in [index, *under]))
            self.found.rows.append(_duty(number, text, lead, span))
            self.found.used.update(under)

    def _units(self, units: list[int], end: int, number: str, lead: Run, *, letters_first: bool) -> None:
        role = "lead"
        bounds = [*units, end]
        for position, (start, stop) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
            block = self.blocks[start]
            body = _body(block)
            if _CHU_TRI.match(body.text) or _PHOI_HOP.match(body.text):
                role = "lead" if _CHU_TRI.match(body.text) else "partner"
                self.found.used.add(start)
                inner = [i for i in range(start + 1, stop) if _marker_kind(self.blocks[i]) == "bullet"]
                for k, (a, b) in enumerate(zip(inner, [*inner[1:], stop], strict=False), start=1):
                    self._unit(a, b, f"{number}.{_number(block) or position}.{k}" if number else str(k), lead, role)
                continue
            label = _number(block) if letters_first else str(position)
            self._unit(start, stop, f"{number}.{label}" if number else label, lead, role)

    def _unit(self, start: int, stop: int, number: str, lead: Run, role: str) -> None:
        text = Run.join([_body(self.blocks[start]), *(self.blocks[i].run for i in range(start + 1, stop))], " ")
        span = (self.blocks[start].span[0], max(self.blocks[i].span[1] for i in range(start, stop)))
        if role == "lead":
            self.found.rows.append(_duty(number, text, lead, span))
        else:
            self.found.rows.append(_duty(number, text, None, span, partner=lead))
        self.found.used.update(range(start, stop))

    def _list_after(self, index: int, addressed: Named) -> int:
        """The items after a paragraph addressing a body (``Đề nghị X … các nhiệm vụ sau:``): each a task of X."""
        intro = self.blocks[index]
        rank = None
        end = index + 1
        items: list[int] = []
        while end < len(self.blocks):
            block = self.blocks[end]
            kind = _marker_kind(block)
            if isinstance(block, (Table, SignatureBlock)) or (kind in {"roman", "upper"}):
                break
            if kind in {"arabic", "lower", "bullet"}:
                rank = rank or _rank(block)
                if _rank(block) < rank:
                    break
                if _rank(block) == rank:
                    items.append(end)
            elif not items:
                break
            end += 1
        if not items:
            return index + 1
        self.found.used.add(index)
        bounds = [*items, end]
        for start, stop in zip(bounds, bounds[1:], strict=False):
            self._unit(start, stop, _number(self.blocks[start]) or str(items.index(start) + 1), addressed.name_run,
                       "lead")
        del intro
        return end


def _marker_kind(block: ContentBlock) -> str | None:
    marker = block.marker if isinstance(block, (Heading, ListItem)) else None
    return marker.kind if marker else None


_GIAO = re.compile(r"(?:^|[:;,.]\s*|\s)(?:giao|Giao|đề nghị|Đề nghị)\s+")


_CLAUSE_START = re.compile(r"(?:^|[:;.]\s+|:\s*|,\s+(?=(?:giao|đề nghị)\s))(?=\S)")
_ENACTS = re.compile(r"^ban hành\b[^.;]*:\s*$", re.IGNORECASE)  # "UBND tỉnh ban hành Kế hoạch … như sau:"
_CONDITION = re.compile(r"\bnếu\b", re.IGNORECASE)
_LOWER_CUE = re.compile(r"^(?:giao|đề nghị|yêu cầu)\s")


def assignments(run: Run) -> list[tuple[int, Run]]:
    """Where each clause of *run* that assigns work to a body begins, and the body: ``Về …: Bộ Xây dựng khẩn
    trương rà soát …``, ``… : giao Bộ Nội vụ chủ trì …``, ``Sở Y tế chủ trì …. Để …, Ủy ban nhân dân tỉnh
    phối hợp …``. A clause begins the text or follows a colon, a semicolon or a full stop."""
    found: list[tuple[int, Run]] = []
    text = run.text
    for match in _CLAUSE_START.finditer(text):
        at = match.end()
        if found and at < found[-1][0] + len(found[-1][1].text):
            continue
        clause = run[at:]
        if at and text[at - 2:at].strip() == "." and not clause.text[:1].isupper():
            continue
        opens = clause.text[:1].isupper() or _LOWER_CUE.match(clause.text) or INTRO.match(clause.text)
        named = bodies_at_start(clause) if opens else None
        if named is None or (named.heading and not named.rest.text) or _ENACTS.match(named.rest.text):
            continue
        name_at = text.find(named.name_run.text, at)
        if name_at > at and _CONDITION.search(text[at:name_at]):
            continue  # "nếu có khó khăn, vướng mắc, các sở … kịp thời báo cáo": what to do if, not a duty
        if named.heading and at == 0:
            continue  # "Sở Tài chính: …" — an agency heading, read as such
        if found and _same(found[-1][1], named.name_run):
            continue
        found.append((at, named.name_run))
    return found


def _same(a: Run, b: Run) -> bool:
    return " ".join(a.text.split()).lower() == " ".join(b.text.split()).lower()


def read_duties(blocks: Sequence[ContentBlock]) -> Duties:
    """The duties *blocks* assign to named bodies."""
    return DutyReader(blocks).read()


__all__ = ["Duties", "bodies_at_start", "read_duties", "fold"]
