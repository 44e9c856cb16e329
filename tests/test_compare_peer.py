"""/compare/peer: two plangraph instances on two ports — Hải Phòng's (the seed) sets its tasks by kind of lead
beside Đồng Tháp's (corpus 02), asked through SERVICE. Only configured peers are offered, only allow-listed ones
asked; a peer that does not answer is a message on the page, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
from support import KIND_COUNTS, SEED, LiveServer, corpus_file, free_port, ingested_store


@dataclass(frozen=True)
class Instances:
    hai_phong: LiveServer
    dong_thap: LiveServer
    gone: str  # allow-listed and configured, but nothing answers there
    unlisted: str  # configured as a peer, not on the SERVICE allow-list


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instances]:
    dong_thap = LiveServer(ingested_store(tmp_path_factory.mktemp("dong-thap"), corpus_file("02")))
    peer = f"{dong_thap.url}/sparql"
    gone, unlisted = (f"http://127.0.0.1:{free_port()}/sparql" for _ in range(2))
    hai_phong = LiveServer(ingested_store(tmp_path_factory.mktemp("hai-phong"), SEED),
                           env={"PLANGRAPH_PEERS": f"{peer} {gone} {unlisted}",
                                "PLANGRAPH_SERVICE_ALLOW": f"{peer} {gone}", "PLANGRAPH_SERVICE_ALLOW_PRIVATE": "1"})
    yield Instances(hai_phong, dong_thap, gone, unlisted)
    hai_phong.stop()
    dong_thap.stop()


def counts(server: LiveServer) -> dict[str, int]:
    rows = requests.get(f"{server.url}/sparql", params={"query": KIND_COUNTS},
                        headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    return {r["kind"]["value"]: int(r["n"]["value"]) for r in rows["results"]["bindings"]}


def test_the_page_sets_both_instances_counts_side_by_side(instances: Instances) -> None:
    here, there = counts(instances.hai_phong), counts(instances.dong_thap)
    assert here and there and set(here) & set(there)
    peer = f"{instances.dong_thap.url}/sparql"
    body = requests.get(f"{instances.hai_phong.url}/compare/peer.json", params={"peer": peer}, timeout=120).json()
    assert body["ok"] is True and body["error"] is None
    got = {row["kind"]: (row["here"], row["there"]) for row in body["rows"]}
    assert got == {kind: (here.get(kind, 0), there.get(kind, 0)) for kind in set(here) | set(there)}
    assert body["here"]["tasks"] == sum(here.values()) and body["there"]["tasks"] == sum(there.values())
    assert "Đồng Tháp" in body["there"]["name"] and "(82)" in body["there"]["name"]  # named by its places
    assert "Hải Phòng" in body["here"]["name"] and "(31)" in body["here"]["name"]
    assert body["peers"][0] == peer and body["peer"] == peer  # the first configured peer when none is asked
    assert requests.get(f"{instances.hai_phong.url}/compare/peer.json", timeout=120).json()["rows"] == body["rows"]
    # Each count links to the task list of its own instance, narrowed to the kind.
    kind, (_, n) = next((k, v) for k, v in got.items() if v[1])
    row = next(r for r in body["rows"] if r["kind"] == kind)
    assert row["there_href"].startswith(instances.dong_thap.url + "/tasks?kind=")
    listed = requests.get(row["there_href"].replace("/tasks?", "/tasks.json?"), timeout=60).json()
    assert listed["total"] == n


def test_english_labels_and_the_page_is_not_kept(instances: Instances) -> None:
    response = requests.get(f"{instances.hai_phong.url}/compare/peer?lang=en", timeout=120)
    assert response.status_code == 200
    assert "Compare with another plangraph instance" in response.text and "This instance" in response.text
    assert "Department of Science and Technology" in response.text  # kind labels in the page's language
    assert "ETag" not in response.headers  # the peer's data changes on its own: nothing is kept
    assert '<svg class="chart chart-heat"' in response.text or "chart-heat" in response.text


def test_the_compare_pages_link_to_it_only_when_peers_are_configured(instances: Instances) -> None:
    assert 'href="/compare/peer"' in requests.get(f"{instances.hai_phong.url}/compare/kinds", timeout=60).text
    assert 'href="/compare/peer"' not in requests.get(f"{instances.dong_thap.url}/compare/kinds", timeout=60).text
    none = requests.get(f"{instances.dong_thap.url}/compare/peer.json", timeout=60)
    assert none.status_code == 404 and "PLANGRAPH_PEERS" in none.json()["error"]


def test_only_configured_and_allow_listed_peers_are_asked(instances: Instances) -> None:
    url = f"{instances.hai_phong.url}/compare/peer.json"
    other = requests.get(url, params={"peer": "http://127.0.0.1:1/sparql"}, timeout=60)
    assert other.status_code == 400 and "PLANGRAPH_PEERS" in other.json()["error"]
    refused = requests.get(url, params={"peer": instances.unlisted}, timeout=60)
    assert refused.status_code == 403 and "allow-list" in refused.json()["error"]
    page = requests.get(url.removesuffix(".json"), params={"peer": instances.unlisted},
                        headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 403 and "allow-list" in page.text
    assert requests.get(url, params={"peer": "x", "other": "1"}, timeout=60).status_code == 400


def test_a_peer_that_does_not_answer_is_a_message_beside_this_instances_counts(instances: Instances) -> None:
    here = counts(instances.hai_phong)
    url = f"{instances.hai_phong.url}/compare/peer"
    body = requests.get(url + ".json", params={"peer": instances.gone}, timeout=120)
    assert body.status_code == 502
    data = body.json()
    assert data["ok"] is False and "127.0.0.1" in data["error"]
    assert {row["kind"]: row["here"] for row in data["rows"]} == here
    assert all(row["there"] is None for row in data["rows"]) and data["there"]["tasks"] is None
    page = requests.get(url, params={"peer": instances.gone}, headers={"Accept": "text/html"}, timeout=120)
    assert page.status_code == 502
    assert 'id="peer-error"' in page.text and "không trả lời" in page.text  # the page's language: Vietnamese
    assert "Connection refused" in page.text and 'id="peer-kinds"' in page.text  # the reason, this instance's rows
