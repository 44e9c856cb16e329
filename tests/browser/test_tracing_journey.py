"""A legal researcher in Chromium: search a decree, find the task that carries it out, check its source line."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from support import LiveServer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def snapshot(page: Page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"tracing_journey_{name}.png"), full_page=full_page)


def test_search_decree_to_task_to_source_line(live: LiveServer, page: Page) -> None:
    page.goto(live.url + "/")
    page.get_by_role("searchbox").fill("nghi dinh 40")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=nghi\+dinh\+40"))
    page.get_by_role("link", name="Nghị định 40/2014/NĐ-CP", exact=True).first.click()

    expect(page).to_have_url(re.compile(r"/eli/vn/cp/nd/2014/40$"))
    expect(page.locator("h1")).to_have_text("Nghị định 40/2014/NĐ-CP")
    tracing = page.locator("#tracing")
    row = tracing.locator("tr.task").filter(has=page.locator("td.lead", has_text="Sở Khoa học và Công nghệ"))
    expect(row).to_have_count(1)
    expect(tracing.locator("svg a.node-task")).to_have_count(1)  # the graph draws the same task
    snapshot(page, "1_decree")
    row.locator("td").nth(1).get_by_role("link").first.click()

    expect(page).to_have_url(re.compile(r"/eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-1\.3$"))
    expect(page.locator("#task dd.lead")).to_have_text("Sở Khoa học và Công nghệ")
    quote = page.locator("#quotes li[data-kind=source]")
    expect(quote).to_contain_text("Nghị định số 40/2014/NĐ-CP")
    snapshot(page, "2_task")
    line_link = quote.locator("a.source-link")
    target = line_link.get_attribute("href") or ""
    number = target.rsplit("#L", 1)[-1]
    assert number.isdigit()
    line_link.click()

    expect(page).to_have_url(re.compile(rf"/source/\w+/text#L{number}$"))
    line = page.locator(f"li#L{number}")
    expect(line).to_be_visible()
    expect(line).to_contain_text("Nghị định số 40/2014/NĐ-CP")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == f"L{number}"
    expect(line).to_be_in_viewport()
    snapshot(page, "3_source_line", full_page=False)  # the viewport, scrolled to the highlighted line


def test_a_plans_targets_fit_a_phone(live: LiveServer, page: Page) -> None:
    """The table of a plan's targets (six columns) scrolls inside its box on a 390 px screen, in both languages."""
    page.set_viewport_size({"width": 390, "height": 900})
    for lang in ("vi", "en"):
        page.goto(f"{live.url}/eli/vn/ubnd-31/qd/2016/281/kh-1?lang={lang}")
        table = page.locator("table.targets").first
        expect(table).to_be_visible()
        table.scroll_into_view_if_needed()
        width = page.evaluate("document.documentElement.scrollWidth")
        snapshot(page, f"plan_targets_390_{lang}", full_page=False)
        assert width <= 390, f"the plan's page ({lang}) is {width}px wide on a 390px screen"
