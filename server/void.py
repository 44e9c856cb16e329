"""The VoID and DCAT description of the dataset: what it holds (per class, per graph) and where to get it."""

from __future__ import annotations

from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from plangraph.server.statistics import Statistics

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
NQUADS = NamedNode("http://www.iana.org/assignments/media-types/application/n-quads")


def _n(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def _p(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


def _distribution(node: NamedNode | BlankNode, url: str) -> list[Triple]:
    return [Triple(node, RDF_TYPE, _p(DCAT, "Distribution")), Triple(node, _p(DCAT, "downloadURL"), NamedNode(url)),
            Triple(node, _p(DCAT, "mediaType"), NQUADS)]


def void_triples(stats: Statistics, *, root: str, base: str, version: int, modified: str) -> list[Triple]:
    dataset = NamedNode(f"{root}/.well-known/void#dataset")
    triples = [
        Triple(dataset, RDF_TYPE, _p(VOID, "Dataset")), Triple(dataset, RDF_TYPE, _p(DCAT, "Dataset")),
        Triple(dataset, _p(DCT, "title"), Literal("plangraph: kế hoạch của cơ quan nhà nước Việt Nam", language="vi")),
        Triple(dataset, _p(DCT, "title"), Literal("plangraph: Vietnamese government plans", language="en")),
        Triple(dataset, _p(DCT, "modified"), Literal(modified)),
        Triple(dataset, _p(VOID, "sparqlEndpoint"), NamedNode(f"{root}/sparql")),
        Triple(dataset, _p(VOID, "uriSpace"), Literal(base)),
        Triple(dataset, _p(VOID, "triples"), _n(stats.triples)),
        Triple(dataset, _p(VOID, "distinctSubjects"), _n(stats.subjects)),
        Triple(dataset, _p(VOID, "classes"), _n(len(stats.classes))),
        Triple(dataset, _p(VOID, "properties"), _n(len(stats.properties))),
        Triple(dataset, _p(VOID, "dataDump"), NamedNode(f"{root}/dump")),
        Triple(dataset, _p(DCT, "hasVersion"), Literal(str(version))),
        Triple(dataset, _p(DCAT, "distribution"), NamedNode(f"{root}/dump#distribution")),
        *_distribution(NamedNode(f"{root}/dump#distribution"), f"{root}/dump"),
    ]
    for index, (cls, count) in enumerate(stats.classes, start=1):
        part = NamedNode(f"{root}/.well-known/void#class-{index}")
        triples += [Triple(dataset, _p(VOID, "classPartition"), part), Triple(part, _p(VOID, "class"), NamedNode(cls)),
                    Triple(part, _p(VOID, "entities"), _n(count))]
    for index, (prop, count) in enumerate(stats.properties, start=1):
        part = NamedNode(f"{root}/.well-known/void#property-{index}")
        triples += [Triple(dataset, _p(VOID, "propertyPartition"), part),
                    Triple(part, _p(VOID, "property"), NamedNode(prop)), Triple(part, _p(VOID, "triples"), _n(count))]
    for index, (graph, count) in enumerate(stats.graphs, start=1):
        subset = NamedNode(f"{root}/.well-known/void#graph-{index}")
        dump = f"{root}/dump?graph={quote(graph, safe='')}"
        distribution = NamedNode(f"{root}/.well-known/void#graph-{index}-dump")
        triples += [Triple(dataset, _p(VOID, "subset"), subset), Triple(subset, RDF_TYPE, _p(VOID, "Dataset")),
                    Triple(subset, _p(DCT, "identifier"), NamedNode(graph)),
                    Triple(subset, _p(VOID, "triples"), _n(count)),
                    Triple(subset, _p(VOID, "dataDump"), NamedNode(dump)),
                    Triple(subset, _p(DCAT, "distribution"), distribution), *_distribution(distribution, dump)]
    return triples
