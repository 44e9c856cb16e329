"""A comparative analyst ranks the instruments by how many bodies carry them out (/compare), opens one and sets
two of those bodies side by side, their tasks aligned by the kind of agency that leads them (/compare/carrying) —
in real Chromium, every count checked against /sparql and every chart against the table beside it."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from playwright.sync_api import Browser, Page, expect
from support import BASE, LiveServer

NQ57 = f"{BASE}eli/vn/tw/nq/2024/57"  # carried out by Sơn La (our decision 99/2025) and Đồng Tháp's 10-CTr/TU
SON_LA = f"{BASE}id/org/14/uy-ban-nhan-dan"
DONG_THAP = f"{BASE}id/org/82/tinh-uy"
PREFIXES = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pg: <https://w3id.org/plangraph/ontology#> "
            "PREFIX pplan: <http://purl.org/net/p-plan#> ")


def carrying(iri: str) -> str:
    """The texts that carry *iri* out: saying so, or through tasks that do (rolled up to the document)."""
    return f"{{ ?text pg:carriesOut <{iri}> }} UNION {{ ?text eli:applies <{iri}> ; eli:id_local ?n }}"


def sparql(server: LiveServer, query: str) -> list[dict[str, str]]:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": PREFIXES + query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        data = json.loads(response.read())
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def bodies_of(server: LiveServer, instrument: str) -> set[str]:
    rows = sparql(server, f"SELECT DISTINCT ?body WHERE {{ GRAPH ?g {{ {carrying(instrument)} "
                          "?text eli:passed_by ?body } }")
    return {r["body"] for r in rows}


def test_the_instruments_carried_out_by_the_most_bodies(relations: LiveServer, page: Page) -> None:
    page.goto(relations.url + "/compare")
    rows = page.locator("table#carried-out tbody tr")
    counts = rows.locator("td[data-bodies]").evaluate_all("els => els.map(e => Number(e.dataset.bodies))")
    assert counts and counts == sorted(counts, reverse=True)
    # the first is 57-NQ/TW, with as many bodies as /sparql finds
    first = rows.first
    expect(first).to_have_attribute("data-instrument", NQ57)
    assert counts[0] == len(bodies_of(relations, NQ57)) == 2
    # every instrument listed has as many bodies as /sparql finds (the first five, to keep the test short)
    for iri, listed in zip(rows.evaluate_all("els => els.map(e => e.dataset.instrument)")[:5], counts[:5],
                           strict=True):
        assert listed == len(bodies_of(relations, iri)), iri
    # the chart draws one bar per row, each the row's count
    bars = page.locator("#carried-chart g.bar-value").evaluate_all("els => els.map(e => Number(e.dataset.value))")
    assert bars == counts
    # only an instrument carried out by two bodies or more offers the comparison
    expect(rows.locator("a.compare-bodies")).to_have_count(sum(1 for n in counts if n > 1))
    first.locator("a.compare-bodies").click()
    expect(page.locator("h1")).to_contain_text("57-NQ/TW")


def test_two_bodies_carrying_out_one_resolution_side_by_side(relations: LiveServer, page: Page) -> None:
    page.goto(relations.url + "/compare/carrying?" + urllib.parse.urlencode({"instrument": NQ57}))
    # every body carrying it out can be chosen on either side
    options = page.locator("select[name=a] option").evaluate_all("els => els.map(e => e.value)")
    assert set(options) == bodies_of(relations, NQ57) == {SON_LA, DONG_THAP}
    expect(page.locator("select[name=a]")).to_have_value(SON_LA)  # the body with the most tasks first
    expect(page.locator("select[name=b]")).to_have_value(DONG_THAP)
    # each side's task count is the number of tasks of its texts carrying the instrument out
    for side, body in (("a", SON_LA), ("b", DONG_THAP)):
        expected = sparql(relations, f"""SELECT (COUNT(DISTINCT ?task) AS ?tasks) WHERE {{ GRAPH ?g {{
            {carrying(NQ57)} ?text eli:passed_by <{body}> .
            ?plan eli:is_part_of ?text . ?task pplan:isStepOfPlan ?plan }} }}""")[0]["tasks"]
        head = page.locator(f".compare-heads section[data-side={side}]")
        expect(head.locator(".task-count")).to_have_text(expected)
        listed = page.locator(f"table#by-kind td[data-side={side}] li").evaluate_all(
            "els => new Set(els.map(e => e.dataset.task)).size")
        assert listed == int(expected)
    expect(page.locator(".compare-heads section[data-side=a]")).to_contain_text("99/2025/QĐ-UBND")
    expect(page.locator(".compare-heads section[data-side=b]")).to_contain_text("10-CTr/TU")
    # Sơn La's task is led by its Sở Tư pháp: a row of that kind
    row = page.locator("table#by-kind tr.kind[data-kind$='agency-kind/so-tu-phap']")
    expect(row.locator("td[data-side=a] li")).to_have_count(1)
    # the chart has a pair of bars per row of the table, each the number of tasks in the cell
    for side in ("a", "b"):
        cells = page.locator(f"table#by-kind tr.kind td[data-side={side}]").evaluate_all(
            "els => els.map(e => e.querySelectorAll('li').length)")
        bars = page.locator(f"#kind-chart g.bar-value[data-series='{side}']").evaluate_all(
            "els => els.map(e => Number(e.dataset.value))")
        assert bars == cells
    # the same rows through the API the page links to
    api = page.locator("a.api-link").first.get_attribute("href")
    with urllib.request.urlopen(relations.url + api, timeout=60) as response:
        rows = json.loads(response.read())["rows"]
    assert {r["task"] for r in rows if r["side"] == "a"} and not [r for r in rows if r["side"] == "b"]


def test_the_comparison_in_english_and_without_javascript(relations: LiveServer, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(relations.url + "/compare/carrying?" + urllib.parse.urlencode({"instrument": NQ57, "lang": "en"}))
        expect(tab.locator("h1")).to_contain_text("Two bodies carrying out")
        expect(tab.locator("#kind-chart svg")).to_have_attribute("role", "img")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the comparison is {width}px wide on a 390px screen"
    finally:
        context.close()


def test_a_body_that_does_not_carry_it_out_is_refused(relations: LiveServer) -> None:
    query = urllib.parse.urlencode({"instrument": NQ57, "a": SON_LA, "b": f"{BASE}id/org/31/uy-ban-nhan-dan"})
    try:
        urllib.request.urlopen(relations.url + "/compare/carrying?" + query, timeout=60)
        raise AssertionError("expected a 400")
    except urllib.error.HTTPError as error:
        assert error.code == 400
        assert "carries out no text of 57-NQ/TW" in error.read().decode()


def test_the_comparison_hub_in_english_fits_a_phone(relations: LiveServer, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(relations.url + "/compare?lang=en")
        expect(tab.locator("table#carried-out a.compare-bodies").first).to_have_text("Compare two bodies")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the comparison hub is {width}px wide on a 390px screen"
    finally:
        context.close()
