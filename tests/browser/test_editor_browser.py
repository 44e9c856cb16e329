"""The SPARQL editor in Chromium: gallery → run → linked results, errors with position, CSV, completion.

The ``page`` fixture fails a test on any request that leaves 127.0.0.1, so every test here also shows that
the editor loads nothing from a CDN and asks no prefix or vocabulary service.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

import requests
from playwright.sync_api import Page, expect
from pyoxigraph import Store
from support import BASE, LiveServer, select

from plangraph.queries import load_catalogue
from plangraph.server.paths import local_href

MAX_ROWS = 500  # the live fixture's --max-rows


def editor_text(page: Page) -> str:
    """The query as the form would submit it (the editor keeps the hidden textarea in step)."""
    return page.locator("#editor-query").input_value()


def test_gallery_query_runs_and_its_rows_link_to_entity_pages(live: LiveServer, page: Page, seed: Store) -> None:
    query = load_catalogue()["tasks-implementing"]
    expected = len(list(seed.query(query.text, use_default_graph_as_union=True)))
    assert expected > 0
    page.goto(live.url + "/editor")
    expect(page.locator(".cm-content")).to_be_visible()
    page.locator("#q-tasks-implementing h3 a").click()
    expect(page).to_have_url(re.compile(r"/editor\?example=tasks-implementing$"))
    expect(page.locator(".cm-content")).to_contain_text("eli:applies")
    page.get_by_role("button", name="Chạy truy vấn").click()
    rows = page.locator("table.editor-table tbody tr")
    expect(rows).to_have_count(min(expected, MAX_ROWS))
    headers = page.locator("table.editor-table th").all_text_contents()
    task = rows.first.locator("td").nth(headers.index("?task")).locator("a")
    iri = task.get_attribute("title")
    href = task.get_attribute("href")
    assert iri and href == local_href(iri, BASE) and href.startswith("/eli/")
    with page.expect_navigation() as navigation:
        task.click()
    assert navigation.value is not None and navigation.value.status == 200
    assert page.url == live.url + href
    expect(page.locator("h1")).to_be_visible()


def test_syntax_error_is_shown_at_its_position(live: LiveServer, page: Page) -> None:
    broken = "PREFIX pg: <https://w3id.org/plangraph/ontology#>\nSELECT * WHERE {\n  ?task a pg:Task ;\n  ?p"
    served = requests.post(f"{live.url}/sparql", data={"query": broken}, headers={"Accept": "application/json"},
                           timeout=60).json()
    line, column = served["position"]["line"], served["position"]["column"]
    page.goto(f"{live.url}/editor?lang=en&query={quote(broken)}")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    error = page.locator("#editor-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"line {line}, column {column}")
    expect(error).to_contain_text("syntax error")
    assert (error.get_attribute("data-line"), error.get_attribute("data-column")) == (str(line), str(column))
    # The editor marks the place: a lint mark on that line, and the cursor put there.
    expect(page.locator(".cm-lintRange-error, .cm-lintPoint-error")).to_have_count(1)
    marked_line = page.locator(".cm-line").nth(line - 1)
    expect(marked_line.locator(".cm-lintRange-error, .cm-lintPoint-error")).to_have_count(1)
    expect(page.locator("table.editor-table")).to_have_count(0)


def test_csv_download_has_the_rows_of_the_table(live: LiveServer, page: Page, seed: Store) -> None:
    query = "PREFIX pg: <https://w3id.org/plangraph/ontology#>\nSELECT ?plan WHERE { ?plan a pg:ActionPlan }"
    expected = {str(row["plan"].value) for row in seed.query(query, use_default_graph_as_union=True)}
    page.goto(f"{live.url}/editor?query={quote(query)}")
    page.locator("#editor-form button[type=submit]").click()
    expect(page.locator("table.editor-table tbody tr")).to_have_count(len(expected))
    with page.expect_download() as download:
        page.locator("#editor-csv").click()
    path = download.value.path()
    with open(path, encoding="utf-8", newline="") as file:
        table = list(csv.reader(io.StringIO(file.read())))
    assert table[0] == ["plan"]
    assert {row[0] for row in table[1:]} == expected and len(table) - 1 == len(expected)
    json_href = page.locator("#editor-json").get_attribute("href")
    assert json_href and json_href.startswith("/sparql?") and "format=json" in json_href


def test_completion_offers_classes_of_the_graph_and_declares_their_prefix(live: LiveServer, page: Page,
                                                                         seed: Store) -> None:
    tasks = select(seed, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task }")[0]["n"]
    before = "SELECT * WHERE { ?x a "
    page.goto(f"{live.url}/editor?query={quote(before + ' }')}")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+Home")
    for _ in range(len(before)):
        page.keyboard.press("ArrowRight")
    page.keyboard.type("pg:Ta")
    label = page.locator(".cm-completionLabel", has_text=re.compile(r"^pg:Task$"))
    option = page.locator(".cm-tooltip-autocomplete li", has=label)
    expect(option).to_be_visible()
    expect(option).to_contain_text(f"{tasks}×")  # how many tasks the graph has
    option.click()
    text = editor_text(page)
    assert text.startswith("PREFIX pg: <https://w3id.org/plangraph/ontology#>\n")
    assert "?x a pg:Task" in text
