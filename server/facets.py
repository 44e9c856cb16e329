"""Faceted lists as SPARQL: which items a facet selection keeps, one page of them in order, their
columns, and every facet value with its count under the selection.

Nothing from a URL is pasted into a query as it is: facet values become RDF terms through
:func:`term` (pyoxigraph serialises them), after :func:`check_iri` has refused anything that is not
a plain absolute http(s) IRI. Facet patterns are constants of the code.

The default graph is the union of the document graphs and each of them describes the shared nodes
it mentions, so every count here is ``COUNT(DISTINCT …)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal as Kind

from pyoxigraph import Literal, NamedNode

from plangraph.store.export import SPARQL_PREFIXES

PREFIXES = SPARQL_PREFIXES
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TITLE = "http://purl.org/dc/terms/title"
ID_LOCAL = "http://data.europa.eu/eli/ontology#id_local"
NAMES = (PREF_LABEL, TITLE, RDFS_LABEL, ID_LOCAL)  # the predicates a value's label may come from

IRI = re.compile(r"https?://[^\s<>\"{}|^`\\\x00-\x20\x7f]+")
CODE = re.compile(r"[0-9A-Za-z]{1,10}")
MAX_LITERAL = 500


class FacetValueError(ValueError):
    """A facet value from a URL that cannot be a term of its facet."""


@dataclass(frozen=True)
class Field:
    """One column and/or facet of a list.

    *pattern* is a group graph pattern that binds ``?value`` for ``?item`` on its own (only
    ``?item`` and ``?value`` may be shared with the rest of a query; other variables start with
    ``?_``), and for ``source`` fields also ``?extra`` (the line). *names* ranks the predicates a
    value's label is read from.
    """

    key: str
    pattern: str
    kind: Kind["iri", "text", "count", "source"] = "iri"
    facet: bool = False
    column: bool = True
    names: tuple[str, ...] = (PREF_LABEL, RDFS_LABEL)
    translate: str = ""  # text values are interface strings: the i18n key is this prefix + value
    choices: tuple[str, ...] = ()  # the only values a text facet can hold (empty: any text)
    code: str = ""  # a path from an IRI value to its code: the facet then also takes a code, meaning every
    #                 value with that code (two places share a code: Hải Phòng before and after 2025 is 31)
    counting: str = ""  # the pattern the facet's values are counted by, when *pattern* is planned badly for it
    keeping: str = ""  # the pattern items with one value are kept by, when *pattern* is planned badly for that


@dataclass(frozen=True)
class ListSpec:
    """A list: the items (*base* binds ``?item``), their order and their fields.

    *order_pattern* binds ``?k1…`` for ``?item``; *order_select* aggregates them per item into
    ``?s1…`` and *order_by* sorts on those.
    """

    name: str
    base: str
    label: Field
    fields: tuple[Field, ...]
    order_pattern: str
    order_select: str
    order_by: str

    @property
    def facets(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.facet)

    def facet(self, key: str) -> Field | None:
        return next((f for f in self.facets if f.key == key), None)


Selection = list[tuple[Field, str]]  # (facet, value as given in the URL), in URL order


def check_iri(value: str) -> str:
    """*value* if it is an absolute http(s) IRI without characters SPARQL or N-Triples forbid."""
    if not IRI.fullmatch(value):
        raise FacetValueError(f"not an absolute http(s) IRI: {value[:200]!r}")
    try:
        NamedNode(value)
    except ValueError as exc:
        raise FacetValueError(f"not an IRI: {value[:200]!r} ({exc})") from None
    return value


def is_code(facet: Field, value: str) -> bool:
    """Whether *value* is a code (``31``, ``VN``) that *facet* takes in place of an IRI."""
    return bool(facet.code) and CODE.fullmatch(value) is not None


def term(facet: Field, value: str) -> str:
    """The facet value as a SPARQL term: an IRI for IRI facets (or a code literal, for a facet that takes
    codes), a string literal for the others."""
    if not value:
        raise FacetValueError(f"empty value for facet {facet.key!r}")
    if facet.kind == "iri":
        if is_code(facet, value):
            return str(Literal(value))
        return str(NamedNode(check_iri(value)))
    if len(value) > MAX_LITERAL or "\x00" in value:
        raise FacetValueError(f"value for facet {facet.key!r} is too long or holds a NUL character")
    if facet.choices and value not in facet.choices:
        raise FacetValueError(f"{value[:50]!r} is not one of {', '.join(facet.choices)}")
    return str(Literal(value))


def _renamed(pattern: str, variable: str) -> str:
    return re.sub(r"\?value\b", variable, pattern)


Codes = Mapping[str, tuple[str, ...]]  # a code given for a facet → the IRIs of the values that have it


def _keeps(facet: Field, value: str, index: int, codes: Codes) -> str:
    """A group keeping the items that have *value* for *facet*, as a join (only ``?item`` is shared: the facet's
    other variables are renamed apart). A join with the value bound is what the engine plans well; a
    ``FILTER EXISTS`` per item was evaluated unbound, seconds on a store of a few hundred documents. A code
    stands for the values *codes* gives it, bound with ``VALUES`` (joined through the code itself, the engine
    took 36 s for ``/tasks?city=VN`` on the wild store, against 3 s by IRI)."""
    pattern = re.sub(r"\?(?!item\b)(\w+)", lambda m: f"?keep{index}_{m.group(1)}", facet.keeping or facet.pattern)
    if facet.kind == "iri" and is_code(facet, value):  # every value with that code
        known = " ".join(str(NamedNode(check_iri(iri))) for iri in codes.get(value, ()))
        if known:
            return f"{{ VALUES ?keep{index}_value {{ {known} }} {pattern} }}"
        return f"{{ {pattern} . ?keep{index}_value {facet.code} {term(facet, value)} }}"
    if facet.kind == "iri":
        return "{ " + re.sub(rf"\?keep{index}_value\b", term(facet, value), pattern) + " }"
    return f"{{ {pattern} FILTER(STR(?keep{index}_value) = {term(facet, value)}) }}"


CHECKED_SHARE = 20  # kept items are checked one by one against the list when fewer than 1/20 of it (see planned)


def sizes_query(spec: ListSpec, selection: Selection, codes: Codes | None = None) -> str:
    """How many items each selected value keeps on its own (rows of ?i, its place in *selection*, and ?n)."""
    branches = [f"{{ {{ SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {_keeps(facet, value, i, codes or {})} }} "
                f"BIND({i} AS ?i) }}" for i, (facet, value) in enumerate(selection)]
    return PREFIXES + "SELECT ?i ?n WHERE {\n  " + "\n  UNION\n  ".join(branches) + "\n}"


def planned(selection: Selection, sizes: Mapping[int, int], listed: int) -> tuple[Selection, bool]:
    """The order the selected values are read in — the one keeping fewest items first, the others joined to
    what it kept — and whether the kept items are then checked one by one against the list's *base* (*listed*
    items) rather than joined with all of it.

    The engine plans neither: inside a sub-select each group is read whole. A check costs about what reading 50
    items of the list does (at 5 M quads, 628 documents checked: 25 ms; 41,448 tasks read: 30 ms), so the items
    are checked when they are few beside the list and joined otherwise.

    >>> a, b = Field("a", "?item :a ?value"), Field("b", "?item :b ?value")
    >>> order, checked = planned([(a, "x"), (b, "y")], {0: 900, 1: 12}, 41448)
    >>> [f.key for f, _ in order], checked
    (['b', 'a'], True)
    >>> planned([(a, "x")], {0: 628}, 628)[1]
    False
    """
    order = sorted(range(len(selection)), key=lambda i: (sizes.get(i, 0), i))
    fewest = min((sizes.get(i, 0) for i in order), default=0)
    return [selection[i] for i in order], fewest * CHECKED_SHARE < listed


def items_where(spec: ListSpec, selection: Selection, codes: Codes | None = None, *, checked: bool = True) -> str:
    """A group binding each selected ``?item`` once, and no other variable: the filters are inside
    it, so a pattern joined to it cannot change what they see.

    The first selected value's items are read (each once: a shared node's triples are restated in every graph
    that mentions it, and two values joined multiplied the restatements — 11 s for the documents of one issuer
    and year at 5 M quads, against 0.1 s), the other values are joined to them, and they are *checked* against
    the list's base or joined with it (see :func:`planned`). Read with the base first, the engine read every item
    of the list before keeping a few: 628 of 41,448 tasks at 5 M quads took 6 s for a page's queries, which read
    the set nine times; 0.3 s this way. The other values are joined, not checked with ``FILTER EXISTS``: a path
    with both ends bound was read from the value's end for each item (7.8 s against 39 ms on the wild store)."""
    if not selection:
        return f"{{ SELECT DISTINCT ?item WHERE {{ {spec.base} }} }}"
    first, *others = (_keeps(facet, value, i, codes or {}) for i, (facet, value) in enumerate(selection))
    base = f"{{ {spec.base} }}"
    parts = [f"{{ SELECT DISTINCT ?item WHERE {first} }}", *others]
    if checked:
        parts.append(f"FILTER EXISTS {base}")
    else:
        parts.insert(0, f"{{ SELECT DISTINCT ?item WHERE {base} }}")
    return "{ SELECT DISTINCT ?item WHERE {\n    " + "\n    ".join(parts) + "\n  } }"


