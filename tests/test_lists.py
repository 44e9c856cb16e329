"""List pages with facets and paging, over HTTP against a live server; every figure is checked against
an independent SPARQL count over the seed store."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import requests
from pyoxigraph import Store
from support import SCRIPT, LiveServer, select

SKHCN = "https://w3id.org/plangraph/id/org/31/so-khoa-hoc-va-cong-nghe"
DECREE_40 = "https://w3id.org/plangraph/eli/vn/cp/nd/2014/40"

# Every list and the items it holds, written independently of server/list_specs.py.
ITEMS = {
    "documents": "?x eli:is_realized_by ?e",
    "plans": "?x a pg:ActionPlan",
    "tasks": "?x a pg:Task",
    "agencies": "?x a org:Organization",
    "instruments": "{ ?c eli:cites|eli:based_on|eli:applies ?x } UNION { ?x eli:is_realized_by ?e }",
}
# Per task facet: a pattern binding the task ?t to the facet value ?v.
TASK_FACETS = {
    "city": "?t pplan:isStepOfPlan ?p . ?p eli:is_part_of ?d . ?d eli:jurisdiction ?v",
    "plan": "?t pplan:isStepOfPlan ?v",
    "section": "?t pg:taskGroup ?v",
    "lead": "?t schema:agent ?v",
    "period": "?t dct:temporal ?i . ?i rdfs:label ?l BIND(STR(?l) AS ?v)",
    "instrument": "{ ?t eli:cites ?v } UNION { ?t eli:applies ?v }",
}


def twin(live: LiveServer, path: str, **params: Any) -> dict[str, Any]:
    response = requests.get(f"{live.url}{path}.json", params=params, timeout=60)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["ok"] is True
    return body


def sparql_counts(seed: Store, pattern: str, extra: str = "") -> dict[str, int]:
    query = f"SELECT ?v (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pg:Task . {extra} {pattern} }} GROUP BY ?v"
    rows = select(seed, query)
    return {row["v"]: int(row["n"]) for row in rows}


def shown_counts(body: dict[str, Any], key: str) -> dict[str, int]:
    facet = next(f for f in body["facets"] if f["key"] == key)
    assert not facet["truncated"]
    return {v["value"]: v["count"] for v in facet["values"]}


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_each_list_and_its_json_twin(live: LiveServer, seed: Store, name: str) -> None:
    expected = int(select(seed, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {ITEMS[name]} }}")[0]["n"])
    body = twin(live, f"/{name}", size=200)
    assert body["list"] == name and body["total"] == expected > 0
    assert len(body["rows"]) == expected and len({row["iri"] for row in body["rows"]}) == expected
    page = requests.get(f"{live.url}/{name}", params={"size": 200}, timeout=60)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert 'lang="vi"' in page.text and f'<strong class="total">{expected}</strong>' in page.text
    assert f'href="/{name}.json?size=200"' in page.text  # the footer links the twin
    for row in body["rows"]:
        assert f'href="{row["href"]}"' in page.text
    english = requests.get(f"{live.url}/{name}", params={"lang": "en"}, timeout=60).text
    assert 'lang="en"' in english


def test_home_counts_link_to_the_lists(live: LiveServer) -> None:
    home = twin(live, "/index")
    linked = {item["key"]: item for item in home["counts"] if item["href"]}
    assert set(linked) == {"documents", "plans", "tasks", "agencies", "instruments"}
    page = requests.get(f"{live.url}/", timeout=60).text
    for item in linked.values():
        path, _, query = item["href"].partition("?")
        body = twin(live, path, **dict(p.split("=") for p in query.split("&") if p))
        assert body["total"] == item["count"], item
        assert f'href="{item["href"]}"' in page


@pytest.mark.parametrize("key", sorted(TASK_FACETS))
def test_task_facet_counts_equal_sparql(live: LiveServer, seed: Store, key: str) -> None:
    body = twin(live, "/tasks")
    expected = sparql_counts(seed, TASK_FACETS[key])
    assert shown_counts(body, key) == expected and expected


def test_lead_agency_selection_matches_sparql(live: LiveServer, seed: Store) -> None:
    """The tasks Sở Khoa học và Công nghệ leads, and every facet count under that selection."""
    led = {row["t"] for row in select(seed, f"SELECT DISTINCT ?t WHERE {{ ?t a pg:Task ; schema:agent <{SKHCN}> }}")}
    body = twin(live, "/tasks", lead=SKHCN, size=200)
    assert body["total"] == len(led) == 30
    assert {row["iri"] for row in body["rows"]} == led
    assert [s["value"] for s in body["selected"]] == [SKHCN]
    assert body["selected"][0]["label"] == "Sở Khoa học và Công nghệ"
    for key, pattern in TASK_FACETS.items():
        assert shown_counts(body, key) == sparql_counts(seed, pattern, f"?t schema:agent <{SKHCN}> ."), key
    lead_values = {v["value"]: v for v in next(f for f in body["facets"] if f["key"] == "lead")["values"]}
    assert lead_values[SKHCN]["selected"] and "lead=" not in lead_values[SKHCN]["href"]  # a link that removes it


def test_facets_combine_with_and(live: LiveServer, seed: Store) -> None:
    both = select(seed, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pg:Task ; schema:agent <{SKHCN}> ; "
                        f"eli:applies|eli:cites <{DECREE_40}> }}")[0]["n"]
    body = twin(live, "/tasks", lead=SKHCN, instrument=DECREE_40)
    assert body["total"] == int(both) == 1
    assert body["rows"][0]["href"] == "/eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-1.3"
    # Two values of one facet: the tasks having both (repeating a facet narrows, it never widens).
    plans = [row["v"] for row in select(seed, "SELECT DISTINCT ?v WHERE { ?t pplan:isStepOfPlan ?v }")][:2]
    response = requests.get(f"{live.url}/tasks.json", params=[("plan", plans[0]), ("plan", plans[1])], timeout=60)
    assert response.json()["total"] == 0
    # Removing a selected facet keeps the other one.
    remove = next(s["remove"] for s in body["selected"] if s["facet"] == "instrument")
    assert twin(live, remove.split("?")[0].removesuffix(".json"), **_params(remove))["total"] == 30


def _params(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


def test_paging(live: LiveServer, seed: Store) -> None:
    total = int(select(seed, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task }")[0]["n"])
    first = twin(live, "/tasks")
    assert (first["first"], first["last"], first["pages"], first["prev"]) == (1, 50, 2, None)
    assert first["next"] == "/tasks.json?page=2"
    second = twin(live, "/tasks", page=2)
    assert (second["first"], second["last"], second["next"], second["prev"]) == (51, total, None, "/tasks.json")
    html = requests.get(f"{live.url}/tasks", timeout=60).text
    assert '<a rel="next" href="/tasks?page=2">' in html and '<link rel="next" href="/tasks?page=2">' in html
    assert "1–50 trong tổng số" in html
    html2 = requests.get(f"{live.url}/tasks", params={"page": 2}, timeout=60).text
    assert '<a rel="prev" href="/tasks">' in html2 and f"51–{total}" in html2 and 'rel="next"' not in html2
    # Pages of 10 hold every task once, in document order: plan by plan, by position in the plan.
    seen: list[str] = []
    body = twin(live, "/tasks", size=10)
    assert body["pages"] == 7
    while True:
        seen += [row["iri"] for row in body["rows"]]
        if not body["next"]:
            break
        body = twin(live, "/tasks", **_params(body["next"]))
    order = select(seed, "SELECT ?t WHERE { ?t a pg:Task ; pplan:isStepOfPlan ?p ; schema:position ?pos . "
                         "?p eli:number ?n } ORDER BY xsd:integer(?n) ?pos")
    assert seen == [row["t"] for row in order]


@pytest.mark.parametrize(("params", "status"), [
    ({"lead": "javascript:alert(1)"}, 400),
    ({"lead": "https://example.org/a>b"}, 400),
    ({"lead": "https://example.org/a b"}, 400),
    ({"lead": "so-khoa-hoc-va-cong-nghe"}, 400),
    ({"lead": ""}, 400),
    ({"period": "x" * 501}, 400),
    ({"agency": SKHCN}, 400),
    ({"page": "0"}, 400),
    ({"page": "two"}, 400),
    ({"size": "201"}, 400),
    ({"size": "²"}, 400),
    ({"page": "9" * 20}, 400),
    ({"page": "3"}, 404),
])
def test_bad_parameters_are_refused_with_a_message(live: LiveServer, params: dict[str, str], status: int) -> None:
    body = requests.get(f"{live.url}/tasks.json", params=params, timeout=60)
    assert body.status_code == status
    error = body.json()
    assert error["ok"] is False and error["status"] == status and error["error"]
    assert next(iter(params)) in error["error"] or status == 404
    page = requests.get(f"{live.url}/tasks", params=params, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == status and "Traceback" not in page.text


def test_values_are_data_never_query_text(live: LiveServer) -> None:
    for value in ('2016-2020" } UNION { ?item ?p ?o } #', "<script>alert('x')</script>"):
        body = twin(live, "/tasks", period=value)
        assert body["total"] == 0 and body["selected"][0]["value"] == value
        html = requests.get(f"{live.url}/tasks", params={"period": value}, timeout=60).text
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_task_rows_link_their_source_line(live: LiveServer, seed: Store) -> None:
    lines = {row["t"]: row["line"] for row in select(
        seed, "SELECT ?t ?line WHERE { ?t a pg:Task ; prov:wasDerivedFrom ?s . ?s pg:startLine ?line }")}
    body = twin(live, "/tasks", size=200)
    for row in body["rows"]:
        (source,) = row["cells"]["source"]
        assert re.fullmatch(r"/source/[0-9a-f]+/text#L\d+", source["href"])
        assert source["href"].endswith(f"#L{lines[row['iri']]}")
    href = body["rows"][0]["cells"]["source"][0]["href"]
    text = requests.get(live.url + href.split("#")[0], timeout=60).text
    assert f'id="{href.split("#")[1]}"' in text


@pytest.mark.parametrize(("name", "key", "pattern"), [
    ("agencies", "kind", "?t org:classification ?v"),
    ("agencies", "city", "?t dct:spatial ?v"),
    ("instruments", "type", "?t eli:type_document ?v"),
    ("instruments", "issuer", "?t eli:passed_by ?v"),
    ("documents", "city", "?t eli:jurisdiction ?v"),
    ("plans", "city", "?t eli:is_part_of ?d . ?d eli:jurisdiction ?v"),
])
def test_other_list_facets_equal_sparql(live: LiveServer, seed: Store, name: str, key: str, pattern: str) -> None:
    items = ITEMS[name].replace("?x", "?t")
    rows = select(seed, f"SELECT ?v (COUNT(DISTINCT ?t) AS ?n) WHERE {{ {items} . {pattern} }} GROUP BY ?v")
    expected = {row["v"]: int(row["n"]) for row in rows}
    assert shown_counts(twin(live, f"/{name}"), key) == expected and expected


def test_instrument_status_and_counts(live: LiveServer, seed: Store) -> None:
    body = twin(live, "/instruments", size=200)
    status = Counter(cell["value"] for row in body["rows"] for cell in row["cells"]["status"])
    ingested = int(select(seed, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d eli:is_realized_by ?e }")[0]["n"])
    assert status["ingested"] == ingested and status["ingested"] + status["cited"] == body["total"]
    assert shown_counts(body, "status") == {k: v for k, v in status.items()}
    decree = next(row for row in body["rows"] if row["iri"] == DECREE_40)
    citing = select(seed, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pg:Task ; eli:cites <{DECREE_40}> }}")
    assert decree["cells"]["citing_tasks"] == int(citing[0]["n"]) == 1
    assert decree["label"] == "Nghị định 40/2014/NĐ-CP"
    agencies = {row["iri"]: row for row in twin(live, "/agencies", size=200)["rows"]}
    led = select(seed, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t schema:agent <{SKHCN}> }}")[0]["n"]
    assert agencies[SKHCN]["cells"]["led"] == int(led)
    assert list(agencies)[0] == SKHCN  # the agency leading the most tasks comes first


def test_script_in_data_is_shown_as_text_in_lists(scripted: LiveServer) -> None:
    rows = twin(scripted, "/tasks", size=200)["rows"]
    assert any(SCRIPT in row["label"] for row in rows)
    page = requests.get(f"{scripted.url}/tasks", params={"size": 200}, timeout=60).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page


def test_a_selected_facet_value_is_joined_bound_not_filtered_per_item() -> None:
    """FILTER EXISTS per item made /tasks?city=… run past the 30 s deadline on the wild documents' store: the
    values are joined, bound; only the list's own pattern is checked per kept item."""
    from plangraph.server import facets
    from plangraph.server.list_specs import TASKS

    city = "https://w3id.org/plangraph/id/place/31"
    for checked in (True, False):
        where = facets.items_where(TASKS, [(TASKS.facet("city"), city), (TASKS.facet("period"), "2016-2020")],
                                   checked=checked)
        assert where.count("EXISTS") == checked and ("FILTER EXISTS { ?item a pg:Task . }" in where) == checked
        assert f"eli:jurisdiction <{city}>" in where
        assert "?keep1_value" in where and "?value" not in where


@pytest.mark.parametrize("spelling", ["nđ 40/2014", "40/2014/ND-CP", "NĐ-CP 40/2014"])
def test_the_instrument_facet_takes_any_spelling(live: LiveServer, spelling: str) -> None:
    by_iri = twin(live, "/tasks", instrument=DECREE_40)
    spelled = twin(live, "/tasks", instrument=spelling)
    assert spelled["total"] == by_iri["total"] >= 1
    assert [row["iri"] for row in spelled["rows"]] == [row["iri"] for row in by_iri["rows"]]
    assert spelled["selected"] == by_iri["selected"] and spelled["selected"][0]["value"] == DECREE_40


def test_an_instrument_facet_naming_nothing_is_a_400_that_says_why(live: LiveServer) -> None:
    response = requests.get(f"{live.url}/tasks.json", params={"instrument": "40/2015/NĐ-CP"}, timeout=60)
    assert response.status_code == 400
    assert response.json()["error"].startswith("instrument: no instrument of this store is numbered or named")
