"""plangraph serve on an external engine: every page, its JSON twin, the linked data, the dump and the catalogue
answer as on the embedded store holding the same documents — on the Oxigraph server (which gets the LATERAL forms
of the page queries) and on Virtuoso (which gets their portable forms, plangraph.store.dialect). The portable forms
are also run on the embedded store itself (PLANGRAPH_STORE_DIALECT=sparql11): the same rows as the LATERAL ones.

The documents are the seed and a decision that amends, repeals and replaces (tests/data/relations), so that the
dossier of an instrument has relations in both directions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import TOKEN
from engines import Engine, OxigraphServer, VirtuosoServer
from support import BASE, SEED, LiveServer, run_cli

from plangraph.queries import load_catalogue
from plangraph.store.dialect import Dialect
from plangraph.store.oxigraph import OxigraphStore, embedded_dialect
from plangraph.store.remote import Endpoint, RemoteStore
from plangraph.store.snapshots import SnapshotStore

DECISION = Path(__file__).parent / "data" / "relations" / "qd-99-2025.txt"
DOCUMENTS = (str(SEED), str(DECISION))
CATALOGUE = {name: q for name, q in load_catalogue().items() if "federation" not in q.tags}
# Parameters beside each query's example: the texts the decision acts on, and other cities and instruments.
MORE_PARAMS: dict[str, list[dict[str, str]]] = {
    "instrument-amendments": [{"instrument": "12/2020/QĐ-UBND"}],
    "instrument-relations": [{"instrument": "12/2020/QĐ-UBND"}, {"instrument": "99/2025/QĐ-UBND"}],
    "instrument-citations": [{"instrument": "57-NQ/TW"}], "cities-citing": [{"instrument": "57-NQ/TW"}],
    "common-instruments": [{"a": "31", "b": "14"}], "compare-cities": [{"a": "31", "b": "14", "topic": ""}],
    "tasks-carrying-out-by-kind": [{"instrument": "57-NQ/TW"}], "bodies-carrying-out": [{"instrument": "57-NQ/TW"}],
    "legal-basis": [{"decision": "99/2025/QĐ-UBND"}], "targets-by-indicator": [{"indicator": ""}],
    "documents": [{"city": "14"}], "task-load": [{"city": "14"}],
}
FIXED_PAGES = [
    "/", "/search?q=281", "/search?q=nghi+dinh+40", "/compare", "/compare/kinds", "/compare/cities?a=31&b=14",
    "/compare/instruments", "/compare/targets", "/tasks", "/tasks?page=2", "/tasks?city=31", "/documents",
    "/documents?year=2025", "/plans", "/agencies", "/agencies?city=14", "/instruments", "/instruments?status=cited",
    "/instruments?status=ingested", "/void", "/id/place/31", "/concept/agency-kind/so-tu-phap",
]
ENTITIES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?x WHERE {
  { ?x eli:is_realized_by ?e } UNION { ?x a pg:ActionPlan } UNION { ?s a pg:RelationStatement ; rdf:object ?x }
  UNION { { SELECT ?x WHERE { ?x a pg:Task } ORDER BY ?x LIMIT 4 } }
  UNION { { SELECT DISTINCT ?x WHERE { ?t schema:agent ?x } ORDER BY ?x LIMIT 4 } }
  UNION { { SELECT DISTINCT ?x WHERE { ?t eli:cites|eli:applies ?x } ORDER BY ?x LIMIT 4 } }
  UNION { { SELECT DISTINCT ?x WHERE { ?d pg:signedBy ?x } ORDER BY ?x LIMIT 1 } }
  FILTER(STRSTARTS(STR(?x), "https://w3id.org/plangraph/eli/") || STRSTARTS(STR(?x), "https://w3id.org/plangraph/id/"))
  FILTER(!CONTAINS(STR(?x), "#"))
} ORDER BY ?x"""
RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples")


def _ingest(store: str, *extra: str) -> None:
    code, _, err = run_cli("ingest", "--store", store, *extra, *DOCUMENTS)
    assert code == 0, err


@pytest.fixture(scope="module")
def embedded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("embedded") / "store"
    _ingest(str(store))
    return store


