"""Agency-name normaliser: surface forms → one canonical name and identity per agency.

Mechanisms, all general: HTML and markdown removed, abbreviations expanded (``KH&CN``), trailing
remarks in brackets dropped (``(chủ trì)``), location qualifiers dropped (``… thành phố``, ``… Hải Phòng``),
then a diacritic- and case-insensitive match against the agency kinds of the ontology, which also repairs
OCR-damaged diacritics (``tiên bộ`` → ``tiến bộ``). The match is tried before each qualifier is dropped,
so kinds whose name ends in a place word (``Công an tỉnh``) survive. Names outside the kinds keep their
cleaned surface form.

Agencies named collectively are groups (``group``): a kind at a level (``Ủy ban nhân dân cấp tỉnh``,
``UBND các quận, huyện``), or a plural (``Các bộ, ngành``, ``Cơ sở khám bệnh, chữa bệnh``). Words of a cell
that name no agency (``cơ quan, đơn vị liên quan``, ``trình Hội đồng nhân dân cùng cấp``) are remarks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from plangraph.ingest.read.markdown_text import strip_html, strip_markdown
from plangraph.language import lexicon, places
from plangraph.language.folding import fold, slugify, squash
from plangraph.ontology.concepts import Concept, scheme


@dataclass(frozen=True)
class AgencyName:
    """A normalised agency name. ``key`` identifies the agency within its scope (a place or "vn")."""

    surface: str
    canonical: str
    key: str
    kind: str | None
    national: bool
    place: str | None = None  # a province named in the surface form, if any
    group: bool = False  # agencies named collectively ("Ủy ban nhân dân cấp tỉnh", "Các bộ, ngành")
    levels: tuple[str, ...] = ()  # the administrative levels of a group's members ("province", …)


@dataclass(frozen=True)
class AgencyCell:
    """An agency cell read: the names of agencies and groups, and the words that name no agency."""

    names: tuple[str, ...]
    remarks: tuple[str, ...]


def as_group(agency: AgencyName, level: str) -> AgencyName:
    """*agency*'s kind named collectively at *level*: a national plan's ``Sở Y tế`` is every province's."""
    phrase, levels = next(v for v in lexicon.AGENCY_LEVEL_PHRASES.values() if v[1] == (level,))
    return _at_level(agency.surface, agency, phrase, levels)


def _at_level(surface: str, base: AgencyName, phrase: str, levels: tuple[str, ...]) -> AgencyName:
    """The group of every agency like *base* at a level (*phrase*, e.g. ``cấp tỉnh``)."""
    canonical = f"{base.canonical} {phrase}"
    return AgencyName(surface=surface, canonical=canonical, key=slugify(canonical), kind=base.kind,
                      national=False, group=True, levels=levels)


@cache
def _abbreviation_pattern() -> re.Pattern[str]:
    alternatives = sorted(lexicon.NAME_ABBREVIATIONS, key=len, reverse=True)
    return re.compile(r"(?<![\w&])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w&])")


def expand_abbreviations(text: str) -> str:
    """``Trung tâm Thông tin KH&CN`` → ``Trung tâm Thông tin Khoa học và Công nghệ``."""
    return _abbreviation_pattern().sub(lambda m: lexicon.NAME_ABBREVIATIONS[m.group(1)], text)


@cache
def _place_words() -> tuple[str, ...]:
    """Folded province names and aliases (longest first), then the qualifiers ``thành phố``, ``tỉnh`` …"""
    return (*(name for name, _ in places.names_longest_first()),
            *(fold(q) for q in lexicon.LOCATION_QUALIFIERS))


def _location_stripped(name: str) -> list[str]:
    """*name*, then each form left as trailing place words are dropped one at a time, longest last.

    A name is never cut down to a single word (``Báo Hải Phòng`` is a newspaper, not "Báo"), and a level
    keeps its place word (``cấp tỉnh``, ``các tỉnh``).
    """
    forms = [name]
    while True:
        folded = fold(name)
        for place in _place_words():
            if folded.endswith(" " + place):
                shorter = name[: -len(place)].rstrip(" ,")
                break
        else:
            return forms
        if len(shorter.split()) < 2 or fold(shorter).split()[-1] in ("cap", "cac"):
            return forms
        name = shorter
        forms.append(name)


