"""Vietnamese legal-citation parser: every numbering form → a canonical, issuer-qualified identity.

Forms handled: ``40/2014/NĐ-CP``, ``317/QĐ-TTg``, ``08/2013/NQ-HĐND``, ``12/TTr-SKHCN``,
``02/TTr-CAT-ANCTNB``, laws ``80/2015/QH13``, party documents ``57-NQ/TW`` and ``10- CTr/TU``,
shorthand lists ``1859, 1860, 1861/QĐ-UBND``, a law by its name and date
(``Luật Tổ chức chính quyền địa phương ngày 19/6/2015``), and prefixes such as ``QĐ 317/QĐ-TTg``.
A number is unique only within its issuer (and year), so every citation resolves its issuer:
national bodies are one identity everywhere, local ones (UBND, HĐND, Sở …) belong to a province.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from plangraph.ingest import lexicon, places
from plangraph.ingest.text import fold, slugify
from plangraph.ingest.vocabularies import Concept, by_label, by_notation

_ABBR = r"[A-ZĐ][A-Za-zĐđ&]*\d*"
_SYMBOL = re.compile(
    rf"(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?"
    rf"(?:(?P<type>[A-ZĐ][A-Za-zĐđ]{{0,5}})\s*-\s*(?P<issuer>{_ABBR}(?:\s*-\s*{_ABBR})*)|(?P<qh>QH\d{{1,2}}))"
)
_PARTY = re.compile(
    r"(?P<num>\d{1,4})\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*(?P<issuer>[A-ZĐ][A-Za-zĐđ]{1,6})\b"
)
_DATE = re.compile(
    r"(?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2})"
)
_AFTER_DATE = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s+")
_NUMBER_LIST = re.compile(r"(?<![/\d])((?:\d{1,5}\s*(?:,|và)\s*)+)$")
_LAW = re.compile(
    r"\bLuật\s+(?P<title>[A-ZĐÀ-Ỹ][^;:()]*?)\s*(?:,\s*)?"
    r"(?:số\s+(?P<sym>\d{1,4}/\d{4}/QH\d{1,2})\s*)?(?:ngày\s+(?P<date>[^;,]*?\d{4})|năm\s+(?P<year>\d{4}))"
)
_ISSUER_LEAD = re.compile(r"\s*,?\s*(?:do|của)\s+")
_PLACE_LEAD = re.compile(r"(\s+(?:tỉnh|thành phố|TP\.?))\s*")
_ISSUER_PHRASES_LONGEST_FIRST = sorted(lexicon.ISSUER_PHRASES.items(), key=lambda kv: -len(kv[0]))
_TYPE_WORD = re.compile(
    r"(?:(?P<word>Nghị định|Quyết định|Nghị quyết|Thông tư liên tịch|Thông tư|Chỉ thị|Kế hoạch|Tờ trình|"
    r"Chương trình hành động|Chương trình|Thông báo|Kết luận|Hướng dẫn|Đề án|Công văn|Luật|Pháp lệnh|"
    r"QĐ|NĐ|NQ|TT|CT|KH)\s*(?:số\s*:?\s*)?|số\s*:?\s*)$",
)


@dataclass(frozen=True)
class Citation:
    """One mention of a legal instrument, resolved to its identity.

    ``scope`` is ``"vn"`` for national issuers, else the province code. ``start``/``end`` delimit the
    whole mention in the parsed text (type word, number, date and issuer phrase).
    """

    doc_type: str  # doctype concept key
    number: str | None  # digits without leading zeros; None for a law known only by its name
    year: int | None
    issuer: str  # issuer abbreviation as used in IRIs ("UBND", "CP", "QH", "SKHCN", "TW")
    issuer_kind: str | None  # agency-kind concept key when known
    scope: str
    id_local: str  # the canonical number as printed ("40/2014/NĐ-CP"), or the law's name
    date: dt.date | None
    title: str | None
    start: int
    end: int


@dataclass(frozen=True)
class CitationContext:
    """What a citation can leave unsaid: the citing document's province (None if national)."""

    province: str | None = None


