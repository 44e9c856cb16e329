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
from functools import cache

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, Run, SignatureBlock, Table
from plangraph.ingest.understand.agencies import normalize_agency, read_agency_cell
from plangraph.ingest.understand.tasks import TaskRow
from plangraph.language import lexicon
from plangraph.language.folding import fold


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_CUE = re.compile(rf"^(?:(?i:{_alternation(lexicon.ASSIGNING_CUES)})\s+)")
_LEADER = re.compile(rf"^(?:{_alternation(lexicon.BODY_LEADER_TITLES)})\s+", re.IGNORECASE)
# The public ("cá nhân", "nhân dân"), not the People's Committee or Council whose name holds "nhân dân".
_PUBLIC = re.compile(rf"(?<!ban\s)(?<!đồng\s)\b(?:{_alternation(lexicon.PUBLIC_ADDRESSEES)})\b", re.IGNORECASE)
_PARTNERS = re.compile(rf"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+(?P<who>.+?)"
                       rf"(?=\s+(?:{_alternation(lexicon.DUTY_VERBS)})\b|[;:.]|$)", re.IGNORECASE)
_DEADLINE = re.compile(
    r"(?:(?:hoàn thành|báo cáo|thực hiện|trình)\s+)?(?:trước|chậm nhất|trong|đến|từ)\s+"
    r"(?:ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+(?:năm\s+\d{4}|(?:hằng|hàng)\s+năm)|\s*/\s*\d{1,2}\s*/\s*\d{4})"
    r"|tháng\s+\d{1,2}(?:\s+năm\s+|\s*/\s*)\d{4}|quý\s+[IVX]+(?:\s+năm\s+|\s*/\s*)\d{4}|năm\s+\d{4})"
    r"|\b(?:thường xuyên|hằng năm|hàng năm|định kỳ hằng năm)\b", re.IGNORECASE)
_INTRO = re.compile(r":\s*$")
_DUTY_WORDS = re.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|thực hiện)"
                         r"(?:\s+(?:các\s+)?nhiệm vụ(?:\s+sau)?)?\s*$", re.IGNORECASE)
_CHU_TRI = re.compile(r"^(?:Chủ trì|Là cơ quan chủ trì|Chủ trì thực hiện)\b[^:]{0,60}:\s*$", re.IGNORECASE)
_PHOI_HOP = re.compile(r"^(?:Phối hợp|Là cơ quan phối hợp|Phối hợp thực hiện)\b[^:]{0,60}:\s*$", re.IGNORECASE)
NAME_WORDS = 16  # an agency's name is no longer than this many words


@cache
def _heads() -> re.Pattern[str]:
    heads = sorted({*lexicon.AGENCY_HEADS, "Tập đoàn", "Thường trực", "Đài Phát thanh", "Báo và", "Kho bạc",
                    "Bảo hiểm xã hội", "Ngân hàng", "Hội đồng", "Mặt trận", "Liên minh", "Tổng công ty"},
                   key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(h) for h in heads) + r")\b")


def _is_body(name: str) -> bool:
    """True when *name* names an agency or a group of agencies (not the public, not a common noun, no verb)."""
    name = name.strip(" .;,:")
    if not name or _PUBLIC.search(name) or len(name.split()) > NAME_WORDS or _VERB_INSIDE.search(name):
        return False
    agency = normalize_agency(name)
    return agency.kind is not None or agency.group or bool(_heads().match(name))


_VERB_INSIDE = re.compile(rf"\s(?:{_alternation(lexicon.SUBJECT_PREDICATES)})\s")  # a verb, in lower case
_PREDICATE = re.compile(rf"^\s*,?\s*(?:{_alternation(lexicon.SUBJECT_PREDICATES)})\b", re.IGNORECASE)


@dataclass
class Named:
    """The bodies a piece of text names at its start, where their names end in the run, and what follows.
    ``heading``: the names stand alone (``1. Sở Tài chính:``), else they are the subject of a sentence."""

    names: list[str]
    name_run: Run
    rest: Run
    heading: bool = True


