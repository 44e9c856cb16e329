"""The REST API over the query catalogue, against a live server: catalogue, runs, paging, CSV, safe
parameters, the OpenAPI document (validated) and a schemathesis run that must find no server error."""

from __future__ import annotations

import csv
import html
import io
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from openapi_spec_validator import validate
from support import LiveServer

from plangraph.queries import load_catalogue

CATALOGUE = load_catalogue()
INJECTIONS = [
    '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o #',
    "x' . ?s ?p ?o } UNION { ?s ?p ?o",
    "> } DELETE WHERE { ?s ?p ?o } #",
    '\\" ) || true || ("',
    "http://example.org/a> . ?s ?p ?o } # ",
    "1 ; CLEAR ALL",
]


def api(live: LiveServer, path: str, **params: str) -> requests.Response:
    return requests.get(f"{live.url}/api{path}", params=params, timeout=60)


def test_catalogue_lists_every_query(live: LiveServer) -> None:
    payload = api(live, "/queries").json()
    names = [q["name"] for q in payload["queries"]]
    assert names == sorted(CATALOGUE) and len(names) >= 15
    first = payload["queries"][0]
    assert {"vi", "en"} <= set(first["title"]) and first["sparql"].strip()


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_runs_with_its_example(live: LiveServer, name: str) -> None:
    response = api(live, f"/queries/{name}", **CATALOGUE[name].example)
    if "federation" in CATALOGUE[name].tags:  # the live server allows no peer: refused, saying why
        assert response.status_code == 403 and "allow-list" in response.json()["error"]
        return
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["ok"] is True and payload["columns"]
    assert all(set(row) == set(payload["columns"]) for row in payload["rows"])


def test_paging_and_next_link(live: LiveServer) -> None:
    name = next(n for n, q in CATALOGUE.items() if not any(p.required for p in q.params)
                and len(api(live, f"/queries/{n}", **q.example).json()["rows"]) >= 5)
    whole = api(live, f"/queries/{name}", **CATALOGUE[name].example).json()["rows"]
    first = api(live, f"/queries/{name}", limit="2", **CATALOGUE[name].example)
    assert first.json()["truncated"] is True and first.json()["rows"] == whole[:2]
    follow = requests.get(live.url + first.json()["next"], timeout=60).json()
    assert follow["rows"] == whole[2:4] and follow["offset"] == 2
    assert 'rel="next"' in first.headers["Link"]


def test_csv_by_format_and_by_accept(live: LiveServer) -> None:
    name = sorted(CATALOGUE)[0]
    as_json = api(live, f"/queries/{name}", **CATALOGUE[name].example).json()
    by_format = api(live, f"/queries/{name}", format="csv", **CATALOGUE[name].example)
    by_accept = requests.get(f"{live.url}/api/queries/{name}", params=CATALOGUE[name].example,
                             headers={"Accept": "text/csv"}, timeout=60)
    for response in (by_format, by_accept):
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == as_json["columns"] and len(rows) == len(as_json["rows"]) + 1


def test_errors_are_json_and_clear(live: LiveServer) -> None:
    missing = api(live, "/queries/no-such-query")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert api(live, "/queries/" + sorted(CATALOGUE)[0], limit="0").status_code == 400
    assert api(live, "/queries/" + sorted(CATALOGUE)[0], bogus="1").status_code == 400


def test_sparql_injection_through_every_parameter_is_inert(live: LiveServer) -> None:
    before = requests.get(f"{live.url}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                          timeout=60).json()["results"]["bindings"][0]["n"]["value"]
    tried = 0
    for name, query in CATALOGUE.items():
        for param in query.params:
            for attack in INJECTIONS:
                params = {**query.example, param.name: attack}
                response = api(live, f"/queries/{name}", **params)
                tried += 1
                # a typed parameter refuses the value; a string one matches it literally: never a syntax error
                assert response.status_code in (200, 400), (name, param.name, response.text)
                if response.status_code == 400:
                    assert param.type != "string" and "syntax" not in response.text.lower(), response.text
                else:
                    assert param.type in ("string",) or response.json()["rows"] == []
    assert tried >= len(INJECTIONS)
    after = requests.get(f"{live.url}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                         timeout=60).json()["results"]["bindings"][0]["n"]["value"]
    assert after == before


def test_openapi_document_validates_and_lists_every_query(live: LiveServer) -> None:
    document = api(live, "/openapi.json").json()
    validate(document)
    assert {f"/api/queries/{name}" for name in CATALOGUE} <= set(document["paths"])
    docs = requests.get(f"{live.url}/api/docs", timeout=60).text
    assert all(f'id="{name}"' in docs for name in CATALOGUE)


def test_schemathesis_finds_no_server_error(live: LiveServer, tmp_path: Path) -> None:
    command = [str(Path(sys.executable).parent / "schemathesis"), "run", f"{live.url}/api/openapi.json",
               "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
               "response_schema_conformance", "--max-examples", "25", "--generation-deterministic",
               "--request-timeout", "60", "--report-dir", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize("spelling", ["40/2014/ND-CP", "nđ 40/2014", "NĐ-CP 40/2014", "Nghị định số 40/2014/NĐ-CP",
                                      "https://w3id.org/plangraph/eli/vn/cp/nd/2014/40"])
def test_an_instrument_in_any_spelling(live: LiveServer, spelling: str) -> None:
    exact = api(live, "/queries/tasks-implementing", instrument="40/2014/NĐ-CP").json()
    given = api(live, "/queries/tasks-implementing", instrument=spelling)
    assert given.status_code == 200, given.text
    assert given.json()["rows"] == exact["rows"] and len(exact["rows"]) == 1
    assert given.json()["params"] == {"instrument": "40/2014/NĐ-CP"}  # as bound, whatever the spelling


def test_an_instrument_the_store_does_not_hold_is_a_clear_400(live: LiveServer) -> None:
    response = api(live, "/queries/cities-citing", instrument="40/2015/NĐ-CP")
    assert response.status_code == 400
    assert response.json()["error"].startswith("instrument: no instrument of this store is numbered or named "
                                               "'40/2015/NĐ-CP'")


def test_the_catalogue_carries_both_languages(live: LiveServer) -> None:
    for described in api(live, "/queries").json()["queries"]:
        query = CATALOGUE[described["name"]]
        assert described["description"] == {"vi": query.description.vi, "en": query.description.en}
        assert [p["description"] for p in described["params"]] == [
            {"vi": p.description.vi, "en": p.description.en} for p in query.params]


@pytest.mark.parametrize("lang, other", [("vi", "en"), ("en", "vi")])
def test_the_docs_page_is_in_the_interface_language(live: LiveServer, lang: str, other: str) -> None:
    page = requests.get(f"{live.url}/api/docs", params={"lang": lang}, timeout=60).text
    query = CATALOGUE["tasks-implementing"]
    shown = {"vi": query.description.vi, "en": query.description.en}
    assert html.escape(shown[lang], quote=False) in page and html.escape(shown[other], quote=False) not in page
    assert 'role="search"' in page  # the site's bar, with its search box
