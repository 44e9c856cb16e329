"""In Chromium: IRIs that are not http(s) or local are text, never links (pages and the editor); the Content
Security Policy holds (no inline script runs, no page can be framed) and no page of ours breaks it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from support import SEED, LiveServer, run_cli

from plangraph.store import SnapshotStore

DECISION = "https://w3id.org/plangraph/eli/vn/ubnd-31/qd/2016/281"
HOSTILE = ("javascript:alert(document.domain)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
           "urn:x-evil:1")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seed, plus IRIs with other schemes as values and as subjects linked from the decision's page."""
    store: Path = tmp_path_factory.mktemp("hostile") / "store"
    assert run_cli("ingest", "--store", str(store), "--no-validate", str(SEED))[0] == 0
    values = ", ".join(f"<{iri}>" for iri in HOSTILE)
    with SnapshotStore(store).writer() as writer:
        writer.update(f"INSERT DATA {{ GRAPH <http://example.org/hostile> {{ <{DECISION}> "
                      f"<http://www.w3.org/2000/01/rdf-schema#seeAlso> {values} . "
                      f"<{HOSTILE[0]}> <http://purl.org/dc/terms/references> <{DECISION}> }} }}")
    server = LiveServer(store)
    yield server
    server.stop()


def _watch(page: Page) -> tuple[list[str], list[str]]:
    dialogs: list[str] = []
    violations: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return dialogs, violations


def test_other_schemes_are_text_on_entity_pages(hostile: LiveServer, page: Page) -> None:
    dialogs, violations = _watch(page)
    page.goto(hostile.url + "/eli/vn/ubnd-31/qd/2016/281")
    expect(page.locator("h1")).to_be_visible()
    for iri in HOSTILE:
        expect(page.get_by_text(iri, exact=False).first).to_be_visible()  # shown ...
    links = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    assert links and all(href.startswith(hostile.url) or href.startswith(("http://", "https://")) for href in links)
    assert not [h for h in links if h.lower().startswith(("javascript:", "data:", "urn:"))]  # ... never linked
    page.get_by_text(HOSTILE[0], exact=False).first.click()
    page.wait_for_timeout(300)
    assert dialogs == [] and violations == []


def test_other_schemes_are_text_in_the_editor_results(hostile: LiveServer, page: Page) -> None:
    dialogs, violations = _watch(page)
    values = " ".join(f"<{iri}>" for iri in HOSTILE)
    query = f"SELECT ?x WHERE {{ VALUES ?x {{ {values} <{DECISION}> }} }}"
    page.goto(f"{hostile.url}/editor?query={quote(query)}")  # the delivery: a link to the editor
    page.locator("#editor-form button[type=submit]").click()
    cells = page.locator("#editor-results td")
    expect(cells).to_have_count(4)
    for index, iri in enumerate(HOSTILE):
        cell = cells.nth(index)
        expect(cell).to_contain_text(iri)
        assert cell.locator("a").count() == 0
        cell.click()
    expect(cells.nth(3).locator("a")).to_have_attribute("href", "/eli/vn/ubnd-31/qd/2016/281")
    page.wait_for_timeout(300)
    assert dialogs == [] and violations == []


@pytest.mark.parametrize("path", [
    "/", "/search?q=nghi+dinh+40", "/tasks", "/instruments", "/eli/vn/cp/nd/2014/40", "/editor", "/compare",
    "/id/org/31/so-khoa-hoc-va-cong-nghe", "/api/docs", "/version", "/ontology",
])
def test_pages_keep_to_the_content_security_policy(hostile: LiveServer, page: Page, path: str) -> None:
    _, violations = _watch(page)
    response = page.goto(hostile.url + path)
    assert response is not None and response.ok
    assert "frame-ancestors 'none'" in (response.header_value("content-security-policy") or "")
    page.wait_for_load_state("networkidle")
    assert violations == [], violations


def test_inline_script_is_blocked_and_pages_cannot_be_framed(hostile: LiveServer, page: Page) -> None:
    _, violations = _watch(page)
    page.goto(hostile.url + "/")
    with pytest.raises(Exception):  # noqa: B017 - Playwright reports the refused inline script as an error
        page.add_script_tag(content="window.__injected = 1")
    assert page.evaluate("window.__injected") is None
    assert any("script-src" in v for v in violations)

    page.set_content(f'<iframe id="f" src="{hostile.url}/"></iframe>')
    page.wait_for_timeout(1000)
    framed = page.frame_locator("#f").locator("header.bar")
    assert framed.count() == 0  # refused by frame-ancestors 'none'