def total_query(spec: ListSpec, selection: Selection, codes: Codes | None = None, *, checked: bool = True) -> str:
    return PREFIXES + (f"SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {{\n  "
                       f"{items_where(spec, selection, codes, checked=checked)}\n}}")


def page_query(spec: ListSpec, selection: Selection, *, limit: int, offset: int, codes: Codes | None = None,
               checked: bool = True) -> str:
    """One page of the selected items in the list's order. The items are grouped with their sort keys in a
    sub-query and ordered outside it: Virtuoso, asked to group a sub-query's items under two OPTIONALs and order
    the groups in one query, answers every group with the same ?item (the keys are right)."""
    keys = " ".join(re.findall(r"\bAS (\?\w+)\)", spec.order_select))
    return PREFIXES + (f"SELECT ?item {keys} WHERE {{ {{\n  SELECT ?item {spec.order_select} WHERE {{\n"
                       f"  {items_where(spec, selection, codes, checked=checked)}\n  {spec.order_pattern}\n}} "
                       f"GROUP BY ?item\n}} }}\nORDER BY {spec.order_by} ?item\n"
                       f"LIMIT {int(limit)} OFFSET {int(offset)}")


def facet_query(spec: ListSpec, selection: Selection, *, per_facet: int, codes: Codes | None = None,
                checked: bool = True) -> str:
    """Per facet, its most frequent values (at most *per_facet* + 1, to tell there are more) with
    how many selected items have each."""
    branches = []
    where = items_where(spec, selection, codes, checked=checked)
    for facet in spec.facets:
        if facet.kind == "iri":
            pattern = f"{facet.counting or facet.pattern} FILTER(isIRI(?value))"
        else:  # group literals by their string, as the selection compares them
            pattern = f"{_renamed(facet.counting or facet.pattern, '?_raw')} BIND(STR(?_raw) AS ?value)"
        branches.append(
            f"{{ {{ SELECT ?value (COUNT(DISTINCT ?item) AS ?count) WHERE {{\n    {where}\n"
            f"    {pattern}\n  }} GROUP BY ?value ORDER BY DESC(?count) ?value LIMIT {int(per_facet) + 1} }}\n"
            f"  BIND({Literal(facet.key)} AS ?facet) }}")
    if not branches:
        return ""
    return PREFIXES + "SELECT ?facet ?value ?count WHERE {\n  " + "\n  UNION\n  ".join(branches) + "\n}"


