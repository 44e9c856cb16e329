"""The plangraph ontology, concept schemes and SHACL shapes, and helpers to load them.

The Turtle files ship inside this package; every ``*.ttl`` file except ``shapes.ttl`` is part of the
ontology graph, so new vocabulary files (e.g. ``agency-kinds.ttl``) are picked up without code changes.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, Namespace, URIRef

    from plangraph.ontology.vocab import PG

    ONTOLOGY_IRI: URIRef
    CONCEPT_BASE: Namespace
    SHAPES: Namespace

__all__ = [
    "CONCEPT_BASE",
    "ONTOLOGY_IRI",
    "PG",
    "PREFIXES",
    "SHAPES",
    "SHAPES_FILE",
    "concept",
    "concept_scheme",
    "concepts_path",
    "load_ontology_graph",
    "ontology_graph",
    "load_shapes_graph",
    "ontology_files",
    "ontology_path",
    "shapes_path",
]

ONTOLOGY = "https://w3id.org/plangraph/ontology"
CONCEPTS = "https://w3id.org/plangraph/concept/"
SHAPES_NS = "https://w3id.org/plangraph/shapes#"
SHAPES_FILE = "shapes.ttl"


def __getattr__(name: str) -> Any:
    """The rdflib terms of this package, made on first use: importing a submodule (``plangraph.ontology.errors``
    in a query worker) must not import rdflib."""
    from rdflib import Namespace, URIRef

    if name == "ONTOLOGY_IRI":
        value: Any = URIRef(ONTOLOGY)
    elif name == "CONCEPT_BASE":
        value = Namespace(CONCEPTS)
    elif name == "SHAPES":
        value = Namespace(SHAPES_NS)
    elif name == "PG":
        from plangraph.ontology.vocab import PG as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


# Prefixes bound on loaded graphs and used for compact names in the documentation.
PREFIXES: dict[str, str] = {
    "pg": ONTOLOGY + "#",
    "pgsh": SHAPES_NS,
    "concept": CONCEPTS,
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "p-plan": "http://purl.org/net/p-plan#",
    "schema": "http://schema.org/",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "person": "http://www.w3.org/ns/person#",
    "oa": "http://www.w3.org/ns/oa#",
    "cnt": "http://www.w3.org/2011/content#",
    "cv": "http://data.europa.eu/m8g/",
    "sh": "http://www.w3.org/ns/shacl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vann": "http://purl.org/vocab/vann/",
}


def concept_scheme(scheme: str) -> URIRef:
    """IRI of a concept scheme, e.g. ``concept_scheme("doctype")``."""
    from rdflib import URIRef

    return URIRef(f"{CONCEPTS}{scheme}")


def concept(scheme: str, key: str) -> URIRef:
    """IRI of a concept, e.g. ``concept("doctype", "quyet-dinh")``."""
    from rdflib import URIRef

    return URIRef(f"{CONCEPTS}{scheme}/{key}")


def _resource(name: str) -> Traversable:
    return files(__name__).joinpath(name)


def ontology_path() -> Traversable:
    """The OWL ontology (``plangraph.ttl``)."""
    return _resource("plangraph.ttl")


def concepts_path() -> Traversable:
    """The SKOS concept schemes (``concepts.ttl``)."""
    return _resource("concepts.ttl")


def shapes_path() -> Traversable:
    """The SHACL shapes (``shapes.ttl``)."""
    return _resource(SHAPES_FILE)


def ontology_files() -> list[Traversable]:
    """Every Turtle file of the ontology graph (all ``*.ttl`` but the shapes), sorted by name."""
    found = [f for f in files(__name__).iterdir() if f.name.endswith(".ttl") and f.name != SHAPES_FILE]
    return sorted(found, key=lambda f: f.name)


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def _parse(graph: Graph, resource: Traversable) -> None:
    graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")


@cache
def ontology_graph() -> Graph:
    """The ontology graph parsed once per process and shared: read it, never change it (a copy to change:
    :func:`load_ontology_graph`)."""
    from rdflib import Graph

    graph = _bind_prefixes(Graph())
    for resource in ontology_files():
        _parse(graph, resource)
    return graph


def load_ontology_graph() -> Graph:
    """The ontology, the concept schemes and any other vocabulary file of this package, in one graph of the
    caller's own."""
    from rdflib import Graph

    graph = _bind_prefixes(Graph())
    graph += ontology_graph()
    return graph


def load_shapes_graph() -> Graph:
    """The SHACL shapes graph, for ``pyshacl.validate(..., shacl_graph=...)``."""
    from rdflib import Graph

    graph = _bind_prefixes(Graph())
    _parse(graph, shapes_path())
    return graph
