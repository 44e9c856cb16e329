"""A legal researcher reads the dossier of a text in real Chromium: its status as far as the graph knows, who
amended, repealed or replaced it (with the clause, linked to its line), its events, and where it is carried out
(bodies, tasks, the chart) — every count checked against /sparql, the chart against the table beside it, and the
page readable with JavaScript off."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from playwright.sync_api import Browser, Page, expect
from support import BASE, LiveServer

ELI = "http://data.europa.eu/eli/ontology#"
AMENDED = "/eli/vn/ubnd-14/qd/2020/12"  # amended (Điều 5 khoản 2) and partly repealed (Điều 7) by 99/2025/QĐ-UBND
REPLACED = "/eli/vn/ubnd-14/qd/2021/30"  # replaced by it, in force until 2025-12-01
NQ57 = "/eli/vn/tw/nq/2024/57"  # carried out by Sơn La (our decision) and Đồng Tháp's programme 10-CTr/TU


def sparql(server: LiveServer, query: str) -> list[dict[str, str]]:
    prefixes = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pg: <https://w3id.org/plangraph/ontology#> "
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
                "PREFIX pplan: <http://purl.org/net/p-plan#> ")
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": prefixes + query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        data = json.loads(response.read())
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def test_an_amended_text_shows_who_changed_it_with_the_clause(relations: LiveServer, page: Page) -> None:
    page.goto(relations.url + AMENDED)
    expect(page.locator("#dossier-status .state")).to_have_attribute("data-state", "amended")
    group = page.locator(".relation-group[data-group=amended_by]")
    expect(group.locator("a.other")).to_have_text("Quyết định 99/2025/QĐ-UBND")
    expect(group.locator(".parts")).to_contain_text("Điều 5, khoản 2")
    expect(group.locator("blockquote").first).to_contain_text("Sửa đổi, bổ sung")
    part = page.locator(".relation-group[data-group=partly_repealed_by]")
    expect(part.locator(".parts")).to_contain_text("Điều 7")
    # as many clauses as statements acting on the text or its parts
    count = sparql(relations, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a pg:RelationStatement ;
        rdf:object ?o . ?o eli:is_part_of* <{BASE}eli/vn/ubnd-14/qd/2020/12> }} }}""")[0]["n"]
    assert page.locator("#dossier blockquote").count() == int(count) == 3
    # the clause's line opens the source view at that line
    page.locator(".relation-group[data-group=partly_repealed_by] a.source-link").first.click()
    expect(page.locator("main")).to_contain_text("Bãi bỏ Điều 7")
    assert page.url.endswith("#L32")


def test_a_replaced_text_is_no_longer_in_force_from_the_stated_day(relations: LiveServer, page: Page) -> None:
    page.goto(relations.url + REPLACED)
    expect(page.locator("#dossier-status .state")).to_have_attribute("data-state", "repealed")
    expect(page.locator("#dossier-status dd.ceases")).to_contain_text("2025-12-01")
    expect(page.locator(".relation-group[data-group=replaced_by] a.other")).to_have_text("Quyết định 99/2025/QĐ-UBND")
    expect(page.locator("ol.events li[data-kind=ceases]")).to_contain_text("2025-12-01")
    page.goto(relations.url + REPLACED + "?lang=en")
    expect(page.locator("#dossier-status .state")).to_have_text("No longer in force (repealed or replaced)")
    expect(page.locator(".relation-group[data-group=replaced_by] h4")).to_contain_text("Replaced by")


def test_where_a_national_resolution_is_carried_out(relations: LiveServer, page: Page) -> None:
    page.goto(relations.url + NQ57)
    rows = page.locator("table.bodies tr.body-row")
    expected = sparql(relations, f"""SELECT DISTINCT ?body WHERE {{ GRAPH ?g {{
        {{ ?text pg:carriesOut <{BASE}eli/vn/tw/nq/2024/57> }} UNION
        {{ ?text eli:applies <{BASE}eli/vn/tw/nq/2024/57> ; eli:id_local ?n }} ?text eli:passed_by ?body }} }}""")
    assert rows.count() == len(expected) == 2
    expect(page.locator("table.bodies")).to_contain_text("Ủy ban nhân dân tỉnh Sơn La")
    expect(page.locator("table.bodies")).to_contain_text("Tỉnh ủy tỉnh Đồng Tháp")
    # the chart draws one bar per row of the table, each the row's task count
    bars = page.locator("#tasks-per-body g.bar-value").evaluate_all("els => els.map(e => e.dataset.value)")
    tasks = rows.locator("td.num").evaluate_all("els => els.map(e => e.dataset.tasks)")
    assert bars == tasks and len(bars) == 2
    son_la = sparql(relations, f"""SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE {{ GRAPH ?g {{
        <{BASE}eli/vn/ubnd-14/qd/2025/99> pg:carriesOut <{BASE}eli/vn/tw/nq/2024/57> .
        ?plan eli:is_part_of <{BASE}eli/vn/ubnd-14/qd/2025/99> . ?task pplan:isStepOfPlan ?plan }} }}""")[0]["n"]
    assert int(son_la) in map(int, tasks)
    # the texts carrying it out, over time, and in the events
    expect(page.locator("#implementing-texts svg")).to_have_attribute("role", "img")
    expect(page.locator("ol.events li[data-kind=carried_out]")).to_have_count(2)
    group = page.locator(".relation-group[data-group=carried_out_by]")
    expect(group).to_contain_text("10-CTr/TU")
    expect(group).to_contain_text("99/2025/QĐ-UBND")


def test_the_dossier_reads_without_javascript(relations: LiveServer, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(relations.url + NQ57)
        expect(tab.locator("#tasks-per-body svg rect.bar")).to_have_count(2)
        expect(tab.locator("table.bodies tr.body-row")).to_have_count(2)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the dossier is {width}px wide on a 390px screen"
    finally:
        context.close()
