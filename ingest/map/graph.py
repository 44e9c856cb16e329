"""A small builder that collects the triples of one named graph, deduplicated, in the order they were added,
and writes them as N-Quads.

A document adds ~7,000 triples. Keeping them as tuples of terms and writing the N-Quads text here costs a
quarter of building, hashing and serializing a pyoxigraph ``Quad`` for each; the terms were checked when they
were made (``NamedNode`` refuses an invalid IRI), so the text is as valid as the serializer's.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

Term = NamedNode | Literal


class GraphBuilder:
    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self._triples: dict[tuple[NamedNode, NamedNode, Term], None] = {}
        self._nodes: dict[str, NamedNode] = {}  # one term per IRI: a document names its nodes many times

    def add(self, subject: str | NamedNode, predicate: NamedNode, obj: str | Term | None) -> None:
        """Add one triple; a ``str`` object is an IRI, ``None`` adds nothing."""
        if obj is None:
            return
        s = subject if isinstance(subject, NamedNode) else self._node(subject)
        o = self._node(obj) if isinstance(obj, str) else obj
        self._triples[(s, predicate, o)] = None

    def _node(self, iri: str) -> NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            node = self._nodes[iri] = NamedNode(iri)
        return node

    def quads(self) -> list[Quad]:
        """In the order added: the mapping is deterministic, so the same records give the same list."""
        graph = self.graph
        return [Quad(s, p, o, graph) for s, p, o in self._triples]

    def nquads(self) -> bytes:
        """The quads of :meth:`quads` as N-Quads, byte for byte what pyoxigraph's serializer writes.

        >>> from plangraph.ingest.map.terms import RDFS, vi
        >>> g = GraphBuilder("urn:x:g")
        >>> g.add("urn:x:a", RDFS.label, vi('"A" 1'))
        >>> g.add("urn:x:a", RDFS.label, vi('"A" 1'))
        >>> g.nquads().decode()
        '<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "\\\\"A\\\\" 1"@vi <urn:x:g> .\\n'
        """
        text: dict[Term, str] = {}  # each term written once: a node is named in many triples

        def written(term: Term) -> str:
            form = text.get(term)
            if form is None:
                form = text[term] = str(term)
            return form

        end = f" {self.graph} .\n"
        return "".join([f"{written(s)} {written(p)} {written(o)}{end}" for s, p, o in self._triples]).encode()

    def __len__(self) -> int:
        return len(self._triples)
