"""The editor's result views in Chromium: IRIs by their labels (fetched in one request), long text wrapped in
columns of a minimum width, large results in pages, a bar chart, a timeline and a graph where the result's shape
fits them, and a cancel button that stops the query's worker process on the server."""

from __future__ import annotations

import os
import re
import time
from urllib.parse import urlencode

from playwright.sync_api import Page, expect
from pyoxigraph import Store
from support import PREFIXES, LiveServer, select
from test_cancel import SLOW, alive, busy_worker

MAX_ROWS = 500  # the live fixture's --max-rows


def run(page: Page, server: LiveServer, query: str) -> None:
    page.goto(server.url + "/editor?" + urlencode({"query": PREFIXES + query}))
    page.get_by_role("button", name="Chạy truy vấn").click()
    expect(page.locator("#editor-results[data-labelled]")).to_have_count(1, timeout=30_000)


def test_iris_show_their_labels_from_one_request(live: LiveServer, seed: Store, page: Page) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/editor/labels" in r.url else None)
    run(page, live, "SELECT DISTINCT ?agency ?task WHERE { ?task a pg:Task ; schema:agent ?agency } LIMIT 40")
    names = {r["a"]: r["n"] for r in select(seed, """SELECT ?a ?n WHERE { ?t schema:agent ?a .
        ?a skos:prefLabel ?n FILTER(LANG(?n) = "vi") }""")}
    links = page.locator("table.editor-table tbody td:first-child a")
    assert links.count() == 40
    for i in range(links.count()):
        link = links.nth(i)
        iri = link.get_attribute("title")
        assert link.inner_text() == names[iri]  # the label, with the IRI on hover and as the link
        assert link.get_attribute("href").startswith("/")
    assert len(asked) == 1


def test_long_text_wraps_in_columns_of_a_minimum_width_at_both_widths(live: LiveServer, page: Page) -> None:
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        run(page, live, "SELECT ?task ?text ?plan ?lead WHERE { ?task a pg:Task ; rdfs:label ?text ; "
                        "pplan:isStepOfPlan ?plan ; schema:agent ?lead } LIMIT 30")
        m = page.evaluate("""() => {
          const cells = [...document.querySelectorAll('table.editor-table tbody td')];
          const texts = [...document.querySelectorAll('table.editor-table .cell-text')];
          return {narrowest: Math.min(...cells.map(td => td.getBoundingClientRect().width)),
                  widest: Math.max(...cells.map(td => td.getBoundingClientRect().width)),
                  tallest: Math.max(...texts.map(t => t.getBoundingClientRect().height)),
                  line: parseFloat(getComputedStyle(texts[0]).lineHeight),
                  cut: texts.filter(t => t.scrollHeight > t.clientHeight + 1).length,
                  pageWidth: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth}
        }""")
        assert m["narrowest"] >= 127, m  # 8rem
        assert m["widest"] <= 36 * 16 + 1, m
        assert m["tallest"] <= 4 * m["line"] + 1, m  # long text cut to four lines …
        assert m["cut"] > 0
        assert m["pageWidth"] <= m["screen"], m  # … and a wide table scrolls in its own box
    cut = page.locator("table.editor-table .cell-text").filter(has_not=page.locator("a")).first
    before = cut.bounding_box()["height"]
    cut.click()  # … shown whole on a click
    assert cut.bounding_box()["height"] > before


