"""The document's identity: number (số, ký hiệu), type, issuer, date and place, title.

Official documents print their identity in a block at the top (Nghị định 30/2020/NĐ-CP): the issuer, the
number, the national motto, the place and date, then the type heading and the title (trích yếu). Real
files print it in many shapes — label and value on separate lines, ``Luật số: 60/2024/QH15``, no place and
date line, the issuer cell empty, a parent body above the issuing one — so the top blocks are read as one
text, and each part is searched for in it. A consolidated text (văn bản hợp nhất) prints its number,
issuer and date in its authentication block at the end (``XÁC THỰC VĂN BẢN HỢP NHẤT``), which is read the
same way. A date the header does not print is taken from where the document states it: the adoption
sentence (``… thông qua ngày 16 tháng 6 năm 2025``) or a mention of its own number with a date (an annex's
``Kèm theo Nghị định số 170/2025/NĐ-CP ngày 30 tháng 6 năm 2025``); when there is none, the document is read
without a date and the report says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from plangraph.ingest.blocks import ContentBlock, Document, Heading, ListItem, Paragraph, Run, SignatureBlock, Table
from plangraph.ingest.errors import IngestError
from plangraph.ingest.records import Header, Issuer, Located
from plangraph.ingest.understand.agencies import AgencyName, kind_name, normalize_agency
from plangraph.ingest.understand.citations import Citation, CitationContext, find_citations, parse_date
from plangraph.ingest.understand.locate import Locator
from plangraph.language import places
from plangraph.language.folding import fold
from plangraph.ontology.concepts import Concept, by_label, scheme

TOP_BLOCKS = 30  # blocks searched for the identity at the top
# "Số:", "Luật số:", "Nghị quyết số:" opening a line (or after a rule or a cell border), then the number.
_NUMBER = re.compile(r"(?:^|\n|[|_]{1,}\s*)(?:(?:Luật|LUẬT|Nghị quyết|NGHỊ QUYẾT|Pháp lệnh|PHÁP LỆNH|Lệnh|LỆNH)"
                     r"\s+(?:số|Số)|Số|SỐ)\s*[:.]?\s*(?P<rest>[^\n]{0,80}(?:\n[^\n]{0,80})?)")
_PLACE_DATE = re.compile(r"(?:^|\n|[_–—-]{3,}|\|)\s*(?P<place>[^,\d\n]{2,40}?),?\s+ngày\s+"
                         r"(?P<date>[\d\s…._]{1,4}\s*tháng[^\n]{0,40}|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})",
                         re.IGNORECASE)
_DATE_ONLY = re.compile(r"(?:^|\n)\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_ADOPTED = re.compile(r"thông qua\s+ngày\s+(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})",
                      re.IGNORECASE)
_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI|Độc\s+lập\s*-\s*Tự\s+do", re.IGNORECASE)
_BODY_OPENER = re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị|Xét Tờ trình|Xét tờ trình|Kính gửi)\b")
TITLE_WORDS = 80  # a title (trích yếu) is shorter than this
_PLAN_OPENER = re.compile(r"^(?:Thực hiện|Triển khai|Để|Nhằm|Trong|Ngày|Thời gian qua|Năm)\b")
_AUTHENTICATION = re.compile(r"XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT", re.IGNORECASE)
_FOOTNOTE_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}$")
_BLANK_NUMBER = re.compile(r"^[\s….·_-]*/")  # "Số:      /QĐ-UBND", "Số: …/KH-UBND"
_BLANK_DATE = re.compile(r"ngày[\s….·_]*tháng[\s….·_]*năm\s*\d{4}", re.IGNORECASE)
_DRAFT_MARK = re.compile(r"^\(?\s*(?:DỰ THẢO|Dự thảo)(?:\s+(?:lần\s+)?\d+)?\s*\)?$")
_SUBJECT = re.compile(r"^V/v\b", re.IGNORECASE)
_SECTION_HEADING = re.compile(r"\s+[-–]\s+")
DRAFT_HINT = "a draft has no number or date of its own yet, so it cannot be told apart from the issued document; " \
             "ingest the issued document"
NOT_OFFICIAL = ("not an official document: no issuer, national motto or type heading (QUYẾT ĐỊNH, KẾ HOẠCH, "
                "NGHỊ QUYẾT …) at its top, with or without a number (Số: …/QĐ-…)")


@dataclass
class _Zone:
    """Blocks read as one text: their runs joined by line breaks, and where each block starts in it."""

    indexes: list[int]
    run: Run
    starts: list[int] = field(default_factory=list)

    def block_at(self, position: int) -> int:
        """Index (in the document) of the block holding character *position* of the joined text."""
        found = 0
        for k, start in enumerate(self.starts):
            if start <= position:
                found = k
        return self.indexes[found]


def _zone(blocks: list[ContentBlock], indexes: list[int]) -> _Zone:
    runs, starts, length = [], [], 0
    for index in indexes:
        run = blocks[index].run
        starts.append(length)
        runs.append(run)
        length += len(run.text) + 1
    return _Zone(indexes, Run.join(runs, "\n"), starts)


@dataclass
class HeaderRead:
    header: Header
    body_start: int  # index of the first block after the header
    used: set[int]  # blocks the header was read from
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): what --strict refuses
    title_at: list[int] = field(default_factory=list)  # the title's blocks
    after_title: list[int] = field(default_factory=list)  # blocks between the title and the body (a note on
    # the consolidated texts a VBHN is made of, an enacting authority): text, not identity


def _doctype_heading(block: ContentBlock) -> Concept | None:
    """The document type a heading names (``QUYẾT ĐỊNH``, ``NGHỊ QUYẾT``; a footnote mark ``THÔNG TƯ1`` kept off)."""
    if not isinstance(block, (Heading, Paragraph)) or not block.text.isupper():
        return None
    text = _FOOTNOTE_DIGITS.sub("", block.text.strip())
    if text.rstrip().endswith(":"):
        return None  # the enacting formula "QUYẾT ĐỊNH:"
    head = _SECTION_HEADING.split(text, 1)[0]  # the gazette's section heading "VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI"
    return by_label("doctype").get(" ".join(fold(head).split()).strip(" :."))


def _heading_issuer(block: ContentBlock) -> str | None:
    """The issuer a gazette's section heading names after its type (``VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI``)."""
    parts = _SECTION_HEADING.split(block.text.strip(), 1)
    return parts[1].strip() if len(parts) == 2 and parts[1].strip() else None


