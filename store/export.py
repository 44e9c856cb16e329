"""Whole-dataset export in a stable order, so two exports of the same data are byte-identical."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple, serialize

from plangraph.store.base import GraphStore

EXPORT_FORMATS: dict[str, RdfFormat] = {
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "turtle": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
}

PREFIXES = {
    "pg": "https://w3id.org/plangraph/ontology#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "pplan": "http://purl.org/net/p-plan#",
    "schema": "http://schema.org/",
    "qudt": "http://qudt.org/schema/qudt/",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# The same prefixes as a SPARQL prologue, for the queries the server writes itself.
SPARQL_PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def export_dataset(store: GraphStore, out: BinaryIO, fmt: str) -> int:
    """Write the dataset to *out* as *fmt*; returns the number of statements written.

    N-Quads, TriG and JSON-LD keep the named graphs and are written one graph at a time (graphs in the order of
    their N-Quads names, each graph's quads sorted), so memory holds one graph, not the dataset. Turtle holds
    one graph, so it gets the union of all graphs (each triple once), which is sorted whole in memory.
    """
    rdf_format = EXPORT_FORMATS[fmt]
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    if not rdf_format.supports_datasets:
        triples = sorted({Triple(q.subject, q.predicate, q.object) for q in store.quads()}, key=str)
        serialize(triples, out, rdf_format, prefixes=prefixes)
        return len(triples)
    written = [0]
    serialize(_graph_by_graph(store, written), out, rdf_format, prefixes=prefixes)
    return written[0]


def _graph_by_graph(store: GraphStore, written: list[int]) -> Iterator[Quad]:
    """Every quad, sorted as ``(graph, subject, predicate, object)`` in N-Quads syntax, reading one graph at a
    time: the embedded store's default graph first (``DEFAULT`` sorts before ``<``), then the named graphs."""
    from plangraph.store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):  # an engine's default graph may be the union of its graphs: not read
        yield from _sorted(store.quads_in(DefaultGraph()), written)
    for graph in sorted((NamedNode(iri) for iri in store.named_graphs()), key=str):
        yield from _sorted(store.graph_quads(graph.value), written)


def _sorted(quads: Iterable[Quad], written: list[int]) -> Iterator[Quad]:
    ordered = sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
    written[0] += len(ordered)
    return iter(ordered)