def test_a_large_result_is_shown_a_page_at_a_time(live: LiveServer, seed: Store, page: Page) -> None:
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s"
    total = min(len(select(seed, query)), MAX_ROWS)
    assert total > 200
    run(page, live, query)
    rows = page.locator("table.editor-table tbody tr")
    expect(rows).to_have_count(100)
    pages = -(-total // 100)
    expect(page.locator(".editor-pager .editor-page").first).to_have_text(f"Trang 1/{pages} · dòng 1–100")
    first = rows.first.locator("a").get_attribute("title")
    page.locator(".editor-pager button[data-page=next]").first.click()
    expect(page.locator(".editor-pager .editor-page").first).to_contain_text(f"Trang 2/{pages}")
    assert rows.first.locator("a").get_attribute("title") != first
    for _ in range(pages - 2):
        page.locator(".editor-pager button[data-page=next]").first.click()
    expect(rows).to_have_count(total - 100 * (pages - 1))
    assert page.locator(".editor-pager button[data-page=next]").first.is_disabled()


def test_bar_chart_of_labels_and_numbers(live: LiveServer, seed: Store, page: Page) -> None:
    query = """SELECT ?agency (COUNT(DISTINCT ?t) AS ?tasks) WHERE { ?t a pg:Task ; schema:agent ?agency }
               GROUP BY ?agency ORDER BY DESC(?tasks) ?agency"""
    run(page, live, query)
    expected = select(seed, query)
    page.locator("#editor-views button[data-view=bars]").click()
    bars = page.locator("#editor-results svg.chart-bar g.bar-row")
    expect(bars).to_have_count(len(expected))
    assert [int(v) for v in bars.evaluate_all("gs => gs.map(g => g.dataset.value)")] == [
        int(r["tasks"]) for r in expected]
    assert page.locator("#editor-results svg.chart-bar a").first.get_attribute("href").startswith("/")
    assert page.locator("#editor-views button[data-view=timeline]").is_hidden()
    assert page.locator("#editor-views button[data-view=graph]").is_hidden()


def test_timeline_of_dates(cities: LiveServer, page: Page) -> None:
    run(page, cities, "SELECT ?document ?date WHERE { ?document eli:is_realized_by ?e ; eli:date_document ?date }"
                      " ORDER BY ?date")
    rows = page.locator("table.editor-table tbody tr").count()
    page.locator("#editor-views button[data-view=timeline]").click()
    lanes = page.locator("#editor-results svg.chart-timeline g.lane")
    expect(lanes).to_have_count(rows)
    starts = lanes.evaluate_all("gs => gs.map(g => g.dataset.start)")
    assert starts == sorted(starts) and all(re.fullmatch(r"\d{4}-\d\d-\d\d", s) for s in starts)
    ticks = page.locator("#editor-results svg.chart-timeline text.tick").all_text_contents()
    assert ticks[0] <= starts[0][:4] and ticks[-1] >= starts[-1][:4]


def test_graph_of_iri_pairs(live: LiveServer, seed: Store, page: Page) -> None:
    query = "SELECT DISTINCT ?task ?agency WHERE { ?task a pg:Task ; schema:agent ?agency } LIMIT 80"
    run(page, live, query)
    pairs = page.locator("table.editor-table tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.querySelectorAll('a')].map(a => a.title))")
    page.locator("#editor-views button[data-view=graph]").click()
    graph = page.locator("#editor-results svg.chart-graph")
    expect(graph).to_have_count(1)
    assert graph.locator("line").count() == len({tuple(p) for p in pairs})
    assert graph.locator("g.node").count() == len({iri for p in pairs for iri in p})
    assert graph.locator("g.node").first.locator("text").text_content()  # a label, not an empty mark


def test_cancel_stops_the_running_query_on_the_server(live: LiveServer, page: Page) -> None:
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if r.url.endswith("/sparql/cancel") else None)
    page.goto(live.url + "/editor?" + urlencode({"query": SLOW}))
    page.get_by_role("button", name="Chạy truy vấn").click()
    cancel = page.get_by_role("button", name="Dừng truy vấn")
    expect(cancel).to_be_visible()
    pid = busy_worker(os.getsid(live.process.pid))
    started = time.monotonic()
    cancel.click()
    expect(page.locator("#editor-status")).to_have_text("Đã dừng truy vấn", timeout=5_000)
    expect(cancel).to_be_hidden()
    assert answers == [202]
    while alive(pid) and time.monotonic() - started < 5:
        time.sleep(0.1)
    assert not alive(pid), "the query's worker still runs after the cancel"
    # The editor and the server go on: the next query runs.
    page.locator(".cm-content").fill("ASK { ?s ?p ?o }")
    page.get_by_role("button", name="Chạy truy vấn").click()
    expect(page.locator(".editor-boolean")).to_have_text("true")
