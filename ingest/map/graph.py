"""A tiny builder that collects the quads of one named graph, deduplicated, in the order they were added."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

Term = NamedNode | Literal


class GraphBuilder:
    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self._quads: dict[Quad, None] = {}
        self._nodes: dict[str, NamedNode] = {}  # one term per IRI: a document names its nodes many times

    def add(self, subject: str | NamedNode, predicate: NamedNode, obj: str | Term | None) -> None:
        """Add one triple; a ``str`` object is an IRI, ``None`` adds nothing."""
        if obj is None:
            return
        s = subject if isinstance(subject, NamedNode) else self._node(subject)
        o = self._node(obj) if isinstance(obj, str) else obj
        self._quads[Quad(s, predicate, o, self.graph)] = None

    def _node(self, iri: str) -> NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            node = self._nodes[iri] = NamedNode(iri)
        return node

    def quads(self) -> list[Quad]:
        """In the order added: the mapping is deterministic, so the same records give the same list."""
        return list(self._quads)

    def __len__(self) -> int:
        return len(self._quads)