def rows_query(spec: ListSpec, items: list[str]) -> str:
    """Every column value of *items* (rows of ?item ?field ?value ?extra ?lang ?count)."""
    values = "VALUES ?item { " + " ".join(str(NamedNode(i)) for i in items) + " }"
    branches = []
    for field in (spec.label, *(f for f in spec.fields if f.column)):
        key = Literal(field.key)
        if field.kind == "count":
            branches.append(f"{{ {{ SELECT ?item (COUNT(DISTINCT ?value) AS ?count) WHERE {{ {values} "
                            f"OPTIONAL {{ {field.pattern} }} }} GROUP BY ?item }} BIND({key} AS ?field) }}")
        else:
            iri_only = " FILTER(isIRI(?value))" if field.kind in ("iri", "source") else ""
            # the pattern and its filter in a group of their own, the BIND beside it: a FILTER beside a BIND in a
            # UNION branch fails Virtuoso's compiler (an internal error); the rows are the same
            branches.append(f"{{ {values} {{ {field.pattern}{iri_only} }} BIND({key} AS ?field) }}")
    return PREFIXES + ("SELECT ?item ?field ?value ?extra (LANG(?value) AS ?lang) ?count WHERE {\n  "
                       + "\n  UNION\n  ".join(branches) + "\n}")


def labels_query(iris: list[str]) -> str:
    """Every candidate label of *iris* (rows of ?value ?p ?label ?lang)."""
    values = " ".join(str(NamedNode(i)) for i in iris)
    names = ", ".join(str(NamedNode(n)) for n in NAMES)
    # FILTER(?p IN …), not VALUES ?p: beside two VALUES blocks Oxigraph read every triple of the store and joined
    # (3.0 s at 5 M quads for 108 values); with the filter it reads each value's triples (0.11 s), the same rows
    return PREFIXES + ("SELECT DISTINCT ?value ?p ?label (LANG(?label) AS ?lang) WHERE {\n"
                       f"  VALUES ?value {{ {values} }} ?value ?p ?label FILTER(?p IN ({names}))\n}}")


Candidates = dict[str, list[tuple[str, str, str]]]  # iri → [(predicate, label, language)]


def choose_label(candidates: list[tuple[str, str, str]], names: tuple[str, ...], lang: str) -> str | None:
    """The best label: one in *lang* (or untagged) before a Vietnamese one before any other, and
    among those the first predicate of *names*."""
    def rank(candidate: tuple[str, str, str]) -> tuple[int, int, str]:
        predicate, label, language = candidate
        fit = 0 if language in (lang, "") else 1 if language == "vi" else 2
        return (fit, names.index(predicate), label)

    usable = [c for c in candidates if c[0] in names]
    return min(usable, key=rank)[1] if usable else None


def choose_text(values: list[tuple[str, str]], lang: str) -> list[str]:
    """Literal values of one field: those in *lang* (else Vietnamese, else untagged) when the field
    has the same text in several languages, all values otherwise."""
    languages = {language for _, language in values}
    if len(languages) > 1:
        for wanted in (lang, "vi", ""):
            if wanted in languages:
                return sorted({v for v, language in values if language == wanted})
    return sorted({v for v, _ in values})
