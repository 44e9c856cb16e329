"""Legal relations and dates in force, each from the clause that states it.

A clause states a relation when a verb of :mod:`plangraph.language.relation_cues` joins the text that acts and the
text acted on:

* the document acts when the verb opens the clause, its title or a sentence whose subject is the document
  (``Bãi bỏ Quyết định số …``, ``Nghị định này quy định chi tiết … Luật …``, ``Kể từ ngày Thông tư này có hiệu lực,
  bãi bỏ …``, a title ``Thực hiện Nghị quyết số 57-NQ/TW …``);
* an instrument it names acts when the verb follows its mention (its title: ``Nghị định số 21/2024/NĐ-CP … của
  Chính phủ sửa đổi, bổ sung một số điều của Nghị định số …``), or is acted on when a passive verb follows it
  (``Luật … số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15``);
* a passage introducing a list (``Bãi bỏ các Quyết định sau:``) gives its verb to each text listed after it.

The text acted on is the instrument named right after the verb (a few words may name its parts: ``khoản 2 Điều 5
của``) and those listed with it. Dates: ``<X> này có hiệu lực (thi hành) từ ngày …`` for the document, a listed
instrument's ``…, có hiệu lực thi hành kể từ ngày …``, and ``… hết hiệu lực kể từ ngày …`` for the texts named before
it. A mention with no such verb stays a citation: nothing here is inferred from a bare mention. Text quoted from
another document (“…”) states nothing of this one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from plangraph.ingest.blocks import Run
from plangraph.ingest.records import CitationMention, Located, Relation
from plangraph.ingest.understand.citations import parse_date
from plangraph.ingest.understand.locate import Locator
from plangraph.language import relation_cues as cues
from plangraph.language.folding import fold, fold_aligned
from plangraph.ontology.concepts import scheme

# Where a run is read from: what may speak for the document there.
TITLE, PREAMBLE, BODY, PLAN, OPENING, SECTION, NOTE = "title", "preamble", "body", "plan", "opening", "section", "note"
ATTACHED = "attached"  # the body of a text issued with the document: its "<X> này" may be another text than it
PURPOSE = "purpose"  # a plan's "MỤC ĐÍCH, YÊU CẦU": what it is issued to carry out
TASK = "task"  # a task's text: what it carries out is read by the task readers (eli:applies); "<X> này …" still
# speaks for the document (a plan's closing sentence read into its last duty)
# Where "Thực hiện X" states the document's own purpose.
_CARRY_OUT_CONTEXTS = frozenset({TITLE, PREAMBLE, PLAN, OPENING, PURPOSE})
_IN_FORCE_CONTEXTS = frozenset({BODY, SECTION, OPENING})

OBJECT_GAP = 120  # characters between a verb and the text it acts on (its parts: "khoản 2 Điều 5 của")
GUIDES_GAP = 60  # the same for guidance, whose object follows closely ("quy định chi tiết một số điều của")
BARE_ADDITION_GAP = 40  # … for a bare "bổ sung" said by the document ("Bổ sung Điều 5a vào Thông tư số …")
PLACED_GAP = 260  # … when what is acted on is described first, then placed ("… quy định tại Điều 1 của")
# "… theo (quy định tại) (Điều 5) (của)" right before a text: it is referred to, not acted on ("kèm theo" attaches).
_REFERENCE = re.compile(r"(?<!kem )\btheo(?:\s+(?:quy dinh|huong dan))?(?:\s+tai)?\s+(?:(?:dieu|khoan|diem)\s+\S+\s+)*"
                        r"(?:cua\s+)?$")
_PLACED = re.compile(r"\bquy dinh tai\s+(?:(?:dieu|khoan|diem)\s+\S+\s+)*(?:cua\s+)?$")
TITLE_GAP = 260  # characters of a listed text's title before the next one ("…, Thông tư số …")
PASSIVE_GAP = 250  # characters of title between a text and the passive verb said of it
AGENT_GAP = 60  # characters between a passive verb and the text that acts ("quy định tại khoản 16 Điều 1 của")

_MASK = "\x01"  # a citation's characters in the masked text
_QUOTE = "\x02"  # quoted text
_DATE = r"\d{1,2}\s*(?:[/.-]|\s+thang\s+)\s*\d{1,2}\s*(?:[/.-]|\s+nam\s+)\s*(?:19|20)\d{2}(?!\d)"
# Numbering before a clause: bullets, "Điều 2.", "II.", "1.2.", "a)", and a footnote's bare number ("1 Văn bản này …").
_MARKER = re.compile(r"^[\s\-–+•*.]*(?:\d{1,3}\s+(?=[a-z]))?"
                     r"(?:(?:dieu\s+\d+[a-z]?|[ivxlc]+|\d+(?:\.\d+)*|[a-z])\s*[.):]\s*)?")
# Between two texts of a list: a comma, "và"; in a list of texts acted on also the name of a law cited as
# "Luật <name> số …" (the texts that act are cited "Luật số …": a name there starts the next text acted on).
_SEPARATOR = re.compile(r"^[\s,;]*(?:(?:va|hoac)\s+)?(?:cac\s+)?$")
_NAMED_LAW = re.compile(r"^[\s,;]*(?:(?:va|hoac)\s+)?(?:cac\s+)?(?:bo\s+)?luat\s+"
                        r"(?:[^\s,;\x01\x02]+\s+){0,10}?(?:so\s+)?$")
_ITEM_MARK = re.compile(r"\s*(?:[-–+•*]|\d{1,3}[.)]|[a-z][.)])\s")  # a list item's numbering or bullet
_NUMBER = re.compile(r"\d+[a-z]?|\b(?!va\b)[a-z]\b")
_UNIT = re.compile(r"\b(dieu|khoan|diem)\s+((?:\d+[a-z]?|[a-z])(?:\s*(?:,|va)\s*(?:\d+[a-z]?)(?![\w/]))*)(?![\w/])")


def _phrase(words: str) -> str:
    """A wording as a pattern over folded text: words apart by white space, a comma as printed or left out.

    >>> bool(re.fullmatch(_phrase("sửa đổi, bổ sung"), "sua doi bo sung"))
    True
    """
    groups = [group.split() for group in fold(words).split(",")]
    return r"\s*,?\s*".join(r"\s+".join(map(re.escape, group)) for group in groups if group)


def _key(words: str) -> str:
    """A wording folded, without commas, one space between words: how a match is looked up in its table."""
    return " ".join(fold(words).replace(",", " ").split())


def _alternatives(wordings: object) -> str:
    return "|".join(_phrase(w) for w in sorted(wordings, key=len, reverse=True))  # type: ignore[arg-type]


# Where a clause ends: a colon, a semicolon (not inside a title), a period after a word, a parenthesis, a masked
# citation or a year. The period comes first and the look-behind after it, so the engine tries only where one of
# the three characters is.
_SENTENCE_END = r"\.(?:(?<=[a-z)\x01]{3}\.)|(?<=\d{4}\.))(?=\s|$)"
_CUTS = re.compile(rf";|:|{_SENTENCE_END}")
_TITLE_CUTS = re.compile(rf":|{_SENTENCE_END}")


@cache
def _cue_pattern() -> re.Pattern[str]:
    """One pattern for every cue, longest first at each position; a passive cue before the active verb in it."""
    passive = (rf"(?P<passive>(?:{_alternatives(cues.PASSIVE_MARKERS)})\s+"
               rf"(?P<pverb>{_alternatives(cues.PASSIVE_VERBS)})"
               rf"(?:\s+(?:{_alternatives(cues.PASSIVE_OBJECTS)}))?\s+(?:{_alternatives(cues.AGENT_WORDS)}))\b")
    in_force = (rf"(?P<inforce>(?:{_alternatives(cues.IN_FORCE)})\s*,?\s*(?:{_alternatives(cues.FROM_DAY)})\s+"
                rf"(?P<when>{_DATE}|ngay\s+{_DATE}|(?:{_alternatives(cues.SIGNING_DAYS)})\b))")
    no_longer = (rf"(?P<nolonger>(?:{_alternatives(cues.NO_LONGER_IN_FORCE)})\b"
                 rf"(?:\s*,?\s*(?:{_alternatives(cues.FROM_DAY)})\s+(?P<until>{_DATE}|(?:[a-z]+\s+){{1,4}}nay\s+co\s+hieu\s+luc(?:\s+thi\s+hanh)?))?)")
    active = rf"(?P<active>{_alternatives(cues.ACTIVE_VERBS)})\b"
    return re.compile(rf"\b(?:{passive}|{in_force}|{no_longer}|{active})")


@cache
def _types() -> str:
    """The document type words, folded, as a pattern ("quyet dinh", "thong tu", …, "van ban")."""
    labels = {fold(c.label_vi) for c in scheme("doctype").values()} | {"van ban", "van ban hop nhat"}
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


@cache
def _self_prefix(carry_out: bool) -> re.Pattern[str]:
    """What may stand before a verb whose subject is the document (the clause's numbering taken off)."""
    types = _types()
    own = rf"(?:{types})\s+nay"
    options = [
        "",
        rf"(?:{_alternatives(cues.OPENERS)})",
        own,
        rf"{own}\s+(?:duoc\s+ban\s+hanh\s+(?:de|nham)\s+)?",
        rf"{own}\s+co\s+hieu\s+luc[^;]*?(?:,|\bva)",
        rf"(?:ke\s+)?tu\s+ngay\s+{own}\s+co\s+hieu\s+luc(?:\s+thi\s+hanh)?\s*,?",
    ]
    if carry_out:
        issuing = rf"(?:{_alternatives(cues.ISSUING_VERBS)})(?:\s+{own})?"
        noun = rf"(?:{_alternatives(cues.PLAN_NOUNS)})(?:\s+cua\s+[^,;{_MASK}]{{1,60}}?)?"
        options.append(rf"(?:(?:{_alternatives(cues.OPENERS)})\s+)?(?:{issuing}\s+)?(?:{noun})?")
    return re.compile(rf"^(?:{'|'.join(options)})\s*$")


@cache
def _subject_gap(carry_out: bool) -> re.Pattern[str]:
    """What may stand between an instrument's mention and the verb said of it (its issuer, ``về việc``)."""
    issuer = rf"(?:(?:cua|do)\s+(?:[^\s,;{_MASK}{_QUOTE}]+\s+){{1,8}}?)?"
    plan = (rf"(?:(?:{_alternatives(cues.ISSUING_VERBS)})\s+)?(?:(?:{_alternatives(cues.PLAN_NOUNS)})\s+)?"
            if carry_out else "")
    aside = r"(?:\([^()]{0,60}\)\s*)?"  # "(nay là tỉnh Đồng Tháp)", "(cũ)"
    return re.compile(rf"[\s,]*{issuer}{aside}(?:ve(?:\s+viec)?\s+)?{plan}$")  # matched from the mention's end


@cache
def _carry_out_gap() -> re.Pattern[str]:
    """What may stand between a verb of carrying out and the text carried out: a few adverbs, nothing else."""
    return re.compile(rf"^[\s,]*(?:(?:{_alternatives(cues.CARRY_OUT_ADVERBS)})(?:\s*,\s*|\s+va\s+|\s+))*$")


@cache
def _typed_separator() -> re.Pattern[str]:
    """A list's separator before a type word printed in lower case ("… và quyết định số 06/2020/QĐ-UBND")."""
    return re.compile(rf"^[\s,;]*(?:(?:va|hoac)\s+)?(?:cac\s+)?(?:{_types()})\s*$")


@cache
def _not_done() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternatives(cues.NOT_DONE)})\s*,?\s*$")


