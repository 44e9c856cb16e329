"""Dataset statistics for VoID: triples per named graph, entities per class, totals."""

from __future__ import annotations

from dataclasses import dataclass

from plangraph.store.oxigraph import OxigraphStore
from plangraph.store.remote import graphs_filter


@dataclass(frozen=True)
class Statistics:
    triples: int  # distinct triples in the union of all graphs
    quads: int
    graphs: tuple[tuple[str, int], ...]  # (graph IRI, quads)
    classes: tuple[tuple[str, int], ...]  # (class IRI, distinct instances)
    properties: tuple[tuple[str, int], ...]  # (property IRI, distinct triples)
    subjects: int


def _pairs(store: OxigraphStore, query: str) -> tuple[tuple[str, int], ...]:
    rows = store.raw_query(query)
    return tuple((row["k"].value, int(row["n"].value)) for row in rows)


def statistics(store: OxigraphStore) -> Statistics:
    """The counts of the data: the graphs an engine keeps for itself (``store.own_graphs()``, Virtuoso's) are left
    out, read graph by graph; the embedded store's data is its whole union default graph."""
    own = store.own_graphs()
    keep = f" {graphs_filter('?g', own)}" if own else ""
    graphs = _pairs(store, "SELECT ?k (COUNT(*) AS ?n) WHERE { GRAPH ?k { ?s ?p ?o } "
                           f"{graphs_filter('?k', own)} }} GROUP BY ?k ORDER BY ?k")

    def data(pattern: str) -> str:
        return f"GRAPH ?g {{ {pattern} }}{keep}" if own else pattern

    union = {"use_default_graph_as_union": True}
    classes = tuple((row["k"].value, int(row["n"].value)) for row in store.raw_query(
        f"SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {data('?s a ?k')} }} GROUP BY ?k ORDER BY ?k", **union))
    # The union default graph keeps a copy of a triple per document graph stating it: count each triple once.
    properties = tuple((row["k"].value, int(row["n"].value)) for row in store.raw_query(
        f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?k ?o WHERE {{ {data('?s ?k ?o')} }} }} "
        "GROUP BY ?k ORDER BY ?k", **union))
    totals = next(iter(store.raw_query(
        f"SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s2) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ "
        f"{data('?s ?p ?o')} }} }}", **union)))
    return Statistics(int(totals["t"].value), sum(n for _, n in graphs), graphs, classes, properties,
                      int(totals["s2"].value))
