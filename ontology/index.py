"""The ontology's Turtle files as a plain, read-only index of their triples, read by pyoxigraph's parser.

The readers of an ingest (concept schemes, indicator labels) look up a few thousand facts once per process;
parsing the ~250 kB of Turtle with rdflib took half a second of every ``plangraph ingest``, most of the cost of
adding one document. Lookups keep the order the triples have in the files (files in name order), as rdflib's
graph did, since the first concept to claim a label wins it.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

Term = NamedNode | BlankNode | Literal


class TripleIndex:
    """Objects by (subject, predicate) and subjects by (predicate, object), each without repeats, in file order."""

    def __init__(self) -> None:
        self._objects: dict[tuple[Term, NamedNode], dict[Term, None]] = defaultdict(dict)
        self._subjects: dict[tuple[NamedNode, Term], dict[Term, None]] = defaultdict(dict)

    def add(self, subject: Term, predicate: NamedNode, obj: Term) -> None:
        self._objects[(subject, predicate)][obj] = None
        self._subjects[(predicate, obj)][subject] = None

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return list(self._objects.get((subject, NamedNode(predicate)), ()))

    def value(self, subject: Term, predicate: str) -> Term | None:
        return next(iter(self._objects.get((subject, NamedNode(predicate)), ())), None)

    def subjects(self, predicate: str, obj: str) -> list[Term]:
        """Subjects of *predicate* with the IRI *obj* as object."""
        return list(self._subjects.get((NamedNode(predicate), NamedNode(obj)), ()))


@cache
def ontology_index() -> TripleIndex:
    """Every triple of the ontology graph's files (:func:`plangraph.ontology.ontology_files`), parsed once."""
    from plangraph.ontology import ontology_files

    index = TripleIndex()
    for resource in ontology_files():
        for triple in parse(resource.read_bytes(), format=RdfFormat.TURTLE):
            index.add(triple.subject, triple.predicate, triple.object)  # type: ignore[arg-type]
    return index


def literal_in(term: Term | None, lang: str) -> str | None:
    """The text of *term* when it is a literal in language *lang*."""
    return term.value if isinstance(term, Literal) and term.language == lang else None
