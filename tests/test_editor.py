"""The SPARQL editor over HTTP: the page works without JavaScript, its gallery is the catalogue, its vocabulary is
the graph's, errors carry their position, and nothing it serves points a browser outside this server."""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urlencode

import requests
from pyoxigraph import Store
from support import ROOT, LiveServer, select

from plangraph.queries import load_catalogue
from plangraph.store.export import PREFIXES

VENDOR = ROOT / "server" / "static" / "vendor" / "codemirror.js"


def html(live: LiveServer, path: str) -> str:
    response = requests.get(live.url + path, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    return response.text


def one(pattern: str, text: str) -> str:
    found = re.findall(pattern, text, re.DOTALL)
    assert len(found) == 1, (pattern, found)
    return str(found[0])


def words(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_without_javascript_the_page_is_a_form_that_submits_to_the_endpoint(live: LiveServer) -> None:
    page = html(live, "/editor")
    form = one(r'<form id="editor-form"[^>]*action="/sparql" method="get">(.*?)</form>', page)
    text = unescape(one(r'<textarea id="editor-query" name="query" rows="\d+" spellcheck="false">(.*?)</textarea>',
                        form))
    assert "a pg:Task" in text
    assert re.findall(r'<option value="(\w+)">', one(r'<select name="format">(.*?)</select>', form)) == [
        "json", "csv", "tsv", "xml"]
    assert re.search(r'<button type="submit">', form)
    # What the form sends is answered by the endpoint as it is.
    answer = requests.get(f"{live.url}/sparql", params={"query": text, "format": "csv"}, timeout=60)
    assert answer.status_code == 200 and answer.text.startswith("task,label,plan")
    assert '<a href="/editor">' in one(r"<nav>(.*?)</nav>", page)


def test_gallery_is_the_catalogue_in_the_page_the_twin_and_the_api(live: LiveServer) -> None:
    catalogue = load_catalogue()
    twin = requests.get(f"{live.url}/editor.json", timeout=60).json()
    api = requests.get(f"{live.url}/api/queries", timeout=60).json()["queries"]
    assert [item["name"] for item in twin["gallery"]] == list(catalogue) == [item["name"] for item in api]
    for item, described in zip(twin["gallery"], api, strict=True):
        assert {k: v for k, v in item.items() if k != "editor_href"} == described
        query = catalogue[item["name"]]
        assert item["sparql"] == query.text and item["title"] == {"vi": query.title_vi, "en": query.title_en}
    for lang in ("en", "vi"):
        page = html(live, f"/editor?lang={lang}")
        for name, query in catalogue.items():
            entry = one(rf'<li id="q-{name}">(.*?)</li>', page)
            title = query.title_en if lang == "en" else query.title_vi
            assert f'<h3><a href="/editor?example={name}">{escape(title)}</a>' in entry
            # the description and every parameter's in the page's language, never the other one's
            assert query.description.in_language(lang) in words(entry)
            assert query.description.in_language("vi" if lang == "en" else "en") not in words(entry)
            tags = one(r'<p class="editor-tags">(.*?)</p>', entry)
            assert re.findall(r"<span>(.*?)</span>", tags) == list(query.tags)
            assert unescape(one(r"<pre>(.*?)</pre>", entry)) == query.text
            for param in query.params:
                assert f"?{param.name}" in words(entry) and param.description.in_language(lang) in words(entry)


def test_example_prefills_the_editor_and_unknown_examples_are_404(live: LiveServer) -> None:
    query = load_catalogue()["plan-tasks"]
    page = html(live, "/editor?example=plan-tasks")
    assert unescape(one(r'<textarea id="editor-query"[^>]*>(.*?)</textarea>', page)) == query.text
    assert re.findall(r'<li id="q-[\w-]+" class="current">', page) == ['<li id="q-plan-tasks" class="current">']
    twin = requests.get(f"{live.url}/editor.json", params={"example": "plan-tasks"}, timeout=60).json()
    assert twin["sparql"] == query.text and twin["example"] == "plan-tasks"
    missing = requests.get(f"{live.url}/editor.json", params={"example": "no-such-query"}, timeout=60)
    assert missing.status_code == 404 and missing.json()["ok"] is False


def test_query_text_is_escaped(live: LiveServer) -> None:
    text = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" }'
    page = html(live, f"/editor?{urlencode({'query': text})}")
    assert "<script>alert(1)" not in page
    assert unescape(one(r'<textarea id="editor-query"[^>]*>(.*?)</textarea>', page)) == text


def test_vocabulary_lists_the_classes_and_properties_of_the_graph(live: LiveServer, seed: Store) -> None:
    vocabulary = requests.get(f"{live.url}/editor/vocabulary.json", timeout=60).json()
    assert {p["prefix"]: p["iri"] for p in vocabulary["prefixes"]} == {
        **PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    classes = {c["iri"]: c["uses"] for c in vocabulary["classes"]}
    expected = select(seed, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    assert classes == {row["c"]: int(row["n"]) for row in expected}
    task = next(c for c in vocabulary["classes"] if c["curie"] == "pg:Task")
    assert task["iri"] == PREFIXES["pg"] + "Task"
    properties = {p["iri"]: p["uses"] for p in vocabulary["properties"]}
    steps = select(seed, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?p WHERE { ?t pplan:isStepOfPlan ?p } }")
    assert properties["http://purl.org/net/p-plan#isStepOfPlan"] == int(steps[0]["n"])
    uses = [c["uses"] for c in vocabulary["classes"]]
    assert uses == sorted(uses, reverse=True)


def test_errors_carry_the_position_they_point_at(live: LiveServer) -> None:
    syntax = requests.post(f"{live.url}/sparql", data={"query": "SELECT * WHERE {\n  ?s ?p"},
                           headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert syntax.status_code == 400
    body = syntax.json()
    assert body["position"] == {"line": 2, "column": 8} and "error at 2:8" in body["error"]
    refused = requests.post(f"{live.url}/sparql", headers={"Accept": "application/json"}, timeout=60,
                            data={"query": "SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert refused.status_code == 403 and refused.json()["position"] == {"line": 2, "column": 3}
    plain = requests.post(f"{live.url}/sparql", data={"query": "SELECT * WHERE {"}, headers={"Accept": "text/plain"},
                          timeout=60)
    assert plain.headers["Content-Type"].startswith("text/plain") and "error at 1:17" in plain.text
    no_position = requests.get(f"{live.url}/editor.json", params={"example": "nothing"}, timeout=60).json()
    assert "position" not in no_position


def test_nothing_served_points_outside_this_server(live: LiveServer) -> None:
    assert VENDOR.exists(), "the editor bundle is missing: `make install` builds it (npm ci + esbuild in web/)"
    page = html(live, "/editor")
    loaded = re.findall(r'<(?:script|img|iframe)\b[^>]*\bsrc="([^"]*)"|<link\b[^>]*\bhref="([^"]*)"', page)
    assert loaded and all((src or href).startswith("/") for src, href in loaded), loaded
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]*)"', page)
    assert scripts == ["/static/vendor/codemirror.js", "/static/vendor/views.js", "/static/editor.js"]
    for src in scripts:
        script = requests.get(live.url + src, timeout=60)
        assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]
        urls = set(re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'`)]*", script.text, re.IGNORECASE))
        # The only addresses in the scripts are the SVG and XML Schema namespaces, names that are never fetched
        # (the result views draw SVG and tell numbers and dates by their datatype).
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/2001/XMLSchema#"}, urls
        for service in ("prefix.cc", "lov.linkeddata.es", "unpkg", "jsdelivr", "cdnjs", "googleapis"):
            assert service not in script.text


def test_labels_of_result_iris_in_the_page_language(live: LiveServer, seed: Store) -> None:
    agencies = select(seed, """SELECT DISTINCT ?a ?vi ?en WHERE { ?t schema:agent ?a .
        ?a skos:prefLabel ?vi FILTER(LANG(?vi) = "vi")
        OPTIONAL { ?a skos:prefLabel|rdfs:label ?en FILTER(LANG(?en) = "en") } } ORDER BY ?a LIMIT 20""")
    assert len({r["a"] for r in agencies}) == len(agencies)  # one English name at most
    task_class = "https://w3id.org/plangraph/ontology#Task"
    iris = [r["a"] for r in agencies] + [task_class, "https://example.org/nothing-known", "not an IRI"]
    for lang, key in (("vi", "vi"), ("en", "en")):
        response = requests.post(f"{live.url}/editor/labels?lang={lang}", json={"iris": iris}, timeout=30)
        assert response.status_code == 200
        labels = response.json()["labels"]
        assert {r["a"]: labels[r["a"]] for r in agencies} == {r["a"]: r.get(key, r["vi"]) for r in agencies}
        assert labels[task_class] == ("Nhiệm vụ" if lang == "vi" else "Task")
        assert "https://example.org/nothing-known" not in labels and "not an IRI" not in labels


def test_labels_refuse_what_they_cannot_read(live: LiveServer) -> None:
    for body in ({"iris": "x"}, {"iri": []}, [1, 2], {"iris": [1]}):
        response = requests.post(f"{live.url}/editor/labels", json=body, timeout=30)
        assert response.status_code == 400 and '"iris"' in response.json()["error"]
    many = [f"https://example.org/{i}" for i in range(5001)]
    assert requests.post(f"{live.url}/editor/labels", json={"iris": many}, timeout=30).status_code == 413