def _opens_body(block: ContentBlock, typed: bool, titled: int = 1) -> bool:
    """True when *block* begins the body; *typed*: the type heading is read, *titled*: blocks read after it (the
    first is the title even when it begins like a plan's opening sentence: ``Triển khai Nghị quyết số …``)."""
    if isinstance(block, (Table, SignatureBlock)):
        return True
    text = block.text
    if isinstance(block, Heading) and block.marker and block.marker.kind in {"phan", "chuong", "muc", "dieu"}:
        return True
    if isinstance(block, (Paragraph, ListItem)) and _BODY_OPENER.match(text):
        return True
    if typed and isinstance(block, Heading) and block.marker and block.marker.kind == "roman":
        return True
    if typed and isinstance(block, Heading) and text.rstrip().endswith(":") and not block.marker:
        return True  # the enacting formula "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"
    opening = titled > 0 or text.rstrip().endswith(":") or len(text.split()) > TITLE_WORDS
    return typed and isinstance(block, (Paragraph, ListItem)) and bool(_PLAN_OPENER.match(text)) \
        and not block.style.cell and opening


class HeaderReader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.blocks = document.blocks
        self.locate = Locator(document.source)
        self.notes: list[str] = []
        self.problems: list[tuple[int, str]] = []

    # --- zones ------------------------------------------------------------------------------------------
    def _top(self) -> tuple[list[int], int]:
        """The blocks of the identity at the top, and the index of the first body block."""
        typed = False
        titled = 0
        indexes: list[int] = []
        for index, block in enumerate(self.blocks[:TOP_BLOCKS]):
            if indexes and _opens_body(block, typed, titled):
                return indexes, index
            if _doctype_heading(block):
                typed = True
            elif typed:
                titled += 1
            indexes.append(index)
        end = len(indexes)
        return indexes, end

    def _authentication(self) -> list[int]:
        """The authentication block of a consolidated text: a few blocks around ``XÁC THỰC VĂN BẢN HỢP NHẤT``."""
        for index, block in enumerate(self.blocks):
            if _AUTHENTICATION.search(block.text):
                return list(range(max(0, index - 4), min(len(self.blocks), index + 3)))
        return []

    # --- the parts ---------------------------------------------------------------------------------------
    def _number(self, zone: _Zone) -> tuple[Citation, Located] | None:
        for match in _NUMBER.finditer(zone.run.text):
            rest = match["rest"]
            if _BLANK_NUMBER.match(rest):
                at = zone.block_at(match.start("rest"))
                raise self._error(at, f"draft: the number is left blank ('{rest.splitlines()[0].strip()}'); "
                                      f"{DRAFT_HINT}")
            start = match.start("rest")
            found = [c for c in find_citations(zone.run.text[start:start + len(rest)]) if c.number]
            citation = found[0] if found and found[0].start <= 3 else _any_symbol(rest)
            if citation is None:
                continue
            label = match.start() + len(match.group()) - len(match.group().lstrip("\n |_"))
            loc = self.locate.run(zone.run, label, start + citation.end)
            return replace(citation, start=0, end=0), loc
        return None

    def _place_date(self, zone: _Zone) -> tuple[str | None, dt.date, Located] | None:
        text = zone.run.text
        for match in _PLACE_DATE.finditer(text):
            date = parse_date(match.group(0))
            if date:
                place = match["place"].strip(" ,*") or None
                return place, date, self.locate.run(zone.run, match.start("place"), match.end())
        for match in _DATE_ONLY.finditer(text):
            date = parse_date(match.group(0))
            if date:
                return None, date, self.locate.run(zone.run, match.start(), match.end())
        if _BLANK_DATE.search(text):
            at = zone.block_at(_BLANK_DATE.search(text).start())  # type: ignore[union-attr]
            raise self._error(at, f"draft: the date is left blank; {DRAFT_HINT}")
        return None

    def _adoption_date(self) -> dt.date | None:
        """The date of the adoption sentence (``… thông qua ngày …``): how a law or a resolution of the National
        Assembly or its Standing Committee is dated, with no place and date line at its top."""
        for block in reversed(self.blocks):
            if isinstance(block, Table):
                continue
            if match := _ADOPTED.search(block.text):
                self.notes.append("date taken from the adoption sentence ('… thông qua ngày …')")
                return parse_date(match["date"])
        return None

    def _own_mention_date(self, symbol: Citation | None) -> dt.date | None:
        """The date of a mention of the document's own number with a date (an annex's ``Kèm theo …``)."""
        if symbol is None:
            return None
        for block in self.blocks:
            if isinstance(block, Table) or symbol.id_local.split("/")[0] not in block.text:
                continue
            for citation in find_citations(block.text):
                if citation.id_local == symbol.id_local and citation.date:
                    self.notes.append(f"date taken from a mention of its own number ({block.text[:60]}…)")
                    return citation.date
        return None

    def _issuer_lines(self, indexes: list[int], type_at: int | None) -> list[int]:
        """Blocks naming the issuing body: in capitals, before the type heading (or the number), no motto."""
        found = []
        for index in indexes:
            if type_at is not None and index >= type_at:
                break
            block = self.blocks[index]
            text = block.text
            if not text.isupper() or _MOTTO.search(text) or "SỐ:" in text or _NUMBER.match("\n" + text):
                continue
            found.append(index)
        return found

    def _enacting_authority(self, indexes: list[int], type_at: int | None) -> list[int]:
        """A line in capitals after the title naming the body that enacts (``ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG``,
        ``BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG``), also an issuer line when the header has none."""
        if type_at is None:
            return []
        return [i for i in indexes if i > type_at + 1 and self.blocks[i].text.isupper()
                and _agency(self.blocks[i].text).kind is not None]

    def _title(self, indexes: list[int], type_at: int | None, body_start: int) -> list[int]:
        if type_at is None:
            return []
        title: list[int] = []
        for index in range(type_at + 1, body_start):
            block = self.blocks[index]
            if _MOTTO.search(block.text) and not title:
                continue  # a consolidated text's motto printed under its type line
            if title and (block.text.isupper() != self.blocks[title[-1]].text.isupper() or
                          _agency(block.text).kind is not None and block.text.isupper()):
                break
            if not title and block.text.isupper() and _agency(block.text).kind is not None and index + 1 < body_start:
                continue  # the enacting authority printed before the title
            title.append(index)
            if not block.text.isupper():
                break
        return title

    # --- the whole header --------------------------------------------------------------------------------
    def read(self) -> HeaderRead:
        indexes, body_start = self._top()
        top = _zone(self.blocks, indexes)
        self._refuse_draft(indexes, top)
        type_at = next((i for i in indexes if _doctype_heading(self.blocks[i])), None)
        number = self._number(top)
        identity = top
        if number is None and (auth := self._authentication()):
            identity = _zone(self.blocks, auth)
            number = self._number(identity)
            if number:
                self.notes.append("number, issuer and date read from the authentication block of the consolidated text")
        if number is None and type_at is None:
            raise self._error(indexes[0] if indexes else 0, NOT_OFFICIAL)
        if type_at is None and not (_MOTTO.search(top.run.text) or self._issuer_lines(indexes, type_at)
                                    or self._enacting_authority(indexes, type_at)):
            raise self._error(indexes[0] if indexes else 0, NOT_OFFICIAL)  # a number line alone is no document
        placed = self._place_date(identity) or (self._place_date(top) if identity is not top else None)
        place, date, date_loc = placed if placed else (None, None, None)
        if number is None:
            label = next((i for i in indexes if _NUMBER.match("\n" + self.blocks[i].text)), None)
            if label is not None:
                self.problems.append((self.document.first_line(self.blocks[label]),
                                      "cannot read the document number (expected e.g. '281/QĐ-UBND')"))
            else:
                at = type_at if type_at is not None else (indexes[0] if indexes else 0)
                self.problems.append((self.document.first_line(self.blocks[at]),
                                      "no document number line ('Số: …') before the body"))
        adopted = self._adoption_date() if placed is None else None
        if placed is None and adopted is None:
            at_line = number[1].first_line if number else self.document.first_line(self.blocks[indexes[0]])
            self.problems.append((at_line, "no place and date line ('…, ngày … tháng … năm …')"))
        issuer_at = self._issuer_lines(identity.indexes, type_at if identity is top else None)
        if not issuer_at:
            issuer_at = self._enacting_authority(indexes, type_at)
        issuer_lines = _split_levels(" ".join(dict.fromkeys(self.blocks[i].text for i in issuer_at)))
        if not issuer_lines and type_at is not None and (named := _heading_issuer(self.blocks[type_at])):
            issuer_lines = [named]
        title_at = self._title(indexes, type_at, body_start)
        title = " ".join(self.blocks[i].text for i in title_at).strip() or None
        province = _province(issuer_lines, place)
        if number is None:
            symbol, loc = self._unnumbered(type_at, title, issuer_lines, title_at)
        else:
            symbol, loc = number
        if date is None:
            date = adopted or self._own_mention_date(symbol if number else None)
            if date is None:
                self.notes.append("the document states no date: read without one")
        context = CitationContext(province, date)
        symbol = _resolved(symbol, context, issuer_lines)
        symbol = replace(symbol, date=date, year=symbol.year or (date.year if date else None))
        doc_type = _doc_type(symbol, self.blocks[type_at] if type_at is not None else None)
        issuer = _issuer(symbol, issuer_lines)
        used = set(indexes) | set(identity.indexes if identity is not top else [])
        header = Header(
            doc_type=doc_type, symbol=symbol, date=date, place=place, title=title, issuer=issuer, province=province,
            loc=loc, title_loc=self.locate.blocks([self.blocks[i] for i in title_at]) if title_at else None,
            issuer_lines=tuple(issuer_lines), notes=tuple(self.notes),
        )
        del date_loc
        last = max(title_at or [type_at if type_at is not None else body_start])
        return HeaderRead(header, body_start, used, self.problems, title_at,
                          [i for i in indexes if last < i < body_start])

    def _unnumbered(self, type_at: int | None, title: str | None, issuer_lines: list[str],
                    title_at: list[int]) -> tuple[Citation, Located]:
        """A document that prints no number (a page cut off before it): identified by issuer, type and title."""
        assert type_at is not None
        concept = _doctype_heading(self.blocks[type_at])
        assert concept is not None
        if not title or not issuer_lines:
            raise self._error(type_at, "no number (Số: …) and no title or issuer to identify the document by")
        self.notes.append("the document prints no number: identified by its issuer, type and title")
        issuer = _agency(issuer_lines[-1])
        abbr = issuer.kind and scheme("agency-kind")[issuer.kind].notations
        scope = "vn" if _national(issuer_lines) else places.unit_for(_province(issuer_lines, None) or "vn", None)
        citation = Citation(concept.key, None, None, abbr[0] if abbr else issuer.key.upper(), issuer.kind,
                            scope, title, None, title, 0, 0)
        at = title_at or [type_at]
        return citation, self.locate.blocks([self.blocks[i] for i in at])

    def _refuse_draft(self, indexes: list[int], top: _Zone) -> None:
        """A draft — its number or date left blank, or marked DỰ THẢO — is refused at the first sign of it."""
        for index in indexes:
            text = self.blocks[index].text.strip()
            number = _NUMBER.match("\n" + text)
            if number and _BLANK_NUMBER.match(number["rest"]):
                raise self._error(index, f"draft: the number is left blank ('{text}'); {DRAFT_HINT}")
            if _BLANK_DATE.search(text):
                raise self._error(index, f"draft: the date is left blank ('{text}'); {DRAFT_HINT}")
            if _DRAFT_MARK.match(text):
                raise self._error(index, f"draft: the document is marked '{text}'; {DRAFT_HINT}")

    def _error(self, index: int, reason: str) -> IngestError:
        if not self.blocks:
            return IngestError(self.document.name, 1, reason)
        block = self.blocks[min(index, len(self.blocks) - 1)]
        line = self.document.first_line(block)
        return IngestError(self.document.name, line, reason, self.document.source.line(line).strip() or None)


