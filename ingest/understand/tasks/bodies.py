"""Bodies a text names at its start — as a heading (``1. Sở Tài chính:``) or as the subject of a sentence
(``Sở Y tế chủ trì, phối hợp với …``) — and the subjects of every clause of a prose cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plangraph.ingest.blocks import Run
from plangraph.ingest.understand.agencies import (
    alternation,
    head_alternation,
    leader_titles,
    normalize_agency,
    read_agency_cell,
)
from plangraph.language import lexicon
from plangraph.language.folding import fold

NAME_WORDS = 16  # an agency's name is no longer than this many words
LIST_WORDS = 40  # nor a list of them as the subject of a sentence
MAX_INTRO = 200  # characters of an opening phrase before the subject ("Căn cứ …, ")


CUE = re.compile(rf"^(?:(?i:{alternation(lexicon.ASSIGNING_CUES)})\s+)")
LEADER = re.compile(rf"^(?:{leader_titles()})\s+", re.IGNORECASE)
# The public ("cá nhân", "nhân dân"), not the People's Committee or Council whose name holds "nhân dân".
PUBLIC = re.compile(rf"(?<!ban\s)(?<!đồng\s)\b(?:{alternation(lexicon.PUBLIC_ADDRESSEES)})\b", re.IGNORECASE)

# Words before the subject ("Căn cứ nội dung Kế hoạch …, các sở, ngành …") and between it and its verb
# ("Sở Tài chính, trên cơ sở đề xuất của …, chủ trì …", "Các sở … được phân công chủ trì … có trách nhiệm …").
INTRO = re.compile(rf"(?:{alternation(lexicon.SUBJECT_INTROS)})\b[^;:.]{{0,160}}?,\s*", re.IGNORECASE)
QUALIFIER = re.compile(
    rf",\s*(?:{alternation(lexicon.SUBJECT_ASIDES)})\b[^;:.]{{0,160}}?,\s*"
    rf"(?=(?:{alternation(lexicon.SUBJECT_PREDICATES)})\b)"
    r"|\s+được\s+(?:phân công|giao)\b[^;:.]{0,160}?(?=\s+(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ)\b)"
    rf"|\s+theo\s+(?:chức năng|nhiệm vụ)\b[^;:.]{{0,160}}?(?=\s+(?:{alternation(lexicon.SUBJECT_PREDICATES)})\b)",
    re.IGNORECASE)
_DUTY_WORDS = re.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|thực hiện)"
                         r"(?:\s+(?:các\s+)?nhiệm vụ(?:\s+sau)?)?\s*$", re.IGNORECASE)


@cache
def agency_heads() -> re.Pattern[str]:
    heads = {*lexicon.AGENCY_HEADS, "Tập đoàn", "Thường trực", "Đài Phát thanh", "Báo và", "Kho bạc",
             "Bảo hiểm xã hội", "Ngân hàng", "Hội đồng", "Mặt trận", "Liên minh", "Tổng công ty"}
    return re.compile("^" + head_alternation(heads))


def is_generic(name: str) -> bool:
    """True when *name* names bodies by no type at all: ``các cơ quan, đơn vị``, ``Các cơ quan được phân công``."""
    folded = " ".join(fold(name).replace(",", " , ").split())
    folded = _GENERIC_TAIL.sub("", folded)
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s+va\s+", folded) if p.strip()]
    return bool(parts) and all(_GENERIC_HEAD.sub("", p) in _generic_nouns() for p in parts)


@cache
def _generic_nouns() -> frozenset[str]:
    return frozenset(fold(n) for n in lexicon.GENERIC_BODY_NOUNS)


_GENERIC_HEAD = re.compile(r"^(?:cac|nhung|moi)\s+")
_GENERIC_TAIL = re.compile(r"\s+(?:co\s+)?(?:lien quan|duoc phan cong.*|duoc giao.*)$")


def is_body(name: str) -> bool:
    """True when *name* names an agency or a group of agencies (not the public, not a common noun, no verb)."""
    name = name.strip(" .;,:")
    if not name or PUBLIC.search(name) or len(name.split()) > NAME_WORDS or VERB_INSIDE.search(name) \
            or is_generic(name):
        return False
    agency = normalize_agency(name)
    if agency.kind is not None:
        return True
    return _headed(name)


def _headed(name: str) -> bool:
    """True when *name* begins with an agency's head noun, after ``các`` (``các Tập đoàn``; not ``các bệnh``)."""
    members = _MEMBERS.sub("", name)
    return bool(agency_heads().match(name) or agency_heads().match(members[:1].upper() + members[1:]))


