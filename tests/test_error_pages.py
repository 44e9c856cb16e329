"""Errors as pages, over HTTP against a live server: a browser gets one error page — the site's bar and search
box, in the page's language, what was asked, the reason, and ways on (the nearest existing pages for an unknown
IRI, the list without a bad value, the last page) — on every route; JSON clients keep the one error shape and
protocol clients plain text; a SPARQL syntax error says where and what was expected, in the page's language."""

from __future__ import annotations

import html
import re
import time
from typing import Any
from urllib.parse import unquote_plus

import pytest
import requests
from support import LiveServer

from plangraph.server.i18n import STRINGS

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CROSS_PRODUCT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y . ?c rdfs:label ?z . ?d rdfs:label ?w }"""
DECISION = "/eli/vn/ubnd-31/qd/2016/281"

# (path and query, status, a link the page must offer): every kind of route a browser opens.
CASES = [
    (f"{DECISION}/kh-9", 404, DECISION),  # an unknown IRI: the decision above it
    ("/id/org/31/so-khoa-hoc-va-cong-ngh", 404, "/id/org/31/so-khoa-hoc-va-cong-nghe"),  # a typo: the agency
    ("/nowhere", 404, "/search?q=nowhere"),
    ("/instruments?status=bogus", 400, "/instruments"),  # a bad facet value: the list without it
    ("/tasks?bogus=1&period=2016-2020", 400, "/tasks?period=2016-2020"),
    ("/tasks?page=999", 404, "/tasks?page=2"),  # past the end: the last page
    ("/tasks?instrument=40%2F2015%2FN%C4%90-CP", 400, "/tasks"),
    ("/editor?example=nope", 404, "/editor#gallery"),
    ("/compare/cities?a=99&b=31", 400, "/compare"),
    ("/api/queries/nope", 404, "/api/docs"),
    ("/sparql?query=SELECT+%2A+WHERE+%7B", 400, "/editor?query=SELECT+%2A+WHERE+%7B"),
]


def get(live: LiveServer, path: str, accept: str = BROWSER, **kwargs: Any) -> requests.Response:
    return requests.get(live.url + path, headers={"Accept": accept, **kwargs.pop("headers", {})}, timeout=60,
                        **kwargs)


def hrefs(page: str) -> list[str]:
    main = page.split("<main>", 1)[1]
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]*)"', main)]


def check_page(response: requests.Response, status: int, lang: str) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.text
    assert f'<html lang="{lang}">' in page
    assert 'role="search"' in page and '<a class="brand" href="/">plangraph</a>' in page  # the site's bar
    title = STRINGS.get(f"error_{status}", STRINGS["error"])[0 if lang == "vi" else 1]
    assert f"<h1>{html.escape(title)}</h1>" in page
    assert "Traceback" not in page
    return page


@pytest.mark.parametrize("path, status, offered", CASES, ids=[case[0] for case in CASES])
def test_every_route_answers_a_browser_with_an_error_page(live: LiveServer, path: str, status: int,
                                                          offered: str) -> None:
    page = check_page(get(live, path), status, "vi")
    asked = re.search(r"<dt>Yêu cầu</dt><dd><code>(.*?)</code></dd>", page)
    assert asked and html.unescape(asked.group(1)) == f"GET {unquote_plus(path)}"
    assert offered in hrefs(page), hrefs(page)
    english = check_page(get(live, path + ("&" if "?" in path else "?") + "lang=en"), status, "en")
    assert STRINGS[f"error_{status}_explain"][1] in html.unescape(english)


@pytest.mark.parametrize("path, status", [(p, s) for p, s, _ in CASES if not p.startswith(("/sparql", "/api"))])
def test_the_json_twin_keeps_the_one_error_shape(live: LiveServer, path: str, status: int) -> None:
    route, _, query = path.partition("?")
    twin = requests.get(f"{live.url}{route}.json" + (f"?{query}" if query else ""), timeout=60)
    if route == "/nowhere":
        twin = get(live, path, "application/json")
    assert twin.status_code == status and twin.headers["Content-Type"].startswith("application/json")
    body = twin.json()
    assert set(body) == {"ok", "error", "errors", "status"} and body["ok"] is False and body["status"] == status
    assert body["errors"] == [body["error"]]


@pytest.mark.parametrize("accept, kind", [("*/*", "application/json"), ("text/plain", "text/plain"),
                                          ("application/json", "application/json"),
                                          ("application/json, text/html;q=0.5", "application/json")])
def test_clients_that_do_not_ask_for_html_get_no_page(live: LiveServer, accept: str, kind: str) -> None:
    response = get(live, "/nowhere", accept)
    assert response.status_code == 404 and response.headers["Content-Type"].startswith(kind)


def test_the_nearest_pages_come_first(live: LiveServer) -> None:
    page = get(live, "/id/org/31/so-khoa-hoc-va-cong-ngh").text
    matches = re.search(r'<ul class="error-matches">(.*?)</ul>', page, re.DOTALL)
    assert matches
    first = re.findall(r'<a href="([^"]*)">([^<]*)</a>', matches.group(1))[0]
    assert first == ("/id/org/31/so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ")
    above = get(live, f"{DECISION}/kh-9").text
    assert re.search(rf'<a href="{DECISION}">Quyết định 281/QĐ-UBND</a>', above)


def test_a_method_not_allowed_is_a_page_that_says_what_is(live: LiveServer) -> None:
    response = requests.delete(live.url + "/tasks", headers={"Accept": BROWSER}, timeout=60)
    page = check_page(response, 405, "vi")
    assert "GET" in response.headers["Allow"] and "/tasks" in hrefs(page)


def test_an_internal_error_page_shows_the_request_id_only(live: LiveServer) -> None:
    query = "CONSTRUCT { <http://a> <http://example.org/a/> <http://b> } WHERE {}"
    response = requests.get(live.url + "/sparql", params={"query": query}, timeout=60,
                            headers={"Accept": "text/html, application/rdf+xml;q=0.9", "X-Request-Id": "errorpage7"})
    page = check_page(response, 500, "vi")
    assert "errorpage7" in page and "ValueError" not in page and "RDF/XML" not in page


def test_a_query_past_its_deadline_is_a_page(live: LiveServer) -> None:
    started = time.monotonic()
    response = get(live, "/sparql", params={"query": CROSS_PRODUCT, "timeout": "2"})
    page = check_page(response, 503, "vi")
    assert time.monotonic() - started < 15 and "did not finish within 2 s" in page
    assert response.headers["Retry-After"]


def test_a_sparql_syntax_error_says_where_and_what_was_expected(live: LiveServer) -> None:
    query = "PREFIX pg: <https://w3id.org/plangraph/ontology#>\nSELECT ?t WHERE {\n  ?t a pg:Task ;\n"
    page = check_page(get(live, "/sparql", params={"query": query}), 400, "vi")
    assert "Dòng 4, cột 1: truy vấn kết thúc ở đây, nhưng SPARQL cần một trong:" in html.unescape(page)
    assert '<span class="marked"><span class="ln">4</span> </span>' in page  # the line it stops at, marked
    assert '<span class="caret"><span class="ln"></span> ^</span>' in page  # and where on it
    english = get(live, "/sparql", params={"query": query, "lang": "en"}).text
    assert "Line 4, column 1: the query ends here, but SPARQL expects one of:" in html.unescape(english)
    undeclared = get(live, "/sparql", params={"query": "SELECT * WHERE { ?s foo:bar ?o }", "lang": "en"}).text
    assert "the prefix “foo:” is not declared" in html.unescape(undeclared)


@pytest.mark.parametrize("lang, expected", [
    ("vi", "Truy vấn kết thúc ở đây, nhưng SPARQL cần một trong: biến (?x)"),
    ("en", "The query ends here, but SPARQL expects one of: a variable (?x)"),
])
def test_the_json_error_of_a_syntax_error_explains_it_in_the_page_language(live: LiveServer, lang: str,
                                                                          expected: str) -> None:
    """The editor posts with the page's lang cookie: the explanation is in the language the page is in (the
    position is beside it, as numbers)."""
    response = requests.post(f"{live.url}/sparql", data={"query": "SELECT * WHERE {"}, cookies={"lang": lang},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    body = response.json()
    assert response.status_code == 400 and body["position"] == {"line": 1, "column": 17}
    assert body["explanation"].startswith(expected) and "“}”" in body["explanation"]
    assert body["error"].startswith("SPARQL query syntax error: error at 1:17")  # the engine's own words


def test_markup_in_the_asked_address_is_shown_as_text(live: LiveServer) -> None:
    response = get(live, "/eli/<script>alert(1)</script>")
    page = check_page(response, 404, "vi")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