_ANY_SYMBOL = re.compile(r"^\s*(?P<num>\d{1,5})\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
                         r"(?P<chain>[A-ZĐ][A-Za-zĐđ&]*\d*(?:\s*-\s*[A-ZĐ][A-Za-zĐđ&]*\d*)*)")


def _any_symbol(text: str) -> Citation | None:
    """A number whose symbol names no known type or issuer (``1539/VLO-QLDN3``): after ``Số:`` it is still the
    document's number; its type comes from the heading, its issuer from the header."""
    match = _ANY_SYMBOL.match(text)
    if not match:
        return None
    chain = [part.strip() for part in match["chain"].split("-")]
    printed = "/".join([match["num"], *([match["year"]] if match["year"] else []), "-".join(chain)])
    year = int(match["year"]) if match["year"] else None
    return Citation("cong-van", match["num"].lstrip("0") or "0", year, chain[0], None, "vn", printed, None, None,
                    match.start("num"), match.end())


# --- issuers --------------------------------------------------------------------------------------------

_LEADER = re.compile(r"^(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TRƯỞNG|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG)\s+", re.IGNORECASE)
_SECOND_LEVEL = re.compile(r"\s(?=(?:SỞ|CỤC|CHI CỤC|BAN|VĂN PHÒNG|TRUNG TÂM|THUẾ|KHO BẠC|BẢO HIỂM XÃ HỘI|CÔNG AN|"
                           r"THANH TRA|VỤ|TỔNG CỤC|HỌC VIỆN|VIỆN|ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG)\s)")


