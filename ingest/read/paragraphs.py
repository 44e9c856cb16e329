"""Lines of text → paragraphs: where a hard-wrapped paragraph goes on, and where a new one starts.

One rule for every text shape (a page converted to markdown hard-wraps mid-sentence; an office export
puts one paragraph on each line; a layout cell puts each part of the header on a line of its own). A
line *b* continues the paragraph of the line *a* before it unless:

* *a* is blank, or ends with a markdown hard break (two spaces) and *b* does not go on in lower case;
* *b* starts a numbered or bulleted item, an article or a signing mark, and *a* ends a sentence or is
  in capitals; or *b* opens a clause that only ever starts a paragraph (``Căn cứ``, ``Xét đề nghị``);
* *a* ends a sentence and *b* starts with a capital, a digit or an opening bracket;
* one of them is in capitals and the other is not;

and a short label ending in a colon (``Số:``) always takes the line after it, while emphasis left open
(``**Điều 2.`` ⏎ ``Hiệu lực thi hành**``) always goes on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from plangraph.ingest.blocks import Run
from plangraph.ingest.read.source import SourceDocument
from plangraph.language import lexicon
from plangraph.language.folding import fold
from plangraph.ontology.concepts import by_label

_MARKUP = re.compile(r"^\s*#{1,6}\s+|\*\*|__|(?<![\w*])\*|\*(?![\w*])|</?[a-zA-Z][^<>]*>")
_HARD_BREAK = re.compile(r"(?: {2,}|\\|<br\s*/?>)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:!?…]['\"”’)\]]*$")
_ITEM = re.compile(
    r"^(?:[-–+•]\s|[-–+•](?=[A-ZĐÀ-Ỹ])|\*\s|\d{1,3}(?:\.\d{1,3})*\s*[.)](?:\s|$)|[a-zđ]\d?\)\s|[IVXLC]{1,6}\s*[.)]\s"
    r"|[A-Z]\s*[.)]\s|(?:Điều|ĐIỀU)\s+\d+[a-zđ]?\s*(?:[.:]|$)|(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[\dIVXLC]"
    r"|(?:TM|KT|Q|TL|TUQ)\s*\.\s)"
)
_OPENER = re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị|Xét Tờ trình|Nơi nhận|QUYẾT ĐỊNH\s*:|QUYẾT NGHỊ\s*:)")
SHORT_LINE = 8  # words
_LABEL = re.compile(r"^[^\W\d_][\w\s.]{0,20}:$")  # "Số:", "Luật số:", "Kính gửi:"
RULE = re.compile(r"^[-_–—=.*·•\s]{3,}$")
_MOTTO = re.compile(r"^(?:CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
                    r"|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc)\s*$", re.IGNORECASE)
_NUMBER_LABEL = re.compile(r"^(?:Số|SỐ)\s*[:.]?\s*(?:\d|[…._]|$)")
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngày\s+[\d…._\s]", re.IGNORECASE)
_JOINING_END = re.compile(r"(?:[,\-–(]|\b(?:và|hoặc|của|các|những|với|cho|về|tại|theo|số|ngày|năm|tháng|khi|là|được"
                          r"|để|trong|từ|đến|thuộc|như|do|bởi|nhằm|mỗi|từng|trên|dưới|quý|giai đoạn|"
                          + "|".join(lexicon.NAME_HEADS) + r"))$", re.IGNORECASE)
_LONE_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\s*[.)]|[a-zđ]\)|[IVXLC]{1,6}\s*\.|[-–+•])$")
_BULLET_LINE = re.compile(r"^[-–+•]\s")
_FIELD_START = re.compile(r"^[^\W\d_][^:;.]{1,40}:(?:\s|$)")  # "Cơ quan chủ trì: …", "Thời gian:"


@dataclass(frozen=True)
class RawParagraph:
    """A paragraph as lines of the file: the raw text (markup kept) as a run, and its lines."""

    run: Run
    first_line: int
    last_line: int

    @property
    def span(self) -> tuple[int, int]:
        found = self.run.span()
        assert found is not None
        return found


def plain(line: str) -> str:
    """A line without markup, trimmed, for the paragraph rules."""
    return _MARKUP.sub("", line).strip()


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def starts_item(text: str) -> bool:
    return bool(_ITEM.match(text))


@cache
def _type_headings() -> frozenset[str]:
    return frozenset({*by_label("doctype"), *lexicon.PLAN_HEADINGS, "du thao"})


def standalone(text: str) -> bool:
    """A line that is a paragraph by itself: a part of the header (the motto, the number, the place and date, the
    type heading, a draft mark), whatever comes before or after it."""
    if _MOTTO.match(text) or _NUMBER_LABEL.match(text) or _PLACE_DATE.match(text):
        return True
    return text.isupper() and " ".join(fold(text).split()).strip(" :") in _type_headings()


def continues(previous_raw: str, raw: str, *, emphasis_open: bool = False) -> bool:
    """True when the line *raw* goes on with the paragraph whose last line is *previous_raw*
    (*emphasis_open*: the paragraph so far opens emphasis it has not closed)."""
    if emphasis_open:
        return True
    a, b = plain(previous_raw), plain(raw)
    if not a or not b or RULE.match(a) or RULE.match(b):
        return False
    if standalone(b) or (standalone(a) and not _LABEL.match(a)):
        return False
    if _LABEL.match(a) and not starts_item(b):
        return True
    if _HARD_BREAK.search(previous_raw) and not b[:1].islower():
        return False
    ends, ends_b = bool(_SENTENCE_END.search(a)), bool(_SENTENCE_END.search(b))
    if _OPENER.match(b):
        return False
    if _LONE_MARKER.match(a):
        return not starts_item(b)  # "6." on a line of its own, its text on the next
    if starts_item(b) and (ends or is_caps(a) or not _JOINING_END.search(a)):
        return False
    if ends and (b[:1].isupper() or b[:1].isdigit() or b[:1] in "(\"“‘["):
        return False
    if _FIELD_START.match(a) and not ends and not _FIELD_START.match(b) and not starts_item(b):
        return True  # "Đơn vị phối hợp: Sở" ⏎ "Tư pháp; …": a field's value goes on
    list_line = bool(_BULLET_LINE.match(a)) and not _FIELD_START.match(b)  # a bullet's text is never a heading
    if len(a.split()) <= SHORT_LINE and b[:1].isupper() and not _JOINING_END.search(a) and not is_caps(b) \
            and not list_line:
        return False  # a short line, then a capital: a heading above its text (a wrapped line fills the width)
    caps_a = is_caps(a)
    caps_b = is_caps(b) and not (len(b.split()) == 1 and ends_b)  # "BMNN." closing a sentence is no heading
    return not (caps_a != caps_b and any(ch.isalpha() for ch in b) and not _JOINING_END.search(a))


def line_run(source: SourceDocument, lineno: int) -> Run:
    """Original line *lineno* without its surrounding white space."""
    raw = source.line(lineno)
    base = source.offsets[lineno - 1]
    start = len(raw) - len(raw.lstrip())
    return Run.of(source.text, base + start, base + len(raw.rstrip()))


def paragraphs(source: SourceDocument, linenos: Sequence[int]) -> list[RawParagraph]:
    """The paragraphs of the given lines (in order; a gap between two numbers, or a blank line, ends one)."""
    out: list[RawParagraph] = []
    group: list[int] = []

    def close() -> None:
        if group:
            run = Run.join((line_run(source, n) for n in group), " ")
            out.append(RawParagraph(run, group[0], group[-1]))

    previous = None
    emphasis = Emphasis()
    for lineno in linenos:
        raw = source.line(lineno)
        if not raw.strip():
            close()
            group, previous = [], None
            continue
        adjacent = previous is not None and lineno == previous + 1
        if group and adjacent and continues(source.line(group[-1]), raw, emphasis_open=emphasis.open):
            group.append(lineno)
        else:
            close()
            group = [lineno]
            emphasis = Emphasis()
        emphasis.add(raw)
        previous = lineno
    close()
    return out


class Emphasis:
    """Whether the lines seen so far leave ``**`` or ``*`` emphasis open (counted line by line, in linear time)."""

    def __init__(self) -> None:
        self.bold = 0
        self.star = 0

    def add(self, raw: str) -> None:
        bold = raw.count("**")
        self.bold += bold
        self.star += raw.count("*") - 2 * bold

    @property
    def open(self) -> bool:
        return self.bold % 2 == 1 or self.star % 2 == 1
