"""Controlled vocabularies read from the ontology's Turtle files (the single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import rdflib
from rdflib.namespace import SKOS

from plangraph.language.folding import fold
from plangraph.ontology import ontology_graph

CONCEPT_BASE = "https://w3id.org/plangraph/concept/"
PG = rdflib.Namespace("https://w3id.org/plangraph/ontology#")


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


def _label(graph: rdflib.Graph, node: rdflib.URIRef, lang: str) -> str:
    for value in graph.objects(node, SKOS.prefLabel):
        if isinstance(value, rdflib.Literal) and value.language == lang:
            return str(value)
    return ""


def _key(iri: rdflib.term.Node | None, scheme: str) -> str | None:
    prefix = f"{CONCEPT_BASE}{scheme}/"
    return str(iri)[len(prefix):] if iri is not None and str(iri).startswith(prefix) else None


@cache
def scheme(name: str) -> dict[str, Concept]:
    """All concepts of the scheme *name* (e.g. ``doctype``), keyed by their local key."""
    graph = ontology_graph()
    scheme_iri = rdflib.URIRef(f"{CONCEPT_BASE}{name}")
    concepts: dict[str, Concept] = {}
    for node in graph.subjects(SKOS.inScheme, scheme_iri):
        key = _key(node, name)
        if key is None:
            continue
        concepts[key] = Concept(
            scheme=name,
            key=key,
            label_vi=_label(graph, node, "vi"),
            label_en=_label(graph, node, "en"),
            notations=tuple(sorted(str(n) for n in graph.objects(node, SKOS.notation))),
            alt_labels=tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel))),
            parent=_key(graph.value(node, PG.parentKind), name),
            level=_key(graph.value(node, PG.administrativeLevel), "administrative-level"),
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