def _agency(text: str) -> AgencyName:
    return normalize_agency(_LEADER.sub("", text.strip()).title())


def _split_levels(text: str) -> list[str]:
    """``ỦY BAN NHÂN DÂN TỈNH BẮC NINH SỞ Y TẾ`` → the parent and the issuing body, when both are agencies."""
    text = " ".join(text.split())
    if not text:
        return []
    for match in _SECOND_LEVEL.finditer(text):
        left, right = text[:match.start()].strip(), text[match.end():].strip()
        if len(left.split()) >= 2 and (_agency(left).kind or places.find_province(left)) and len(right.split()) >= 2:
            return [left, right]
    return [text]


def _province(issuer_lines: list[str], place: str | None) -> str | None:
    for line in issuer_lines:
        if found := places.find_province(line):
            return found
    return places.find_province(place) if place else None


def _national(issuer_lines: list[str]) -> bool:
    """True when the issuing body (or its parent) is a national body and no province is named."""
    if any(places.find_province(line) for line in issuer_lines):
        return False
    agencies = [_agency(line) for line in issuer_lines]
    return any(a.national for a in agencies) or any(
        a.kind is None and re.match(r"(?i)^(?:bộ|ban chỉ đạo|văn phòng quốc hội|ủy ban .* quốc hội)", line.strip())
        for a, line in zip(agencies, issuer_lines, strict=True))