@cache
def _list_intro() -> re.Pattern[str]:
    return re.compile(rf"(?<!nhu )\b(?:{_alternatives(cues.LIST_ENDINGS)})\s*:?\s*$")


@cache
def _item_head() -> re.Pattern[str]:
    """What may open a clause before the text it is about: "Các", "Toàn bộ", a law's name ("Luật Đầu tư số")."""
    law = r"(?:(?:bo\s+)?luat(?:\s+\S+){0,10}?(?:\s+so)?)?"
    return re.compile(rf"^(?:(?:{_alternatives(cues.ITEM_OPENERS)})\s+)?{law}$")


@dataclass(frozen=True)
class _Cue:
    voice: str  # "active", "passive", "in-force", "no-longer"
    kind: str
    start: int
    end: int
    date: dt.date | None = None
    date_rule: str = ""
    wording_end: int = 0  # where the wording ends when a date follows it in the cue


@dataclass(frozen=True)
class _Pending:
    """A list's introduction: its verb applies to each text listed after it."""

    kind: str
    wording: str
    cue: Located
    date: dt.date | None = None
    date_rule: str = ""
    partial: bool = False
    acted_on: CitationMention | None = None  # a passive introduction's text acted on ("X … được sửa đổi bởi:")
    consolidated: bool = False  # a consolidated text's own list: it consolidates each text listed too


