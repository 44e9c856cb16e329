"""Vietnamese legal-citation parser: every numbering form → a canonical, issuer-qualified identity.

Forms handled: ``40/2014/NĐ-CP``, ``317/QĐ-TTg``, ``08/2013/NQ-HĐND``, ``12/TTr-SKHCN``,
``02/TTr-CAT-ANCTNB``, laws ``80/2015/QH13``, party documents ``57-NQ/TW`` and ``10- CTr/TU``,
official letters ``4216/UBND-NC`` (issuer, then drafting unit), shorthand lists ``1859, 1860, 1861/QĐ-UBND``,
a law by its name and date (``Luật Tổ chức chính quyền địa phương ngày 19/6/2015``), and prefixes such as
``QĐ 317/QĐ-TTg``. Line breaks read as spaces everywhere, so hard-wrapped text (``Nghị định số⏎278/…``,
``của Bộ⏎Chính trị``) parses like unwrapped text; type words, ``số``, ``ngày`` and dates match in any case.
A number is unique only within its issuer (and year), so every citation resolves its issuer:
national bodies are one identity everywhere, local ones (UBND, HĐND, Sở …) belong to a province.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache

from plangraph.language import lexicon, places
from plangraph.language.folding import fold, latin
from plangraph.ontology.concepts import Concept, by_label, by_notation, scheme

# One element of a ký hiệu ("UBND", "TTg", "QH13"): never followed by a letter, so "NĐ-CP - Quy định"
# does not read "Quy" as part of the symbol. After a spaced hyphen ("CAT- ANCTNB") only a capitalised
# abbreviation continues the symbol.
_ELEMENT = r"[A-ZĐ][A-Za-zĐđ&]*\d*(?![^\W\d_])"
_CAPS_ELEMENT = r"[A-ZĐ][A-ZĐ&]+\d*(?![^\W\d_])"
_ISSUER_CHAIN = rf"{_ELEMENT}(?:-{_ELEMENT}|\s*-\s*{_CAPS_ELEMENT})*"
# The patterns scanned over whole texts start with what they consume and look behind after it (``\d(?<![\d/]\d)``
# is ``(?<![\d/])\d``): the engine then tries only where a digit, or "Luật", is — the same matches, 3–10× faster.
_SYMBOL = re.compile(
    rf"(?P<num>\d(?<![\d/]\d)\d{{0,4}})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?"
    rf"(?:(?P<type>[A-ZĐ][A-Za-zĐđ]{{0,5}})\s*-\s*(?P<issuer>{_ISSUER_CHAIN})|(?P<qh>(?:UBTV)?QH\d{{1,2}})(?!\w))"
)
_PARTY = re.compile(
    r"(?P<num>\d(?<![\d/]\d)\d{0,3})\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*(?P<issuer>[A-ZĐ][A-Za-zĐđ]{1,6})\b"
)
_DATE_TEXT = (r"\d{1,2}\s*(?:[/.-]|\s+(?i:tháng)\s+)\s*\d{1,2}\s*(?:[/.-]|\s+(?i:năm)\s+)\s*(?:19|20)\d{2}"
              r"(?!\d)")
_DATE = re.compile(
    r"(?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_AFTER_DATE = re.compile(r"\s*,?\s*(?:ban\s+hành\s+)?ngày\s+", re.IGNORECASE)
_NUMBER_LIST = re.compile(r"(?<![/\d.\-])((?:\d{1,5}\s*(?:,|và)\s*)+)$")
# Words after which a run of numbers counts something else than documents ("năm 2016, 281/QĐ-UBND").
_NOT_A_LIST = re.compile(r"\b(?:năm|ngày|tháng|điều|khoản|điểm|mục|phụ\s+lục|giai\s+đoạn)\s*$", re.IGNORECASE)
# "Luật này …" is the law itself, and a law's name never says when something takes effect, never names another
# instrument by its number ("Luật Điện lực, Nghị định số 62/2025/NĐ-CP ngày …" is a law and a decree) and never says
# it was amended ("Luật … được sửa đổi, bổ sung bởi Nghị định số … ngày …": the date is the decree's).
_NOT_A_TITLE = re.compile(r"^này\b|\b(?:có hiệu lực|hiệu lực thi hành)\b|"
                          r"\b(?:Nghị định|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Chỉ thị)(?:\s+liên tịch)?\s+số\b|"
                          r"\bđược\s+(?:sửa đổi|bổ sung|thay thế)")
_LAW = re.compile(
    # "Bộ luật" (a code) and "Luật sư" (a lawyer) are not laws; a title never crosses a sentence or a
    # blank line, but may wrap onto the next line.
    r"Luật(?<!\wLuật)(?<!Bộ\sLuật)(?<!bộ\sLuật)\s+(?!sư\b)"
    r"(?P<title>[^\W\d_](?:[^;:().\n]|\n(?![ \t]*\n)){0,160}?)\s*(?:,\s*)?"
    r"(?:số\s+(?P<sym>\d{1,4}\s*/\s*\d{4}\s*/\s*QH\d{1,2})\s*)?"
    rf"(?:ngày\s+(?P<date>{_DATE_TEXT})|năm\s+(?P<year>(?:19|20)\d{{2}})(?!\d))"
)
_ISSUER_LEAD = re.compile(r"\s*,?\s*(?:do|của)\s+", re.IGNORECASE)
_PLACE_LEAD = re.compile(r"(\s+(?:tỉnh|thành\s+phố|TP\.?))\s*", re.IGNORECASE)
# Type words before a number. The first letter must be a capital ("Nghị Quyết", "NGHỊ QUYẾT" and a
# line-wrapped "Nghị⏎quyết" all count), so common nouns ("theo quy định số …") do not.
_TYPE_WORDS = (
    "Thông tư liên tịch", "Chương trình hành động", "Nghị định", "Quyết định", "Nghị quyết", "Thông tư",
    "Chỉ thị", "Kế hoạch", "Tờ trình", "Chương trình", "Thông báo", "Kết luận", "Hướng dẫn", "Đề án",
    "Dự án", "Báo cáo", "Công văn", "Quy định", "Quy chế", "Luật", "Pháp lệnh",
)
_TYPE_ABBREVIATIONS = ("QĐ", "NĐ", "NQ", "TT", "CT", "KH")
_TYPE_WORD = re.compile(
    r"(?:(?P<word>"
    + "|".join(w[0] + "(?i:" + r"\s+".join(re.escape(part) for part in w[1:].split(" ")) + ")" for w in _TYPE_WORDS)
    + "|" + "|".join(_TYPE_ABBREVIATIONS)
    + r")\s*(?:(?i:số)\s*:?\s*)?|(?i:số)\s*:?\s*)$"
)
_TYPE_WINDOW = 80  # characters before a number searched for its type word


@cache
def _issuer_phrases() -> list[tuple[str, str]]:
    """Folded issuer phrases (lexicon cues, then every agency kind's names) → agency kind, longest first."""
    table = dict(lexicon.ISSUER_PHRASES)
    for concept in scheme("agency-kind").values():
        for label in (concept.label_vi, *concept.alt_labels):
            table.setdefault(" ".join(fold(label).split()), concept.key)
    return sorted(table.items(), key=lambda kv: -len(kv[0]))


@cache
def _issuer_phrases_by_start() -> dict[str, tuple[tuple[str, str], ...]]:
    """:func:`_issuer_phrases` by their first two characters (one, for a phrase of one), longest first in each."""
    table: dict[str, list[tuple[str, str]]] = {}
    for phrase, kind in _issuer_phrases():
        table.setdefault(phrase[:2], []).append((phrase, kind))
    return {start: tuple(phrases) for start, phrases in table.items()}


@cache
def _issuer_leaders() -> list[str]:
    """Folded titles that may precede an issuer phrase (``Bộ trưởng`` Bộ Công an), longest first."""
    return sorted((" ".join(fold(p).split()) for p in lexicon.ISSUER_LEADERS), key=len, reverse=True)


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
    """What a citation can leave unsaid: the citing document's province as named (its pre-2025 code;
    None if national) and the citing document's date, which dates a citation that has neither date nor
    year (the province it names is then resolved to the unit in force on that date)."""

    province: str | None = None
    date: dt.date | None = None


@cache
def _doctype_by_exact_notation() -> dict[str, Concept]:
    # Exact first: folding merges notations that differ only by "Đ" ("ĐA" Đề án, "DA" Dự án).
    return {notation: concept for concept in scheme("doctype").values() for notation in concept.notations}


def _doc_type(type_abbr: str | None, word: str | None) -> Concept | None:
    """The document type: the type word when it names one (it settles abbreviations that party documents
    share, e.g. ``QĐ`` for both Quyết định and Quy định), else the abbreviation of the number."""
    if word:
        concept = by_label("doctype").get(" ".join(fold(word).split()).replace(" hanh dong", ""))
        if concept:
            return concept
    if type_abbr:
        return _doctype_by_exact_notation().get(type_abbr) or by_notation("doctype").get(fold(type_abbr))
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


_RUNS = re.compile(r"\s+|\S+")
_SPACE_RUN = re.compile(r"\s\s")
_SPACE = re.compile(r"\s")


def _folded_window(text: str, start: int, size: int) -> tuple[str, list[int]]:
    """``text[start:start+size]`` folded, white-space runs (line breaks included) as one space.

    Also returns, for each folded character, the offset in *text* just after its source character, so
    a phrase matched in the folded window maps back to an exact span even across a hard line wrap.

    >>> _folded_window("của  UBND\\ntỉnh", 0, 40)
    ('cua ubnd tinh', [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14])
    """
    window = text[start:start + size]
    if not all(map(_one_for_one, set(window))):  # a combining mark, a letter folded to two: one by one
        return _folded_window_by_character(text, start, size)
    folded = fold(window)
    if not _SPACE_RUN.search(window):  # each character kept, each white space as one space
        return _SPACE.sub(" ", folded), list(range(start + 1, start + len(window) + 1))
    out: list[str] = []
    ends: list[int] = []
    for run in _RUNS.finditer(window):  # the folded text holds one character for each of the window's
        a, b = run.span()
        if window[a].isspace():
            out.append(" ")
            ends.append(start + a + 1)
        else:
            out.append(folded[a:b])
            ends.extend(range(start + a + 1, start + b + 1))
    return "".join(out), ends


@cache
def _one_for_one(char: str) -> bool:
    return len(fold(char)) == 1


def _folded_window_by_character(text: str, start: int, size: int) -> tuple[str, list[int]]:
    """:func:`_folded_window` folding each character alone (a mark joins the character before it)."""
    out: list[str] = []
    ends: list[int] = []
    in_space = False
    for i in range(start, min(len(text), start + size)):
        char = text[i]
        if char.isspace():
            if not in_space:
                out.append(" ")
                ends.append(i + 1)
                in_space = True
            continue
        in_space = False
        folded = fold(char)
        if len(folded) == 1:
            out.append(folded)
            ends.append(i + 1)
        elif not folded:  # a combining mark belongs to the character before it
            if ends:
                ends[-1] = i + 1
        else:
            out.extend(folded)
            ends.extend([i + 1] * len(folded))
    return "".join(out), ends


def _starts_with_words(folded: str, at: int, phrase: str) -> bool:
    return folded.startswith(phrase, at) and not folded[at + len(phrase):at + len(phrase) + 1].isalnum()


def _issuer_after(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """The issuer phrase after a citation (``của UBND tỉnh Sơn La``): (agency kind, province, end)."""
    lead = _ISSUER_LEAD.match(text, pos)
    if not lead:
        return None, None, pos
    folded, ends = _folded_window(text, lead.end(), 200)
    starts = [0] + [len(leader) + 1 for leader in _issuer_leaders()
                    if _starts_with_words(folded, 0, leader) and folded[len(leader):len(leader) + 1] == " "]
    by_start = _issuer_phrases_by_start()
    for at in starts:  # only the phrases starting as the text does: all of them, longest first, would be as many
        for phrase, kind in by_start.get(folded[at:at + 2], ()) + by_start.get(folded[at:at + 1], ()):
            if _starts_with_words(folded, at, phrase):
                province, end = _place_after(text, ends[at + len(phrase) - 1])
                return kind, province, end
    return None, None, pos


def _place_after(text: str, pos: int) -> tuple[str | None, int]:
    """An optional ``tỉnh X`` / ``thành phố X`` / ``thành phố`` right after an issuer phrase."""
    match = _PLACE_LEAD.match(text, pos)
    if not match:
        return None, pos
    folded, ends = _folded_window(text, match.end(), 60)
    for name, code in places.names_longest_first():
        if _starts_with_words(folded, 0, name):
            return code, ends[len(name) - 1]
    return None, match.end(1)


def _canonical_symbol(match: re.Match[str], type_abbr: str | None, chain: list[str]) -> str:
    """The number as printed, without stray spaces: ``40/2014/NĐ-CP``, ``80/2015/QH13``, ``4216/UBND-NC``."""
    head = [match["num"], *([match["year"]] if match["year"] else [])]
    tail = match["qh"] if match["qh"] else "-".join([type_abbr, *chain] if type_abbr else chain)
    return "/".join([*head, tail])


def _when(date: dt.date | None, year: int | None, context: CitationContext) -> dt.date | None:
    """When the cited instrument was issued, as far as the province merger of 2025 is concerned: its date,
    else its year unless that is the merger's year, else the citing document's date."""
    if date:
        return date
    if year and year != places.MERGER_DATE.year:
        return dt.date(year, 1, 1)
    return context.date


def _resolve_issuer(abbr: str, named_kind: str | None, named_province: str | None,
                    context: CitationContext, when: dt.date | None = None) -> tuple[str, str | None, str]:
    """(issuer abbreviation for IRIs, agency kind, scope) for an issuer abbreviation; a local issuer's
    scope is the place unit in force *when* (see :func:`places.unit_for`)."""
    if re.fullmatch(r"QH\d*", abbr):
        return "QH", "quoc-hoi", "vn"
    if re.fullmatch(r"UBTVQH\d*", abbr):
        return "UBTVQH", "uy-ban-thuong-vu-quoc-hoi", "vn"
    concept = by_notation("agency-kind").get(fold(abbr))
    if abbr == "TW" and named_kind in {"bo-chinh-tri", "ban-bi-thu"}:
        return abbr, named_kind, "vn"
    if concept is not None and concept.level == "national":
        return abbr, concept.key, "vn"
    if concept is None and abbr.endswith("TW"):  # "…TW" is "Trung ương": BCĐTW, VPTW, UBKTTW
        return abbr, None, "vn"
    province = named_province or context.province
    scope = places.unit_for(province, when) if province else "vn"
    return abbr, concept.key if concept else None, scope


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


def _type_word(text: str, pos: int) -> re.Match[str] | None:
    return _TYPE_WORD.search(text, max(0, pos - _TYPE_WINDOW), pos)


def _from_symbol(text: str, match: re.Match[str], context: CitationContext,
                 party: bool = False) -> list[Citation]:
    type_word = _type_word(text, match.start())
    start = type_word.start() if type_word else match.start()
    word = type_word["word"] if type_word else None
    qh = None if party else match["qh"]
    type_abbr = None if qh else match["type"]
    chain = [] if qh else re.split(r"\s*-\s*", match["issuer"])
    if not party and not qh and type_abbr and _doc_type(type_abbr, None) is None \
            and by_notation("agency-kind").get(fold(type_abbr)) is not None:
        # An official letter's symbol has no type: "4216/UBND-NC" is UBND's letter drafted by NC.
        chain, type_abbr = [type_abbr, *chain], None
        concept = _doc_type(None, word) or _doc_type("CV", None)
    else:
        concept = _doc_type(type_abbr, word) or (_doc_type(None, "Nghị quyết" if qh and qh.startswith("UBTV") else
                                                          "Luật") if qh else None)
    if concept is None:
        return []
    date, end = _date_after(text, match.end())
    named_kind, named_province, end = _issuer_after(text, end)
    year = int(match["year"]) if match.groupdict().get("year") else (date.year if date else None)
    issuer, kind, scope = _resolve_issuer(qh or chain[0], named_kind, named_province, context,
                                          _when(date, year, context))
    id_local = (f"{match['num']}-{match['type']}/{match['issuer']}" if party
                else _canonical_symbol(match, type_abbr, chain))
    main = Citation(concept.key, _strip_zeros(match["num"]), year, issuer, kind, scope, id_local, date,
                    None, start, end)
    listed = _listed_before(text, start, main, len(match["num"])) if type_word is None else []
    return [*listed, main]


def _listed_before(text: str, start: int, main: Citation, num_length: int) -> list[Citation]:
    """Numbers listed before a symbol share it: ``1859, 1860, 1862/QĐ-UBND``."""
    head = text[max(0, start - 200):start]
    offset = start - len(head)
    listed = _NUMBER_LIST.search(head)
    if not listed or _NOT_A_LIST.search(head, 0, listed.start(1)):
        return []
    type_word = _type_word(text, offset + listed.start(1))
    out = []
    suffix = main.id_local[num_length:]
    for index, number in enumerate(re.finditer(r"\d{1,5}", listed.group(1))):
        pos = offset + listed.start(1) + number.start()
        first = type_word.start() if type_word and index == 0 else pos
        out.append(replace(main, number=_strip_zeros(number.group(0)), id_local=f"{number.group(0)}{suffix}",
                           start=first, end=pos + len(number.group(0))))
    return out


def _law_key(title: str) -> str:
    """A law's title as a lookup key: folded, punctuation and white space runs as one space."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(title)).split())


@cache
def _known_laws() -> dict[tuple[str, int], str]:
    return {(_law_key(title), year): number for (title, year), number in lexicon.KNOWN_LAWS.items()}


def _law_citations(text: str, taken: list[Citation]) -> list[Citation]:
    found = []
    for match in _LAW.finditer(text):
        if any(c.start <= match.start() < c.end for c in taken):
            continue
        title = re.sub(r"\s+", " ", match["title"]).strip(" ,")
        if _NOT_A_TITLE.search(title):
            continue  # "Luật này có hiệu lực …": this law, not one cited by name
        date = parse_date(match["date"]) if match["date"] else None
        year = int(match["year"] or re.findall(r"\d{4}", match["date"])[-1])
        number = re.sub(r"\s+", "", match["sym"]) if match["sym"] else _known_laws().get((_law_key(title), year))
        num = _strip_zeros(number.split("/")[0]) if number else None
        _, _, end = _issuer_after(text, match.end())
        found.append(Citation("luat", num, year, "QH", "quoc-hoi", "vn", number or f"Luật {title}", date,
                              f"Luật {title}", match.start(), end))
    return found


def _share_dates(citations: list[Citation], text: str) -> list[Citation]:
    """In ``số 1859/QĐ-UBND, số 1860/QĐ-UBND ngày 25/9/2013`` the trailing date belongs to all."""
    out = list(citations)
    for i in range(len(out) - 2, -1, -1):
        here, nxt = out[i], out[i + 1]
        gap = text[here.end:nxt.start]
        joined = re.fullmatch(r"\s*(?:,|và|;)?\s*(?:(?:Quyết\s+định|Nghị\s+định|Nghị\s+quyết)\s+)?(?:số\s*)?", gap)
        same_kind = (here.doc_type, here.issuer, here.scope) == (nxt.doc_type, nxt.issuer, nxt.scope)
        if here.date is None and nxt.date is not None and joined and same_kind:
            year = here.year if re.match(r"\d+/\d{4}/", here.id_local) else nxt.date.year
            out[i] = replace(here, date=nxt.date, year=year)
    return out


def find_citations(text: str, context: CitationContext | None = None) -> list[Citation]:
    """All citations in *text*, in order of appearance. Line breaks count as spaces (hard-wrapped text)."""
    context = context or CitationContext()
    text = latin(text)  # "NĐ-СР" printed with Cyrillic letters is NĐ-CP
    symbols = _symbol_citations(text, context)
    laws = _law_citations(text, symbols)
    # A law cited with its number ("Luật … số 80/2015/QH13") is one citation, not two.
    symbols = [c for c in symbols if not any(law.start <= c.start < law.end for law in laws)]
    ordered = sorted(symbols + laws, key=lambda c: c.start)
    return _share_dates(ordered, text)