def strip_location(name: str) -> str:
    """Drop trailing place words: ``Liên đoàn Lao động thành phố`` → ``Liên đoàn Lao động``."""
    return _location_stripped(name)[-1]


def clean_agency_text(text: str) -> str:
    """HTML tags and markdown emphasis removed, white space squashed; line breaks kept as ``\n``."""
    lines = (squash(strip_markdown(line)) for line in strip_html(text).split("\n"))
    return "\n".join(line for line in lines if line)


# Remarks in brackets after a name ("(chủ trì)", "(Cục A03 - để b/c)") say what it does, not who it is.
_TRAILING_REMARKS = re.compile(r"(?<=[^\s(])(?:\s*\([^()]*\))+\s*$")


def _loose(name: str) -> str:
    """A kind name with its list punctuation dropped: ``Sở Văn hoá Thể thao du lịch`` reads as
    ``Sở Văn hóa, Thể thao và Du lịch``."""
    return " ".join(w for w in re.split(r"[\s,\-–]+", fold(name)) if w and w != "va")


@cache
def _kind_index() -> dict[str, Concept]:
    index: dict[str, Concept] = {}
    for concept in scheme("agency-kind").values():
        for label in (concept.label_vi, *concept.alt_labels):
            index.setdefault(_loose(expand_abbreviations(label)), concept)
    return index


def _words(text: str) -> str:
    """*text* as a pattern whose spaces match any white space."""
    return re.escape(text).replace(r"\ ", r"\s+")


def alternation(words: Iterable[str]) -> str:
    """A pattern matching one of *words*, longest first, spaces matching any white space."""
    return "|".join(_words(w) for w in sorted(words, key=len, reverse=True))


def leader_titles() -> str:
    """A regular expression of the leaders' titles that stand for their body (longest first); of a title that ends
    with its body's head noun (``Chánh Văn phòng``), only the words before that head.

    >>> re.sub(f"^(?:{leader_titles()}) ", "", "Chánh Văn phòng UBND tỉnh")
    'Văn phòng UBND tỉnh'
    """
    titles = []
    for title in sorted(lexicon.BODY_LEADER_TITLES, key=len, reverse=True):
        own = lexicon.TITLES_BEFORE_THEIR_BODY.get(title)
        titles.append(f"{_words(own)}(?=\\s+{_words(title[len(own):].strip())}\\b)" if own else _words(title))
    return "|".join(titles)


@cache
def _leader() -> re.Pattern[str]:
    return re.compile(rf"^(?:{leader_titles()})\s+(?=\S)", re.IGNORECASE)


def _core(cleaned: str) -> str:
    """Remarks, list prefixes and a leader's title (``Giám đốc`` Sở Tài chính) dropped, first letter capitalised,
    abbreviations expanded."""
    name = _TRAILING_REMARKS.sub("", cleaned).strip(" .;,:-+")
    name = re.sub(r"^(?:các\s+)?(?:đơn vị|cơ quan)\s*:\s*", "", name, flags=re.IGNORECASE).strip(" .;,:-+")
    stripped = _leader().sub("", name)
    if stripped != name and _head_pattern().match(stripped[:1].upper() + stripped[1:]):
        name = stripped
    name = name[:1].upper() + name[1:]  # before expansion, so the canonical name reads back the same
    return re.sub(r"\s+", " ", expand_abbreviations(name))


@cache
def _level_endings() -> dict[str, tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]]:
    """The level phrases' patterns by their last word (lower case), longest phrase first: a name can end with a
    phrase only if it ends with its last word, so a name is matched against the few that do."""
    endings: dict[str, list[tuple[re.Pattern[str], str, tuple[str, ...]]]] = {}
    for phrase, (canonical, levels) in sorted(lexicon.AGENCY_LEVEL_PHRASES.items(), key=lambda kv: -len(kv[0])):
        words = phrase.replace(",", " ").split()
        pattern = re.compile(r"\s+" + r"[\s,]+".join(re.escape(word) for word in words) + "$", re.IGNORECASE)
        endings.setdefault(words[-1].lower(), []).append((pattern, canonical, levels))
    return {last: tuple(patterns) for last, patterns in endings.items()}