_MEMBERS = re.compile(r"^(?:các|những|mọi)\s+", re.IGNORECASE)


VERB_INSIDE = re.compile(rf"\s(?:{alternation(lexicon.SUBJECT_PREDICATES)})\s")  # a verb, in lower case
PREDICATE = re.compile(rf"^\s*,?\s*(?:{alternation(lexicon.SUBJECT_PREDICATES)})\b", re.IGNORECASE)
# A copula or a tense marker inside a subject's name: the sentence's verb came before the word taken for it.
RUNS_INTO_VERB = re.compile(rf"\s(?:{alternation(lexicon.NOT_IN_NAMES)})(?:\s|$)", re.IGNORECASE)
# Connecting words a subject's name stopped after ("Ủy ban nhân dân các xã và các" + "tổ chức, cá nhân …", where
# "tổ chức" was taken for the verb): the name is what comes before them.
DANGLING = re.compile(rf"(?:[\s,]+(?:{alternation(lexicon.NAME_CONTINUING_WORDS)}))+$", re.IGNORECASE)


@dataclass
class Named:
    """The bodies a piece of text names at its start, where their names end in the run, and what follows.
    ``heading``: the names stand alone (``1. Sở Tài chính:``), else they are the subject of a sentence."""

    names: list[str]
    name_run: Run
    rest: Run
    heading: bool = True


def bodies_at_start(run: Run, *, alone: bool = False) -> Named | None:
    """The bodies *run* names at its start: ``Sở Tài chính:``, ``Đề nghị Thường trực Tỉnh ủy …``, ``Sở Y tế chủ trì``.

    With *alone*, the whole run (up to a colon) must be the names (a heading); otherwise the names are followed
    by a colon or by the sentence's verb (a lower-case word after a name that is a known kind of agency)."""
    text = run.text
    cue = CUE.match(text)
    at = cue.end() if cue else 0
    leader = LEADER.match(text[at:])
    name_at = at + (leader.end() if leader else 0)
    colon = text.find(":", name_at)
    if 0 <= colon - name_at <= 160:
        candidate = _DUTY_WORDS.sub("", text[name_at:colon])
        names = _bodies(candidate)
        if names is not None:
            return Named(names, run[name_at:name_at + len(candidate)], run[colon + 1:].strip())
    if alone:
        candidate = text[name_at:].strip(" .")
        names = _bodies(candidate) if candidate else None
        if names is not None and len(candidate.split()) <= NAME_WORDS:
            return Named(names, run[name_at:].strip(), Run(""))
        return None
    starts = [name_at]
    if not cue and INTRO.match(text, name_at):  # "Trên cơ sở …, Kế hoạch …, các Bộ … tổ chức …"
        starts = [m.end() for m in re.finditer(r",\s*", text[:name_at + MAX_INTRO])]
    for start in starts:
        named = _subject(run, start)
        if named is not None:
            return named
    return None


def _subject(run: Run, name_at: int) -> Named | None:
    """The bodies named at *name_at* as the subject of a sentence: the shortest name its verb follows."""
    text = run.text
    words = list(re.finditer(r"\S+", text[name_at:name_at + 600]))
    for size in range(2, min(LIST_WORDS, len(words) - 1) + 1):
        end = name_at + words[size - 1].end()
        candidate = text[name_at:end].rstrip(",")
        end = name_at + len(candidate)
        candidate = candidate[:1].upper() + candidate[1:]  # "…, các sở, ngành chủ động …"
        if not _headed(candidate) or PUBLIC.search(candidate):
            if size == 2:
                return None  # no head noun where the subject would begin
            continue
        if RUNS_INTO_VERB.search(candidate):
            continue
        name_end = name_at + len(DANGLING.sub("", candidate))
        candidate = candidate[:name_end - name_at]
        agency = normalize_agency(candidate)
        if agency.kind is None and not (agency.group and _headed(candidate)) and not _proper_name(candidate):
            continue  # a body named as a subject is a known kind of agency, a group of them or a proper name
        qualifier = QUALIFIER.match(text, end)
        verb_at = qualifier.end() if qualifier else end
        if not PREDICATE.match(text[verb_at:]):
            continue
        names = _bodies(candidate)
        if names is not None:
            return Named(names, run[name_at:name_end], run[verb_at:].strip(), heading=False)
    return None


