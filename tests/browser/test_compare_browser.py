"""An analyst compares cities in real Chromium: the hub form → two provinces side by side on one topic →
a task of the second province; the kind matrix → the task list of one kind in one city; the instruments
several places cite → an instrument's page."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect
from support import LiveServer

from plangraph.server.compare import SHOWN_PER_KIND

SKHCN_KIND = "https://w3id.org/plangraph/concept/agency-kind/so-khoa-hoc-va-cong-nghe"


def codes(server: LiveServer) -> dict[str, str]:
    with urllib.request.urlopen(server.url + "/compare.json", timeout=60) as response:
        return {c["name"]: c["code"] for c in json.loads(response.read())["cities"]}


def code(server: LiveServer, name: str) -> str:
    return next(c for n, c in codes(server).items() if name in n)


def test_two_provinces_side_by_side_on_one_topic(cities: LiveServer, page: Page) -> None:
    hp, dt = code(cities, "Hải Phòng"), code(cities, "Đồng Tháp")
    page.goto(cities.url + "/")
    page.locator("header nav a[href='/compare']").click()
    expect(page.locator("h1")).to_have_text("So sánh địa phương")
    page.locator("select[name=a]").select_option(hp)
    page.locator("select[name=b]").select_option(dt)
    page.locator("input[name=topic]").fill("khoa học")
    page.locator("form.compare-form button").click()
    expect(page.locator("h1")).to_contain_text("Hải Phòng")
    expect(page.locator("h1")).to_contain_text("Đồng Tháp")
    # Each side's count is the number of its tasks in the aligned table (the page's JSON twin lists them all);
    # each cell lists its kind's first few and links to the rest.
    twin_url = cities.url + page.url.removeprefix(cities.url).replace("/compare/cities?", "/compare/cities.json?")
    with urllib.request.urlopen(twin_url, timeout=60) as response:
        twin = json.loads(response.read())
    for side in ("a", "b"):
        count = int(page.locator(f".compare-heads section[data-side={side}] .task-count").inner_text())
        assert count == len({task["iri"] for group in twin["kinds"] for task in group[side]}) > 0
        cells = page.locator(f"#by-kind td[data-side={side}]")
        for index in range(cells.count()):
            cell = cells.nth(index)
            listed = int(cell.get_attribute("data-count") or "0")
            assert cell.locator("li.task").count() == min(listed, SHOWN_PER_KIND)
            assert cell.locator("li.more").count() == (listed > SHOWN_PER_KIND)
    row = page.locator(f"#by-kind tr[data-kind='{SKHCN_KIND}']")
    expect(row).to_have_class("kind shared")
    expect(row.locator("th")).to_have_text("Sở Khoa học và Công nghệ")
    assert row.locator("td[data-side=a] li.task").count() > 0
    # The kind row of both provinces comes first.
    expect(page.locator("#by-kind tbody tr").first).to_have_class("kind shared")
    row.locator("td[data-side=b] li.task a").first.click()
    expect(page.locator("main")).to_contain_text("Đồng Tháp")
    expect(page.locator("main")).to_contain_text("Sở Khoa học và Công nghệ")


def test_kind_matrix_cell_opens_the_task_list_of_that_kind_and_city(cities: LiveServer, page: Page) -> None:
    hp = code(cities, "Hải Phòng")
    page.goto(cities.url + "/compare/kinds")
    cell = page.locator(f"#kinds tr[data-kind='{SKHCN_KIND}'] td[data-city='{hp}'] a")
    tasks = int(cell.inner_text())
    assert tasks > 0
    cell.click()
    expect(page.locator(".range .total")).to_have_text(str(tasks))
    expect(page.locator("ul.selected li[data-facet=kind]")).to_contain_text("Sở Khoa học và Công nghệ")
    expect(page.locator("ul.selected li[data-facet=city]")).to_contain_text("Hải Phòng")


def test_instruments_several_places_cite(cities: LiveServer, page: Page) -> None:
    page.goto(cities.url + "/compare/instruments?lang=en")
    expect(page.locator("h1")).to_have_text("Instruments several cities cite")
    section = page.locator("section.instrument").filter(has_text="57-NQ/TW")
    expect(section.locator("tbody tr")).to_have_count(2)
    expect(section).to_contain_text("Đồng Tháp")
    expect(section).to_contain_text("Việt Nam")
    section.locator("h2 a").click()
    expect(page.locator("h1")).to_contain_text("57-NQ/TW")


def test_a_national_task_shows_its_notes_and_links_to_the_group_it_assigns(cities: LiveServer, page: Page) -> None:
    """Task I.3 of 844/QĐ-TTg is led by "Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp": the lead is the
    group of every provincial People's Committee, the rest of the cell a note; the group's page lists its tasks."""
    page.goto(cities.url + "/eli/vn/ttg/qd/2026/844/kh-1/nhiem-vu-1.3")
    main = page.locator("main")
    expect(main).to_contain_text("ghi chú về đơn vị chủ trì")
    expect(main).to_contain_text("trình Hội đồng nhân dân cùng cấp")
    expect(main).to_contain_text("Các cơ quan, tổ chức, đơn vị có liên quan")
    main.locator("a[href='/id/org/vn/uy-ban-nhan-dan-cap-tinh']").first.click()
    expect(page.locator("h1")).to_have_text("Ủy ban nhân dân cấp tỉnh")
    expect(page.locator("main")).to_contain_text("Nhóm cơ quan nêu chung")
    expect(page.locator("main")).to_contain_text("Nhiệm vụ chủ trì")