def _resolved(symbol: Citation, context: CitationContext, issuer_lines: list[str]) -> Citation:
    """The number's issuer and scope resolved with what the header prints (province, national body)."""
    again = find_citations(f"số {symbol.id_local}", context) if symbol.number else []
    if again and again[0].id_local == symbol.id_local:
        symbol = replace(again[0], title=symbol.title)
    if symbol.issuer_kind is None and _national(issuer_lines):
        symbol = replace(symbol, scope="vn")
    elif symbol.issuer_kind is None and symbol.scope == "vn" and context.province:
        symbol = replace(symbol, scope=places.unit_for(context.province, context.date))
    return replace(symbol, start=0, end=0)


_TYPE_PART = re.compile(r"/(?:\d{4}/)?(?P<type>[A-ZĐ][A-Za-zĐđ]*)-")


def _doc_type(symbol: Citation, heading: ContentBlock | None) -> str:
    """The type the number's symbol names (``QĐ`` in ``281/QĐ-UBND``, ``VBHN``), else the type heading's, else the
    symbol's reading (a law's ``QH15``, an official letter's ``UBND-NC``)."""
    concept = _doctype_heading(heading) if heading is not None else None
    part = _TYPE_PART.search(symbol.id_local)
    named = part is not None and any(part["type"] in c.notations for c in scheme("doctype").values())
    if named or concept is None:
        return symbol.doc_type
    return concept.key


