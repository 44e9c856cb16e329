"""A tiny builder that collects the quads of one named graph, deduplicated and in a stable order."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

Term = NamedNode | Literal


class GraphBuilder:
    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self._quads: dict[Quad, None] = {}

    def add(self, subject: str | NamedNode, predicate: NamedNode, obj: str | Term | None) -> None:
        """Add one triple; a ``str`` object is an IRI, ``None`` adds nothing."""
        if obj is None:
            return
        s = subject if isinstance(subject, NamedNode) else NamedNode(subject)
        o = NamedNode(obj) if isinstance(obj, str) else obj
        self._quads[Quad(s, predicate, o, self.graph)] = None

    def quads(self) -> list[Quad]:
        return sorted(self._quads, key=str)

    def __len__(self) -> int:
        return len(self._quads)
