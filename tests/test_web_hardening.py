"""Web hardening, probed on a live server: security headers on every response, absolute URLs from the configured
public URL whatever the Host header says, no internal error text, 400 for bad parameter values, software versions
only when enabled, results capped in bytes. (Links and CSP in Chromium: tests/browser/test_hardening_browser.py.)"""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest
import requests
from conftest import TOKEN
from support import LiveServer

FORGED = "evil.example"
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("path", [
    "/", "/search?q=nghi+dinh", "/tasks", "/editor", "/eli/vn/ubnd-31/qd/2016/281", "/sparql?query=ASK%7B%7D",
    "/nowhere", "/tasks?bogus=1", "/static/plangraph.css", "/store?default", "/api/docs", "/ontology", "/health",
    "/.well-known/void", "/version",
])
def test_every_response_carries_the_security_headers(live: LiveServer, path: str) -> None:
    response = requests.get(live.url + path, timeout=60)
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (path, name)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]  # no inline script
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy


def _forged(live: LiveServer, path: str, **kwargs: object) -> requests.Response:
    headers = {"Host": FORGED, "X-Forwarded-Host": FORGED, "Forwarded": f"host={FORGED}",
               **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    return requests.request(str(kwargs.pop("method", "GET")), live.url + path, headers=headers, timeout=60,
                            allow_redirects=False, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("path, accept", [
    ("/.well-known/void", "text/turtle"),
    ("/sparql", "text/turtle"),  # the service description
    ("/api/openapi.json", "application/json"),
])
def test_absolute_urls_never_come_from_the_host_header(live: LiveServer, path: str, accept: str) -> None:
    response = _forged(live, path, headers={"Accept": accept})
    assert response.status_code == 200
    assert FORGED not in response.text
    assert live.url in response.text  # the configured public URL (here the address it serves)


def test_redirects_use_the_public_url(live: LiveServer) -> None:
    response = _forged(live, "/api")
    assert response.status_code in (301, 308)
    assert FORGED not in response.headers["Location"]


def test_queries_and_updates_resolve_relative_iris_against_the_public_url(live: LiveServer) -> None:
    response = _forged(live, "/sparql", params={"query": "SELECT ?r WHERE { BIND(<relative> AS ?r) }"},
                       headers={"Accept": "application/sparql-results+json"})
    value = response.json()["results"]["bindings"][0]["r"]["value"]
    assert value.startswith(live.url) and FORGED not in value
    graph = "http://example.org/hardening/base"
    response = _forged(live, "/update", method="POST", data=f"INSERT DATA {{ GRAPH <{graph}> {{ <s> <p> 1 }} }}",
                       headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204

    def stored() -> str:
        return requests.get(live.url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"},
                            timeout=60).text

    assert FORGED not in stored() and f"<{live.url}/s>" in stored()
    response = _forged(live, f"/store?graph={graph}", method="PUT", data=b"<t> <p> 2 .\n",
                       headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204
    assert FORGED not in stored() and f"<{live.url}/t>" in stored()
    requests.delete(live.url + "/store", params={"graph": graph}, headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=60)


def test_an_internal_error_shows_a_request_id_not_its_text(live: LiveServer) -> None:
    # RDF/XML cannot write a predicate with no XML name at its end: an error inside the query worker.
    query = "CONSTRUCT { <http://a> <http://example.org/a/> <http://b> } WHERE {}"
    response = requests.get(live.url + "/sparql", params={"query": query}, timeout=60,
                            headers={"Accept": "application/rdf+xml", "X-Request-Id": "hardening42"})
    assert response.status_code == 500
    assert "ValueError" not in response.text and "Traceback" not in response.text and "RDF/XML" not in response.text
    assert "hardening42" in response.text and response.headers["X-Request-Id"] == "hardening42"
    logged = [line for line in live.log.read_text().splitlines() if "hardening42" in line]
    assert any("ValueError" in line for line in logged), logged  # the detail is in the log, under the same id


@pytest.mark.parametrize("path, params", [("/", {}), ("/sparql", {"query": "ASK {}"}), ("/no/such/page", {})])
def test_each_request_is_one_access_log_line_with_its_id(live: LiveServer, path: str, params: dict[str, str]) -> None:
    rid = "access" + path.replace("/", "x") + "0"
    response = requests.get(live.url + path, params=params, headers={"X-Request-Id": rid}, timeout=60)
    logged: list[str] = []
    for _ in range(50):  # the line is written after the response is sent
        logged = [line for line in live.log.read_text().splitlines() if rid in line or f'"GET {path}' in line]
        if logged:
            break
        time.sleep(0.1)
    assert len(logged) == 1, logged  # one line: not gunicorn's access log line as well
    assert f"request id={rid} client=127.0.0.1 method=GET path={path} status={response.status_code}" in logged[0]


@pytest.mark.parametrize("path, params", [
    ("/dump", {"graph": "not an IRI"}),
    ("/dump", {"graph": "relative/path"}),
    ("/store", {"graph": "not an IRI"}),
    ("/store", {"graph": "<http://example.org/x>"}),
    ("/instruments", {"status": "unknown"}),
    ("/instruments.json", {"status": "<script>"}),
])
def test_bad_parameter_values_are_400(live: LiveServer, path: str, params: dict[str, str]) -> None:
    response = requests.get(live.url + path, params=params, timeout=60)
    assert response.status_code == 400, response.text
    assert "Traceback" not in response.text and "internal error" not in response.text


def test_software_versions_are_shown_only_when_enabled(live: LiveServer) -> None:
    shown = requests.get(live.url + "/version.json", timeout=60).json()
    assert not {"python", "flask", "pyoxigraph", "plangraph"} & set(shown) and shown["store_version"] >= 1
    page = requests.get(live.url + "/version", headers={"Accept": "text/html"}, timeout=60).text
    assert "pyoxigraph" not in page and "Python" not in page
    enabled = LiveServer(live.store, env={"PLANGRAPH_SHOW_VERSIONS": "1"})
    try:
        versions = requests.get(enabled.url + "/version.json", timeout=60).json()
        assert versions["pyoxigraph"] and versions["python"] and versions["flask"]
    finally:
        enabled.stop()


def test_a_small_query_cannot_make_a_huge_response(live: LiveServer) -> None:
    # Every label repeated 4,096 times, for every row the row cap allows: far more than the byte cap.
    query = """SELECT ?x WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?a
      BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a) AS ?b) BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b) AS ?c)
      BIND(CONCAT(?c,?c,?c,?c,?c,?c,?c,?c) AS ?d) BIND(CONCAT(?d,?d,?d,?d,?d,?d,?d,?d) AS ?x) }"""
    assert len(query) < 1024
    cap = 16 * 1024 * 1024
    for accept in ("application/sparql-results+json", "text/csv"):
        response = requests.post(live.url + "/sparql", data={"query": query}, headers={"Accept": accept},
                                 timeout=120)
        assert response.status_code == 200
        assert cap / 2 < len(response.content) <= cap + 1024
        assert response.headers["X-SPARQL-Truncated"] == "true"
        if accept.endswith("json"):
            assert json.loads(response.content)["truncated"] is True
    construct = query.replace("SELECT ?x WHERE", "CONSTRUCT { ?s <http://example.org/big> ?x } WHERE")
    response = requests.post(live.url + "/sparql", data={"query": construct},
                             headers={"Accept": "application/n-triples"}, timeout=120)
    assert response.status_code == 200 and len(response.content) <= cap + 64 * 1024
    assert response.headers["X-SPARQL-Truncated"] == "true"


def test_the_public_url_must_be_an_origin() -> None:
    from plangraph.server.public_url import check_public_url

    assert check_public_url("https://plangraph.example.org/") == "https://plangraph.example.org"
    for bad in ("ftp://x", "https://x/sub/path", "not a url", "https://user:pw@x", "https://x:99999"):
        with pytest.raises(ValueError):
            check_public_url(bad)
    assert urllib.parse.urlsplit(check_public_url("http://[::1]:8000")).port == 8000