def _level_group(cleaned: str, expanded: str) -> AgencyName | None:
    """``Ủy ban nhân dân cấp tỉnh`` → the group of every provincial People's Committee, or None."""
    last = expanded.rsplit(None, 1)[-1].rsplit(",", 1)[-1].lower() if expanded.strip() else ""  # "xã,phường"
    for ending, phrase, levels in _level_endings().get(last, ()):
        match = ending.search(expanded)
        if match and match.start() > 0:
            return _at_level(cleaned, normalize_agency(expanded[: match.start()]), phrase, levels)
    return None


@cache
def _groups() -> dict[str, tuple[str, bool]]:
    return {fold(name): (name, national) for name, national in lexicon.AGENCY_GROUPS.items()}


@cache
def normalize_agency(surface: str) -> AgencyName:
    """Normalise one agency name as printed."""
    cleaned = clean_agency_text(surface).replace("\n", " ").strip(" .;,:-+")
    expanded = _core(cleaned)
    grouped = _level_group(cleaned, expanded)
    if grouped is not None:
        return grouped
    place = places.find_province(expanded)
    forms = _location_stripped(expanded)
    for form in forms:
        concept = _kind_index().get(_loose(form))
        if concept is not None:
            return AgencyName(surface=cleaned, canonical=concept.label_vi, key=concept.key, kind=concept.key,
                              national=concept.level == "national", place=place)
    canonical = forms[-1]
    if _location_stripped(_core(canonical))[-1] != canonical:
        # Dropping a place can expose another remark ("X (a) tỉnh"): normalise until the name is stable.
        again = normalize_agency(canonical)
        return AgencyName(surface=cleaned, canonical=again.canonical, key=again.key, kind=again.kind,
                          national=again.national, place=place or again.place, group=again.group,
                          levels=again.levels)
    if fold(canonical) in _groups():
        canonical, national = _groups()[fold(canonical)]
        return AgencyName(surface=cleaned, canonical=canonical, key=slugify(canonical), kind=None,
                          national=national, group=True, levels=("national",) if national else ())
    return AgencyName(surface=cleaned, canonical=canonical, key=slugify(canonical), kind=None,
                      national=False, place=place, group=fold(canonical).startswith("cac "))


def head_alternation(heads: Iterable[str]) -> str:
    """A pattern matching one of *heads* as a word, longest first, unless it begins a word of
    :data:`lexicon.NOT_AGENCY_WORDS` (``Báo cáo`` is a report, not the newspaper ``Báo …``).

    >>> pattern = re.compile(head_alternation(["Báo", "Ban"]))
    >>> [bool(pattern.match(t)) for t in ("Báo Hải Phòng", "Báo cáo kết quả", "Ban hành kèm", "Ban Chỉ đạo")]
    [True, False, False, True]
    """
    words = "|".join(re.escape(w) for w in sorted(lexicon.NOT_AGENCY_WORDS, key=len, reverse=True))
    alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return rf"(?!(?:{words})\b)(?:{alternatives})\b"


@cache
def _head_pattern() -> re.Pattern[str]:
    return re.compile(head_alternation(lexicon.AGENCY_HEADS))


# A line that ends with a connecting word continues on the next line ("Liên hiệp các⏎Hội …").
_CONTINUES = re.compile(r"(?:^|\s)(?:các|và|với|của|cho|thuộc|cấp|tại|trực thuộc)$", re.IGNORECASE)


@cache
def _related_bodies() -> re.Pattern[str]:
    word = rf"(?:các\s+)?(?:{alternation(lexicon.RELATED_BODY_WORDS)})"
    return re.compile(rf"(?<!\w){word}(?:\s*(?:,|\bvà\b)\s*{word})*(?:\s+khác)?\s+(?:có\s+)?liên\s+quan(?!\w)",
                      re.IGNORECASE)


@cache
def _remark_cue() -> re.Pattern[str]:
    return re.compile(rf"(?<=\w)\s+(?={alternation(lexicon.AGENCY_REMARK_CUES)}\s)")


def _remark_end(text: str, start: int) -> int:
    """Where a remark starting at *start* ends: at a semicolon, or a comma before a new agency's name."""
    for match in re.finditer(r";|,\s*", text[start:]):
        if match.group() == ";" or _head_pattern().match(text, start + match.end()):
            return start + match.start()
    return len(text)


