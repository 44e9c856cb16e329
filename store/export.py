"""Whole-dataset export in a stable order, so two exports of the same data are byte-identical."""

from __future__ import annotations

from typing import BinaryIO

from pyoxigraph import Quad, RdfFormat, Triple, serialize

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

    Turtle holds one graph, so it gets the union of all graphs (each triple once); the other formats
    keep the named graphs.
    """
    rdf_format = EXPORT_FORMATS[fmt]
    quads = sorted(store.quads(), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                                 str(q.object)))
    if rdf_format.supports_datasets:
        statements: list[Quad] | list[Triple] = quads
    else:
        statements = sorted({Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    serialize(statements, out, rdf_format, prefixes=prefixes)
    return len(statements)

