"""Linked data as published, against live servers: JSON-LD compacted against the context served at
``/context.jsonld`` (and expanding back to the same triples), the VoID/DCAT description with its licence,
publisher and ``dct:modified`` as ``xsd:dateTime`` (from the server settings), ``/void`` for people, and
validators (ETag, 304) on the list pages."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import rdflib
import requests
from pyoxigraph import RdfFormat, parse
from rdflib.compare import isomorphic
from support import LiveServer, run_cli

DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
DECREE = "/eli/vn/cp/nd/2014/40"
GRAPH = "/graph/vn/ubnd-31/qd/2016/281"
CONSTRUCT = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> CONSTRUCT { ?t eli:applies ?i . ?i ?p ?o } "
             "WHERE { ?t eli:applies ?i . ?i ?p ?o }")


def _expanded(document: dict[str, Any], context: dict[str, Any]) -> rdflib.Graph:
    """The triples of *document*, its context URL replaced by the context it names (as a processor reads it)."""
    inlined = {**document, "@context": context["@context"]}
    graph = rdflib.Graph()
    for triple in parse(json.dumps(inlined).encode("utf-8"), format=RdfFormat.JSON_LD):
        graph.parse(data=f"{triple} .", format="nt")
    return graph


def _turtle(live: LiveServer, path: str, **kwargs: Any) -> rdflib.Graph:
    response = requests.get(live.url + path, headers={"Accept": "text/turtle"}, timeout=60, **kwargs)
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.text, format="turtle")


def _compact_keys(node: dict[str, Any]) -> None:
    for key, value in node.items():
        assert key.startswith("@") or re.fullmatch(r"[a-z]+:[\w.-]+", key), key  # a compact IRI, never a full one
        if key == "@type":
            for kind in value if isinstance(value, list) else [value]:
                assert re.fullmatch(r"[a-z]+:[\w.-]+", kind), kind


def test_the_context_is_published_at_a_stable_url(live: LiveServer) -> None:
    response = requests.get(f"{live.url}/context.jsonld", timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    context = response.json()["@context"]
    assert context["eli"] == "http://data.europa.eu/eli/ontology#"
    assert context["pg"] == "https://w3id.org/plangraph/ontology#"
    assert all(iri.endswith(("#", "/")) for iri in context.values())
    again = requests.get(f"{live.url}/context.jsonld", headers={"If-None-Match": response.headers["ETag"]},
                         timeout=60)
    assert again.status_code == 304


@pytest.mark.parametrize("path, params, inline", [(DECREE, {}, False), ("/.well-known/void", {}, False),
                                                  ("/ontology", {}, False), ("/sparql", {"query": CONSTRUCT}, True),
                                                  ("/store", {"graph": f"https://w3id.org/plangraph{GRAPH}"}, True)])
def test_json_ld_is_compacted_against_the_context_and_expands_to_the_same_triples(
        live: LiveServer, path: str, params: dict[str, str], inline: bool) -> None:
    """Linked-data documents name the published context by its URL; protocol answers (query results, Graph
    Store reads) carry the same context inline, as SPARQL clients and the W3C harness read them."""
    response = requests.get(live.url + path, params=params, headers={"Accept": "application/ld+json"}, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    document = response.json()
    context = requests.get(f"{live.url}/context.jsonld", timeout=60).json()
    if inline:
        assert document["@context"] == context["@context"]
    else:
        assert document["@context"] == f"{live.url}/context.jsonld"
    assert document["@graph"]
    for node in document["@graph"]:
        _compact_keys(node)
        assert list(node)[0] == "@id"
    assert isomorphic(_expanded(document, context), _turtle(live, path, params=params))


def test_a_json_ld_client_reads_it_by_fetching_the_context(live: LiveServer) -> None:
    """rdflib loads the remote context from the URL the document names, as any JSON-LD processor does."""
    response = requests.get(live.url + DECREE, headers={"Accept": "application/ld+json"}, timeout=60)
    graph = rdflib.Graph().parse(data=response.text, format="json-ld")
    assert isomorphic(graph, _turtle(live, DECREE))
    decree = rdflib.URIRef("https://w3id.org/plangraph" + DECREE)
    assert (decree, rdflib.URIRef("http://data.europa.eu/eli/ontology#id_local"), rdflib.Literal("40/2014/NĐ-CP")) \
        in graph


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _void(server: LiveServer) -> rdflib.Graph:
    return _turtle(server, "/.well-known/void")


def test_void_states_licence_publisher_and_when_it_changed(live: LiveServer) -> None:
    graph = _void(live)
    dataset = rdflib.URIRef(f"{live.url}/.well-known/void#dataset")
    assert graph.value(dataset, DCT.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    publisher = graph.value(dataset, DCT.publisher)
    assert (publisher, rdflib.RDF.type, FOAF.Agent) in graph
    assert graph.value(publisher, FOAF.name) == rdflib.Literal("plangraph")
    assert graph.value(publisher, FOAF.homepage) == rdflib.URIRef(f"{live.url}/")
    modified = graph.value(dataset, DCT.modified)
    assert isinstance(modified, rdflib.Literal) and modified.datatype == XSD.dateTime
    version = requests.get(f"{live.url}/version.json", timeout=60).json()
    assert modified.toPython() == _instant(version["store_modified"])  # the snapshot served
    assert abs((datetime.now(UTC) - modified.toPython()).days) < 2
    for distribution in graph.objects(dataset, DCAT.distribution):
        assert graph.value(distribution, DCT.license) == graph.value(dataset, DCT.license)
    assert rdflib.URIRef("http://data.europa.eu/eli/ontology#") in set(graph.objects(dataset, VOID.vocabulary))
    assert graph.value(dataset, DCAT.landingPage) == rdflib.URIRef(f"{live.url}/void")


def test_licence_and_publisher_come_from_the_settings(live: LiveServer) -> None:
    licence, publisher = "https://creativecommons.org/publicdomain/zero/1.0/", "https://example.org/so-khcn"
    server = LiveServer(live.store, env={"PLANGRAPH_LICENSE": licence, "PLANGRAPH_PUBLISHER": publisher})
    try:
        graph = _void(server)
        dataset = rdflib.URIRef(f"{server.url}/.well-known/void#dataset")
        assert graph.value(dataset, DCT.license) == rdflib.URIRef(licence)
        assert graph.value(dataset, DCT.publisher) == rdflib.URIRef(publisher)
        page = requests.get(f"{server.url}/void", params={"lang": "en"}, timeout=60).text
        assert f'<a href="{licence}" rel="license">CC0 1.0</a>' in page
    finally:
        server.stop()


def test_a_licence_that_is_no_iri_stops_the_server_with_its_reason(live: LiveServer,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANGRAPH_LICENSE", "CC BY")
    code, _, err = run_cli("serve", "--store", str(live.store), "--port", "1")
    assert code == 2
    assert err.startswith("error: PLANGRAPH_LICENSE must be the licence's absolute IRI")


@pytest.mark.parametrize("lang, heading", [("vi", "Giấy phép"), ("en", "Licence")])
def test_void_is_a_page_for_people(live: LiveServer, lang: str, heading: str) -> None:
    response = requests.get(f"{live.url}/void", params={"lang": lang}, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    page = response.text
    assert f"<dt>{heading}</dt>" in page and 'rel="license">CC BY 4.0</a>' in page
    twin = requests.get(f"{live.url}/void.json", timeout=60).json()
    graph = _void(live)
    dataset = rdflib.URIRef(f"{live.url}/.well-known/void#dataset")
    assert twin["counts"]["triples"] == int(graph.value(dataset, VOID.triples))
    assert f"<strong>{twin['counts']['triples']}</strong>" in page
    modified = graph.value(dataset, DCT.modified)
    assert isinstance(modified, rdflib.Literal) and _instant(twin["modified"]) == modified.toPython()
    assert f'<time datetime="{twin["modified"]}">' in page
    assert len(twin["graphs"]) == len(set(graph.objects(dataset, VOID.subset)))
    assert all(f'href="{g["dump"]}"' in page.replace("&amp;", "&") for g in twin["graphs"])
    # a browser asking the description's own address is sent to this page
    redirected = requests.get(f"{live.url}/.well-known/void", headers={"Accept": "text/html"},
                              allow_redirects=False, timeout=60)
    assert redirected.status_code == 303 and redirected.headers["Location"].endswith("/void")
    assert '<a href="/void">' in requests.get(f"{live.url}/", timeout=60).text  # linked from every page's footer


@pytest.mark.parametrize("path", ["/tasks", "/tasks.json", "/tasks?city=31", "/documents", "/instruments",
                                  "/agencies.json", "/plans", "/", "/compare/kinds", "/void"])
def test_list_pages_carry_validators_and_answer_304(live: LiveServer, path: str) -> None:
    first = requests.get(live.url + path, timeout=60)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = requests.get(live.url + path, headers={"If-None-Match": first.headers["ETag"]}, timeout=60)
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == first.headers["ETag"]
    since = requests.get(live.url + path, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=60)
    assert since.status_code == 304
    other = requests.get(live.url + path, headers={"If-None-Match": 'W/"0-stale"'}, timeout=60)
    assert other.status_code == 200 and other.content == first.content


def test_the_validators_follow_the_language(live: LiveServer) -> None:
    vi = requests.get(f"{live.url}/tasks", timeout=60)
    en = requests.get(f"{live.url}/tasks", cookies={"lang": "en"}, timeout=60)
    assert vi.headers["ETag"] != en.headers["ETag"] and "Cookie" in vi.headers["Vary"]
    stale = requests.get(f"{live.url}/tasks", headers={"If-None-Match": vi.headers["ETag"]}, cookies={"lang": "en"},
                         timeout=60)
    assert stale.status_code == 200  # the English page is not the Vietnamese copy
