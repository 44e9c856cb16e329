"""Error pages in Chromium, at 1280 px and at 390 px: the site's bar and search box, the language switch, the
nearest pages as links that lead on; and the editor saying a syntax error in the page's language."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from support import LiveServer

DECISION = "/eli/vn/ubnd-31/qd/2016/281"


@pytest.mark.parametrize("width", [1280, 390])
def test_an_unknown_iri_is_a_page_that_leads_on(live: LiveServer, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(f"{live.url}{DECISION}/kh-9")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy")
    expect(page.locator("header.bar input[type=search]")).to_be_visible()
    expect(page.locator(".error-facts")).to_contain_text(f"GET {DECISION}/kh-9")
    # nothing wider than the window: no sideways scrolling at either width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Not found")
    with page.expect_navigation() as navigation:
        page.locator(".error-matches a").first.click()
    assert navigation.value is not None and navigation.value.status == 200
    assert page.url == live.url + DECISION
    expect(page.locator("h1")).to_contain_text("281/QĐ-UBND")


def test_a_bad_facet_value_is_a_page_with_the_list_one_click_away(live: LiveServer, page: Page) -> None:
    response = page.goto(f"{live.url}/instruments?status=bogus&lang=en")
    assert response is not None and response.status == 400
    expect(page.locator("h1")).to_have_text("Bad request")
    expect(page.locator(".error-message")).to_contain_text("bogus")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Without the value it cannot use").click()
    assert navigation.value is not None and navigation.value.status == 200
    expect(page.locator("table.list")).to_be_visible()


def test_the_search_box_of_a_missing_page_holds_its_words(live: LiveServer, page: Page) -> None:
    response = page.goto(f"{live.url}/id/org/31/so-khoa-hoc-va-cong-ngh")
    assert response is not None and response.status == 404
    box = page.locator("header.bar input[type=search]")
    expect(box).to_have_value("31 so khoa hoc va cong ngh")
    page.locator("header.bar button[type=submit]").click()
    expect(page.locator("section.kind[data-kind=agency] a").first).to_have_text("Sở Khoa học và Công nghệ")


@pytest.mark.parametrize("lang, where, expected", [
    ("vi", "dòng 1, cột 17", "Truy vấn kết thúc ở đây, nhưng SPARQL cần một trong: biến (?x)"),
    ("en", "line 1, column 17", "The query ends here, but SPARQL expects one of: a variable (?x)"),
])
def test_the_editor_says_what_was_expected_in_the_page_language(live: LiveServer, page: Page, lang: str,
                                                                where: str, expected: str) -> None:
    page.goto(f"{live.url}/editor?lang={lang}&query={quote('SELECT * WHERE {')}")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#editor-error .editor-position")).to_have_text(where)
    explanation = page.locator("#editor-error .editor-explanation")
    expect(explanation).to_contain_text(expected)
    expect(explanation).to_contain_text("“}”")
    expect(page.locator("#editor-error details pre")).to_contain_text("error at 1:17")  # the engine's words
    expect(page.locator("#editor-error details pre")).not_to_be_visible()  # folded away


def test_without_javascript_a_syntax_error_is_a_page_with_the_line_marked(live: LiveServer, page: Page) -> None:
    broken = "PREFIX pg: <https://w3id.org/plangraph/ontology#>\nSELECT ?t WHERE {\n  ?t a pg:Task ;\n"
    response = page.goto(f"{live.url}/sparql?query={quote(broken)}")
    assert response is not None and response.status == 400
    expect(page.locator(".error-syntax")).to_contain_text("Dòng 4, cột 1")
    expect(page.locator(".error-query .marked")).to_contain_text("4")
    with page.expect_navigation():
        page.get_by_role("link", name="Sửa truy vấn trong trình soạn").click()
    expect(page.locator("#editor-query")).to_have_value(broken)
