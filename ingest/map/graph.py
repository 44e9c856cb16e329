"""A small builder that collects the triples of one named graph, deduplicated, in the order they were added,
and writes them as N-Quads.

A document adds ~7,000 triples. Each is kept as the N-Triples text of its three terms, each term written once
(a document names its nodes many times): deduplicating and writing Python strings costs about half of hashing
pyoxigraph terms (a hash computed anew on each lookup) for every triple and writing them at the end — 29
against 47 ms a document — and a quarter of building, hashing and serializing a ``Quad`` for each. The terms
were checked when they were made (``NamedNode`` refuses an invalid IRI), so the text is as valid as the
serializer's.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

Term = NamedNode | Literal


class GraphBuilder:
    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self._triples: dict[tuple[str, str, str], None] = {}  # N-Triples text of subject, predicate, object
        self._nodes: dict[str, str] = {}  # an IRI given as a string → its N-Triples text
        self._terms: dict[Term, str] = {}  # a term → its N-Triples text

    def add(self, subject: str | NamedNode, predicate: NamedNode, obj: str | Term | None) -> None:
        """Add one triple; a ``str`` object is an IRI, ``None`` adds nothing."""
        if obj is None:
            return
        nodes, terms = self._nodes, self._terms
        s = nodes.get(subject) if subject.__class__ is str else None  # type: ignore[arg-type]
        if s is None:
            s = self._text(subject)
        p = terms.get(predicate)
        if p is None:
            p = terms[predicate] = str(predicate)
        o = nodes.get(obj) if obj.__class__ is str else terms.get(obj)  # type: ignore[arg-type]
        if o is None:
            o = self._text(obj)
        self._triples[(s, p, o)] = None

    def _text(self, node: str | Term) -> str:
        if isinstance(node, str):
            text = self._nodes[node] = str(NamedNode(node))
            return text
        text = self._terms.get(node)
        if text is None:
            text = self._terms[node] = str(node)
        return text

    def quads(self) -> list[Quad]:
        """In the order added: the mapping is deterministic, so the same records give the same list."""
        return list(parse(self.nquads(), format=RdfFormat.N_QUADS))

    def nquads(self) -> bytes:
        """The triples in the order added, as N-Quads, byte for byte what pyoxigraph's serializer writes.

        >>> from plangraph.ingest.map.terms import RDFS, vi
        >>> g = GraphBuilder("urn:x:g")
        >>> g.add("urn:x:a", RDFS.label, vi('"A" 1'))
        >>> g.add("urn:x:a", RDFS.label, vi('"A" 1'))
        >>> g.nquads().decode()
        '<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "\\\\"A\\\\" 1"@vi <urn:x:g> .\\n'
        """
        end = f" {self.graph} .\n"
        return "".join([f"{s} {p} {o}{end}" for s, p, o in self._triples]).encode()

    def __len__(self) -> int:
        return len(self._triples)
