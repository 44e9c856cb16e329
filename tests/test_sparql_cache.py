"""A SPARQL GET query's answer is kept for the snapshot it was made from, like a page: served again while the data
is the same, never once it changed; an answer that is not a function of the data (NOW(), RAND(), SERVICE) never."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from support import SEED, run_cli

JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
TOKEN = "cache-test-token"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from plangraph.server import create_app
    from plangraph.server.state import get_state

    store = Path(tmp_path_factory.mktemp("sparql-cache")) / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0, err
    application = create_app({"PLANGRAPH_STORE": str(store), "PLANGRAPH_UPDATE_TOKEN": TOKEN})
    yield application
    with application.app_context():
        get_state().executor().close()


def _get(client: object, query: str, accept: str = JSON) -> tuple[int, bytes, dict[str, str]]:
    response = client.get("/sparql?" + urlencode({"query": query}), headers={"Accept": accept})  # type: ignore[attr-defined]
    return response.status_code, response.data, dict(response.headers)


def _count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_get_query_is_answered_again_as_kept_until_the_data_changes(app: object) -> None:
    client, cache = app.test_client(), app.extensions["plangraph-page-cache"]  # type: ignore[attr-defined]
    status, body, headers = _get(client, COUNT)
    assert status == 200
    hits = cache.hits
    again = _get(client, COUNT)
    assert cache.hits == hits + 1
    assert again[1] == body and again[2]["ETag"] == headers["ETag"]
    assert again[2]["Content-Type"] == headers["Content-Type"]
    assert again[2]["X-Request-Id"] != headers["X-Request-Id"]
    csv = _get(client, COUNT, "text/csv")  # another format: another entry
    assert cache.hits == hits + 1 and csv[2]["Content-Type"].startswith("text/csv")
    posted = client.post("/sparql", data={"query": COUNT}, headers={"Accept": JSON})
    assert posted.status_code == 200 and cache.hits == hits + 1  # a POST is run, never served as kept
    update = client.post("/update", data={"update": "INSERT DATA { GRAPH <http://example.org/c> { "
                                                    "<http://example.org/a> <http://example.org/b> 1 } }"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert update.status_code == 204
    try:
        changed = _get(client, COUNT)
        assert _count(changed[1]) == _count(body) + 1 and changed[2]["ETag"] != headers["ETag"]
    finally:
        client.post("/update", data={"update": "DROP GRAPH <http://example.org/c>"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert _count(_get(client, COUNT)[1]) == _count(body)


@pytest.mark.parametrize("query", ["SELECT (NOW() AS ?t) {}", "SELECT (RAND() AS ?r) {}",
                                   "SELECT (STRUUID() AS ?u) {}", "SELECT (uuid() AS ?u) {}"])
def test_an_answer_that_is_not_a_function_of_the_data_is_never_kept(app: object, query: str) -> None:
    client, cache = app.test_client(), app.extensions["plangraph-page-cache"]  # type: ignore[attr-defined]
    assert _get(client, query)[0] == 200
    hits = cache.hits
    assert _get(client, query)[0] == 200
    assert cache.hits == hits
