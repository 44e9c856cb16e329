"""The store interface every backend implements."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import Quad, Store

from plangraph.store.dialect import Dialect


@dataclass(frozen=True)
class ReplaceResult:
    graph: str
    changed: bool
    removed: int
    added: int


def canonical(quads: Iterable[Quad]) -> set[Quad]:
    """*quads* as a store holds them: Oxigraph canonicalises literals ("850.0"^^xsd:decimal is stored as "850",
    xsd:positiveInteger as xsd:integer), so a graph is compared with what is wanted like with like."""
    memory = Store()
    memory.extend(quads)
    return set(memory)


@dataclass(frozen=True)
class StagedGraph:
    """A named graph waiting on disk to be loaded: an N-Quads file whose every quad is in *graph*."""

    graph: str
    file: Path
    quads: int


class GraphStore(Protocol):
    bulk_loads: int  # how many times the backend's bulk loader wrote since the store was opened (0: none has one)

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> ReplaceResult:
        """Make *graph* hold exactly *quads*, atomically; nothing is written when it already does."""
        ...

    def load_staged(self, graphs: Sequence[StagedGraph], progress: Callable[[int], None] | None = None
                    ) -> list[ReplaceResult]:
        """Make each graph hold exactly its staged file's quads; a graph already so is left alone."""
        ...

    def optimize(self) -> None:
        """Compact after a large load, where the backend gains from it."""
        ...

    def graph_quads(self, graph: str) -> set[Quad]:
        """The quads of one named graph."""
        ...

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def quads(self) -> Iterator[Quad]:
        """Every quad of the dataset."""
        ...

    def query(self, sparql: str, **options: Any) -> Any:
        """Run a SPARQL query; the default graph is the union of all graphs."""
        ...

    def own_graphs(self) -> tuple[str, ...]:
        """Graphs the engine keeps for itself (Virtuoso's schema and service description), not data: left out of
        the named graphs listed, the VoID counts and the dumps."""
        ...

    def dialect(self) -> Dialect:
        """What the query text sent to this store may use beyond SPARQL 1.1 (:mod:`plangraph.store.dialect`):
        found once per store, by a probe, unless ``PLANGRAPH_STORE_DIALECT`` says."""
        ...

    def close(self) -> None: ...
