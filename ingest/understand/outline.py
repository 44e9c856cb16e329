"""The parts of a document after its header: preamble, body, closing, and the texts issued with it.

Nghị định 30/2020/NĐ-CP lays an official document out in this order: the legal bases (``Căn cứ …``) and the
proposal (``Xét đề nghị …``), the enacting formula (``QUYẾT ĐỊNH:``), the body, the recipients (``Nơi
nhận``) and the signature; then each text issued with it (a plan, a regulation, an annex), headed by its type
and title and a note ``(Ban hành) kèm theo …`` naming the document, with a structure and often a signature of
its own. This module finds those parts by their printed marks; it does not read them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, SignatureBlock, Table
from plangraph.language import lexicon
from plangraph.language.folding import fold

_BASIS = re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị|Xét Tờ trình|Xét tờ trình|Thực hiện)\b")
_ENACTING = re.compile(r"^[A-ZĐÀ-Ỹ ,-]+:$")  # "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:", "CHỈ THỊ:"
_ENACTS = re.compile(r"\bban hành\s+(?:Quyết định|Thông tư|Nghị định|Luật|Nghị quyết|Pháp lệnh|Kế hoạch|Chỉ thị|"
                     r"Quy định|Quy chế|Chương trình|Đề án)\b", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_ATTACHED_NOTE = re.compile(r"^\(?\s*(?:Ban hành\s+)?(?:kèm|Kèm|KÈM)\s+theo\b|^\(?\s*Ban hành kèm\b", re.IGNORECASE)
# Headings of texts issued with a document (folded, first words).
_INLINE_NOTE = re.compile(r"\(\s*(?:Ban hành\s+)?kèm theo\b[^()]*\)\s*$", re.IGNORECASE)  # a title ending in its note
_ANNEX = re.compile(r"^phu luc(?:\s+(?:so\s+)?[ivxlc\d]+[a-z]?)?\b")


@dataclass
class Attached:
    """A text issued with the document: its heading blocks (type and title, the note) and its content."""

    start: int  # index of its type heading
    heading: list[int]  # the type heading, the title, the "(kèm theo …)" note
    content: list[int] = field(default_factory=list)
    header: list[int] = field(default_factory=list)  # an issuer and motto block printed above its type heading

    @property
    def end(self) -> int:
        return (self.content or self.heading)[-1] + 1


@dataclass
class Outline:
    preamble: list[int]
    body: list[int]
    closing: list[int]  # Nơi nhận and its items, the signature block, what follows them before any attachment
    attached: list[Attached]


def is_recipients_heading(block: ContentBlock) -> bool:
    return isinstance(block, (Heading, Paragraph)) and bool(_RECIPIENTS.match(block.text.strip(" *")))


def is_attached_note(block: ContentBlock) -> bool:
    return isinstance(block, (Paragraph, Heading)) and bool(_ATTACHED_NOTE.match(block.text))


def attached_kind(block: ContentBlock) -> str | None:
    """What an attached text's type heading names: ``plan``, ``annex`` or the first words of its type (``quy dinh``)."""
    if not isinstance(block, (Heading, Paragraph)) or not block.text[:1].isupper():
        return None
    folded = " ".join(fold(block.text).split()).strip(" :.")
    if folded in lexicon.PLAN_HEADINGS:
        return "plan"
    if _ANNEX.match(folded):
        return "annex"
    if not block.text.isupper():
        return None
    word = next((w for w in lexicon.ATTACHED_TEXT_HEADINGS if folded == w or folded.startswith(w + " ")), None)
    if word == "chuong trinh" and _curriculum(folded[len(word):].strip()):
        return word  # a course's programme: a text of its own kind
    return "plan" if word in lexicon.PLAN_TEXT_HEADINGS else word


def _curriculum(title_rest: str) -> bool:
    """Whether the words after a programme's type word name a course and no period (folded text).

    >>> _curriculum("dao tao ve nghiep vu danh gia ky nang nghe quoc gia"), _curriculum("mon hoc")
    (True, True)
    >>> _curriculum("dao tao, boi duong can bo, cong chuc giai doan 2021 - 2025"), _curriculum("hanh dong")
    (False, False)
    """
    return title_rest.startswith(lexicon.CURRICULUM_WORDS) and not any(w in title_rest for w in lexicon.PERIOD_WORDS)


def _is_preamble(block: ContentBlock) -> bool:
    if isinstance(block, (Paragraph, ListItem)) and (_BASIS.match(block.text) or _ENACTS.search(block.text)
                                                     and len(block.text) < 600):
        return True
    return isinstance(block, (Heading, Paragraph)) and bool(_ENACTING.match(block.text.strip())) \
        and len(block.text) < 40