def _proper_name(candidate: str) -> bool:
    """A head noun followed by a capitalised name: ``Thường trực Tỉnh ủy``, ``Tập đoàn Điện lực Việt Nam``."""
    head = agency_heads().match(candidate)
    rest = candidate[head.end():].split() if head else []
    return bool(rest) and rest[0][:1].isupper()


def _bodies(candidate: str) -> list[str] | None:
    """The bodies *candidate* names; ``[]`` when it names only a class of them by type and their relation to the
    task (``Các sở, ban, ngành liên quan``: a subject, though no body in particular); None if it names none."""
    names = names_of(candidate)
    if names:
        return names if all(is_body(n) for n in names) else None
    cell = read_agency_cell(candidate)
    related = cell.remarks and " ".join(cell.remarks).strip(" .,;") == candidate.strip(" .,;")
    if related and agency_heads().match(candidate[:1].upper() + candidate[1:]) and not is_generic(candidate) \
            and not PUBLIC.search(candidate) and not VERB_INSIDE.search(candidate):
        return []
    return None


def names_of(cell: str) -> list[str]:
    """The bodies a list names, a leader's title before one standing for the body (``Chủ tịch UBND các huyện``;
    ``Bộ trưởng`` alone for the ministries).

    >>> names_of("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh")
    ['Các bộ', 'Cơ quan ngang bộ', 'Ủy ban nhân dân các tỉnh']
    """
    names = []
    for piece in _LEADER_SPLIT.split(cell):
        piece = LEADER.sub("", piece.strip()) if LEADER.match(piece.strip()) and \
            piece.strip(" ,.;").lower() not in lexicon.LEADER_BODIES else piece
        bare = lexicon.LEADER_BODIES.get(piece.strip(" ,.;").lower())
        if bare:
            names.append(bare)
            continue
        for name in read_agency_cell(piece).names:
            name = LEADER.sub("", name)
            names.append(name[:1].upper() + name[1:])
    return names


def names_leaders(text: str) -> bool:
    """True when *text* names bodies through their leaders' titles (``Chủ tịch UBND …``, ``Bộ trưởng, …``)."""
    return bool(LEADER.match(text) or _LEADER_SPLIT.search(text) or text.strip(" ,.;").lower() in lexicon.LEADER_BODIES)


_LEADER_SPLIT = re.compile(rf",\s*(?=(?:{leader_titles()})\s)", re.IGNORECASE)




_CLAUSE_END = re.compile(r";\s*|\.\s+(?=[A-ZĐÀ-Ỹ])")
_CONNECTOR = re.compile(r"^(?:(?:Đồng thời|Ngoài ra|Riêng|Bên cạnh đó|Trong đó)\s*,?\s*|và\s+)", re.IGNORECASE)


def subjects_in(run: Run) -> list[Run]:
    """The bodies that are the subjects of the clauses of a prose cell, in order: ``Sở Khoa học và Công nghệ
    tiến hành rà soát …; các sở, ngành liên quan rà soát …`` → the Department, the departments and branches.
    Empty when the cell is not prose (no clause begins with a body and its verb)."""
    found: list[Run] = []
    at = 0
    text = run.text
    for end in [*(m.start() for m in _CLAUSE_END.finditer(text)), len(text)]:
        clause = run[at:end].strip()
        at = end + 1
        connector = _CONNECTOR.match(clause.text)
        if connector:
            clause = clause[connector.end():]
        if clause.text[:1].islower():
            capital = clause.text[:1].upper() + clause.text[1:]
            named = bodies_at_start(Run(capital))
            if named is not None and not named.heading:
                found.append(clause[:len(named.name_run.text)])
            continue
        named = bodies_at_start(clause)
        if named is not None and not named.heading:
            found.append(named.name_run)
    return found
