"""Long lists read at 1280 px and at 390 px in real Chromium, measured: nothing wider than the screen, no column
squeezed to a word per line, no row taller than a few lines, no facet column longer than the rows it filters.
(The page fixture screenshots each page into test-artifacts/screenshots/.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from support import LiveServer

LISTS = ("/tasks", "/instruments", "/documents", "/plans", "/agencies")

MEASURE = """() => {
  const rows = [...document.querySelectorAll('.list-rows table.list tbody tr')];
  const cells = [...document.querySelectorAll('.list-rows table.list tbody td')].filter(td => td.offsetParent);
  const heads = [...document.querySelectorAll('.list-rows table.list thead th')].filter(th => th.offsetParent);
  const box = (el) => el ? el.getBoundingClientRect() : null;
  const line = parseFloat(getComputedStyle(document.querySelector('.list-rows table.list')).lineHeight) || 22;
  return {
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    rows: rows.length, line,
    tallestRow: Math.max(...rows.map(r => box(r).height)),
    rightmost: Math.max(...cells.map(td => box(td).right)),
    narrowest: Math.min(...cells.filter(td => !td.classList.contains('count') && !td.classList.contains('source'))
                                 .map(td => box(td).width)),
    headerLines: Math.max(0, ...heads.map(th => box(th).height)) / line,
    tableMode: getComputedStyle(document.querySelector('.list-rows table.list thead')).display !== 'none',
    facets: box(document.querySelector('.facets')).height, listRows: box(document.querySelector('.list-rows')).height,
  };
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", LISTS)
def test_long_lists_fit_the_screen(cities: LiveServer, page: Page, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(cities.url + path)
    m = page.evaluate(MEASURE)
    assert m["rows"] > 0
    assert m["scrollWidth"] <= m["clientWidth"], f"{path} is {m['scrollWidth']} px wide on a {width} px screen"
    assert m["rightmost"] <= m["clientWidth"], f"a cell of {path} ends at {m['rightmost']} px"
    if width == 1280:
        assert m["tableMode"], "a wide screen shows the table"
        assert m["narrowest"] >= 72, f"a column of {path} is squeezed to {m['narrowest']} px"
        assert m["headerLines"] <= 5.5, f"a column heading of {path} takes {m['headerLines']:.1f} lines"
        assert m["tallestRow"] <= 6 * m["line"] + 20, f"a row of {path} is {m['tallestRow']} px tall"
        if m["rows"] >= 50:  # a full page: the facets beside it are no longer than the rows
            assert m["facets"] <= m["listRows"], m
    else:
        assert not m["tableMode"], "a narrow screen shows each row as a card"
        assert m["tallestRow"] <= 16 * m["line"], f"a card of {path} is {m['tallestRow']} px tall"


def test_facet_values_beyond_the_first_open_on_demand(cities: LiveServer, page: Page) -> None:
    page.goto(cities.url + "/tasks")
    facet = page.locator("section.facet[data-facet=lead]")
    hidden = facet.locator("details.facet-more li")
    assert facet.locator(":scope > ul > li").count() == 8 and hidden.count() > 0
    assert not hidden.first.is_visible()
    facet.locator("details.facet-more summary").click()
    assert hidden.first.is_visible()
    hidden.first.locator("a").click()
    page.wait_for_load_state()
    assert page.locator("ul.selected li[data-facet=lead]").count() == 1
    # A selected value behind "more" is shown: its details are open.
    assert page.locator("section.facet[data-facet=lead] li.selected").first.is_visible()
