"""A cross-city analyst whose province runs plangraph sets its tasks beside another province's instance, in real
Chromium at 1280 and 390 px: two instances on two ports (Hải Phòng's asks Đồng Tháp's through SERVICE); every
figure checked against each instance's own /sparql and every chart against the table; a peer that does not
answer is a message beside this instance's figures."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import KIND_COUNTS, SEED, LiveServer, corpus_file, free_port, ingested_store

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, LiveServer, str]]:
    """Hải Phòng's instance (the seed) with Đồng Tháp's (corpus 02) and one that does not answer as peers."""
    dong_thap = LiveServer(ingested_store(tmp_path_factory.mktemp("dong-thap"), corpus_file("02")))
    peer, gone = f"{dong_thap.url}/sparql", f"http://127.0.0.1:{free_port()}/sparql"
    hai_phong = LiveServer(ingested_store(tmp_path_factory.mktemp("hai-phong"), SEED),
                           env={"PLANGRAPH_PEERS": f"{peer} {gone}", "PLANGRAPH_SERVICE_ALLOW": f"{peer} {gone}",
                                "PLANGRAPH_SERVICE_ALLOW_PRIVATE": "1"})
    yield hai_phong, dong_thap, gone
    hai_phong.stop()
    dong_thap.stop()


def counts(server: LiveServer) -> dict[str, int]:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": KIND_COUNTS})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return {r["kind"]["value"]: int(r["n"]["value"]) for r in rows}


def table(page: Page) -> dict[str, tuple[str, str]]:
    """The table's rows: kind → (this instance's figure, the peer's), as printed."""
    return {row["kind"]: (row["here"], row["there"]) for row in page.locator("#peer-kinds tbody tr").evaluate_all(
        """rows => rows.map(r => ({kind: r.dataset.kind,
            here: r.querySelector('td[data-side=here]').innerText.trim(),
            there: r.querySelector('td[data-side=there]').innerText.trim()}))""")}


def no_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the screen"


@pytest.mark.parametrize("width", [1280, 390])
def test_this_instance_beside_a_peer_by_kind_of_lead(two: tuple[LiveServer, LiveServer, str], page: Page,
                                                      width: int) -> None:
    hai_phong, dong_thap, _ = two
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(hai_phong.url + "/compare/kinds")
    page.locator("nav.compare-nav a[href='/compare/peer']").click()
    expect(page.locator("h1")).to_have_text("So sánh với máy chủ plangraph khác")
    expect(page.locator("#peer-error")).to_have_count(0)
    here, there = counts(hai_phong), counts(dong_thap)
    shown = table(page)
    assert shown == {k: (str(here.get(k, 0)), str(there.get(k, 0))) for k in set(here) | set(there)}
    expect(page.locator(".instance[data-side=there]")).to_contain_text("Đồng Tháp")
    expect(page.locator(".instance[data-side=here] .task-count")).to_have_text(str(sum(here.values())))
    expect(page.locator(".instance[data-side=there] .task-count")).to_have_text(str(sum(there.values())))
    # the bars: two per kind, in the table's order, each the table's figure
    bars = page.locator("#peer-chart g.bar-value").evaluate_all(
        "els => els.map(e => [e.dataset.series, e.dataset.value])")
    rows = list(shown.values())
    assert bars == [pair for h, t in rows for pair in (["a", h], ["b", t])]
    # the heat map: a cell per non-zero figure, each the table's
    cells = page.locator("#peer-heat g.cell").evaluate_all(
        "els => els.map(e => [e.dataset.row, e.dataset.column, e.dataset.value])")
    assert sorted(cells) == sorted([[k, "here", h] for k, (h, _) in shown.items() if h != "0"] +
                                   [[k, "there", t] for k, (_, t) in shown.items() if t != "0"])
    no_overflow(page)
    page.screenshot(path=str(ARTIFACTS / f"compare-peer-{width}.png"), full_page=True)
    # a peer's figure opens the peer's own task list of that kind, with as many tasks
    kind, (_, figure) = next((k, v) for k, v in shown.items() if v[1] != "0")
    page.locator(f"#peer-kinds tr[data-kind='{kind}'] td[data-side=there] a").click()
    assert page.url.startswith(dong_thap.url + "/tasks?kind=")
    expect(page.locator(".range .total")).to_have_text(figure)


def test_a_peer_that_does_not_answer_is_said_on_the_page(two: tuple[LiveServer, LiveServer, str],
                                                         page: Page) -> None:
    hai_phong, _, gone = two
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(hai_phong.url + "/compare/peer?lang=en")
    page.locator("select[name=peer]").select_option(gone)
    page.locator("form.compare-form button").click()
    alert = page.locator("#peer-error[role=alert]")
    expect(alert).to_contain_text("did not answer")
    expect(alert).to_contain_text(gone)
    here = counts(hai_phong)
    assert table(page) == {k: (str(n), "–") for k, n in here.items()}
    expect(page.locator("#peer-chart g.bar-value")).to_have_count(len(here))
    no_overflow(page)
    page.screenshot(path=str(ARTIFACTS / "compare-peer-failed-390.png"), full_page=True)
