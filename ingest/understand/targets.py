"""Read numeric targets ("chỉ tiêu") out of the objective sentences of a plan.

Pure: standard library only. Matching runs on a normalised copy of the text that keeps a map back
to the input, so spans and printed strings always refer to the text as given. The copy is lower
case with every dash turned into ``-``; it keeps the Vietnamese diacritics when the input has any
(so ``có`` ≠ ``cơ``, ``giảm`` ≠ ``giám``, ``nâng`` ≠ ``năng``), and is folded to plain letters
when the input has none (OCR text that lost them), with the cue tables folded the same way.

What counts as a target
-----------------------
A number (``850``, ``1,5`` = 1.5, ``1.000`` = 1000, a range ``12 - 13`` / ``20 - 25%`` /
``từ 20% đến 25%``) followed by a unit — ``%``, ``người/vạn dân``, ``lần``, or a counted noun from
:data:`COUNT_UNITS` (``doanh nghiệp``, ``mô hình``, ``tỷ đồng`` …) — and

* right after a cue: a verb (:data:`VERB_CUES`: ``đạt``, ``lên``, ``tăng``, ``giảm``, ``gấp``,
  ``có`` …; verbs taking an object such as ``hình thành``/``đào tạo`` only at the head of a clause)
  and/or a comparator (:data:`COMPARATOR_CUES`: ``trên`` → gt, ``tối thiểu`` → ge, ``dưới`` → lt,
  ``không quá`` → le …); or
* at the head of a clause (``100% sáng chế …``, ``Trên 70% số doanh nghiệp …``); or
* ``100%`` anywhere, or ``X%/năm`` anywhere.

A number after a bare ``từ`` that is neither a range nor followed by ``trở lên`` is a starting value
(``tăng từ 20% lên 30%``), not a target. Numbers glued to codes or dates (``ISO 9001-2008``,
``52-CT/TW``, ``30/6/2026``, ``Quý IV/2025``) and bare years never carry a unit, so they are never
targets.

How each field is filled
------------------------
* ``comparator``: ``between`` for a range, else from the comparator cue (``từ … trở lên`` and a
  trailing ``trở lên`` → ``ge``; ``trở xuống`` → ``le``), else ``eq``.
* ``target_type``:
  - ``multiple-of-baseline`` — ``tăng gấp 2 lần``, ``tăng 2 lần``, ``gấp đôi`` (unit ``times``);
  - ``annual-growth`` — ``X%/năm``, ``tăng bình quân X%``, ``tăng X% mỗi năm``;
  - ``level-each-year`` — a level target followed by ``hằng năm``/``hàng năm``/``mỗi năm``
    (or opened by ``Hằng năm, …``), and counts per year (``500 người/năm``);
  - ``change`` — **added type** for a one-off relative change: ``tăng 30%``, ``giảm 30% thời gian …``;
  - ``level`` — everything else (``đạt 850 người/vạn dân``, ``lên 40%``, ``100% …``,
    ``giảm tỷ lệ … xuống còn 2%``).
* **Decreases** (decision): a decrease is a *signed* change, not a level. ``giảm 30% thời gian xử lý``
  gives ``value=-30``, ``target_type="change"``; ``giảm bình quân 1,5%/năm`` gives
  ``value=-1.5``, ``annual-growth``. The comparator applies to the signed value, so
  ``giảm ít nhất 30%`` is ``le -30`` and a range ``giảm 20 - 25%`` is ``between -25 and -20``.
  The direction comes from the verb right before the number, or from a leading ``giảm``/``cắt giảm``
  of the clause (``Giảm tỷ lệ … bình quân 1,5%/năm``). ``giảm N lần`` is not emitted.
* ``unit_text``: the unit as printed, white space squashed — ``%``, ``%/năm``, ``người/vạn dân``,
  ``lần``, ``doanh nghiệp`` (``""`` for ``gấp đôi``). When the measured quantity is named before
  the cue, a following denominator is part of the unit: ``2% GDP`` → ``% GDP``,
  ``2% tổng chi ngân sách thành phố hằng năm`` → ``% tổng chi ngân sách thành phố`` (only phrases
  opening with a word of :data:`DENOMINATOR_HEADS`).
* ``indicator_text`` (an exact substring of the input, trimmed): the noun phrase before the cue,
  back to the previous ``;``/``:``, the previous target, or the sentence start. A ``,`` ends it when
  the piece before the comma holds a predicate (:data:`PREDICATE_WORDS`) or the piece after it
  opens a new clause (:data:`CLAUSE_OPENERS`, a time phrase), so ``trình độ cao đẳng, đại học
  trở lên`` stays whole. Leading words of :data:`LEAD_PHRASES` and time phrases (``Phấn đấu đến
  2020``, ``Năm 2025,``, ``trong đó``, ``Nâng``, ``góp phần``) are dropped, and a time phrase inside
  it (``… mục tiêu tới năm 2026 tỷ lệ bao phủ …``) starts it afresh. When nothing is left — or
  the verb takes an object (``có``, ``hình thành`` …), or a bare ``100%`` sits mid-clause — the
  indicator is the phrase *after* the number instead (``100% sáng chế/giải pháp hữu ích …``; for
  counts it starts at the counted noun: ``có ít nhất 3 doanh nghiệp công nghệ cao`` →
  ``doanh nghiệp công nghệ cao``). When both are empty (``…; đến năm 2030 đạt 80%``) the previous
  target's indicator in the sentence is reused.
* ``target_year``: a year phrase (``đến (năm) 2020``, ``vào năm 2020``, ``năm 2025``, ``tới năm``,
  ``trong năm``, ``cuối năm``) in the target's own stretch of text (after it up to the next comma
  first, then before it); otherwise the nearest one earlier in the sentence; otherwise a later one in
  the same ``;``-clause (``tỷ lệ A đạt 30%, tỷ lệ B đạt 40% vào năm 2020`` → both 2020). A new
  sentence starts afresh. ``level-each-year`` targets only take a year from their own stretch (a
  yearly floor such as ``tối thiểu 2% … hằng năm`` has no horizon). The keyword ``default_year``
  fills in when nothing else does, e.g. from a heading ``b) Đến năm 2030``.
* ``baseline_start``/``baseline_end``: ``so với giai đoạn 2011-2015`` → 2011, 2015; ``so với năm 2020``
  → 2020, 2020.
* ``start``/``end``: the span in the input of the whole phrase: indicator, cue, number, unit and the
  modifiers that were used (``trở lên``, ``hằng năm``, ``so với …``, ``vào năm …``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from plangraph.language.target_cues import (
    ABBREVIATIONS,
    AFTER_CUT,
    AMBIGUOUS_WHEN_FOLDED,
    BASELINE,
    BLOCKED_LEADS,
    CLAUSE_OPENERS,
    COMPARATOR_CUES,
    COUNT_UNITS,
    DECREASE_LEADS,
    DENOMINATOR_HEADS,
    DENOMINATOR_MAX_WORDS,
    DENOMINATOR_STOPS,
    EACH_YEAR_AFTER,
    EACH_YEAR_INSIDE,
    EACH_YEAR_LEADS,
    FILLER_CUES,
    GE_AFTER,
    LE_AFTER,
    LEAD_PHRASES,
    LEAD_TIME,
    MULTIPLE_CUE,
    MULTIPLE_WORDS,
    NOT_TARGET_YEAR_BEFORE,
    PER_10K,
    PER_YEAR_AFTER,
    PERCENT,
    PREDICATE_WORDS,
    RANGE_OPENER,
    RANGE_WORD,
    TIMES_WORD,
    TRAIL_TIME,
    TRAIL_WORDS,
    VERB_CUES,
    YEAR_MENTION,
)

# ---------------------------------------------------------------------------------------------
# Normalising.
# ---------------------------------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FLIP = {"gt": "lt", "ge": "le", "lt": "gt", "le": "ge", "eq": "eq", "between": "between"}

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUM_END = r"(?![\w/]|[.,]\d|-[^\W\d_])"
_NUMBER = re.compile(rf"(?<![\w/])(?<!\d[.,])(?:{_NUM}){_NUM_END}")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_HARD_BOUNDARY = re.compile(r"[;:\t]")
_SENTENCE_CUT = re.compile(r"[.!?](?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-•+*]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s))")
_LEAD_JUNK = re.compile(r"(?:[\s,;:.\-+*•·)]|\d+(?:\.\d+)*[.)](?=\s)|[a-zđ]\)(?=\s)|[ivx]+\.(?=\s))+")
_TRAIL_JUNK = re.compile(r"[\s,;:.…\-+*•·(]+$")


def _strip_marks(text: str) -> str:
    """Drop diacritics (``đ`` → ``d``), keep case: used on regex sources."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _lower(text: str) -> str:
    """Lower case, NFC, dashes unified: the spelling of the exact lexicon."""
    text = "".join("-" if ch in _DASHES else ch for ch in text)
    return unicodedata.normalize("NFC", text).lower()


