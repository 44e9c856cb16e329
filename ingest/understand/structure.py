"""The structure of a text: Phần, Chương, Mục, Điều, Khoản, Điểm — or the sections and items of a text that
is not legislation — as a tree of :class:`~plangraph.ingest.records.Subdivision`, from the printed marks.

Nghị định 78/2025/NĐ-CP fixes the nesting: Phần ⊃ Chương ⊃ Mục ⊃ Tiểu mục ⊃ Điều ⊃ Khoản (``1.``) ⊃ Điểm
(``a)``); any level may be absent. A mark opens a unit that closes every open unit of the same or a deeper
level. Outside articles, Roman and capital-letter marks open sections and the other marks items in the same
way. A paragraph without a mark belongs to the unit open before it. Text quoted from another document (an
amendment's new wording after ``… như sau:``, between “ and ”) stays text of the unit that quotes it, so its
``Điều 5.`` never becomes an article of this document. Gaps and repeats in numbering are kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.ingest.blocks import ContentBlock, Heading, ListItem, Paragraph, Run, SignatureBlock, Table
from plangraph.ingest.records import CitationMention, Relation, Subdivision
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.mentions import Mentions
from plangraph.ingest.understand.relations import BODY, RelationReader

# Marker kind → (subdivision kind, rank). Arabic items rank by their depth (1. < 1.1. < 1.1.1.).
_LEGISLATION = {"phan": ("phan", 0), "chuong": ("chuong", 1), "muc": ("muc", 2), "tieu-muc": ("tieu-muc", 3),
                "dieu": ("dieu", 4)}
_ITEMS = {"roman": ("phan", 5), "upper": ("phan", 5), "arabic": ("khoan", 6), "lower": ("diem", 9)}
_OPEN_QUOTE = re.compile(r"^[“\"]")
_CLOSE_QUOTE = re.compile(r"[”\"]\s*[.;,]?\s*(?:/\.)?\s*$")
_INTRODUCES = re.compile(r"(?:như sau|sau đây|như dưới đây)\s*:\s*$", re.IGNORECASE)
_CONTAINERS = frozenset({"phan", "chuong", "muc", "tieu-muc"})  # their text is their own, not their articles'
TITLE_WORDS = 20  # a heading body of at most this many words, without a final period, is the unit's title


@dataclass
class _Open:
    unit: Subdivision
    rank: int
    blocks: list[ContentBlock] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _is_title(text: str) -> bool:
    return bool(text) and len(text.split()) <= TITLE_WORDS and not text.rstrip().endswith((".", ";", ":", ","))


class StructureReader:
    """Reads the units of one body; *loose* lists citations in text outside every unit, *loose_relations* the
    relations such text states. Each unit keeps the citations and relations of its own paragraphs."""

    def __init__(self, locate: Locator, mentions: Mentions, relations: RelationReader | None = None,
                 context: str = BODY) -> None:
        self.locate, self.mentions = locate, mentions
        self.relations, self.context = relations, context
        self.units: list[Subdivision] = []
        self.loose: list[CitationMention] = []
        self.loose_relations: list[Relation] = []
        self.stack: list[_Open] = []
        self.in_articles = False
        self.quoting = False
        self.expect_quote = False
        self.tables = 0

    def read(self, blocks: list[ContentBlock]) -> list[Subdivision]:
        self.in_articles = any(isinstance(b, Heading) and b.marker and b.marker.kind == "dieu" for b in blocks)
        for block in blocks:
            self._block(block)
        self._close(-1)
        return self.units

    # --- one block ---------------------------------------------------------------------------------------
    def _block(self, block: ContentBlock) -> None:
        if isinstance(block, SignatureBlock):
            return
        if isinstance(block, Table):
            self.tables += 1
            for cell in block.cells:
                for paragraph in cell.paragraphs:
                    self._cite(paragraph, cell.span or block.span, states=False)
            self._extend(block, "")
            return
        text = block.text
        quoted = self.quoting or (self.expect_quote and bool(_OPEN_QUOTE.match(text)))
        if quoted:
            self.quoting = not _CLOSE_QUOTE.search(text)
            self.expect_quote = False
            self._text(block, states=False)  # another document's words: they state nothing of this one
            return
        marker = block.marker if isinstance(block, (Heading, ListItem)) else None
        kind_rank = self._kind(marker.kind) if marker else None
        if marker and kind_rank:
            kind, rank = kind_rank
            if marker.kind == "arabic":
                rank += marker.number.count(".")
            body = block.title if isinstance(block, Heading) else block.body
            self._close(rank)
            title = body.text if marker.kind != "dieu" or _is_title(body.text) else ""
            if kind in {"khoan", "diem"} or (kind == "phan" and not isinstance(block, Heading)):
                title = ""
            unit = Subdivision(kind, marker.number, title if kind not in {"khoan", "diem"} else "", "",
                               self.locate.block(block))
            parent = self.stack[-1].unit.children if self.stack else self.units
            parent.append(unit)
            self.stack.append(_Open(unit, rank, [block], [body.text]))
            self._cite(block.run, block.span)
        elif isinstance(block, Heading) and self.stack and not self.stack[-1].unit.title and \
                len(self.stack[-1].blocks) == 1 and self.stack[-1].unit.kind in {"phan", "chuong", "muc", "tieu-muc"}:
            self.stack[-1].unit.title = text  # "Chương I" ⏎ "QUY ĐỊNH CHUNG"
            self.stack[-1].blocks.append(block)
        else:
            self._text(block)
        self.expect_quote = bool(_INTRODUCES.search(text))

    def _kind(self, marker: str) -> tuple[str, int] | None:
        if marker in _LEGISLATION:
            return _LEGISLATION[marker]
        if marker == "bullet":
            return None
        if self.in_articles and not self._inside_article() and marker in {"roman", "upper", "arabic", "lower"}:
            return None  # a numbered paragraph before the first article, or between chapters: text
        return _ITEMS.get(marker)

    def _inside_article(self) -> bool:
        return any(open_.unit.kind == "dieu" for open_ in self.stack)

    def _text(self, block: ContentBlock, states: bool = True) -> None:
        """A block that opens no unit: text of the innermost open unit, or an unnumbered unit of its own."""
        if not self.stack:
            unit = Subdivision("doan", "", "", block.text, self.locate.block(block))
            unit.citations.extend(self.mentions.citations(block.run, block.span))
            unit.relations.extend(self._relations(block.run, unit.citations, block.span, states))
            self.units.append(unit)
            return
        self._extend(block, block.text)
        self._cite(block.run, block.span, states)

    def _extend(self, block: ContentBlock, text: str) -> None:
        if not self.stack:
            return
        self.stack[-1].blocks.append(block)
        if text:
            self.stack[-1].texts.append(text)

    def _cite(self, run: Run, span: tuple[int, int], states: bool = True) -> None:
        found = self.mentions.citations(run, span)
        relations = self._relations(run, found, span, states)
        if self.stack:
            self.stack[-1].unit.citations.extend(found)
            self.stack[-1].unit.relations.extend(relations)
        else:
            self.loose.extend(found)
            self.loose_relations.extend(relations)

    def _relations(self, run: Run, found: list[CitationMention], span: tuple[int, int], states: bool
                   ) -> list[Relation]:
        if self.relations is None:
            return []
        if not states:
            self.relations.reset()
            return []
        return self.relations.read(run, found, self.context, span)

    def _close(self, rank: int) -> None:
        """Close open units of *rank* or deeper; a closed unit's text and span take in its children's."""
        while self.stack and self.stack[-1].rank >= rank:
            done = self.stack.pop()
            unit = done.unit
            own = " ".join(t for t in done.texts if t)
            children = " ".join(c.text for c in unit.children if c.text) if unit.kind not in _CONTAINERS else ""
            unit.text = " ".join(t for t in (own, children) if t)
            last = max([b.span[1] for b in done.blocks] + [c.loc.end for c in unit.children])
            unit.loc = self.locate.span(unit.loc.start, last)


@dataclass
class Structure:
    """A body read: its units, the citations and relations printed outside every unit, the tables passed over."""

    units: list[Subdivision]
    loose: list[CitationMention]
    loose_relations: list[Relation]
    tables: int


def read_structure(blocks: list[ContentBlock], locate: Locator, mentions: Mentions,
                   relations: RelationReader | None = None, context: str = BODY) -> Structure:
    """The structure of *blocks*; with *relations*, each unit also gets the relations its paragraphs state (read
    in *context*: the document's body, or a text issued with it)."""
    reader = StructureReader(locate, mentions, relations, context)
    units = reader.read(blocks)
    return Structure(units, reader.loose, reader.loose_relations, reader.tables)


__all__ = ["Paragraph", "read_structure"]
