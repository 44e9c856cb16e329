"""A reader's way through the lists in real Chromium, no JavaScript needed: home → tasks → a lead
agency's tasks → the next page → a task."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from pyoxigraph import Store
from support import LiveServer, select

SKHCN = "https://w3id.org/plangraph/id/org/31/so-khoa-hoc-va-cong-nghe"


def test_from_home_to_an_agency_s_tasks_and_one_task(live: LiveServer, seed: Store, page: Page) -> None:
    tasks = int(select(seed, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task }")[0]["n"])
    led = int(select(seed, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pg:Task ; schema:agent <{SKHCN}> }}")
              [0]["n"])
    page.goto(live.url + "/")
    page.locator("ul.counts a[href='/tasks']").click()
    expect(page).to_have_url(live.url + "/tasks")
    expect(page.locator("h1")).to_have_text("Nhiệm vụ")
    expect(page.locator(".range .total")).to_have_text(str(tasks))

    # The whole list pages on: the second page holds the rest.
    page.locator("nav.pager a[rel=next]").click()
    expect(page.locator(".range")).to_contain_text(f"51–{tasks}")
    page.locator("nav.pager a[rel=prev]").click()

    lead = page.locator("section.facet[data-facet=lead]").get_by_role("link", name="Sở Khoa học và Công nghệ",
                                                                        exact=True)
    count = lead.locator("xpath=following-sibling::span[@class='count']")
    expect(count).to_have_text(str(led))
    lead.click()
    expect(page.locator(".range .total")).to_have_text(str(led))
    expect(page.locator("ul.selected li[data-facet=lead]")).to_contain_text("Sở Khoa học và Công nghệ")
    expect(page.locator("table.list tbody tr")).to_have_count(min(led, 50))
    for cell in page.locator("table.list td[data-field=lead]").all():
        expect(cell).to_contain_text("Sở Khoa học và Công nghệ")
    if page.locator("nav.pager a[rel=next]").count():
        page.locator("nav.pager a[rel=next]").click()
        expect(page.locator(".range")).to_contain_text(f"51–{led}")

    first = page.locator("table.list td.label a").first
    label = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(label[:40])
    expect(page.locator("body")).to_contain_text("Sở Khoa học và Công nghệ")


def test_removing_a_facet_and_switching_language(live: LiveServer, page: Page) -> None:
    page.goto(live.url + "/agencies")
    kind = page.locator("section.facet[data-facet=kind] a").first
    kind.click()
    expect(page.locator("ul.selected li")).to_have_count(1)
    page.locator("ul.selected a.remove").click()
    expect(page.locator("ul.selected")).to_have_count(0)
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Agencies")
    expect(page.locator("section.facet[data-facet=kind] h2")).to_have_text("Kind of agency")