def _fold(text: str) -> str:
    """Lower case, no diacritics, dashes unified: the spelling of the folded lexicon."""
    return _strip_marks(_lower(text))


def _has_marks(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.combining(c) for c in decomposed)


def _phrases(norm: Callable[[str], str], phrases: Iterable[str]) -> set[tuple[str, ...]]:
    return {tuple(norm(p).split()) for p in phrases}


def _keyed(norm: Callable[[str], str], table: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(norm(k).split()): v for k, v in table.items()}


def _alternation(norm: Callable[[str], str], phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, spaces matching any white space."""
    spelled = sorted({norm(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in spelled)


class _Lexicon:
    """Every table and pattern in one spelling: exact (diacritics kept) or folded."""

    def __init__(self, keep_marks: bool) -> None:
        norm = _lower if keep_marks else _fold
        src: Callable[[str], str] = (lambda s: s) if keep_marks else _strip_marks
        self.norm = norm
        self.verbs = _keyed(norm, VERB_CUES)
        self.plain_verbs = {k: v for k, v in self.verbs.items() if v != "object-head"}
        self.comparators = _keyed(norm, COMPARATOR_CUES)
        self.fillers = _keyed(norm, dict.fromkeys(FILLER_CUES, ""))
        ambiguous = set() if keep_marks else _phrases(norm, AMBIGUOUS_WHEN_FOLDED)
        self.leads = _phrases(norm, LEAD_PHRASES) - ambiguous
        self.blocked = _phrases(norm, BLOCKED_LEADS)
        self.decrease_leads = _phrases(norm, DECREASE_LEADS)
        self.each_year_leads = _phrases(norm, EACH_YEAR_LEADS)
        self.openers = _phrases(norm, CLAUSE_OPENERS)
        self.trails = _phrases(norm, TRAIL_WORDS)
        self.predicates = _phrases(norm, PREDICATE_WORDS)
        self.count_units = {" ".join(norm(k).split()): v for k, v in COUNT_UNITS.items()}
        self.times_word = norm(TIMES_WORD)
        self.times_tail = re.compile(rf"\s+(?P<u>{re.escape(self.times_word)})\b")
        self.multiple_words = {norm(k): v for k, v in MULTIPLE_WORDS.items()}
        self.percent = re.compile(src(PERCENT))
        self.per_10k = re.compile(src(PER_10K))
        self.count = re.compile(
            rf"[^\S\t]+(?P<u>{_alternation(norm, COUNT_UNITS)})(?![\w-])(?P<year>\s*/\s*{norm('năm')}\b)?"
        )
        self.multiple_word = re.compile(
            rf"(?<=\b{norm(MULTIPLE_CUE)}\s)(?P<w>{_alternation(norm, MULTIPLE_WORDS)})\b"
        )
        self.range_tail = re.compile(
            rf"(?P<pct>[ \t]?%)?(?:\s*-\s*|\s+{norm(RANGE_WORD)}\s+)(?P<b>{_NUM}){_NUM_END}"
        )
        self.range_word = norm(RANGE_WORD)
        self.range_opener = re.compile(src(RANGE_OPENER))
        self.denominator_head = re.compile(rf"\s*(?:{_alternation(norm, DENOMINATOR_HEADS)})\b")
        self.denominator_stop = re.compile(rf"[,;:.()\n]|\d|\b(?:{_alternation(norm, DENOMINATOR_STOPS)})\b")
        self.year_mention = re.compile(src(YEAR_MENTION))
        self.not_target_year_before = re.compile(src(NOT_TARGET_YEAR_BEFORE))
        self.baseline = re.compile(src(BASELINE))
        self.lead_time = re.compile(src(LEAD_TIME))
        self.trail_time = re.compile(src(TRAIL_TIME))
        self.after_cut = re.compile(src(AFTER_CUT))
        self.ge_after = re.compile(src(GE_AFTER))
        self.le_after = re.compile(src(LE_AFTER))
        self.each_year_after = re.compile(src(EACH_YEAR_AFTER))
        self.each_year_inside = re.compile(src(EACH_YEAR_INSIDE))
        self.per_year_after = re.compile(src(PER_YEAR_AFTER))


_EXACT = _Lexicon(keep_marks=True)
_FOLDED = _Lexicon(keep_marks=False)


@dataclass(frozen=True)
class Target:
    """One numeric target read from an objective sentence."""

    indicator_text: str  # the measured quantity as printed, trimmed
    value: Decimal | None  # single value
    min_value: Decimal | None  # for ranges "12 - 13", "20 - 25%"
    max_value: Decimal | None
    unit: str  # "percent" | "per-10k-inhabitants" | "times" | "person" | "enterprise" | ""
    unit_text: str  # the unit as printed: "người/vạn dân", "%/năm", "% GDP", "lần"
    comparator: str  # "eq" | "gt" | "ge" | "lt" | "le" | "between"
    target_type: str  # "level" | "level-each-year" | "annual-growth" | "multiple-of-baseline" | "change"
    target_year: int | None
    baseline_start: int | None
    baseline_end: int | None
    start: int  # span in the input of the whole phrase the target was read from
    end: int


# ---------------------------------------------------------------------------------------------
# Internal records.
# ---------------------------------------------------------------------------------------------


class _Doc:
    """The input, its normalised copy ``norm``, and the map from ``norm`` positions to input positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = _EXACT if _has_marks(text) else _FOLDED
        chars: list[str] = []
        self.origin: list[int] = []
        i = 0
        while i < len(text):
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            for ch in self.lex.norm(text[i:j]):
                chars.append(ch)
                self.origin.append(i)
            i = j
        self.norm = "".join(chars)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Input span of the normalised span [start, end)."""
        if end <= start:
            pos = self.origin[start] if start < len(self.origin) else len(self.text)
            return pos, pos
        first, last = self.origin[start], self.origin[end - 1] + 1
        while last < len(self.text) and unicodedata.combining(self.text[last]):
            last += 1
        return first, last

    def printed(self, start: int, end: int) -> str:
        first, last = self.span(start, end)
        return self.text[first:last]

    def words(self, start: int, end: int) -> list[re.Match[str]]:
        return list(_WORD.finditer(self.norm, start, end))


@dataclass(frozen=True)
class _Quantity:
    num_start: int
    num_end: int
    low: Decimal
    high: Decimal
    is_range: bool
    unit: str  # concept key; "times?" for a bare "lần", decided once the verb is known
    unit_start: int
    unit_end: int
    per_year: bool  # "/năm" glued to the unit
    percent: bool
    counted: bool  # a counted noun: an indicator after the number starts at the unit


@dataclass(frozen=True)
class _Cue:
    start: int  # where the cue words start (the number start when there are none)
    verb: str | None
    comparator: str | None
    clause_initial: bool


@dataclass
class _Draft:
    """A quantity accepted as a target, filled in step by step."""

    q: _Quantity
    cue: _Cue
    start: int = 0
    end: int = 0
    unit_end: int = 0
    indicator: tuple[int, int] = (0, 0)
    comparator: str = "eq"
    target_type: str = "level"
    decrease: bool = False
    each_year: bool = False
    own_year: int | None = None
    baseline: tuple[int | None, int | None] = (None, None)
    flags: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------------------------
# Numbers and units.
# ---------------------------------------------------------------------------------------------


def _decimal(raw: str) -> Decimal:
    if _THOUSANDS.fullmatch(raw):
        return Decimal(raw.replace(".", "").replace(",", "."))
    return Decimal(raw.replace(",", "."))


_Unit = tuple[str, int, int, bool, bool, bool]  # key, start, end, per year, percent, counted


def _unit_at(doc: _Doc, pos: int, end: int) -> _Unit | None:
    """The unit starting at *pos*, if any."""
    lex, text = doc.lex, doc.norm
    m = lex.percent.match(text, pos, end)
    if m:
        return "percent", m.start() + m.group().index("%"), m.end(), bool(m.group("year")), True, False
    m = lex.per_10k.match(text, pos, end)
    if m:
        return "per-10k-inhabitants", m.start("u"), m.end("u"), False, False, False
    m = lex.count.match(text, pos, end)
    if m and not _title_case(doc.printed(m.start("u"), m.end("u"))):
        word = " ".join(m.group("u").split())
        key = "times?" if word == lex.times_word else lex.count_units[word]
        return key, m.start("u"), m.end(), bool(m.group("year")), False, True
    return None


def _title_case(printed: str) -> bool:
    """Title case after a number ("7 Tổ chức …") starts a new item; "tổ chức", "USD" are units."""
    return printed[:1].isupper() and not printed.isupper()


def _range_at(doc: _Doc, first: re.Match[str], end: int) -> tuple[re.Match[str], bool] | None:
    """The second number of a range after *first*, and whether "%" was printed after both."""
    tail = doc.lex.range_tail.match(doc.norm, first.end(), end)
    if not tail:
        return None
    if doc.lex.range_word in doc.norm[first.end() : tail.start("b")]:
        opened = doc.lex.range_opener.search(doc.norm, max(0, first.start() - 10), first.start())
        if not (tail.group("pct") or opened):
            return None
    if _decimal(tail.group("b")) < _decimal(first.group()):
        return None
    return tail, bool(tail.group("pct"))


def _quantity_at(doc: _Doc, first: re.Match[str], end: int) -> _Quantity | None:
    """A number (or range) with its unit, or ``None`` when no unit follows."""
    ranged = _range_at(doc, first, end)
    if ranged:
        tail, pct_both = ranged
        unit = _unit_at(doc, tail.end("b"), end)
        if unit and (unit[4] or not pct_both):
            low, high = _decimal(first.group()), _decimal(tail.group("b"))
            return _Quantity(first.start(), tail.end("b"), low, high, True, *unit)
    unit = _unit_at(doc, first.end(), end)
    if not unit:
        return None
    value = _decimal(first.group())
    return _Quantity(first.start(), first.end(), value, value, False, *unit)


def _multiple_words(doc: _Doc, start: int, end: int) -> list[_Quantity]:
    """``gấp đôi`` and the like: a number written as a word, always a multiple."""
    found = []
    for m in doc.lex.multiple_word.finditer(doc.norm, start, end):
        tail = doc.lex.times_tail.match(doc.norm, m.end(), end)
        unit_start, unit_end = (tail.start("u"), tail.end("u")) if tail else (m.end(), m.end())
        value = Decimal(doc.lex.multiple_words[m.group("w")])
        found.append(_Quantity(m.start(), m.end(), value, value, False, "times", unit_start, unit_end,
                               False, False, False))
    return found


def _quantities(doc: _Doc, start: int, end: int) -> list[_Quantity]:
    """Every number-with-unit in the normalised span [start, end), left to right."""
    found = _multiple_words(doc, start, end)
    pos = start
    while m := _NUMBER.search(doc.norm, pos, end):
        q = _quantity_at(doc, m, end)
        if q:
            found.append(q)
        pos = q.unit_end if q else m.end()
    return sorted(found, key=lambda q: q.num_start)


# ---------------------------------------------------------------------------------------------
# Words, cues and clause boundaries.
# ---------------------------------------------------------------------------------------------


def _phrase(words: list[re.Match[str]], start: int, end: int) -> tuple[str, ...]:
    return tuple(w.group() for w in words[start:end])


def _suffix(words: list[re.Match[str]], upto: int, table: Container[tuple[str, ...]]) -> int:
    """Length of the longest phrase of *table* that ends at word index *upto* (0 if none)."""
    return max((n for n in range(1, min(4, upto) + 1) if _phrase(words, upto - n, upto) in table), default=0)


def _prefix(words: list[re.Match[str]], at: int, table: Container[tuple[str, ...]]) -> int:
    """Length of the longest phrase of *table* that starts at word index *at* (0 if none)."""
    most = min(4, len(words) - at)
    return max((n for n in range(1, most + 1) if _phrase(words, at, at + n) in table), default=0)


def _peel_cue(
    lex: _Lexicon, words: list[re.Match[str]], verbs: dict[tuple[str, ...], str]
) -> tuple[int, str | None, str | None]:
    """Peel verb, comparator and filler phrases off the end of *words* (each at most once)."""
    upto, verb, comparator = len(words), None, None
    tables = {"verb": verbs, "cmp": lex.comparators, "fill": lex.fillers}
    while tables:
        lengths = {name: _suffix(words, upto, table) for name, table in tables.items()}
        name = max(lengths, key=lambda n: lengths[n])
        if lengths[name] == 0:
            break
        phrase = _phrase(words, upto - lengths[name], upto)
        if name == "verb":
            verb = verbs[phrase]
        elif name == "cmp":
            comparator = lex.comparators[phrase]
        upto -= lengths[name]
        del tables[name]
    return upto, verb, comparator


def _clause_start(doc: _Doc, floor: int, pos: int, soft: bool) -> int:
    """Start of the clause holding *pos*: after the last ";" / ":" (and "," when *soft*)."""
    last = floor
    for m in re.finditer(r"[;:,\t]" if soft else r"[;:\t]", doc.norm[floor:pos]):
        last = floor + m.end()
    return last


def _clause_end(doc: _Doc, pos: int, sentence_end: int) -> int:
    m = _HARD_BOUNDARY.search(doc.norm, pos, sentence_end)
    return m.start() if m else sentence_end


def _read_cue(doc: _Doc, q: _Quantity, floor: int) -> _Cue:
    """The cue words right before *q*; a verb of kind "object-head" counts only at a clause head."""
    start = _clause_start(doc, floor, q.num_start, soft=True)
    words = doc.words(start, q.num_start)
    for verbs in (doc.lex.verbs, doc.lex.plain_verbs):
        upto, verb, comparator = _peel_cue(doc.lex, words, verbs)
        cue_start = words[upto].start() if upto < len(words) else q.num_start
        initial = _strip_front(doc, start, cue_start)[0] >= cue_start
        if verb != "object-head" or initial:
            break
    return _Cue(cue_start, "object" if verb == "object-head" else verb, comparator, initial)


def _is_target(q: _Quantity, cue: _Cue) -> bool:
    if q.unit == "times?":
        if cue.verb == "down":
            return False
        return cue.verb is not None or cue.comparator is not None
    if cue.verb or cue.comparator or cue.clause_initial:
        return True
    return q.percent and (q.per_year or q.high == 100)


# ---------------------------------------------------------------------------------------------
# Indicator text.
# ---------------------------------------------------------------------------------------------


def _strip_front(doc: _Doc, start: int, end: int) -> tuple[int, set[str]]:
    """Skip punctuation, enumerators, time phrases and lead words; return the new start and flags."""
    lex, flags = doc.lex, set()
    while start < end:
        m = _LEAD_JUNK.match(doc.norm, start, end) or lex.lead_time.match(doc.norm, start, end)
        if m:
            start = m.end()
            continue
        words = doc.words(start, end)
        if not words or words[0].start() != start or _prefix(words, 0, lex.blocked):
            break
        length = _prefix(words, 0, lex.leads)
        if not length:
            break
        phrase = _phrase(words, 0, length)
        flags |= {"decrease"} if phrase in lex.decrease_leads else set()
        flags |= {"each-year"} if phrase in lex.each_year_leads else set()
        start = words[length - 1].end()
    return start, flags


def _strip_back(doc: _Doc, start: int, end: int) -> int:
    lex = doc.lex
    while end > start:
        m = _TRAIL_JUNK.search(doc.norm, start, end) or lex.trail_time.search(doc.norm, start, end)
        if m and m.start() < end:
            end = m.start()
            continue
        words = doc.words(start, end)
        if not words or words[-1].end() != end:
            break
        length = _suffix(words, len(words), lex.trails)
        if not length:
            break
        end = words[-length].start()
    return end


def _opens_clause(doc: _Doc, start: int, end: int) -> bool:
    """Does the ","-piece [start, end) open a clause of its own (a time phrase or an opener)?"""
    first = _LEAD_JUNK.match(doc.norm, start, end)
    start = first.end() if first else start
    words = doc.words(start, end)
    return bool(doc.lex.lead_time.match(doc.norm, start, end) or (words and _prefix(words, 0, doc.lex.openers)))


def _comma_start(doc: _Doc, start: int, end: int) -> int:
    """Walk back over ","-pieces before *end* while they belong to the same noun phrase."""
    commas = [start + m.start() for m in re.finditer(",", doc.norm[start:end])]
    pieces = list(zip([start] + [c + 1 for c in commas], commas + [end], strict=True))
    begin = pieces[-1][0]
    for i in range(len(pieces) - 1, -1, -1):
        begin = pieces[i][0]
        if i == 0 or _opens_clause(doc, *pieces[i]):
            break
        words = doc.words(*pieces[i - 1])
        if any(_suffix(words, k, doc.lex.predicates) for k in range(1, len(words) + 1)):
            break
    return begin


def _after_time_phrase(doc: _Doc, start: int, end: int) -> int:
    """Restart after the last time phrase inside [start, end) when something follows it."""
    for m in reversed(list(doc.lex.year_mention.finditer(doc.norm, start, end))):
        following, _ = _strip_front(doc, m.end(), end)
        if _strip_back(doc, following, end) > following:
            return m.end()
    return start


def _before_indicator(doc: _Doc, floor: int, cue_start: int) -> tuple[int, int, set[str]]:
    start, flags = _strip_front(doc, _comma_start(doc, floor, cue_start), cue_start)
    start, more = _strip_front(doc, _after_time_phrase(doc, start, cue_start), cue_start)
    return start, _strip_back(doc, start, cue_start), flags | more


def _after_indicator(doc: _Doc, q: _Quantity, limit: int) -> tuple[int, int]:
    start = q.unit_start if q.counted and q.unit != "times?" else q.unit_end
    end = limit
    cut = doc.lex.after_cut.search(doc.norm, start, limit)
    end = cut.start() if cut else end
    for m in re.finditer(",", doc.norm[start:end]):
        if _opens_clause(doc, start + m.end(), end):
            end = start + m.start()
            break
    start, _ = _strip_front(doc, start, end)
    return start, _strip_back(doc, start, end)


def _denominator_end(doc: _Doc, pos: int, limit: int) -> int:
    """End of a denominator phrase ("GDP", "tổng chi ngân sách thành phố") after "%", or *pos*."""
    if not doc.lex.denominator_head.match(doc.norm, pos, limit):
        return pos
    stop = doc.lex.denominator_stop.search(doc.norm, pos + 1, limit)
    words = doc.words(pos, stop.start() if stop else limit)[:DENOMINATOR_MAX_WORDS]
    return words[-1].end() if words else pos


# ---------------------------------------------------------------------------------------------
# Modifiers after the number, type, comparator, years.
# ---------------------------------------------------------------------------------------------


def _comma_or(text: str, pos: int, limit: int) -> int:
    i = text.find(",", pos, limit)
    return i if i >= 0 else limit


def _is_target_year(doc: _Doc, m: re.Match[str]) -> bool:
    before = doc.norm[max(0, m.start() - 20) : m.start()]
    return 1945 <= int(m.group("y")) <= 2100 and not doc.lex.not_target_year_before.search(before)


def _apply_after(doc: _Doc, d: _Draft, limit: int) -> None:
    """Read "trở lên", "mỗi năm", "hằng năm", "so với …" and a trailing year in [unit end, limit)."""
    lex, text, pos = doc.lex, doc.norm, d.unit_end
    near = min(limit, _comma_or(text, pos, limit))
    for pattern, comparator in ((lex.ge_after, "ge"), (lex.le_after, "le")):
        m = pattern.match(text, pos, limit)
        if m and not d.q.is_range:
            d.comparator, d.end = comparator, max(d.end, m.end())
    m = lex.per_year_after.match(text, pos, limit) or lex.each_year_after.match(text, pos, near)
    if not m and d.indicator[0] >= pos:  # the indicator follows the number: look at its end
        m = lex.each_year_after.match(text, d.indicator[1], near)
    if m:
        d.each_year, d.end = True, max(d.end, m.end())
    m = lex.baseline.search(text, pos, near)
    if m:
        low = int(m.group("a"))
        d.baseline, d.end = (low, int(m.group("b") or low)), max(d.end, m.end())
    m = next((y for y in lex.year_mention.finditer(text, pos, near) if _is_target_year(doc, y)), None)
    if m:
        d.own_year, d.end = int(m.group("y")), max(d.end, m.end())


def _classify(d: _Draft) -> None:
    """Set target type, direction and comparator from the cue and the modifiers read so far."""
    verb, q = d.cue.verb, d.q
    d.each_year = d.each_year or "each-year" in d.flags
    if (verb in ("multiple", "up") and q.unit == "times?") or q.unit == "times":
        d.target_type = "multiple-of-baseline"
    elif verb in ("avg", "avg-up", "avg-down") or (q.percent and q.per_year) or (
        q.percent and verb in ("up", "down") and d.each_year
    ):
        d.target_type = "annual-growth"
        lead_down = verb in ("avg", "level", None) and "decrease" in d.flags
        d.decrease = verb in ("down", "avg-down") or lead_down
    elif verb in ("up", "down"):
        d.target_type, d.decrease = "change", verb == "down"
    elif d.each_year or q.per_year:
        d.target_type = "level-each-year"
    if d.cue.comparator not in (None, "from") and d.comparator == "eq":
        d.comparator = d.cue.comparator
    if q.is_range:
        d.comparator = "between"


def _values(d: _Draft) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    low, high = d.q.low, d.q.high
    if d.decrease:
        low, high = -high, -low
    if d.q.is_range:
        return None, low, high
    return low, None, None


# ---------------------------------------------------------------------------------------------
# Sentences and the driver.
# ---------------------------------------------------------------------------------------------


def _sentence_cut(doc: _Doc, m: re.Match[str]) -> bool:
    """Does this ".", "!", "?", blank line or bullet line end a sentence?"""
    if m.group() not in (".", "!", "?"):
        return True
    nxt = re.compile(r"\S").search(doc.norm, m.end())
    if nxt is None:
        return False
    ch = doc.text[doc.origin[nxt.start()]]
    before = re.search(r"(\S+)$", doc.norm[max(0, m.start() - 12) : m.start()])
    token = before.group(1) if before else ""
    return (ch.isupper() or ch.isdigit() or ch in "-–•+*(") and token not in ABBREVIATIONS


def _table_line_breaks(text: str) -> list[int]:
    """Starts of lines that are, or follow, a tab-separated table row."""
    lines = text.split("\n")
    cuts, offset = [], 0
    for line, following in zip(lines, lines[1:], strict=False):
        offset += len(line) + 1
        if "\t" in line or "\t" in following:
            cuts.append(offset)
    return cuts


def _sentences(doc: _Doc) -> list[tuple[int, int]]:
    """Sentence spans: cut at ". X", blank lines, bullet lines, and around every line of a table (tabs)."""
    cuts = [0] + [m.end() for m in _SENTENCE_CUT.finditer(doc.norm) if _sentence_cut(doc, m)]
    cuts = sorted(set(cuts + _table_line_breaks(doc.norm)))
    cuts.append(len(doc.norm))
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if doc.norm[a:b].strip()]


def _drafts(doc: _Doc, start: int, end: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    floor = start
    for q in _quantities(doc, start, end):
        cue = _read_cue(doc, q, _clause_start(doc, floor, q.num_start, soft=False))
        floor = q.unit_end
        if _is_target(q, cue):
            drafts.append(_Draft(q, cue))
    return drafts


def _fill(doc: _Doc, d: _Draft, floor: int, limit: int, sentence_end: int, dropped: list[int]) -> bool:
    """Indicator, unit end, modifiers and type of one draft; ``False`` when it is no target after all.

    *dropped* holds the cue starts of starting values ("từ 20%") met so far: an indicator ends there.
    """
    q, cue = d.q, d.cue
    clause_floor = max(floor, _clause_start(doc, floor, cue.start, soft=False))
    b_start, b_end, d.flags = _before_indicator(doc, clause_floor, cue.start)
    for cut in dropped:
        if b_start <= cut < b_end:
            b_end = _strip_back(doc, b_start, cut)
    if doc.lex.each_year_inside.search(doc.norm, b_end, cue.start):
        d.flags.add("each-year")
    bare = cue.verb is None and cue.comparator is None and not cue.clause_initial
    post_limit = min(limit, _clause_end(doc, q.unit_end, sentence_end))
    d.unit_end, d.indicator = q.unit_end, (b_start, b_end)
    if cue.verb == "object" or b_end <= b_start or bare:
        a_start, a_end = _after_indicator(doc, q, post_limit)
        if a_end > a_start or b_end <= b_start:
            d.indicator = (a_start, a_end)
    if d.indicator == (b_start, b_end) and b_end > b_start and q.percent and not q.per_year:
        d.unit_end = _denominator_end(doc, q.unit_end, post_limit)
    d.end = max(d.unit_end, d.indicator[1]) if d.indicator[1] > d.indicator[0] else d.unit_end
    _apply_after(doc, d, post_limit)
    if cue.comparator == "from" and d.comparator == "eq" and not q.is_range:
        return False
    _classify(d)
    has_indicator = d.indicator[1] > d.indicator[0]
    d.start = min(cue.start, q.num_start, d.indicator[0] if has_indicator else cue.start)
    return True


def _year_for(d: _Draft, mentions: list[tuple[int, int]], clause_end: int, floor: int) -> int | None:
    """Own year (after, then before), else nearest earlier in the sentence, else later in the clause."""
    if d.own_year is not None:
        return d.own_year
    own = [y for pos, y in mentions if floor <= pos < d.cue.start]
    if own:
        return own[-1]
    if d.target_type == "level-each-year":
        return None
    earlier = [y for pos, y in mentions if pos < floor]
    if earlier:
        return earlier[-1]
    later = [y for pos, y in mentions if d.end <= pos < clause_end]
    return later[0] if later else None


def _targets_in(doc: _Doc, start: int, end: int, default_year: int | None) -> list[Target]:
    mentions = [(m.start(), int(m.group("y"))) for m in doc.lex.year_mention.finditer(doc.norm, start, end)
                if _is_target_year(doc, m)]
    drafts = _drafts(doc, start, end)
    kept: list[tuple[_Draft, int]] = []
    dropped: list[int] = []
    floor = start
    for i, d in enumerate(drafts):
        limit = drafts[i + 1].cue.start if i + 1 < len(drafts) else end
        if not _fill(doc, d, floor, limit, end, dropped):
            dropped.append(d.cue.start)
            continue
        if d.indicator[1] <= d.indicator[0] and kept:
            d.indicator = kept[-1][0].indicator
        kept.append((d, floor))
        floor = max(d.end, d.q.unit_end)
    targets = []
    for d, floor in kept:
        year = _year_for(d, mentions, _clause_end(doc, d.end, end), floor)
        if year is None and d.target_type != "level-each-year":
            year = default_year
        targets.append(_target(doc, d, year))
    return targets


def _target(doc: _Doc, d: _Draft, year: int | None) -> Target:
    value, low, high = _values(d)
    unit = {"times?": "times" if d.target_type == "multiple-of-baseline" else ""}.get(d.q.unit, d.q.unit)
    start, end = doc.span(d.start, d.end)
    return Target(
        indicator_text=doc.printed(*d.indicator).strip(),
        value=value,
        min_value=low,
        max_value=high,
        unit=unit,
        unit_text=" ".join(doc.printed(d.q.unit_start, d.unit_end).split()),
        comparator=_FLIP[d.comparator] if d.decrease else d.comparator,
        target_type=d.target_type,
        target_year=year,
        baseline_start=d.baseline[0],
        baseline_end=d.baseline[1],
        start=start,
        end=end,
    )


def extract_targets(text: str, *, default_year: int | None = None) -> list[Target]:
    """Every numeric target in *text* (one or more objective sentences), in reading order.

    >>> [(t.value, t.unit, t.target_year) for t in extract_targets("Đến năm 2020 tỷ lệ X đạt 40%.")]
    [(Decimal('40'), 'percent', 2020)]
    """
    doc = _Doc(text)
    targets: list[Target] = []
    for start, end in _sentences(doc):
        targets.extend(_targets_in(doc, start, end, default_year))
    return targets