def _issuer(symbol: Citation, issuer_lines: list[str]) -> Issuer:
    if symbol.issuer_kind is not None:
        return Issuer(replace(kind_name(symbol.issuer_kind, symbol.scope), surface=symbol.issuer), symbol.scope)
    if issuer_lines:
        printed = _agency(issuer_lines[-1])
        if printed.kind is not None:
            return Issuer(replace(kind_name(printed.kind, symbol.scope), surface=symbol.issuer), symbol.scope)
        name = AgencyName(surface=symbol.issuer, canonical=printed.canonical, key=printed.key, kind=None,
                          national=symbol.scope == "vn")
        return Issuer(name, symbol.scope)
    name = AgencyName(surface=symbol.issuer, canonical=symbol.issuer, key=symbol.issuer.lower(), kind=None,
                      national=symbol.scope == "vn")
    return Issuer(name, symbol.scope)


def read_header(document: Document) -> HeaderRead:
    """The header of *document*; raises IngestError for a page that is not an official document or a draft."""
    if not any(not isinstance(b, SignatureBlock) for b in document.blocks):
        line = document.first_line(document.blocks[0]) if document.blocks else 1
        raise IngestError(document.name, line, "no text to read: the file holds only page furniture (running headers, "
                                               "page numbers, a signature stamp), perhaps a scan without a text layer")
    return HeaderReader(document).read()