@dataclass
class _Clause:
    start: int
    end: int
    colon: bool
    cites: list[CitationMention]


class RelationReader:
    """Reads the relations of consecutive runs of one part of a document (a list's introduction carries over to
    the runs that list its texts). *doc_type* is the document's type: what ``<X> này`` may call it."""

    def __init__(self, locate: Locator, doc_type: str) -> None:
        self.locate = locate
        self.doc_type = doc_type
        self.consolidated = doc_type == "van-ban-hop-nhat"  # its body speaks for the texts it consolidates
        self.pending: _Pending | None = None

    def reset(self) -> None:
        self.pending = None

    # --- one run ------------------------------------------------------------------------------------------
    def read(self, run: Run, found: list[CitationMention], context: str, fallback: tuple[int, int] | None = None
             ) -> list[Relation]:
        """The relations the clauses of *run* state; *found* are the citations read in it (offsets in ``run.text``)."""
        text = run.text
        if not text.strip():
            return []
        masked, cites = self._masked(text, found)
        out: list[Relation] = []
        for index, clause in enumerate(self._clauses(text, masked, cites, titled=context in {TITLE, PLAN})):
            out.extend(self._clause(run, text, masked, clause, context, fallback, first=index == 0))
        return [r for r in out if r.subject is None or r.target is None or not _same(r.subject, r.target)]

    def _masked(self, text: str, found: list[CitationMention]) -> tuple[str, list[CitationMention]]:
        """The folded text with citations and quoted passages blanked; the citations outside quotes, in order."""
        chars = list(fold_aligned(text).replace("\n", " "))
        quoted: list[tuple[int, int]] = []
        for match in re.finditer(r"[“\"]", text):
            if text[match.start()] == "”":
                continue
            close = re.compile(r"[”\"]").search(text, match.end())
            if quoted and match.start() < quoted[-1][1]:
                continue
            quoted.append((match.start(), close.end() if close else len(text)))
        for start, end in quoted:
            chars[start:end] = _QUOTE * (end - start)
        cites = sorted((m for m in found if not any(s <= m.citation.start < e for s, e in quoted)),
                       key=lambda m: m.citation.start)
        for mention in cites:
            c = mention.citation
            chars[c.start:c.end] = _MASK * (c.end - c.start)
        return "".join(chars), cites

    def _clauses(self, text: str, masked: str, cites: list[CitationMention], titled: bool = False) -> list[_Clause]:
        """Cut at ``;``, ``:`` and a sentence's final period (a word's, not a number's or an abbreviation's); a
        title is one clause whatever semicolons the titles it names hold."""
        cuts: list[tuple[int, bool]] = []
        for match in (_TITLE_CUTS if titled else _CUTS).finditer(masked):
            if match.group() == "." and match.end() < len(text) and not text[match.end():].lstrip()[:1].isupper() \
                    and text[match.end():].strip():
                continue
            cuts.append((match.end(), match.group() == ":"))
        if not cuts or cuts[-1][0] < len(masked):
            cuts.append((len(masked), False))
        clauses, start = [], 0
        for end, colon in cuts:
            if masked[start:end].strip(" ;:."):
                clauses.append(_Clause(start, end, colon, [m for m in cites if start <= m.citation.start < end]))
            start = end
        return clauses

    # --- one clause ---------------------------------------------------------------------------------------
    def _clause(self, run: Run, text: str, masked: str, clause: _Clause, context: str,
                fallback: tuple[int, int] | None, first: bool) -> list[Relation]:
        head = self._head(masked, clause)
        found = self._cues(masked, clause)
        if self.pending is None and not found:
            return []  # most clauses: no verb of a relation, no list open
        loc = self.locate.run(run, clause.start, clause.end, fallback=fallback)
        out: list[Relation] = []
        if self.pending is not None:
            if head is not None:
                out.extend(self._listed_item(self.pending, self._listed(masked, clause, head, active=True), loc))
            elif first and not clause.colon and not _ITEM_MARK.match(masked):
                self.pending = None  # the list is over (an item naming no text it can read keeps it open)
        previous: _Cue | None = None
        subject_of_previous: CitationMention | None | bool = False  # False: the previous verb had no subject
        for index, cue in enumerate(found):
            stop = found[index + 1].start if index + 1 < len(found) else clause.end
            wording = text[cue.start:cue.wording_end or cue.end].strip()
            if self._not_done(masked, clause, cue):
                previous, subject_of_previous = cue, False
                continue
            if cue.voice == "passive":
                out.extend(self._passive(run, text, masked, clause, cue, stop, loc, wording, context))
            elif cue.voice == "in-force":
                out.extend(self._in_force(masked, clause, cue, head, loc, wording, context))
            elif cue.voice == "no-longer":
                out.extend(self._no_longer(run, masked, clause, cue, head, loc, wording, context))
            else:
                subject = self._subject(masked, clause, cue, context, previous, subject_of_previous)
                previous, subject_of_previous = cue, subject
                if subject is False:
                    continue
                actor = subject if isinstance(subject, CitationMention) else None
                targets = self._objects(masked, clause, cue, stop, third_party=actor is not None)
                if not targets:
                    if actor is None and self._introduces_list(masked, clause, first):
                        self.pending = _Pending(cue.kind, wording, self.locate.run(run, cue.start, cue.end,
                                                                                   fallback=fallback),
                                                self._date_of_clause(masked, clause)[0],
                                                self._date_of_clause(masked, clause)[1],
                                                _partial_list(masked[cue.start:clause.end]))
                    continue
                date, rule = self._date_of_clause(masked, clause) if cue.kind in {"repeals", "replaces"} else \
                    (None, "")
                for k, target in enumerate(targets):
                    gap = masked[cue.end:target.citation.start] if k == 0 else ""
                    kind = cue.kind
                    if kind in {"repeals", "replaces"} and self._wording_change(gap):
                        kind = "amends"
                    parts = _parts(text, masked, cue.end, target.citation.start) if k == 0 else ()
                    partial = bool(parts) or self._partial(gap)
                    out.append(Relation(kind, actor, target, loc, wording, parts, partial,
                                        date if not partial else None, rule if not partial else ""))
            if cue.voice != "active":
                previous, subject_of_previous = cue, False
        return out

    @staticmethod
    def _introduces_list(masked: str, clause: _Clause, first: bool) -> bool:
        """A clause whose verb names no text introduces those listed after it: ``… các Quyết định sau:``, or an
        article's heading (``Điều 1. Bãi bỏ toàn bộ một số văn bản …`` over its numbered items)."""
        if clause.colon and _list_intro().search(masked[clause.start:clause.end - 1]):
            return True
        return first and bool(re.match(r"[\s*]*dieu\s+\d+[a-z]?\s*[.:]", masked[clause.start:clause.end]))

    @staticmethod
    def _listed_item(pending: _Pending, listed: list[CitationMention], loc: Located) -> list[Relation]:
        """What a list's introduction says of the texts an item of the list names."""
        out = []
        for item in listed:
            if pending.acted_on is not None:
                if not _same(item, pending.acted_on):
                    out.append(Relation(pending.kind, item, pending.acted_on, loc, pending.wording, cue=pending.cue))
            else:
                out.append(Relation(pending.kind, None, item, loc, pending.wording, partial=pending.partial,
                                    date=pending.date, date_rule=pending.date_rule, cue=pending.cue))
            if pending.consolidated:
                out.append(Relation("consolidates", None, item, loc, pending.wording, cue=pending.cue))
        return out

    def _cues(self, masked: str, clause: _Clause) -> list[_Cue]:
        found = []
        for match in _cue_pattern().finditer(masked, clause.start, clause.end):
            if match["passive"]:
                kind = cues.PASSIVE_VERBS[_wording(cues.PASSIVE_VERBS, match["pverb"])]
                found.append(_Cue("passive", kind, match.start(), match.end()))
            elif match["inforce"]:
                date, rule = _when(match["when"], masked, match.start("when"))
                found.append(_Cue("in-force", "in-force", match.start(), match.end(), date, rule,
                                  _wording_end(masked, match.start(), match.start("when"))))
            elif match["nolonger"]:
                until = match["until"]
                date, rule = (None, "")
                if until:
                    date, rule = (_date_at(masked, match.start("until")), "stated") if until[0].isdigit() else \
                        (None, "own-entry")
                found.append(_Cue("no-longer", "repeals", match.start(), match.end(), date, rule,
                                  _wording_end(masked, match.start(), match.start("until")) if until else 0))
            else:
                kind = cues.ACTIVE_VERBS[_wording(cues.ACTIVE_VERBS, match["active"])]
                found.append(_Cue("active", kind, match.start(), match.end()))
        return found

    def _not_done(self, masked: str, clause: _Clause, cue: _Cue) -> bool:
        return bool(_not_done().search(masked, clause.start, cue.start))

    # --- who acts -----------------------------------------------------------------------------------------
    def _before(self, clause: _Clause, at: int) -> CitationMention | None:
        before = [m for m in clause.cites if m.citation.end <= at]
        return before[-1] if before else None

    def _subject(self, masked: str, clause: _Clause, cue: _Cue, context: str, previous: _Cue | None,
                 subject_of_previous: CitationMention | None | bool) -> CitationMention | None | bool:
        """The instrument that acts, None for the document, False when the clause names no subject of the verb."""
        carry_out = cue.kind == "carries-out"
        mention = self._before(clause, cue.start)
        if mention is not None and _subject_gap(carry_out).match(masked, mention.citation.end, cue.start):
            return mention
        if previous is not None and subject_of_previous is not False and not any(
                previous.end <= m.citation.start < cue.start for m in clause.cites) \
                and re.search(r"\bva\s+(?:\S+\s+){0,6}$", masked[previous.end:cue.start]):
            return subject_of_previous  # "quy định chi tiết một số điều và biện pháp thi hành Luật …"
        if mention is not None and mention.citation.start >= clause.start:
            return False  # a text named before the verb, not its subject: a bare mention
        if self.consolidated and cue.kind != "consolidates":
            return False
        if carry_out and context not in _CARRY_OUT_CONTEXTS:
            prefix = _MARKER.sub("", masked[clause.start:cue.start], count=1)
            if not re.search(rf"\b(?:{_alternatives(cues.ISSUING_VERBS)})\b", prefix):
                return False
        if context == NOTE:
            return False
        prefix = _MARKER.sub("", masked[clause.start:cue.start].lstrip(), count=1).strip()
        if context == TASK and not re.match(rf"(?:{_types()})\s+nay\b", prefix):
            return False  # a duty's own verbs ("Sở Tư pháp hướng dẫn thực hiện …") are what the task does
        if not prefix and context not in {TITLE, PLAN, PREAMBLE} and (
                cue.kind == "guides" or masked[:clause.start].strip(" ;:.-")):
            return False  # a verb opening a later clause of a sentence, or guidance without "<X> này": a duty
        return None if _self_prefix(carry_out).match(prefix) else False

    def _head(self, masked: str, clause: _Clause) -> CitationMention | None:
        """The instrument a clause opens with (after its numbering and ``Căn cứ``), if any."""
        if not clause.cites:
            return None
        first = clause.cites[0]
        prefix = _MARKER.sub("", masked[clause.start:first.citation.start].lstrip(), count=1).strip()
        prefix = re.sub(r"^(?:can cu|thuc hien)\s*", "", prefix)
        return first if _item_head().match(prefix) else None

    # --- what is acted on ---------------------------------------------------------------------------------
    def _objects(self, masked: str, clause: _Clause, cue: _Cue, stop: int, third_party: bool = False
                 ) -> list[CitationMention]:
        """The texts a verb acts on: the first named after it, close enough (its parts may come between: "khoản 2
        Điều 5 của"), and those listed with it. A bare "bổ sung" said by the document adds to what a text sets
        ("Bổ sung số lượng máy móc … đã quy định tại … Quyết định số …") unless the text follows it closely."""
        after = [m for m in clause.cites if m.citation.start >= cue.end and m.citation.start < stop]
        if not after:
            return []
        first = after[0]
        gap = masked[cue.end:first.citation.start]
        size = len(gap.strip())
        bare_addition = not third_party and _key(masked[cue.start:cue.end]) == "bo sung"
        if cue.kind == "carries-out":
            if not _carry_out_gap().match(gap):
                return []
        elif bare_addition and size > BARE_ADDITION_GAP and not re.search(r"\bvao\b", gap):
            return []  # added to what the text sets, not into the text ("Bổ sung Mẫu số 14a vào sau Mẫu số 14 …")
        elif size > (GUIDES_GAP if cue.kind == "guides" else OBJECT_GAP) and not (
                len(gap) <= PLACED_GAP and _PLACED.search(gap)):
            return []
        if _QUOTE in gap and not self._wording_change(gap):
            return []
        if gap.strip() and re.search(r"(?:,|\bva)\s*(?:cac\s+)?$", gap):
            return []  # listed with a text named before the verb ("… hướng dẫn giám sát … và Thông tư số …")
        if _REFERENCE.search(gap):
            return []  # referred to ("Bổ sung số lượng … theo quy định tại Điều 5 Quyết định số …"), not acted on
        return self._listed(masked, clause, first, active=True, stop=stop)

    def _listed(self, masked: str, clause: _Clause, first: CitationMention, *, active: bool,
                stop: int | None = None) -> list[CitationMention]:
        """*first* and the texts listed with it: after a comma or ``và``, or (when *active*) after a listed text's
        title ending in a comma; every one dated as *first* is or none (a list is printed one way)."""
        stop = clause.end if stop is None else stop
        listed = [first]
        for mention in [m for m in clause.cites if first.citation.start < m.citation.start < stop]:
            gap = masked[listed[-1].citation.end:mention.citation.start]
            same_shape = (mention.citation.date is None) == (first.citation.date is None)
            if same_shape and (_SEPARATOR.match(gap) or _typed_separator().match(gap) or
                               active and _NAMED_LAW.match(gap)):
                listed.append(mention)
            elif active and same_shape and len(gap) <= TITLE_GAP and re.search(r"(?:,|\bva)\s*(?:cac\s+)?$", gap) \
                    and not _cue_pattern().search(gap) and _QUOTE not in gap:
                listed.append(mention)
            else:
                break
        return listed

    def _passive(self, run: Run, text: str, masked: str, clause: _Clause, cue: _Cue, stop: int, loc: Located,
                 wording: str, context: str) -> list[Relation]:
        """``X (its title) được sửa đổi, bổ sung bởi Y (, Z …)``: Y, Z act on X. Ending in a colon it introduces
        the list of the texts that act; at the head of a consolidated text, that list and X are what it
        consolidates."""
        target = self._before(clause, cue.start)
        if target is None or target.citation.start < clause.start or cue.start - target.citation.end > PASSIVE_GAP \
                or re.match(r"[\s,]*doi voi\b", masked[target.citation.end:cue.start]):
            return []
        parts = _parts_before(text, masked, clause.start, target.citation.start)
        after = [m for m in clause.cites if cue.end <= m.citation.start < stop]
        if not after:
            if clause.colon and not masked[cue.end:clause.end].strip(" :"):
                consolidated = self.consolidated and context == PREAMBLE
                cue_loc = self.locate.run(run, cue.start, cue.end)
                self.pending = _Pending(cue.kind, wording, cue_loc, acted_on=target, consolidated=consolidated)
                if consolidated:
                    return [Relation("consolidates", None, target, loc, wording)]
            return []
        if len(masked[cue.end:after[0].citation.start].strip()) > AGENT_GAP:
            return []
        return [Relation(cue.kind, agent, target, loc, wording, parts, bool(parts))
                for agent in self._listed(masked, clause, after[0], active=False, stop=stop)]

    # --- dates --------------------------------------------------------------------------------------------
    def _in_force(self, masked: str, clause: _Clause, cue: _Cue, head: CitationMention | None, loc: Located,
                  wording: str, context: str) -> list[Relation]:
        """``<X> này có hiệu lực … từ ngày …`` of the document (X its own type); ``<text named>, có hiệu lực … từ
        ngày …`` of the text a clause opens with (a consolidated text's list of what it consolidates)."""
        if cue.date is None and cue.date_rule != "signed":
            return []
        prefix = _MARKER.sub("", masked[clause.start:cue.start].lstrip(), count=1).strip()
        concept = scheme("doctype").get(self.doc_type)
        own = fold(concept.label_vi) if concept is not None else "van ban"
        if not self.consolidated and context in _IN_FORCE_CONTEXTS and \
                re.fullmatch(rf"(?:{re.escape(own)}|van ban)(?:\s+nay)?", prefix):
            return [Relation("in-force", None, None, loc, wording, date=cue.date, date_rule=cue.date_rule)]
        if head is None or head.citation.end > cue.start:
            return []
        between = masked[head.citation.end:cue.start]
        if between.strip(" ,") and not between.rstrip().endswith(","):
            return []  # said of another text than the one the clause opens with
        date = cue.date if cue.date_rule == "stated" else head.citation.date
        return [Relation("in-force", head, None, loc, wording, date=date, date_rule="stated")] if date else []

    def _no_longer(self, run: Run, masked: str, clause: _Clause, cue: _Cue, head: CitationMention | None,
                   loc: Located, wording: str, context: str) -> list[Relation]:
        """``X, Y hết hiệu lực (kể từ ngày …)``: the document repeals the texts the clause opens with; a clause
        ``Các văn bản sau đây hết hiệu lực …:`` introduces a list of them."""
        if self.consolidated or context not in _IN_FORCE_CONTEXTS:
            return []
        partial = "mot phan" in masked[cue.start:cue.end]
        if head is None or head.citation.start > cue.start:
            if clause.colon and not any(m.citation.start < cue.start for m in clause.cites):
                self.pending = _Pending("repeals", wording, self.locate.run(run, cue.start, cue.end), cue.date,
                                        cue.date_rule, partial)
            return []
        return [Relation("repeals", None, target, loc, wording, partial=partial,
                         date=None if partial else cue.date, date_rule="" if partial else cue.date_rule)
                for target in self._listed(masked, clause, head, active=True, stop=cue.start)]

    def _date_of_clause(self, masked: str, clause: _Clause) -> tuple[dt.date | None, str]:
        """A repeal's date, when its clause states one: the day the document enters into force."""
        if re.search(rf"\b(?:{_types()})\s+nay\s+co\s+hieu\s+luc", masked[clause.start:clause.end]):
            return None, "own-entry"  # "Kể từ ngày <X> này có hiệu lực, bãi bỏ …", "… có hiệu lực … và thay thế …"
        return None, ""

    # --- small readings -----------------------------------------------------------------------------------
    @staticmethod
    def _partial(gap: str) -> bool:
        words = " ".join(gap.split())
        return any(re.search(rf"(?:^|\s){_phrase(w)}(?:\s|$)", words) for w in cues.PARTIAL_WORDS)

    @staticmethod
    def _wording_change(gap: str) -> bool:
        """The verb acts on words quoted right after it (``Bãi bỏ cụm từ “…” tại …``): a change of wording."""
        words = " ".join(gap.split())
        return any(re.match(rf"{_phrase(w)}\s*{_QUOTE}", words) for w in cues.WORDING_CHANGES)