def _doc_type(type_abbr: str | None, word: str | None) -> Concept | None:
    if type_abbr:
        concept = by_notation("doctype").get(fold(type_abbr))
        if concept:
            return concept
    if word:
        return by_label("doctype").get(fold(word).replace(" hanh dong", ""))
    return None


def parse_date(text: str) -> dt.date | None:
    """First day-month-year date in *text* (``12/5/2014``, ``25 tháng 02 năm 2016``), else None."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _date_after(text: str, pos: int) -> tuple[dt.date | None, int]:
    lead = _AFTER_DATE.match(text, pos)
    if not lead:
        return None, pos
    match = _DATE.match(text, lead.end())
    if not match:
        return None, pos
    return parse_date(match.group(0)), match.end()


def _issuer_after(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """The issuer phrase after a citation (``của UBND tỉnh Sơn La``): (agency kind, province, end)."""
    lead = _ISSUER_LEAD.match(text, pos)
    if not lead:
        return None, None, pos
    start = lead.end()
    folded = fold(text[start:start + 160])
    for phrase, kind in _ISSUER_PHRASES_LONGEST_FIRST:
        if folded.startswith(phrase) and not folded[len(phrase):len(phrase) + 1].isalpha():
            end = start + len(phrase)
            province, end = _place_after(text, end)
            return kind, province, end
    return None, None, pos


def _place_after(text: str, pos: int) -> tuple[str | None, int]:
    """An optional ``tỉnh X`` / ``thành phố X`` / ``thành phố`` right after an issuer phrase."""
    match = _PLACE_LEAD.match(text, pos)
    if not match:
        return None, pos
    folded = fold(text[match.end():match.end() + 40])
    for name, code in places.names_longest_first():
        if folded.startswith(name) and not folded[len(name):len(name) + 1].isalpha():
            return code, match.end() + len(name)
    return None, match.end(1) if match.group(1) else pos


def _canonical_symbol(match: re.Match[str]) -> str:
    parts = [match["num"]]
    if match["year"]:
        parts.append(match["year"])
    if match["qh"]:
        parts.append(match["qh"])
        return "/".join(parts)
    issuer = re.sub(r"\s*-\s*", "-", match["issuer"])
    parts.append(f"{match['type']}-{issuer}")
    return "/".join(parts)


def _resolve_issuer(abbr: str, named_kind: str | None, named_province: str | None,
                    context: CitationContext) -> tuple[str, str | None, str]:
    """(issuer abbreviation for IRIs, agency kind, scope) for an issuer abbreviation."""
    if re.fullmatch(r"QH\d*", abbr):
        return "QH", "quoc-hoi", "vn"
    concept = by_notation("agency-kind").get(fold(abbr))
    if abbr == "TW" and named_kind in {"bo-chinh-tri", "ban-bi-thu"}:
        return abbr, named_kind, "vn"
    if concept is not None and concept.level == "national":
        return abbr, concept.key, "vn"
    province = named_province or context.province
    return abbr, concept.key if concept else None, province or "vn"


def _strip_zeros(number: str) -> str:
    return number.lstrip("0") or "0"


def _symbol_citations(text: str, context: CitationContext) -> list[Citation]:
    found: list[Citation] = []
    for match in _SYMBOL.finditer(text):
        found.extend(_from_symbol(text, match, context))
    for match in _PARTY.finditer(text):
        if any(c.start <= match.start() < c.end for c in found):
            continue
        found.extend(_from_symbol(text, match, context, party=True))
    return found


def _from_symbol(text: str, match: re.Match[str], context: CitationContext,
                 party: bool = False) -> list[Citation]:
    before = text[: match.start()]
    type_word = _TYPE_WORD.search(before)
    start = type_word.start() if type_word else match.start()
    word = type_word["word"] if type_word else None
    type_abbr = match["type"] if not (not party and match["qh"]) else None
    concept = _doc_type(type_abbr, word) or (_doc_type(None, "Luật") if match.groupdict().get("qh") else None)
    if concept is None:
        return []
    date, end = _date_after(text, match.end())
    named_kind, named_province, end = _issuer_after(text, end)
    raw_issuer = match["issuer"] if match.groupdict().get("issuer") else match["qh"]
    issuer, kind, scope = _resolve_issuer(re.split(r"\s*-\s*", raw_issuer)[0], named_kind,
                                          named_province, context)
    year = int(match["year"]) if match.groupdict().get("year") else (date.year if date else None)
    id_local = f"{match['num']}-{match['type']}/{match['issuer']}" if party else _canonical_symbol(match)
    main = Citation(concept.key, _strip_zeros(match["num"]), year, issuer, kind, scope, id_local, date,
                    None, start, end)
    listed = _listed_before(text, start, main) if type_word is None else []
    return [*listed, main]


def _listed_before(text: str, start: int, main: Citation) -> list[Citation]:
    """Numbers listed before a symbol share it: ``1859, 1860, 1862/QĐ-UBND``."""
    head = text[:start]
    listed = _NUMBER_LIST.search(head)
    if not listed:
        return []
    out = []
    suffix = main.id_local.split("/", 1)[1]
    for number in re.finditer(r"\d{1,5}", listed.group(1)):
        pos = listed.start(1) + number.start()
        out.append(replace(main, number=_strip_zeros(number.group(0)), id_local=f"{number.group(0)}/{suffix}",
                           start=pos, end=pos + len(number.group(0))))
    return out


def _law_citations(text: str, taken: list[Citation]) -> list[Citation]:
    found = []
    for match in _LAW.finditer(text):
        if any(c.start <= match.start() < c.end for c in taken):
            continue
        title = re.sub(r"\s+", " ", match["title"]).strip(" ,")
        date = parse_date(match["date"]) if match["date"] else None
        year = date.year if date else int(match["year"])
        number = match["sym"] or lexicon.KNOWN_LAWS.get((fold(title), year))
        num = _strip_zeros(number.split("/")[0]) if number else None
        end = match.end()
        named_kind, _, end = _issuer_after(text, end)
        found.append(Citation("luat", num, year, "QH", "quoc-hoi", "vn", number or f"Luật {title}", date,
                              f"Luật {title}", match.start(), end))
    return found


def _share_dates(citations: list[Citation], text: str) -> list[Citation]:
    """In ``số 1859/QĐ-UBND, số 1860/QĐ-UBND ngày 25/9/2013`` the trailing date belongs to all."""
    out = list(citations)
    for i in range(len(out) - 2, -1, -1):
        here, nxt = out[i], out[i + 1]
        gap = text[here.end:nxt.start]
        joined = re.fullmatch(r"\s*(?:,|và|;)?\s*(?:(?:Quyết định|Nghị định|Nghị quyết)\s+)?(?:số\s*)?", gap)
        same_kind = (here.doc_type, here.issuer, here.scope) == (nxt.doc_type, nxt.issuer, nxt.scope)
        if here.date is None and nxt.date is not None and joined and same_kind:
            year = here.year if re.match(r"\d+/\d{4}/", here.id_local) else nxt.date.year
            out[i] = replace(here, date=nxt.date, year=year)
    return out


def find_citations(text: str, context: CitationContext | None = None) -> list[Citation]:
    """All citations in *text*, in order of appearance."""
    context = context or CitationContext()
    symbols = _symbol_citations(text, context)
    laws = _law_citations(text, symbols)
    # A law cited with its number ("Luật … số 80/2015/QH13") is one citation, not two.
    symbols = [c for c in symbols if not any(law.start <= c.start < law.end for law in laws)]
    ordered = sorted(symbols + laws, key=lambda c: c.start)
    return _share_dates(ordered, text)


def issuer_segment(citation: Citation) -> str:
    """The issuer part of an ELI path: ``cp``, ``ttg``, ``ubnd-31``, ``skhcn-31``."""
    base = slugify(citation.issuer)
    return base if citation.scope == "vn" else f"{base}-{citation.scope}"
