"""What a dereferenced IRI returns: the resource, the ``#fragment`` nodes described with it, and a page
of incoming links. Built from direct index lookups (no SPARQL), bounded in every direction."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Triple

from plangraph.store.oxigraph import OxigraphStore

MENTIONED_IN = NamedNode("https://w3id.org/plangraph/ontology#mentionedIn")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
MAX_FRAGMENTS = 2000


@dataclass(frozen=True)
class Description:
    subjects: tuple[str, ...]  # the resource and its fragment nodes
    outgoing: tuple[Triple, ...]  # triples whose subject is one of them
    incoming: tuple[Triple, ...]  # one page of triples pointing at the resource from elsewhere
    more_incoming: bool
    labels: tuple[tuple[str, str], ...] = ()  # (IRI, label) for IRIs on the page, Vietnamese first
    labels_en: tuple[tuple[str, str], ...] = ()  # (IRI, English label) where one exists

    @property
    def triples(self) -> list[Triple]:
        return sorted(set(self.outgoing) | set(self.incoming), key=str)

    @property
    def found(self) -> bool:
        return bool(self.outgoing or self.incoming)


def _unique(store: OxigraphStore, subject: NamedNode | None, predicate: NamedNode | None,
            obj: NamedNode | None) -> list[Triple]:
    seen: dict[Triple, None] = {}
    for quad in store.quads_matching(subject, predicate, obj):
        seen.setdefault(quad.triple, None)
    return list(seen)


def describe(store: OxigraphStore, iri: str, *, page: int = 1, page_size: int = 1000) -> Description:
    resource = NamedNode(iri)
    prefix = iri + ("-" if "#" in iri else "#")
    subjects: dict[str, None] = {iri: None}
    frontier = [resource]
    frontier += [t.subject for t in _unique(store, None, MENTIONED_IN, resource)
                 if isinstance(t.subject, NamedNode) and t.subject.value.startswith(prefix)]
    subjects.update((node.value, None) for node in frontier)
    outgoing: list[Triple] = []
    while frontier and len(subjects) <= MAX_FRAGMENTS:
        node = frontier.pop()
        for triple in _unique(store, node, None, None):
            outgoing.append(triple)
            target = triple.object
            if isinstance(target, NamedNode) and target.value.startswith(prefix) and target.value not in subjects:
                subjects[target.value] = None
                frontier.append(target)
    incoming_all = (t for t in _unique(store, None, None, resource)
                    if not (isinstance(t.subject, NamedNode) and t.subject.value in subjects))
    skip, wanted = (page - 1) * page_size, page_size + 1
    window: list[Triple] = []
    for index, triple in enumerate(incoming_all):
        if index >= skip:
            window.append(triple)
            if len(window) == wanted:
                break
    incoming = tuple(window[:page_size])
    outgoing_sorted = tuple(sorted(set(outgoing), key=str))
    labels, english = _labels(store, [*outgoing_sorted, *incoming])
    # the resource, then its fragment nodes in IRI order: not in the order a store happens to list them
    ordered = (iri, *sorted(s for s in subjects if s != iri))
    return Description(ordered, outgoing_sorted, incoming, len(window) > page_size, labels, english)


def _labels(store: OxigraphStore, triples: list[Triple]) -> tuple[tuple[tuple[str, str], ...],
                                                                 tuple[tuple[str, str], ...]]:
    """(IRI, best label, Vietnamese first) and (IRI, English label) for the IRIs of *triples*."""
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, NamedNode)}
    found: dict[str, str] = {}
    english: dict[str, str] = {}
    for iri in sorted(iris)[:MAX_FRAGMENTS]:
        best: tuple[int, str] | None = None
        for triple in _unique(store, NamedNode(iri), LABEL, None):
            label = triple.object
            if not isinstance(label, Literal):
                continue
            rank = {"vi": 0, "en": 1}.get(label.language or "", 2)
            if best is None or rank < best[0]:
                best = (rank, label.value)
            if rank == 1:
                english[iri] = label.value
        if best:
            found[iri] = best[1]
    return tuple(sorted(found.items())), tuple(sorted(english.items()))
