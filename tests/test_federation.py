"""Two plangraph instances on two ports, each with its own province's documents: one asks the other through
SPARQL federation (SERVICE) when — and only when — the other is on its allow-list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from support import KIND_COUNTS, SEED, LiveServer, corpus_file, ingested_store


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Hải Phòng (the seed) asks Đồng Tháp (corpus 02); Đồng Tháp allows nobody."""
    dong_thap = LiveServer(ingested_store(tmp_path_factory.mktemp("dong-thap"), corpus_file("02")))
    hai_phong = LiveServer(ingested_store(tmp_path_factory.mktemp("hai-phong"), SEED),
                           env={"PLANGRAPH_SERVICE_ALLOW": f"{dong_thap.url}/sparql",
                                "PLANGRAPH_SERVICE_ALLOW_PRIVATE": "1"})
    yield hai_phong, dong_thap
    hai_phong.stop()
    dong_thap.stop()


def _counts(server: LiveServer) -> dict[str, int]:
    rows = requests.get(f"{server.url}/sparql", params={"query": KIND_COUNTS},
                        headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    return {r["kind"]["value"]: int(r["n"]["value"]) for r in rows["results"]["bindings"]}


def test_the_catalogue_joins_both_instances_by_agency_kind(instances: tuple[LiveServer, LiveServer]) -> None:
    hai_phong, dong_thap = instances
    here, there = _counts(hai_phong), _counts(dong_thap)
    assert here and there and set(here) & set(there)  # the same kind IRIs on both: the join has something
    response = requests.get(f"{hai_phong.url}/api/queries/kinds-here-and-at-peer.json",
                            params={"peer": f"{dong_thap.url}/sparql"}, timeout=120)
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    got = {row["kind"]: (int(row["here"]), int(row["there"])) for row in rows}
    assert got == {kind: (here.get(kind, 0), there.get(kind, 0)) for kind in set(here) | set(there)}
    assert all(row["peer"] == f"{dong_thap.url}/sparql" for row in rows)


def test_sparql_with_service_reaches_the_allowed_peer(instances: tuple[LiveServer, LiveServer]) -> None:
    hai_phong, dong_thap = instances
    query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{dong_thap.url}/sparql> {{ "
             "?t a <https://w3id.org/plangraph/ontology#Task> } }")
    body = requests.get(f"{hai_phong.url}/sparql", params={"query": query},
                        headers={"Accept": "application/sparql-results+json"}, timeout=120).json()
    assert int(body["results"]["bindings"][0]["n"]["value"]) == sum(1 for _ in _tasks(dong_thap))


def _tasks(server: LiveServer) -> list[str]:
    rows = requests.get(f"{server.url}/sparql", params={
        "query": "SELECT DISTINCT ?t WHERE { ?t a <https://w3id.org/plangraph/ontology#Task> }"},
        headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    return [r["t"]["value"] for r in rows["results"]["bindings"]]


def test_a_peer_not_allowed_is_refused_with_the_reason(instances: tuple[LiveServer, LiveServer]) -> None:
    hai_phong, dong_thap = instances
    response = requests.get(f"{dong_thap.url}/api/queries/kinds-here-and-at-peer.json",
                            params={"peer": f"{hai_phong.url}/sparql"}, timeout=60)
    assert response.status_code == 403
    assert "allow-list" in response.json()["error"]
    elsewhere = requests.get(f"{hai_phong.url}/api/queries/kinds-here-and-at-peer.json",
                             params={"peer": "http://127.0.0.1:1/sparql"}, timeout=60)
    assert elsewhere.status_code == 403  # private addresses are allowed only when listed


def test_an_allowed_peer_that_does_not_answer_is_a_clear_error(tmp_path: Path) -> None:
    from support import free_port

    gone = f"http://127.0.0.1:{free_port()}/sparql"
    server = LiveServer(ingested_store(tmp_path, SEED), env={"PLANGRAPH_SERVICE_ALLOW": gone,
                                                     "PLANGRAPH_SERVICE_ALLOW_PRIVATE": "1"})
    try:
        response = requests.get(f"{server.url}/api/queries/kinds-here-and-at-peer.json", params={"peer": gone},
                                timeout=120)
        assert response.status_code >= 400 and response.json()["ok"] is False
        assert "127.0.0.1" in response.json()["error"]
    finally:
        server.stop()
