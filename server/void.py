"""The VoID and DCAT description of the dataset: what it holds (per class, per property, per graph), where to
get it, under which licence and from whom (``PLANGRAPH_LICENSE``, ``PLANGRAPH_PUBLISHER``), and when it last
changed (``dct:modified``, the ``xsd:dateTime`` of the store snapshot served)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from plangraph.server.jsonld import CONTEXT
from plangraph.server.statistics import Statistics

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
NQUADS = NamedNode("http://www.iana.org/assignments/media-types/application/n-quads")
VOID_PREFIXES = {"void": VOID, "dcat": DCAT}  # written in Turtle beside the data's prefixes
TITLES = {"vi": "plangraph: kế hoạch của cơ quan nhà nước Việt Nam", "en": "plangraph: Vietnamese government plans"}
DESCRIPTIONS = {
    "vi": "Quyết định, kế hoạch, mục tiêu, chỉ tiêu, nhiệm vụ, cơ quan và văn bản pháp luật được trích dẫn của các "
          "địa phương và cơ quan Trung ương Việt Nam, đọc từ văn bản gốc; mỗi sự kiện giữ dòng nguồn của nó.",
    "en": "Decisions, plans, objectives, targets, tasks, agencies and the legal instruments they cite, of "
          "Vietnamese provinces and national bodies, read from the documents; every fact keeps its source line.",
}


def _n(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def _p(ns: str, local: str) -> NamedNode:
    return NamedNode(ns + local)


def modified_at(created: float) -> str:
    """The ``xsd:dateTime`` (UTC) of a snapshot created at *created* (seconds since the epoch).

    >>> modified_at(0)
    '1970-01-01T00:00:00Z'
    """
    return datetime.fromtimestamp(int(created), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Publication:
    """Who offers the dataset under which licence, and where it is served (the configured public URL)."""

    root: str
    base: str
    license: str
    publisher: str  # an absolute IRI, or a name

    @property
    def publisher_is_iri(self) -> bool:
        return self.publisher.startswith(("http://", "https://"))


def check_license(value: str) -> str:
    """*value* if it is an absolute http(s) IRI (a licence is named by its IRI); ValueError otherwise.

    >>> check_license("https://creativecommons.org/publicdomain/zero/1.0/")
    'https://creativecommons.org/publicdomain/zero/1.0/'
    """
    if not value.startswith(("http://", "https://")) or any(ch in value for ch in ' <>"{}|\\^`'):
        raise ValueError(f"PLANGRAPH_LICENSE must be the licence's absolute IRI (e.g. "
                         f"https://creativecommons.org/licenses/by/4.0/), not {value!r}")
    return value


def _distribution(node: NamedNode | BlankNode, url: str, licence: NamedNode) -> list[Triple]:
    return [Triple(node, RDF_TYPE, _p(DCAT, "Distribution")), Triple(node, _p(DCAT, "downloadURL"), NamedNode(url)),
            Triple(node, _p(DCAT, "mediaType"), NQUADS), Triple(node, _p(DCT, "license"), licence)]


def _publisher(dataset: NamedNode, publication: Publication) -> list[Triple]:
    if publication.publisher_is_iri:
        return [Triple(dataset, _p(DCT, "publisher"), NamedNode(publication.publisher))]
    agent = NamedNode(f"{publication.root}/.well-known/void#publisher")
    return [Triple(dataset, _p(DCT, "publisher"), agent), Triple(agent, RDF_TYPE, _p(FOAF, "Agent")),
            Triple(agent, _p(FOAF, "name"), Literal(publication.publisher)),
            Triple(agent, _p(FOAF, "homepage"), NamedNode(f"{publication.root}/"))]


def vocabularies(stats: Statistics) -> list[str]:
    """The namespaces (of the published JSON-LD context) whose properties or classes the data uses."""
    used = [iri for iri, _ in (*stats.properties, *stats.classes)]
    return sorted({namespace for namespace in CONTEXT.values() if any(iri.startswith(namespace) for iri in used)})


def void_triples(stats: Statistics, publication: Publication, *, version: int, created: float) -> list[Triple]:
    root = publication.root
    dataset = NamedNode(f"{root}/.well-known/void#dataset")
    licence = NamedNode(publication.license)
    triples = [
        Triple(dataset, RDF_TYPE, _p(VOID, "Dataset")), Triple(dataset, RDF_TYPE, _p(DCAT, "Dataset")),
        *(Triple(dataset, _p(DCT, "title"), Literal(text, language=lang)) for lang, text in TITLES.items()),
        *(Triple(dataset, _p(DCT, "description"), Literal(text, language=lang))
          for lang, text in DESCRIPTIONS.items()),
        Triple(dataset, _p(DCT, "modified"), Literal(modified_at(created), datatype=NamedNode(XSD + "dateTime"))),
        Triple(dataset, _p(DCT, "license"), licence),
        *_publisher(dataset, publication),
        Triple(dataset, _p(DCAT, "landingPage"), NamedNode(f"{root}/void")),
        Triple(dataset, _p(VOID, "sparqlEndpoint"), NamedNode(f"{root}/sparql")),
        Triple(dataset, _p(VOID, "uriSpace"), Literal(publication.base)),
        Triple(dataset, _p(VOID, "triples"), _n(stats.triples)),
        Triple(dataset, _p(VOID, "distinctSubjects"), _n(stats.subjects)),
        Triple(dataset, _p(VOID, "classes"), _n(len(stats.classes))),
        Triple(dataset, _p(VOID, "properties"), _n(len(stats.properties))),
        Triple(dataset, _p(VOID, "dataDump"), NamedNode(f"{root}/dump")),
        Triple(dataset, _p(DCT, "hasVersion"), Literal(str(version))),
        Triple(dataset, _p(DCAT, "distribution"), NamedNode(f"{root}/dump#distribution")),
        *_distribution(NamedNode(f"{root}/dump#distribution"), f"{root}/dump", licence),
        *(Triple(dataset, _p(VOID, "vocabulary"), NamedNode(namespace)) for namespace in vocabularies(stats)),
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
        dump = dump_url(root, graph)
        distribution = NamedNode(f"{root}/.well-known/void#graph-{index}-dump")
        triples += [Triple(dataset, _p(VOID, "subset"), subset), Triple(subset, RDF_TYPE, _p(VOID, "Dataset")),
                    Triple(subset, _p(DCT, "identifier"), NamedNode(graph)),
                    Triple(subset, _p(VOID, "triples"), _n(count)),
                    Triple(subset, _p(VOID, "dataDump"), NamedNode(dump)),
                    Triple(subset, _p(DCAT, "distribution"), distribution),
                    *_distribution(distribution, dump, licence)]
    return triples


def dump_url(root: str, graph: str) -> str:
    return f"{root}/dump?graph={quote(graph, safe='')}"