def _same(a: CitationMention, b: CitationMention) -> bool:
    """Two mentions of one instrument ("Nghị định số 115/2015/NĐ-CP … (sau đây gọi tắt là Nghị định số
    115/2015/NĐ-CP)")."""
    x, y = a.citation, b.citation
    return (x.doc_type, x.number, x.issuer, x.scope, x.id_local if x.number is None else "") == \
        (y.doc_type, y.number, y.issuer, y.scope, y.id_local if y.number is None else "") and \
        (x.year is None or y.year is None or x.year == y.year)


def _wording(table: dict[str, str], printed: str) -> str:
    """The key of *table* that *printed* (folded, as matched) is."""
    keys = {_key(wording): wording for wording in table}
    return keys[_key(printed)]


def _partial_list(intro: str) -> bool:
    """A list's introduction says each listed text is acted on in part (``Bãi bỏ một phần các văn bản sau:``,
    ``… một số điều của các Thông tư sau:``); ``một số văn bản`` is some texts, each wholly."""
    return bool(re.search(r"\bmot phan\b|\bmot so (?:dieu|khoan|diem|quy dinh|noi dung)\b", intro))


def _wording_end(masked: str, start: int, date_start: int) -> int:
    """The end of a dated cue's wording: before its date, and before "ngày" if that is all there is of the date
    ("có hiệu lực thi hành kể từ ngày")."""
    return start + len(masked[start:date_start].rstrip())


