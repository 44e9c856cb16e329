"""Paragraphs of any text shape → typed blocks: headings, list items, paragraphs and signature blocks.

The type of a block comes from its printed numbering (Nghị định 78/2025/NĐ-CP fixes the marks: ``Phần``,
``Chương`` and Roman numerals for the outer units, ``Mục``, ``Điều`` and Arabic numerals below them,
``1.`` for a khoản, ``a)`` for a điểm, a dash or ``+`` for a bullet), from capitals, and from markdown
heading marks or bold print; never from what the text means. A signature block is the run of short lines
at a document's end: signing-authority marks (``TM.``, ``KT.``, ``Q.``, ``TL.``, ``TUQ.``), the post, the
signer's name — also when a converter printed them on one line (a cell of a layout table).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from plangraph.ingest.blocks import (
    ContentBlock,
    Furniture,
    Heading,
    ListItem,
    Marker,
    Paragraph,
    Run,
    SignatureBlock,
    Style,
)
from plangraph.ingest.read.markup import clean, style_of
from plangraph.ingest.read.paragraphs import RULE, RawParagraph, is_caps
from plangraph.language.folding import fold
from plangraph.ontology.concepts import by_label, by_notation

_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phan", re.compile(r"^(?:Phần|PHẦN)\s+(?P<n>(?:thứ|THỨ)\s+[^\W\d_]+|[IVXLC]{1,6}|\d{1,2})\b\s*[.:]?\s*")),
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<n>[IVXLC]{1,6}|\d{1,3})\b\s*[.:]?\s*")),
    ("tieu-muc", re.compile(r"^(?:Tiểu mục|TIỂU MỤC)\s+(?P<n>\d{1,3})\b\s*[.:]?\s*")),
    ("muc", re.compile(r"^(?:Mục|MỤC)\s+(?P<n>\d{1,3}|[IVXLC]{1,6})\b\s*[.:]?\s*")),
    ("dieu", re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<n>\d{1,3}[a-zđ]?\d?)\s*(?:[.:]\s*|(?=\s+[A-ZĐÀ-Ỹ])\s*|$)")),
)
_ROMAN = re.compile(r"^(?P<n>[IVXLC]{1,6})\s*(?:[.):]|\s[-–]\s)\s*(?=\S)")
_UPPER = re.compile(r"^(?P<n>[A-ZĐ])\s*[.)]\s+(?=\S)")
_ARABIC = re.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,3}){0,3})\s*(?:[.)]\s*(?=\S)|(?<=\d)\s+(?=[A-ZĐÀ-Ỹ]))")
_LOWER = re.compile(r"^(?P<n>[a-zđ]\d?)\s*\)\s*(?=\S)|^(?P<m>[a-zđ])\.\s+(?=[A-ZĐÀ-Ỹ])")
_BULLET = re.compile(r"^(?P<m>[-–+•*])\s*(?=\S)")
HEADING_WORDS = 40  # a line in capitals longer than this is a paragraph that happens to be in capitals
BOLD_HEADING_WORDS = 15


def marker_of(text: str) -> tuple[Marker, int] | None:
    """The numbering mark that opens *text* and where the text after it starts, or None.

    >>> marker_of("Điều 5. Phạm vi điều chỉnh")
    (Marker(kind='dieu', number='5', text='Điều 5.'), 8)
    >>> marker_of("a) Xây dựng")[0].kind, marker_of("II. NHIỆM VỤ")[0].kind, marker_of("1.2. Số hóa")[0].number
    ('lower', 'roman', '1.2')
    """
    for kind, pattern in _UNITS:
        if match := pattern.match(text):
            return Marker(kind, match["n"], text[:match.end()].strip()), match.end()
    if match := _ROMAN.match(text):
        return Marker("roman", match["n"], text[:match.end()].strip()), match.end()
    if match := _UPPER.match(text):
        return Marker("upper", match["n"], text[:match.end()].strip()), match.end()
    if match := _ARABIC.match(text):
        return Marker("arabic", match["n"], text[:match.end()].strip()), match.end()
    if match := _LOWER.match(text):
        return Marker("lower", match["n"] or match["m"], text[:match.end()].strip()), match.end()
    if match := _BULLET.match(text):
        return Marker("bullet", "", match["m"]), match.end()
    return None


# A rule drawn inside a line (``CHÍNH PHỦ_______ Số: 171/2025/NĐ-CP``) or a stray cell border: the parts of the
# line on each side are separate blocks, as the page shows them.
_INLINE_RULE = re.compile(r"_{3,}|-{5,}|[–—]{3,}|\s\|\s|\s\|$")


def blocks_of(paragraph: RawParagraph, cell: tuple[int, int, int] | None = None) -> list[ContentBlock | Furniture]:
    """The blocks of one paragraph read from the file: one, or one per part between rules drawn inside it."""
    pieces = paragraph.run.split(_INLINE_RULE) if _INLINE_RULE.search(paragraph.run.text) else [paragraph.run]
    out = []
    for piece in pieces:
        piece = piece.strip()
        span = piece.span()
        if not span:
            continue
        part = RawParagraph(piece, paragraph.first_line, paragraph.last_line) if len(pieces) > 1 else paragraph
        block = block_of(part, cell)
        if block is not None:
            out.append(block)
    return out


def block_of(paragraph: RawParagraph, cell: tuple[int, int, int] | None = None) -> ContentBlock | Furniture | None:
    """The typed block of one paragraph read from the file (None when only markup was there)."""
    style = style_of(paragraph.run.text)
    if cell:
        style = Style(style.bold, style.italic, style.heading, cell)
    run = clean(paragraph.run)
    span = paragraph.span
    if not run:
        return None
    text = run.text
    if RULE.match(text) or not any(ch.isalnum() for ch in text):
        return Furniture(run, span, "a rule or mark drawn with characters, not read", listed=False)
    found = marker_of(text)
    words = len(text.split())
    if found:
        marker, at = found
        body = run[at:].strip()
        if marker.kind in {"phan", "chuong", "tieu-muc", "muc", "dieu"}:
            return Heading(run, span, marker, body, style)
        if marker.kind in {"roman", "upper"} and words <= HEADING_WORDS and not text.rstrip().endswith(";"):
            return Heading(run, span, marker, body, style)
        return ListItem(run, span, marker, body, style)
    if style.heading or (is_caps(text) and words <= HEADING_WORDS and not text.endswith((";", ","))) or (
            style.bold and words <= BOLD_HEADING_WORDS and not text.endswith((".", ";", ","))):
        return Heading(run, span, None, run, style)
    return Paragraph(run, span, style)


# --- signature blocks ----------------------------------------------------------------------------------

_AUTHORITY = re.compile(r"^(?P<marker>TM|KT|Q|TL|TUQ)\s*[.:]\s*(?P<rest>.+)$")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]*(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]*){1,4}$")
_SIGNED = re.compile(r"^\(?\s*(?:đã ký|ký|đã ký và đóng dấu|ký tên, đóng dấu)\s*\)?$", re.IGNORECASE)
_AUTHORITY_CUT = re.compile(r"\s+(?=(?:TM|KT|Q|TL|TUQ)\s*\.\s)")  # before a signing-authority mark
_BARE_MARK = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\s*[.:]?$")
SIGNATURE_LINES = 14


def is_authority(text: str) -> bool:
    match = _AUTHORITY.match(text)
    return bool(match) and fold(match["marker"]) in by_notation("authority")


def is_role(text: str) -> bool:
    return fold(text).strip(" .") in by_label("role")


def is_person_name(text: str) -> bool:
    """A person's name: 2–5 capitalised words, nothing else."""
    return bool(_NAME.match(text)) and not text.isupper()


