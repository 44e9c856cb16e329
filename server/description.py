"""The SPARQL 1.1 Service Description of the endpoint, as triples."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from plangraph.server.conneg import GRAPH_FORMATS, SOLUTION_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML", "nquads": "N-Quads", "trig": "TriG",
}


def _sd(local: str) -> NamedNode:
    return NamedNode(SD + local)


def service_description(endpoint: str, *, updates: bool, named_graphs: list[str]) -> list[Triple]:
    service = NamedNode(endpoint + "#service")
    dataset = BlankNode()
    default_graph = BlankNode()
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), NamedNode(endpoint)),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, _sd("feature"), _sd("BasicFederatedQuery")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _sd("Graph")),
        Triple(service, NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal("plangraph: Vietnamese government plans as linked data. The default graph is the union of "
                       "all named graphs; SERVICE is limited to an allowlist.", language="en")),
    ]
    if updates:
        triples.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        if fmt.name in FORMAT_IRIS:
            triples.append(Triple(service, _sd("resultFormat"), NamedNode(FORMATS + FORMAT_IRIS[fmt.name])))
    for graph in named_graphs:
        node = BlankNode()
        triples += [Triple(dataset, _sd("namedGraph"), node), Triple(node, RDF_TYPE, _sd("NamedGraph")),
                    Triple(node, _sd("name"), NamedNode(graph))]
    return sorted(set(triples), key=str)
