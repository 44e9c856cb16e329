"""The document header: number (Số/ký hiệu), place and date, type heading, title (trích yếu), issuer."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from plangraph.ingest import locate
from plangraph.ingest.understand.agencies import AgencyName, kind_name, normalize_agency
from plangraph.ingest.understand.citations import CitationContext, find_citations, parse_date
from plangraph.ingest.records import Header, Issuer
from plangraph.ingest.text import strip_markdown
from plangraph.ingest.view import TextView
from plangraph.language import places
from plangraph.language.folding import fold
from plangraph.ontology.concepts import by_label

HEADER_WINDOW = 40
_NUMBER_LINE = re.compile(r"^Số\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^,\d]{2,40}),\s*ngày\s+(?P<date>.+)$")
_BODY_START = re.compile(r"^(Căn cứ|Xét đề nghị|Theo đề nghị|Điều\s+\d)", re.IGNORECASE)
# After the title, a plan with no "Căn cứ" opens with "Thực hiện Nghị quyết …" or its first section ("I. MỤC ĐÍCH").
_PLAN_BODY_START = re.compile(r"^(Thực hiện\s|[IVX]{1,4}\s*[.)]\s)")


@dataclass
class _Found:
    number_line: int | None = None
    date_line: int | None = None
    type_line: int | None = None
    title_line: int | None = None
    issuer_line: int | None = None
    end: int = 1  # first line after the header


def _scan(source: TextView) -> _Found:
    found = _Found()
    for lineno in range(1, min(len(source.lines), HEADER_WINDOW) + 1):
        text = strip_markdown(source.line(lineno))
        if not text:
            continue
        if _BODY_START.match(text) or (found.title_line and _PLAN_BODY_START.match(text)):
            found.end = lineno
            return found
        if found.number_line is None and _NUMBER_LINE.match(text):
            found.number_line = lineno
        elif found.date_line is None and _PLACE_DATE.match(text) and parse_date(text):
            found.date_line = lineno
        elif found.type_line is None and text.isupper() and fold(text).strip(" :") in by_label("doctype"):
            found.type_line = lineno
        elif found.type_line and found.title_line is None and lineno > found.type_line and (
                not text.isupper() or not _issuer_kind(text)):
            found.title_line = lineno  # printed in capitals by some sources ("PHÊ DUYỆT ĐỀ ÁN …")
        elif text.isupper() and found.issuer_line is None and _issuer_kind(text):
            found.issuer_line = lineno
        found.end = lineno + 1
    return found


_BLANK_NUMBER = re.compile(r"^[\s….·_-]*/")  # "Số:      /QĐ-UBND", "Số: …/KH-UBND"
_BLANK_DATE = re.compile(r"ngày[\s….·_]*tháng[\s….·_]*năm\s*\d{4}", re.IGNORECASE)
_DRAFT_MARK = re.compile(r"^\(?\s*(?:DỰ THẢO|Dự thảo)(?:\s+(?:lần\s+)?\d+)?\s*\)?$")
DRAFT_HINT = "a draft has no number or date of its own yet, so it cannot be told apart from the issued document; " \
             "ingest the issued document"


def _refuse_draft(source: TextView, found: _Found) -> None:
    """Drafts (``DỰ THẢO``, ``Số:    /QĐ-UBND``, ``ngày … tháng … năm 2025``) are refused with that reason."""
    for lineno in range(1, min(len(source.lines), found.end) + 1):
        text = strip_markdown(source.line(lineno))
        number = _NUMBER_LINE.match(text)
        if number and _BLANK_NUMBER.match(number["rest"]):
            raise source.error(lineno, f"draft: the number is left blank ('{text}'); {DRAFT_HINT}")
        if _BLANK_DATE.search(text):
            raise source.error(lineno, f"draft: the date is left blank ('{text}'); {DRAFT_HINT}")
        if _DRAFT_MARK.match(text):
            raise source.error(lineno, f"draft: the document is marked '{text}'; {DRAFT_HINT}")


def _issuer_kind(text: str) -> str | None:
    name = normalize_agency(re.sub(r"^CHỦ TỊCH\s+", "", text, flags=re.IGNORECASE).title())
    return name.kind


def parse_header(source: TextView) -> tuple[Header, int]:
    """The header and the first line after it; raises IngestError when the file has no usable header."""
    found = _scan(source)
    _refuse_draft(source, found)
    if found.number_line is None and found.type_line is None:
        raise source.error(1, "not a decision or plan: no document number ('Số: …/QĐ-…') and no type "
                              f"heading ('QUYẾT ĐỊNH', 'KẾ HOẠCH') in the first {HEADER_WINDOW} lines")
    if found.number_line is None:
        raise source.error(found.type_line or 1, "no document number line ('Số: …') before the body")
    if found.date_line is None:
        raise source.error(found.number_line, "no place and date line ('…, ngày … tháng … năm …')")
    date_text = strip_markdown(source.line(found.date_line))
    place_match = _PLACE_DATE.match(date_text)
    date = parse_date(date_text)
    assert place_match and date  # _scan only records lines that have both
    place = place_match["place"].strip()
    issuer_text = strip_markdown(source.line(found.issuer_line)) if found.issuer_line else ""
    province = places.find_province(issuer_text) or places.find_province(place)
    number_text = _NUMBER_LINE.match(strip_markdown(source.line(found.number_line)))
    assert number_text
    symbols = find_citations(_with_type(number_text["rest"]), CitationContext(province, date))
    if not symbols or symbols[0].number is None:
        raise source.error(found.number_line, "cannot read the document number (expected e.g. '281/QĐ-UBND')")
    symbol = symbols[0]
    symbol = replace(symbol, date=date, year=symbol.year or date.year)
    doc_type = _doc_type(source, found, symbol.doc_type)
    issuer = _issuer(symbol.issuer_kind, symbol.issuer, symbol.scope)
    title = strip_markdown(source.line(found.title_line)) if found.title_line else None
    header = Header(
        doc_type=doc_type, symbol=symbol, date=date, place=place, title=title, issuer=issuer, province=province,
        loc=locate.lines(source, found.number_line),
        title_loc=locate.lines(source, found.title_line) if found.title_line else None,
    )
    return header, found.end


def _with_type(rest: str) -> str:
    return "số " + rest.strip()


def _doc_type(source: TextView, found: _Found, from_symbol: str) -> str:
    if found.type_line is None:
        return from_symbol
    heading = by_label("doctype")[fold(strip_markdown(source.line(found.type_line))).strip(" :")]
    return heading.key


def _issuer(kind: str | None, abbr: str, scope: str) -> Issuer:
    if kind is None:
        name = AgencyName(surface=abbr, canonical=abbr, key=abbr.lower(), kind=None, national=scope == "vn")
        return Issuer(name, scope)
    return Issuer(replace(kind_name(kind, scope), surface=abbr), scope)
