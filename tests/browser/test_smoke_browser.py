"""The browser harness itself: Chromium renders the home page from the live server."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from support import LiveServer


def test_home_renders_in_chromium(live: LiveServer, page: Page) -> None:
    page.goto(live.url + "/")
    expect(page.locator("h1")).to_have_text("plangraph")
    expect(page.locator("ul.counts")).to_contain_text("66")
