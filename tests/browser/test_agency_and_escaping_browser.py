"""An agency page lists the tasks it leads; its faceted list counts what SPARQL counts. Markup in the data
is shown as text, never run."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect
from pyoxigraph import Store
from support import SCRIPT, LiveServer, select

SKHCN = "https://w3id.org/plangraph/id/org/31/so-khoa-hoc-va-cong-nghe"


def test_agency_page_lists_its_tasks_and_facet_counts_match_sparql(live: LiveServer, seed: Store,
                                                                   page: Page) -> None:
    led = select(seed, f"""SELECT ?plan (COUNT(DISTINCT ?t) AS ?n) WHERE {{
        ?t a pg:Task ; schema:agent <{SKHCN}> ; pplan:isStepOfPlan ?plan }} GROUP BY ?plan""")
    per_plan = {row["plan"]: int(row["n"]) for row in led}
    total = sum(per_plan.values())
    assert total > 0

    page.goto(live.url + "/id/org/31/so-khoa-hoc-va-cong-nghe")
    expect(page.locator("h1")).to_contain_text("Sở Khoa học và Công nghệ")
    expect(page.locator("[data-count=lead]")).to_have_text(str(total))
    task_links = page.locator(".tracing-agency a[href*='/nhiem-vu-']")
    hrefs = {link.get_attribute("href") for link in task_links.all()}
    expected = {row["t"].removeprefix("https://w3id.org/plangraph") for row in select(
        seed, f"SELECT DISTINCT ?t WHERE {{ ?t schema:agent <{SKHCN}> }}")}
    assert expected <= hrefs

    page.locator("a.facet-list").first.click()
    expect(page.locator(".range .total")).to_have_text(str(total))
    facet = page.locator("section.facet[data-facet=plan]")
    shown = {}
    for item in facet.locator("li").all():
        query = parse_qs(urlsplit(item.locator("a").first.get_attribute("href") or "").query)
        shown[query["plan"][0]] = int(item.locator("span.count").inner_text())
    assert shown == per_plan


def test_script_in_a_task_is_shown_as_text(scripted: LiveServer, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(scripted.url + "/search?q=nhan+sinh+thai")
    hit = page.get_by_role("link", name=SCRIPT, exact=False).first
    expect(hit).to_be_visible()
    hit.click()
    expect(page.locator("h1")).to_contain_text(SCRIPT)
    page.goto(scripted.url + "/tasks?size=200")
    expect(page.locator("table.list")).to_contain_text(SCRIPT)
    assert dialogs == [], "a <script> from the data ran"