@cache
def _roles_longest_first() -> tuple[str, ...]:
    return tuple(sorted(by_label("role"), key=len, reverse=True))


def _role_cut(text: str) -> int | None:
    """Where a post name (``PHÓ CHỦ TỊCH``) that ends an upper-case piece starts, when something other than a
    bare signing mark precedes it (``KT. CHỦ TỊCH PHÓ CHỦ TỊCH`` → ``KT. CHỦ TỊCH`` + ``PHÓ CHỦ TỊCH``)."""
    if not text.isupper() or is_role(text):
        return None
    folded = fold(text)
    for label in _roles_longest_first():
        if folded.endswith(" " + label):
            head = text[:len(text) - len(label)].strip()
            if _BARE_MARK.match(head) or is_role(f"{head} {text[len(text) - len(label):]}"):
                continue
            return len(text) - len(label)
    return None


def _name_cut(text: str) -> int | None:
    """Where a signer's name printed after an upper-case post starts (``PHÓ CHỦ TỊCH Nguyễn Văn Bình``)."""
    words = list(re.finditer(r"\S+", text))
    for size in range(5, 1, -1):
        if len(words) <= size:
            continue
        start = words[-size].start()
        if is_person_name(text[start:]) and is_caps(words[-size - 1].group()):
            return start
    return None


def signature_lines(run: Run) -> list[Run]:
    """A block's text cut into the lines of a signature block (a flattened cell holds them on one line)."""
    out: list[Run] = []
    for piece in (p.strip() for p in run.split(_AUTHORITY_CUT)):
        if not piece:
            continue
        name = _name_cut(piece.text)
        parts = [piece[:name].strip(), piece[name:].strip()] if name else [piece]
        for part in parts:
            cut = _role_cut(part.text)
            out.extend([part[:cut].strip(), part[cut:].strip()] if cut else [part])
    return out


def _opens_signature(block: ContentBlock) -> bool:
    if not isinstance(block, (Paragraph, Heading)):
        return False
    first = signature_lines(block.run)[0].text if block.run else ""
    return is_authority(first) or is_role(first)


def _read_signature(blocks: Sequence[ContentBlock], start: int) -> tuple[SignatureBlock, int, Run | None] | None:
    """The signature block starting at ``blocks[start]``: the block, the index after it, and the text of its
    last block after the name (printed on the same line), if any."""
    lines: list[Run] = []
    authorities = role = 0
    index = start
    while index < len(blocks) and len(lines) < SIGNATURE_LINES:
        block = blocks[index]
        if not isinstance(block, (Paragraph, Heading)):
            return None
        pieces = signature_lines(block.run)
        for position, piece in enumerate(pieces):
            text = piece.text
            if _SIGNED.match(text):
                lines.append(piece)
            elif is_authority(text):
                authorities += 1
                lines.append(piece)
            elif not role and is_role(text):
                role += 1
                lines.append(piece)
            elif is_person_name(text) and (authorities or role):
                lines.append(piece)
                rest = Run.join(pieces[position + 1:], " ")
                first, last = blocks[start].span[0], piece.span()
                end = last[1] if last and rest else block.span[1]
                return SignatureBlock(Run.join(lines, "\n"), (first, end), tuple(lines)), index + 1, rest or None
            else:
                return None
        index += 1
    return None


def with_signatures(blocks: list[ContentBlock]) -> list[ContentBlock]:
    """*blocks* with each run of blocks that forms a signature block replaced by one :class:`SignatureBlock`."""
    out: list[ContentBlock] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = _read_signature(blocks, index) if _opens_signature(block) else None
        if found is None:
            out.append(block)
            index += 1
            continue
        signature, index, rest = found
        out.append(signature)
        if rest:
            span = rest.span()
            if span:
                out.append(Paragraph(rest, span, Style()))
    return out
