"""Instruments named in any spelling — ``40/2014/NĐ-CP``, ``40/2014/ND-CP``, ``nđ 40/2014``, ``NĐ-CP 40/2014``,
``Nghị định số 40/2014``, a law by its name, or the instrument's IRI — resolved to the instrument of the store
that they name.

One rule serves every place that takes an instrument: search puts a document on top when the query names
its number (``plangraph.server.search``), and the catalogue's ``instrument`` parameters, the lists'
``instrument`` facet and ``plangraph query --param`` resolve what they are given with it.

A spelling is read as folded words (``NĐ-CP 40/2014`` → ``nd cp 40 2014``). It names a document when one
word is the document's number and every other word is its year, a letter group of its code (``nd``,
``cp``, run together ``ndcp``), a word of its type (``nghi dinh``, ``decree``) or a filler (``số``,
``ngày``, ``tháng``, ``năm``); a word that says otherwise (another year, the letters of another code)
rules the document out. A law cited by its name is found by its name, diacritics and case aside.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from plangraph.language.folding import fold, nfc
from plangraph.language.lexicon import NAME_ABBREVIATIONS
from plangraph.ontology.errors import PlangraphError

__all__ = ["InstrumentNotFound", "NumberKey", "Resolved", "agreement", "number_keys", "number_words", "resolve"]

FILLERS = frozenset({"so", "ngay", "thang", "nam"})  # "Quyết định số 281/QĐ-UBND ngày … tháng … năm 2016"
_TOKEN = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(19|20)[0-9][0-9]")  # fullmatch
_NUMBER = re.compile(r"[0-9]{1,11}")  # fullmatch: a document number (ASCII digits; "¹" is not one)
_IRI = re.compile(r"^https?://\S+$")
MAX_CHARS = 200  # a spelling is cut here, as a search query is
SHOWN = 8  # instruments listed when a spelling names several


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _compact(folded_chunk: str) -> str:
    return "".join(_tokens(folded_chunk))


_ABBREVIATIONS = frozenset(_compact(fold(short)) for short in NAME_ABBREVIATIONS)


def is_number(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None


def number_words(text: str) -> list[str]:
    """The folded words of a spelling as number matching reads them: an agency abbreviation written as one
    word (``KH&CN``) stays one word (``khcn``), everything else is split at punctuation.

    >>> number_words("NĐ-CP 40/2014")
    ['nd', 'cp', '40', '2014']
    >>> number_words("Quyết định số 317/QĐ-TTg")
    ['quyet', 'dinh', 'so', '317', 'qd', 'ttg']
    """
    words: list[str] = []
    for chunk in fold(text[:MAX_CHARS]).split():
        key = _compact(chunk)
        if not key:
            if "&" in chunk:
                words.append("va")
            continue
        words.extend([key] if key in _ABBREVIATIONS else _tokens(chunk))
    return words


@dataclass(frozen=True)
class NumberKey:
    """What identifies a document by number: the number (without leading zeros), its years, the letter
    groups of its code and the words of its type, all folded."""

    number: str
    years: frozenset[str]
    codes: frozenset[str]
    type_words: frozenset[str]


def number_keys(ids: Sequence[str], numbers: Iterable[str], dates: Iterable[str], notations: Iterable[str],
                type_labels: Iterable[str]) -> list[NumberKey]:
    """The keys of one document from its ``eli:id_local`` values, ``eli:number``, ``eli:date_document`` and its
    type's notations and labels. Without an ``eli:number``, the leading number of its first local id counts.

    >>> key, = number_keys(["40/2014/NĐ-CP"], ["40"], ["2014-05-12"], ["NĐ"], ["Nghị định", "Decree"])
    >>> key.number, sorted(key.years), sorted(key.codes), sorted(key.type_words)
    ('40', ['2014'], ['cp', 'nd', 'ndcp'], ['decree', 'dinh', 'nghi'])
    """
    years: set[str] = {d[:4] for d in dates if _YEAR.fullmatch(d[:4])}
    codes: set[str] = set()
    for local in ids:
        tokens = _tokens(fold(local))
        letters = [t for t in tokens if not is_number(t)]
        codes.update(letters)
        if len(letters) > 1:
            codes.add("".join(letters))
        years.update(t for t in tokens[1:] if _YEAR.fullmatch(t))
    codes.update(t for notation in notations for t in _tokens(fold(notation)))
    type_words = {t for label in type_labels for t in _tokens(fold(label))}
    found = {str(int(n)) for n in numbers if is_number(n)}
    if not found:
        found = {str(int(t)) for local in ids[:1] for t in _tokens(local)[:1] if is_number(t)}
    return [NumberKey(n, frozenset(years), frozenset(codes), frozenset(type_words)) for n in sorted(found)]


def agreement(words: Sequence[str], key: NumberKey) -> float | None:
    """How well *words* describe the document of *key*; None if no word is its number or some word contradicts it.

    >>> key, = number_keys(["40/2014/NĐ-CP"], ["40"], ["2014-05-12"], ["NĐ"], ["Nghị định"])
    >>> agreement(number_words("nđ 40/2014"), key)
    130.0
    >>> agreement(number_words("40/2015/NĐ-CP"), key) is None  # another year
    True
    """
    score = 0.0
    used_number = False
    for word in words:
        if word.isdecimal():
            if not used_number and is_number(word) and str(int(word)) == key.number:
                used_number = True
                score += 100.0
            elif word in key.years:
                score += 20.0
            elif _YEAR.fullmatch(word):
                return None  # another year: another document
            else:
                score -= 5.0
        elif word in key.codes:
            score += 10.0
        elif word in key.type_words:
            score += 5.0
        elif word not in FILLERS:
            return None
    return score if used_number else None


# --- resolving against a store ------------------------------------------------------------------------------

class InstrumentNotFound(PlangraphError, ValueError):
    """A spelling that names no instrument of the store, or several; ``str()`` says which and what to give."""


@dataclass(frozen=True)
class Resolved:
    """The instrument a spelling names: its local id as printed (``40/2014/NĐ-CP``, what the catalogue
    queries match) and the IRIs that carry it (one, unless two issuers' documents share a number)."""

    id_local: str
    iris: tuple[str, ...]
    label: str


Select = Callable[[str], list[dict[str, str]]]  # rows of a SELECT over the union graph, values as strings

_PROLOGUE = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Instruments are the resources with a local id of their own (subdivisions carry eli:number, not eli:id_local).
# Candidates are found first, then described: describing every local id of a store at once is slow.
_BY_NAME = _PROLOGUE + 'SELECT DISTINCT ?d ?id WHERE { ?d eli:id_local ?id FILTER(!REGEX(?id, "^[0-9]")) }'


def _by_number(numbers: Sequence[str]) -> str:
    """Candidates whose number is one of *numbers* (digits without leading zeros): by ``eli:number``, written
    with or without leading zeros, or by the leading number of the local id."""
    padded = sorted({n.zfill(width) for n in numbers for width in range(len(n), 6)})
    values = " ".join(str(Literal(p)) for p in padded)
    pattern = Literal("^0*(" + "|".join(numbers) + ")([^0-9]|$)")
    return _PROLOGUE + ("SELECT DISTINCT ?d WHERE {\n"
                        f"  {{ VALUES ?n {{ {values} }} ?d eli:number ?n ; eli:id_local ?_id }}\n"
                        f"  UNION {{ ?d eli:id_local ?id FILTER(REGEX(?id, {pattern})) }}\n}}")


def _describe(iris: Iterable[str]) -> str:
    """Everything number matching needs of the instruments *iris*."""
    values = " ".join(str(NamedNode(iri)) for iri in iris)
    return _PROLOGUE + f"""SELECT DISTINCT ?d ?id ?number ?date ?notation ?typeLabel ?label WHERE {{
  VALUES ?d {{ {values} }}
  ?d eli:id_local ?id .
  OPTIONAL {{ ?d eli:number ?number }}
  OPTIONAL {{ ?d eli:date_document ?date }}
  OPTIONAL {{ ?d eli:type_document ?type .
             OPTIONAL {{ ?type skos:notation ?notation }} OPTIONAL {{ ?type skos:prefLabel|rdfs:label ?typeLabel }} }}
  OPTIONAL {{ ?d rdfs:label ?label FILTER(LANG(?label) = "vi") }}
}}"""


@dataclass
class _Candidate:
    iri: str
    ids: list[str]
    numbers: set[str]
    dates: set[str]
    notations: set[str]
    type_labels: set[str]
    label: str


def _candidates(rows: list[dict[str, str]]) -> list[_Candidate]:
    found: dict[str, _Candidate] = {}
    seen: dict[str, dict[str, None]] = defaultdict(dict)
    for row in rows:
        candidate = found.setdefault(row["d"], _Candidate(row["d"], [], set(), set(), set(), set(), ""))
        seen[row["d"]].setdefault(row["id"], None)
        for key, bag in (("number", candidate.numbers), ("date", candidate.dates), ("notation", candidate.notations),
                         ("typeLabel", candidate.type_labels)):
            if row.get(key):
                bag.add(row[key])
        if row.get("label") and (not candidate.label or row["label"] < candidate.label):
            candidate.label = row["label"]
    for iri, candidate in found.items():
        candidate.ids = sorted(seen[iri])
    return sorted(found.values(), key=lambda c: c.iri)


def _same_words(a: str, b: str) -> bool:
    return _tokens(fold(a)) == _tokens(fold(b))


def _score(spelling: str, words: Sequence[str], candidate: _Candidate) -> float | None:
    if any(_same_words(spelling, local) for local in candidate.ids):
        return 1000.0  # the local id as printed, case and diacritics aside
    keys = number_keys(candidate.ids, candidate.numbers, candidate.dates, candidate.notations, candidate.type_labels)
    scores = [s for s in (agreement(words, key) for key in keys) if s is not None]
    return max(scores) if scores else None


def resolve(spelling: str, select: Select) -> Resolved:
    """The instrument of the store that *spelling* names; raises :class:`InstrumentNotFound` when it names
    none or several (the message lists them and says what to give instead)."""
    text = nfc(" ".join(spelling.split()))[:MAX_CHARS]
    if not text:
        raise InstrumentNotFound("no instrument given: write its number (e.g. 40/2014/NĐ-CP) or its IRI")
    if _IRI.match(text):
        try:
            query = _describe([text])
        except ValueError:
            raise InstrumentNotFound(f"{text[:100]!r} is not an IRI") from None
        found = _candidates(select(query))
        if not found:
            raise InstrumentNotFound(f"no instrument of this store has the IRI <{text[:200]}>")
        return Resolved(found[0].ids[0], (found[0].iri,), found[0].label or found[0].ids[0])
    words = number_words(text)
    numbers = sorted({str(int(w)) for w in words if is_number(w)})
    if numbers:
        iris = sorted({row["d"] for row in select(_by_number(numbers))})
    else:
        iris = sorted({row["d"] for row in select(_BY_NAME) if _same_words(text, row["id"])})
    rows = select(_describe(iris)) if iris else []
    scored = [(score, c) for c in _candidates(rows) if (score := _score(text, words, c)) is not None]
    if not scored:
        raise InstrumentNotFound(f"no instrument of this store is numbered or named {text[:100]!r}; write its "
                                 "number as printed (e.g. 40/2014/NĐ-CP), or find it by its words with search")
    best = max(score for score, _ in scored)
    top = [c for score, c in scored if score == best]
    by_id: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in top:
        by_id[candidate.ids[0]].append(candidate)
    if len(by_id) > 1:
        named = "; ".join(cs[0].label or local for local, cs in sorted(by_id.items())[:SHOWN])
        more = f" and {len(by_id) - SHOWN} more" if len(by_id) > SHOWN else ""
        raise InstrumentNotFound(f"{text[:100]!r} names {len(by_id)} instruments: {named}{more}; "
                                 "write the whole number (with its year and code)")
    local, candidates = next(iter(by_id.items()))
    return Resolved(local, tuple(c.iri for c in candidates), candidates[0].label or local)