def _cut_remarks(text: str) -> tuple[str, list[str]]:
    """Remarks cut out of *text* (each replaced by a semicolon, which separates), in order of position."""
    spans = [m.span() for m in _related_bodies().finditer(text)]
    for cue in _remark_cue().finditer(text):
        start = cue.end()
        if not any(a <= start < b for a, b in spans):
            spans.append((start, _remark_end(text, start)))
    kept, remarks, at = [], [], 0
    for a, b in sorted(spans):
        if a < at:
            continue
        kept.append(text[at:a])
        kept.append(";")
        remarks.append(text[a:b].replace("\n", " ").strip(" .;,"))
        at = b
    kept.append(text[at:])
    return "".join(kept), [r for r in remarks if r]


def _recognised(name: str) -> bool:
    agency = normalize_agency(name)
    return agency.kind is not None or agency.group


def _unjoined(part: str) -> list[str]:
    """A name followed by another without a separator (``Các Bộ, ngành Ủy ban nhân dân cấp tỉnh``), split
    where both sides are recognised agencies or groups and the whole is not itself one kind."""
    if normalize_agency(part).kind is not None:
        return [part]
    for match in _head_pattern().finditer(part):
        at = match.start()
        if at > 0 and part[at - 1] == " " and part[at].isupper():
            left, right = part[:at].rstrip(" ,"), part[at:]
            if _recognised(left) and _recognised(right) and not _CONTINUES.search(left):
                return [left, *_unjoined(right)]
    return [part]


# A connecting word left at the end of a name when the words after it were a remark ("Văn phòng UBND tỉnh và"
# + "các cơ quan có liên quan").
_DANGLING = re.compile(r"\s+(?:và|với|cùng|hoặc)$", re.IGNORECASE)


def read_agency_cell(cell: str) -> AgencyCell:
    """Split a cell naming several agencies; commas inside one name (``Sở Văn hóa, Thể thao …``) stay.

    Words naming no agency are remarks: related bodies in general (``cơ quan, đơn vị liên quan``) and
    what follows a cue (``… trình Hội đồng nhân dân cùng cấp``). A semicolon always separates. A comma,
    line break, ``và`` or ``với`` splits only when an agency head noun (``Sở``, ``Trung tâm``, ``Hội`` …)
    follows it, and a line break never splits after a connecting word (``các``, ``và`` …); otherwise the
    separator is part of the name (a line break inside a name becomes a space). Every name and remark is a
    substring of ``clean_agency_text(cell)`` with its line breaks read as spaces.
    """
    text, remarks = _cut_remarks(clean_agency_text(cell))
    tokens = re.split(r"(\s*[,;]\s*|\s*\n\s*|\s+và\s+|\s+với\s+)", text)
    parts = [tokens[0]]
    for separator, piece in zip(tokens[1::2], tokens[2::2], strict=True):
        previous = parts[-1].strip(" .;,")
        if ";" in separator:
            splits = bool(previous)
        elif separator.strip() == "":  # a bare line break
            splits = bool(previous) and bool(_head_pattern().match(piece)) and not _CONTINUES.search(previous)
        else:
            splits = bool(previous) and bool(_head_pattern().match(piece))
        if splits:
            parts.append(piece)
        else:
            parts[-1] += separator.replace("\n", " ") + piece
    names = [name for part in parts for name in _unjoined(_DANGLING.sub("", part.strip(" .;,"))) if name]
    return AgencyCell(tuple(names), tuple(remarks))


def split_agencies(cell: str) -> list[str]:
    """The agency and group names of a cell (see :func:`read_agency_cell`), without its remarks."""
    return list(read_agency_cell(cell).names)


def kind_name(kind: str, scope: str) -> AgencyName:
    """The name of the agency of *kind* in *scope* ("vn" or a province code): ``Sở Tài chính``, or with
    the place for kinds named after it (``Ủy ban nhân dân thành phố Hải Phòng``)."""
    concept = scheme("agency-kind")[kind]
    canonical = concept.label_vi
    if scope != "vn" and kind in lexicon.PLACE_NAMED_KINDS:
        canonical = f"{canonical} {places.province_label(scope)}"
    return AgencyName(surface=canonical, canonical=canonical, key=kind, kind=kind, national=scope == "vn")
