"""The endpoint against the W3C protocol harness and real clients (SPARQLWrapper, rdflib, curl)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse

import pytest
import rdflib
import requests
from conftest import TOKEN
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from support import SHARED, LiveServer

HARNESS = SHARED / "conformance" / "protocol_check.py"


def test_w3c_protocol_harness_passes_with_no_failure(live: LiveServer) -> None:
    if not HARNESS.exists():
        pytest.skip(f"{HARNESS} is absent: the shared folder is not beside the checkout")
    result = subprocess.run(
        [sys.executable, str(HARNESS), f"{live.url}/sparql", "--update-url", f"{live.url}/update",
         "--token", TOKEN, "--gsp-url", f"{live.url}/store"],
        capture_output=True, text=True, timeout=600)
    summary = result.stdout.strip().splitlines()[-1]
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert result.returncode == 0 and summary.endswith(" 0 failed"), "\n".join(failures) or result.stdout[-3000:]
    passed = int(summary.split()[0])
    assert passed >= 120


def test_sparqlwrapper_select_and_construct(live: LiveServer) -> None:
    client = SPARQLWrapper(f"{live.url}/sparql")
    client.setQuery("""PREFIX eli: <http://data.europa.eu/eli/ontology#>
        SELECT ?date WHERE { ?d eli:id_local "281/QĐ-UBND" ; eli:date_document ?date }""")
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [b["date"]["value"] for b in bindings] == ["2016-02-25"]
    client.setQuery("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        CONSTRUCT { ?a skos:prefLabel ?l }
        WHERE { ?a skos:prefLabel "Sở Khoa học và Công nghệ"@vi ; skos:prefLabel ?l }""")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert rdflib.Literal("Sở Khoa học và Công nghệ", lang="vi") in set(graph.objects())


def test_rdflib_sparqlstore_round_trip(live: LiveServer) -> None:
    graph = rdflib.Graph(store="SPARQLStore")
    graph.open(f"{live.url}/sparql")
    rows = list(graph.query("""PREFIX pg: <https://w3id.org/plangraph/ontology#>
        SELECT (COUNT(?t) AS ?n) WHERE { ?t a pg:Task }"""))
    assert int(rows[0][0]) == 66
    asked = graph.query("ASK { ?s <http://data.europa.eu/eli/ontology#id_local> \"40/2014/NĐ-CP\" }")
    assert asked.askAnswer is True


def test_curl_gets_csv(live: LiveServer) -> None:
    query = urllib.parse.quote("SELECT ?id WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> ?id } "
                               "ORDER BY ?id LIMIT 3")
    result = subprocess.run(["curl", "-sS", "-H", "Accept: text/csv", f"{live.url}/sparql?query={query}"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "id" and len(lines) == 4


def test_update_then_query_sees_it_and_graph_store_reads_it(live: LiveServer) -> None:
    graph = "http://example.org/test/update-visible"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = requests.post(f"{live.url}/update", data={"update": f"INSERT DATA {{ GRAPH <{graph}> {{ "
                             "<http://example.org/s> <http://example.org/p> \"Hải Phòng\"@vi } }"}, headers=auth,
                             timeout=60)
    assert response.status_code == 204, response.text
    body = requests.get(f"{live.url}/store", params={"graph": graph}, headers={"Accept": "application/n-triples"},
                        timeout=60).text
    assert '"Hải Phòng"@vi' in body
    assert requests.delete(f"{live.url}/store", params={"graph": graph}, headers=auth, timeout=60).status_code == 204
    assert requests.get(f"{live.url}/store", params={"graph": graph}, timeout=60).status_code == 404


def test_service_description_lists_named_graphs(live: LiveServer) -> None:
    response = requests.get(f"{live.url}/sparql", headers={"Accept": "text/turtle"}, timeout=60)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281" in names
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) in graph


def test_json_errors_and_cors_on_errors(live: LiveServer) -> None:
    response = requests.get(f"{live.url}/sparql", params={"query": "SELECT * WHERE {"},
                            headers={"Accept": "application/sparql-results+json", "Origin": "http://x.example"},
                            timeout=60)
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    payload = json.loads(response.text)
    assert payload["ok"] is False and payload["status"] == 400 and "syntax" in payload["error"]