def _date_at(masked: str, at: int) -> dt.date | None:
    match = re.compile(_DATE).match(masked, at)
    return parse_date(masked[match.start():match.end()].replace("thang", "tháng").replace("nam", "năm")) \
        if match else None


def _when(when: str, masked: str, at: int) -> tuple[dt.date | None, str]:
    if when[0].isdigit():
        return _date_at(masked, at), "stated"
    if when.startswith("ngay"):
        return _date_at(masked, at + len("ngay ")), "stated"
    return None, "signed"


def _parts_before(text: str, masked: str, start: int, end: int) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The parts named right before a text (``Khoản 3, khoản 4 Điều 9a Thông tư số …``), if any."""
    last = None
    for match in _UNIT.finditer(masked, start, end):
        last = match
    if last is None or not re.fullmatch(r"\s*(?:cua\s+)?", masked[last.end():end]):
        return ()
    return _parts(text, masked, start, end)


def _parts(text: str, masked: str, start: int, end: int) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The articles, clauses and points named between a verb and the text acted on (``khoản 1, khoản 2 Điều 4``,
    ``các Điều 3, 13 và 14``, ``điểm a khoản 2 Điều 5``), each as a path; numbers as printed."""
    paths: list[tuple[tuple[str, str], ...]] = []
    lower: list[tuple[str, str]] = []  # clauses and points waiting for their article
    for match in _UNIT.finditer(masked, start, end):
        kind = match.group(1)
        numbers = [text[n.start():n.end()] for n in _NUMBER.finditer(masked, match.start(2), match.end(2))]
        if kind == "dieu":
            articles = [("dieu", n.lower()) for n in numbers]
            if lower and len(articles) == 1:
                point = [x for x in lower if x[0] == "diem"]
                clauses = [x for x in lower if x[0] == "khoan"]
                if clauses:
                    paths.extend((articles[0], c, *point[:1]) if len(clauses) == 1 else (articles[0], c)
                                 for c in clauses)
                else:
                    paths.append((articles[0],))
            else:
                paths.extend((a,) for a in articles)
            lower = []
        else:
            lower.extend((kind, n.lower()) for n in numbers)
    return tuple(paths)
