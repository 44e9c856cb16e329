"""plangraph serve on an external engine: the pages, their JSON twins, linked data and the catalogue answer as
on the embedded store holding the same documents. The Oxigraph server runs everything; Virtuoso runs the pages
whose queries it can compile (the ones using Oxigraph's LATERAL are listed in the README as not yet portable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import TOKEN
from engines import Engine, OxigraphServer, VirtuosoServer
from support import SEED, LiveServer, run_cli

from plangraph.queries import load_catalogue

PORTABLE = ["/index.json", "/search.json?q=281", "/search.json?q=nghi+dinh+40", "/compare.json",
            "/compare/kinds.json"]
EVERYTHING = [*PORTABLE, "/tasks.json", "/documents.json", "/instruments.json", "/agencies.json",
              "/eli/vn/cp/nd/2014/40.json", "/eli/vn/ubnd-31/qd/2016/281.json", "/tasks.json?city=31"]
CATALOGUE = {name: q for name, q in load_catalogue().items() if "federation" not in q.tags}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("embedded") / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    server = LiveServer(store)
    yield server
    server.stop()


def _serve(engine: Engine, folder: Path) -> LiveServer:
    code, _, err = run_cli("ingest", "--store", f"sparql+{engine.query_url}", "--store-gsp-url", engine.gsp_url,
                           str(SEED))
    assert code == 0, err
    return LiveServer(Path(folder) / "unused", "--store", f"sparql+{engine.query_url}", "--store-gsp-url",
                      engine.gsp_url, "--store-update-url", engine.update_url,
                      token=TOKEN, env={"PLANGRAPH_ENGINE_STATE": str(folder / "state")})


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def on_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[tuple[str, LiveServer]]:
    folder = tmp_path_factory.mktemp(request.param)
    engine = OxigraphServer(folder / "data") if request.param == "oxigraph" else VirtuosoServer(folder / "data")
    try:
        server = _serve(engine, folder)
        yield request.param, server
        server.stop()
    finally:
        engine.stop()


def _get(server: LiveServer, path: str) -> requests.Response:
    return requests.get(f"{server.url}{path}", timeout=120)


def test_pages_answer_as_on_the_embedded_store(embedded: LiveServer, on_engine: tuple[str, LiveServer]) -> None:
    name, server = on_engine
    for path in EVERYTHING if name == "oxigraph" else PORTABLE:
        ours, theirs = _get(server, path), _get(embedded, path)
        assert ours.status_code == theirs.status_code == 200, (name, path, ours.text[:300])
        assert ours.json() == theirs.json(), (name, path)


def test_catalogue_answers_as_on_the_embedded_store(embedded: LiveServer, on_engine: tuple[str, LiveServer]) -> None:
    name, server = on_engine
    if name != "oxigraph":
        pytest.skip("the catalogue on Virtuoso needs the portable query forms (issue 15, item 2)")
    for query in CATALOGUE.values():
        path = f"/api/queries/{query.name}.json"
        ours = requests.get(f"{server.url}{path}", params=query.example, timeout=120)
        theirs = requests.get(f"{embedded.url}{path}", params=query.example, timeout=120)
        assert ours.status_code == theirs.status_code == 200, (query.name, ours.text[:300])
        assert ours.json()["rows"] == theirs.json()["rows"], query.name


def test_sparql_and_linked_data_on_the_engine(on_engine: tuple[str, LiveServer]) -> None:
    _, server = on_engine
    tasks = requests.get(f"{server.url}/sparql", params={"query": "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE "
                         "{ ?t a <https://w3id.org/plangraph/ontology#Task> }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    assert tasks["results"]["bindings"][0]["n"]["value"] == "66"
    ask = requests.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    assert ask["boolean"] is True
    turtle = requests.get(f"{server.url}/eli/vn/cp/nd/2014/40", headers={"Accept": "text/turtle"}, timeout=60)
    assert turtle.status_code == 200 and "40/2014/NĐ-CP" in turtle.text


def test_a_write_through_the_server_reaches_the_engine_and_the_pages(on_engine: tuple[str, LiveServer]) -> None:
    _, server = on_engine
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
