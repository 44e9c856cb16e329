"""The dataset's description and the query API's documentation as pages in Chromium, at 1280 px and 390 px: in
the page's language, nothing wider than the window, the licence and the dumps one click away."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Page, expect
from support import LiveServer


@pytest.mark.parametrize("width", [1280, 390])
def test_void_reads_at_every_width(live: LiveServer, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live.url}/")
    page.get_by_role("link", name="Mô tả bộ dữ liệu").click()  # from the footer of every page
    expect(page).to_have_url(f"{live.url}/void")
    expect(page.locator("dl.facts")).to_contain_text("CC BY 4.0")
    expect(page.locator("a[rel=license]")).to_have_attribute("href", "https://creativecommons.org/licenses/by/4.0/")
    graphs = requests.get(f"{live.url}/void.json", timeout=60).json()["graphs"]
    assert any(g["iri"].endswith("/graph/vn/ubnd-31/qd/2016/281") for g in graphs)
    expect(page.locator("table.void-graphs tr")).to_have_count(len(graphs) + 1)  # a row per graph, and the header
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="English").click()
    expect(page.locator("dl.facts dt").first).to_have_text("Licence")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_api_documentation_reads_at_every_width(live: LiveServer, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live.url}/api/docs?lang=en")
    expect(page.locator("#tasks-implementing h2")).to_have_text("Tasks that carry out an instrument")
    expect(page.locator("#tasks-implementing")).to_contain_text("The instrument's number in any spelling")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
