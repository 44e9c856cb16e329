"""Controlled vocabularies read from the ontology's Turtle files (the single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyoxigraph import Literal, NamedNode

from plangraph.language.folding import fold
from plangraph.ontology import PREFIXES
from plangraph.ontology.index import Term, TripleIndex, literal_in, ontology_index

CONCEPT_BASE = "https://w3id.org/plangraph/concept/"
PG, SKOS = PREFIXES["pg"], PREFIXES["skos"]


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of one of the plangraph schemes, with what the parsers need of it."""

    scheme: str
    key: str
    label_vi: str
    label_en: str
    notations: tuple[str, ...]
    alt_labels: tuple[str, ...]
    parent: str | None = None  # agency kinds: key of the parent kind
    level: str | None = None  # agency kinds: "national" or "province"

    @property
    def iri(self) -> str:
        return f"{CONCEPT_BASE}{self.scheme}/{self.key}"


def _label(index: TripleIndex, node: Term, lang: str) -> str:
    return next((text for value in index.objects(node, SKOS + "prefLabel")
                 if (text := literal_in(value, lang)) is not None), "")


def _texts(index: TripleIndex, node: Term, predicate: str) -> tuple[str, ...]:
    return tuple(sorted(value.value for value in index.objects(node, predicate)
                        if isinstance(value, Literal | NamedNode)))


def _key(iri: Term | None, scheme: str) -> str | None:
    prefix = f"{CONCEPT_BASE}{scheme}/"
    return iri.value[len(prefix):] if isinstance(iri, NamedNode) and iri.value.startswith(prefix) else None


@cache
def scheme(name: str) -> dict[str, Concept]:
    """All concepts of the scheme *name* (e.g. ``doctype``), keyed by their local key."""
    index = ontology_index()
    concepts: dict[str, Concept] = {}
    for node in index.subjects(SKOS + "inScheme", f"{CONCEPT_BASE}{name}"):
        key = _key(node, name)
        if key is None:
            continue
        concepts[key] = Concept(
            scheme=name,
            key=key,
            label_vi=_label(index, node, "vi"),
            label_en=_label(index, node, "en"),
            notations=_texts(index, node, SKOS + "notation"),
            alt_labels=_texts(index, node, SKOS + "altLabel"),
            parent=_key(index.value(node, PG + "parentKind"), name),
            level=_key(index.value(node, PG + "administrativeLevel"), "administrative-level"),
        )
    if not concepts:
        raise LookupError(f"concept scheme {name!r} is empty or missing from the ontology")
    return concepts


def _folded_index(name: str, *, notations: bool, labels: bool) -> dict[str, Concept]:
    index: dict[str, Concept] = {}
    for concept in scheme(name).values():
        keys = list(concept.notations) if notations else []
        if labels:
            keys += [concept.label_vi, *concept.alt_labels]
        for key in keys:
            index.setdefault(fold(key).rstrip("."), concept)
    return index


@cache
def by_notation(name: str) -> dict[str, Concept]:
    """Concepts of scheme *name* by folded notation (``"nđ"`` → Nghị định)."""
    return _folded_index(name, notations=True, labels=False)


@cache
def by_label(name: str) -> dict[str, Concept]:
    """Concepts of scheme *name* by folded Vietnamese label or alternative label."""
    return _folded_index(name, notations=False, labels=True)