def bodies_at_start(run: Run, *, alone: bool = False) -> Named | None:
    """The bodies *run* names at its start: ``Sở Tài chính:``, ``Đề nghị Thường trực Tỉnh ủy …``, ``Sở Y tế chủ trì``.

    With *alone*, the whole run (up to a colon) must be the names (a heading); otherwise the names are followed
    by a colon or by the sentence's verb (a lower-case word after a name that is a known kind of agency)."""
    text = run.text
    cue = _CUE.match(text)
    at = cue.end() if cue else 0
    leader = _LEADER.match(text[at:])
    name_at = at + (leader.end() if leader else 0)
    colon = text.find(":", name_at)
    if 0 <= colon - name_at <= 160:
        candidate = _DUTY_WORDS.sub("", text[name_at:colon])
        names = _names(candidate)
        if names and all(_is_body(n) for n in names):
            return Named(names, run[name_at:name_at + len(candidate)], run[colon + 1:].strip())
    if alone:
        candidate = text[name_at:].strip(" .")
        names = _names(candidate) if candidate else []
        if names and all(_is_body(n) for n in names) and len(candidate.split()) <= NAME_WORDS:
            return Named(names, run[name_at:].strip(), Run(""))
        return None
    words = list(re.finditer(r"\S+", text[name_at:]))
    for size in range(2, min(NAME_WORDS, len(words) - 1) + 1):  # the shortest name the predicate follows
        end = name_at + words[size - 1].end()
        candidate = text[name_at:end].rstrip(",")
        if not _heads().match(candidate) or _PUBLIC.search(candidate):
            continue
        agency = normalize_agency(candidate)
        if agency.kind is None and not agency.group:
            continue  # a body named as a subject is a known kind of agency or a group of them
        if not _PREDICATE.match(text[end:]):
            continue
        names = list(read_agency_cell(candidate).names)
        if names and all(_is_body(n) for n in names):
            return Named(names, run[name_at:end], run[end:].strip(), heading=False)
    return None


def _names(cell: str) -> list[str]:
    """The bodies a list names, a leader's title before one standing for the body (``Chủ tịch UBND các huyện``)."""
    names = []
    for name in read_agency_cell(cell).names:
        name = _LEADER.sub("", name)
        names.append(name[:1].upper() + name[1:])
    return names


def partners_in(run: Run) -> Run | None:
    """The piece of a duty naming the bodies it is done with (after ``phối hợp với``), if any."""
    match = _PARTNERS.search(run.text)
    if not match:
        return None
    names = [n for n in read_agency_cell(match["who"]).names if _is_body(n)]
    return run[match.start("who"):match.end("who")] if names else None


def deadline_in(run: Run) -> Run | None:
    match = _DEADLINE.search(run.text)
    return run[match.start():match.end()] if match else None


@dataclass
class Duties:
    rows: list[TaskRow] = field(default_factory=list)
    used: set[int] = field(default_factory=set)


def _duty(number: str, text: Run, lead: Run | None, span: tuple[int, int], *, partner: Run | None = None) -> TaskRow:
    cells: dict[str, Run] = {"task": text}
    own = bodies_at_start(text) if _CUE.match(text.text) else None
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
        index = 0
        while index < len(self.blocks):
            index = self._at(index)
        return self.found

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
        if named and (isinstance(block, (ListItem, Heading)) or end > index + 1 or _CUE.match(body.text)):
            self._agency_item(index, end, named)
            return end if end > index + 1 else index + 1
        if _INTRO.search(body.text) and _CUE.match(body.text) and (addressed := bodies_at_start(body)):
            stop = self._list_after(index, addressed)
            if stop > index + 1:
                return stop
        own = _own_assignment(body)
        if own is not None and isinstance(block, (ListItem, Paragraph)):
            self.found.rows.append(_duty(self._number_for(block), body, own, block.span))
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


def _own_assignment(run: Run) -> Run | None:
    """The body a duty assigns itself to: ``… : giao Bộ Xây dựng chủ trì …``, or its subject (``Sở Y tế chủ trì``)."""
    named = bodies_at_start(run)
    if named is not None:
        return named.name_run
    for match in _GIAO.finditer(run.text):
        named = bodies_at_start(run[match.end():])
        if named is not None:
            return named.name_run
    return None


def read_duties(blocks: Sequence[ContentBlock]) -> Duties:
    """The duties *blocks* assign to named bodies."""
    return DutyReader(blocks).read()


__all__ = ["Duties", "bodies_at_start", "read_duties", "fold"]
