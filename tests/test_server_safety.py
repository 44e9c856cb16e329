"""Safe by default: deadlines that stop the work, SERVICE refused, writes only with the token, caps."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from conftest import TOKEN
from support import LiveServer

CROSS_PRODUCT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y . ?c rdfs:label ?z . ?d rdfs:label ?w }"""
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/plangraph/ontology#Task> }"


def ask(live: LiveServer, query: str) -> bool:
    response = requests.get(f"{live.url}/sparql", params={"query": query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def test_pathological_query_is_stopped_while_simple_queries_keep_answering(live: LiveServer) -> None:
    def pathological() -> tuple[int, float, str]:
        started = time.monotonic()
        response = requests.get(f"{live.url}/sparql", params={"query": CROSS_PRODUCT, "timeout": "3"}, timeout=120)
        return response.status_code, time.monotonic() - started, response.text

    def simple() -> tuple[int, float]:
        started = time.monotonic()
        response = requests.get(f"{live.url}/sparql", params={"query": SIMPLE}, timeout=60)
        return response.status_code, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=4) as pool:
        slow = pool.submit(pathological)
        time.sleep(0.5)
        quick = [pool.submit(simple) for _ in range(10)]
        status, elapsed, text = slow.result()
        answers = [f.result() for f in quick]
    assert status == 503 and "did not finish within 3 s" in text
    assert 2.9 <= elapsed < 15
    assert all(code == 200 for code, _ in answers)
    assert max(seconds for _, seconds in answers) < 3  # answered while the runaway query ran
    # the pool recovers: the killed worker is replaced and the next queries run
    for _ in range(4):
        assert requests.get(f"{live.url}/sparql", params={"query": SIMPLE}, timeout=60).status_code == 200


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection attempt."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_service_to_loopback_and_metadata_addresses_is_refused_before_execution(live: LiveServer) -> None:
    listener = Listener()
    try:
        for target in (f"http://127.0.0.1:{listener.port}/sparql", "http://169.254.169.254/latest/meta-data/",
                       f"http://localhost:{listener.port}/", "http://[::1]/", "http://10.0.0.1/"):
            query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
            response = requests.get(f"{live.url}/sparql", params={"query": query}, timeout=60)
            assert response.status_code == 403, (target, response.text)
            assert "SERVICE" in response.text
        update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
        response = requests.post(f"{live.url}/update", data={"update": update},
                                 headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        assert response.status_code == 403
        time.sleep(0.5)
    finally:
        listener.close()
    assert listener.connections == 0


def test_updates_without_or_with_a_wrong_token_are_refused_and_not_executed(live: LiveServer) -> None:
    graph = "http://example.org/test/canary"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}"
    for headers, status in (({}, 401), ({"Authorization": "Bearer wrong"}, 403),
                            ({"Authorization": "Basic dXNlcjpwYXNz"}, 401)):
        response = requests.post(f"{live.url}/update", data=update,
                                 headers={"Content-Type": "application/sparql-update", **headers}, timeout=60)
        assert response.status_code == status, response.text
        put = requests.put(f"{live.url}/store", params={"graph": graph}, data="<http://a> <http://b> <http://c> .",
                           headers={"Content-Type": "application/n-triples", **headers}, timeout=60)
        assert put.status_code == status
    assert ask(live, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}") is False


def test_read_only_server_refuses_writes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from support import SEED, run_cli

    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    server = LiveServer(store)
    try:
        response = requests.post(f"{server.url}/update", data={"update": "CLEAR ALL"},
                                 headers={"Authorization": "Bearer anything"}, timeout=60)
        assert response.status_code == 403 and "read-only" in response.text
        assert ask(server, "ASK { ?s ?p ?o }") is True
    finally:
        server.stop()


def test_row_cap_says_it_truncated(live: LiveServer) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = requests.get(f"{live.url}/sparql", params={"query": query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200
    assert response.headers["X-SPARQL-Truncated"] == "true"
    payload = response.json()
    assert payload["truncated"] is True and len(payload["results"]["bindings"]) == 500
    csv = requests.get(f"{live.url}/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    assert csv.headers["X-SPARQL-Truncated"] == "true" and len(csv.text.strip().splitlines()) == 501
    small = requests.get(f"{live.url}/sparql", params={"query": SIMPLE}, timeout=60)
    assert "X-SPARQL-Truncated" not in small.headers and "truncated" not in small.json()


def test_request_body_limit(live: LiveServer) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024 + 10)
    response = requests.post(f"{live.url}/sparql", data=huge, headers={"Content-Type": "application/sparql-query"},
                             timeout=60)
    assert response.status_code == 413


def test_conditional_get_and_gzip(live: LiveServer) -> None:
    first = requests.get(f"{live.url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 200"},
                         timeout=60)
    assert first.status_code == 200 and first.headers.get("Content-Encoding") == "gzip"
    again = requests.get(f"{live.url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 200"},
                         headers={"If-None-Match": first.headers["ETag"]}, timeout=60)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(f"{live.url}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 200"},
                         headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=60)
    assert since.status_code == 304


def test_a_timeout_in_a_form_encoded_post_body_is_honoured(live: LiveServer) -> None:
    import urllib.error

    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    started = time.monotonic()
    response = requests.post(f"{live.url}/sparql", data={"query": CROSS_PRODUCT, "timeout": "2"}, timeout=120)
    assert response.status_code == 503 and "did not finish within 2 s" in response.text
    assert time.monotonic() - started < 15

    client = SPARQLWrapper(f"{live.url}/sparql")
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(CROSS_PRODUCT)
    client.setTimeout(60)
    client.addParameter("timeout", "2")  # sent in the form body of the POST
    started = time.monotonic()
    try:
        client.query()
        raise AssertionError("the runaway query answered")
    except (urllib.error.HTTPError, SPARQLWrapperException) as exc:
        assert "503" in str(exc) or "within 2 s" in str(exc)
    assert time.monotonic() - started < 15

    curl = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode",
                           f"query={CROSS_PRODUCT}", "--data-urlencode", "timeout=2", f"{live.url}/sparql"],
                          capture_output=True, text=True, timeout=60)
    assert curl.stdout == "503"