def _attachment_starts(blocks: list[ContentBlock], start: int, main_signed: int | None) -> list[int]:
    """Indexes of the type headings of texts issued with the document."""
    starts = []
    # each block asked once, not by every heading within reach of it
    notes = [index >= start and is_attached_note(b) for index, b in enumerate(blocks)]
    kinds = [attached_kind(b) if index >= start else None for index, b in enumerate(blocks)]
    for index in range(start, len(blocks)):
        kind = kinds[index]
        window = range(index + 1, min(index + 5, len(blocks)))
        noted = notes[index] or any(notes[i] for i in window)
        before_note = itertools.takewhile(lambda i: not notes[i], window)
        if kind is None and noted and _titled(blocks[index]) and not _MOTTO.search(blocks[index].text) and not any(
                kinds[i] for i in before_note) and not any(notes[max(start, index - 2):index]):
            kind = "text"  # "THỦ TỤC HÀNH CHÍNH … (Kèm theo Quyết định số …)": a text of its own kind
        if kind is None or index > start and _bare(blocks[index]) and _goes_on(blocks[index - 1]):
            continue
        after_signature = main_signed is not None and index > main_signed
        if noted or (after_signature and kind in {"plan", "annex"}):
            if starts and index - starts[-1] <= 2:
                continue  # "PHỤ LỤC I" then "KẾ HOẠCH …": one heading
            starts.append(index)
    return starts


def _bare(block: ContentBlock) -> bool:
    """A type word alone on its line (``CHƯƠNG TRÌNH``), the way a wrapped heading's last line can look too."""
    return " ".join(fold(block.text).split()).strip(" :.") in lexicon.ATTACHED_TEXT_HEADINGS


def _goes_on(block: ContentBlock) -> bool:
    """Whether *block* ends with a word that needs what follows: the line was wrapped there."""
    words = fold(block.text).split() if isinstance(block, (Heading, Paragraph)) else []
    return bool(words) and words[-1] in _unfinished_line_endings()


@cache
def _unfinished_line_endings() -> frozenset[str]:
    return frozenset(fold(word) for word in lexicon.UNFINISHED_LINE_ENDINGS)


def _titled(block: ContentBlock) -> bool:
    """A heading in capitals, as an attached text's title is printed."""
    return isinstance(block, (Heading, Paragraph)) and block.text.isupper() and len(block.text) >= 8 and \
        not block.text.rstrip().endswith(":")


def _heading(blocks: list[ContentBlock], start: int, end: int) -> list[int]:
    """The heading blocks of an attached text: its type, its title, its note (up to the note's closing bracket)."""
    heading = [start]
    index = start + 1
    while index < end and len(heading) < 6:
        block = blocks[index]
        if isinstance(block, (Table, SignatureBlock)) or (isinstance(block, (Heading, ListItem)) and block.marker):
            break
        if is_attached_note(block):
            heading.append(index)
            while not blocks[index].text.rstrip(" *").endswith(")") and index + 1 < end and \
                    isinstance(blocks[index + 1], Paragraph) and not blocks[index + 1].text[:1].isupper():
                index += 1
                heading.append(index)
            return heading
        if any(is_attached_note(b) for b in blocks[index + 1:index + 3]) or block.text.isupper() or \
                isinstance(block, Heading) or _INLINE_NOTE.search(block.text):
            heading.append(index)
            index += 1
            continue
        break
    return heading


_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|Độc\s+lập\s*-\s*Tự\s+do", re.IGNORECASE)


def _own_header(blocks: list[ContentBlock], start: int, floor: int) -> list[int]:
    """The issuer and motto lines printed right above an attached text's type heading (a Công báo reprint prints
    them for each text), when there are: they are its heading, not the end of what comes before."""
    found: list[int] = []
    for index in range(start - 1, max(floor, start - 5) - 1, -1):
        block = blocks[index]
        if not isinstance(block, (Heading, Paragraph)) or not (
                block.text.isupper() or _MOTTO.search(block.text) or block.text.startswith("Số")):
            break
        found.insert(0, index)
    return found if any(_MOTTO.search(blocks[i].text) for i in found) else []


def outline(blocks: list[ContentBlock], body_start: int) -> Outline:
    index = body_start
    preamble: list[int] = []
    while index < len(blocks) and _is_preamble(blocks[index]):
        preamble.append(index)
        index += 1
    main_signed = next((i for i in range(index, len(blocks)) if isinstance(blocks[i], SignatureBlock)), None)
    starts = _attachment_starts(blocks, index, main_signed)
    headers = [_own_header(blocks, start, index) for start in starts]
    main_end = (headers[0][0] if headers[0] else starts[0]) if starts else len(blocks)
    closing_start = next((i for i in range(index, main_end)
                          if is_recipients_heading(blocks[i]) or isinstance(blocks[i], SignatureBlock)), main_end)
    body = list(range(index, closing_start))
    closing = list(range(closing_start, main_end))
    attached = []
    firsts = [(header[0] if header else start) for header, start in zip(headers, starts, strict=True)]
    for position, start in enumerate(starts):
        end = firsts[position + 1] if position + 1 < len(starts) else len(blocks)
        heading = _heading(blocks, start, end)
        attached.append(Attached(start, heading, list(range(heading[-1] + 1, end)), headers[position]))
    return Outline(preamble, body, closing, attached)