@pytest.fixture(scope="module")
def embedded(embedded_store: Path) -> Iterator[LiveServer]:
    server = LiveServer(embedded_store)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def embedded_portable(embedded_store: Path) -> Iterator[LiveServer]:
    """The same store served with the portable forms of every query (as Virtuoso is)."""
    server = LiveServer(embedded_store, "--store-dialect", "sparql11")
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def on_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[tuple[str, Engine, LiveServer]]:
    folder = tmp_path_factory.mktemp(request.param)
    engine = OxigraphServer(folder / "data") if request.param == "oxigraph" else VirtuosoServer(folder / "data")
    try:
        _ingest(f"sparql+{engine.query_url}", "--store-gsp-url", engine.gsp_url)
        server = LiveServer(Path(folder) / "unused", "--store", f"sparql+{engine.query_url}", "--store-gsp-url",
                            engine.gsp_url, "--store-update-url", engine.update_url,
                            token=TOKEN, env={"PLANGRAPH_ENGINE_STATE": str(folder / "state")})
        yield request.param, engine, server
        server.stop()
    finally:
        engine.stop()


@pytest.fixture(scope="module")
def pages(embedded: LiveServer) -> list[str]:
    """Every kind of page: the fixed ones, and the page of each document, plan, text acted on, and of some tasks,
    agencies, cited instruments and a signer."""
    found = requests.get(f"{embedded.url}/sparql", params={"query": ENTITIES},
                         headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    entities = ["/" + row["x"]["value"].removeprefix(BASE) for row in found["results"]["bindings"]]
    assert len(entities) >= 20, entities
    source = next(p for p in _get(embedded, "/eli/vn/ubnd-14/qd/2025/99.json").json()["quotes"]
                  if p["kind"] == "source")["href"].split("#")[0]
    carrying = "/compare/carrying?instrument=" + requests.utils.quote(f"{BASE}eli/vn/cp/nd/2014/40", safe="")
    return [*FIXED_PAGES, carrying, source, *entities]


def _get(server: LiveServer, path: str, **headers: str) -> requests.Response:
    return requests.get(f"{server.url}{path}", headers=headers, timeout=120)


def _twin(path: str) -> str:
    base, _, query = path.partition("?")
    return (base.rstrip("/") or "/index") + ".json" + (f"?{query}" if query else "")


def _normal(response: requests.Response, server: LiveServer) -> str:
    """The body with the server's own address, and the store's version and date (a version of the engine is not a
    snapshot's), written out: what is left is what the store answered."""
    text = response.text.replace(server.url, "SERVER")
    text = re.sub(r'"(modified|version)": "?[0-9TZ:-]+"?', r'"\1": "…"', text)
    text = re.sub(r'dct:modified "[0-9TZ:-]+"\^\^xsd:dateTime', "dct:modified …", text)
    text = re.sub(r'(\w+:\w*[vV]ersion\w*) "\d+"', r'\1 …', text)
    return re.sub(r'datetime="[0-9TZ:-]+">[0-9TZ:-]+</time> · (phiên bản|version) \d+', "…", text)


def _same(path: str, ours: LiveServer, theirs: LiveServer, **headers: str) -> None:
    mine, other = _get(ours, path, **headers), _get(theirs, path, **headers)
    assert mine.status_code == other.status_code == 200, (path, mine.status_code, mine.text[:300])
    if "json" in mine.headers["Content-Type"] and "ld+json" not in mine.headers["Content-Type"]:
        assert json.loads(_normal(mine, ours)) == json.loads(_normal(other, theirs)), path
    else:
        assert _normal(mine, ours) == _normal(other, theirs), path


def _catalogue_rows(server: LiveServer, name: str, params: dict[str, str]) -> Any:
    response = requests.get(f"{server.url}/api/queries/{name}.json", params={**params, "limit": "1000"}, timeout=120)
    assert response.status_code == 200, (name, params, response.text[:300])
    return response.json()["rows"]


def test_the_dialect_of_each_store(embedded: LiveServer, embedded_portable: LiveServer, embedded_store: Path,
                                   on_engine: tuple[str, Engine, LiveServer]) -> None:
    name, engine, server = on_engine
    snapshot = SnapshotStore(embedded_store).current()
    assert snapshot is not None
    with OxigraphStore(snapshot.path, read_only=True) as store:
        assert store.dialect() is Dialect.LATERAL and store.own_graphs() == ()
    assert embedded_dialect() is Dialect.LATERAL and embedded_dialect("sparql11") is Dialect.SPARQL11
    with RemoteStore(Endpoint.parse(f"sparql+{engine.query_url}", environ={})) as remote:
        profile = remote.profile()
    expected = Dialect.LATERAL if name == "oxigraph" else Dialect.SPARQL11
    assert profile.dialect is expected and profile.virtuoso is (name == "virtuoso"), profile
    if name == "virtuoso":  # its schema graph is Virtuoso's own, not data
        assert "http://www.openlinksw.com/schemas/virtrdf#" in profile.own_graphs
    for served, dialect in ((server, expected), (embedded, Dialect.LATERAL), (embedded_portable, Dialect.SPARQL11)):
        assert _get(served, "/version.json").json()["store_dialect"] == dialect.value


def test_the_portable_forms_answer_as_the_lateral_ones(embedded: LiveServer, embedded_portable: LiveServer,
                                                       pages: list[str]) -> None:
    for path in pages:
        _same(_twin(path), embedded_portable, embedded)
    for query in CATALOGUE.values():
        for params in (query.example, *MORE_PARAMS.get(query.name, [])):
            assert _catalogue_rows(embedded_portable, query.name, params) == \
                _catalogue_rows(embedded, query.name, params), (query.name, params)


def test_every_page_and_twin_answers_as_on_the_embedded_store(embedded: LiveServer, pages: list[str],
                                                              on_engine: tuple[str, Engine, LiveServer]) -> None:
    _, _, server = on_engine
    for path in pages:
        _same(path, server, embedded, Accept="text/html")
        _same(_twin(path), server, embedded)


def test_linked_data_and_the_dump_answer_as_on_the_embedded_store(embedded: LiveServer, pages: list[str],
                                                                  on_engine: tuple[str, Engine, LiveServer]) -> None:
    _, _, server = on_engine
    for path in [p for p in pages if p.startswith(("/eli/", "/id/"))][:6]:
        for media_type in RDF_TYPES:
            _same(path, server, embedded, Accept=media_type)
    _same("/.well-known/void", server, embedded, Accept="text/turtle")
    ours, theirs = _get(server, "/dump"), _get(embedded, "/dump")
    assert ours.status_code == theirs.status_code == 200
    assert sorted(ours.text.splitlines()) == sorted(theirs.text.splitlines())  # the data, not the engine's own


def test_catalogue_answers_as_on_the_embedded_store(embedded: LiveServer,
                                                    on_engine: tuple[str, Engine, LiveServer]) -> None:
    _, _, server = on_engine
    for query in CATALOGUE.values():
        for params in (query.example, *MORE_PARAMS.get(query.name, [])):
            assert _catalogue_rows(server, query.name, params) == _catalogue_rows(embedded, query.name, params), \
                (query.name, params)


def test_sparql_on_the_engine(embedded: LiveServer, on_engine: tuple[str, Engine, LiveServer]) -> None:
    _, _, server = on_engine
    count = ("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/plangraph/ontology#Task> }")
    answers = [requests.get(f"{s.url}/sparql", params={"query": count}, timeout=60,
                            headers={"Accept": "application/sparql-results+json"}).json() for s in (server, embedded)]
    assert answers[0]["results"]["bindings"] == answers[1]["results"]["bindings"]
    ask = requests.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    assert ask["boolean"] is True
    turtle = requests.get(f"{server.url}/eli/vn/cp/nd/2014/40", headers={"Accept": "text/turtle"}, timeout=60)
    assert turtle.status_code == 200 and "40/2014/NĐ-CP" in turtle.text


def test_a_write_through_the_server_reaches_the_engine_and_the_pages(on_engine: tuple[str, Engine, LiveServer]
                                                                     ) -> None:
    _, _, server = on_engine
    before = requests.get(f"{server.url}/index.json", timeout=60).json()["counts"]
    update = ("INSERT DATA { GRAPH <http://example.org/engine-write> { <http://example.org/t> a "
              "<https://w3id.org/plangraph/ontology#Task> } }")
    response = requests.post(f"{server.url}/update", data={"update": update},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 204, response.text
    try:
        after = requests.get(f"{server.url}/index.json", timeout=60).json()["counts"]
        tasks = {c["key"]: c["count"] for c in after}["tasks"]
        assert tasks == {c["key"]: c["count"] for c in before}["tasks"] + 1
    finally:
        requests.post(f"{server.url}/update", data={"update": "DROP SILENT GRAPH <http://example.org/engine-write>"},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
