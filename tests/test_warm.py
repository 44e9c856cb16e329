"""The page warmer: the first pages of a snapshot made in the background, byte for byte what a visitor's request
makes; their rows shared with the other web processes through files beside the snapshot; bounded by a deadline
per page, by visitors' requests, and by the snapshot staying current."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from support import SEED, run_cli

from plangraph.server import priority, shared_pages, shared_rows
from plangraph.server.warm import Report, pages, warm

PAGES = "/ /tasks /agencies /instruments /compare/kinds"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's store of this module alone (not the session's): the warmer writes rows beside its snapshot."""
    path = tmp_path_factory.mktemp("warm") / "store"
    code, _, err = run_cli("ingest", "--store", str(path), str(SEED))
    assert code == 0, err
    return path


_OPEN: list[Flask] = []


@pytest.fixture(autouse=True)
def _close_executors() -> Iterator[None]:
    yield
    from plangraph.server.state import get_state

    while _OPEN:
        with _OPEN.pop().app_context():
            get_state().executor().close()


def _app(store: Path, **config: object) -> Flask:
    from plangraph.server import create_app

    app = create_app({"PLANGRAPH_STORE": str(store), "PLANGRAPH_WARM_PAGES": PAGES, "PLANGRAPH_QUERY_WORKERS": 1,
                      **config})
    _OPEN.append(app)
    return app


def _snapshot(app: Flask) -> tuple[int, Path]:
    from plangraph.server.state import get_state

    with app.app_context():
        snapshot = get_state().snapshot()
    return snapshot.version, snapshot.path


def _warm(app: Flask, current: int | None = None) -> Report:
    version, path = _snapshot(app)
    return warm(app, version, path, lambda: version if current is None else current)


def _bodies(app: Flask) -> dict[str, bytes]:
    client = app.test_client()
    found = {}
    for path in PAGES.split():
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200, (path, response.status_code)
        found[path] = response.data
    return found


def _clear(store: Path) -> None:
    from plangraph.store.snapshots import SnapshotStore

    current = SnapshotStore(store).current()
    assert current is not None
    for pattern in ("*.json", "*" + shared_pages.SUFFIX):
        for kept in shared_rows.folder(current.path).glob(pattern):
            kept.unlink()


def test_warmed_pages_are_byte_identical_to_computed_ones_and_shared_through_the_snapshot(store: Path) -> None:
    _clear(store)
    computed = _bodies(_app(store, PLANGRAPH_WARM_PAGES="", PLANGRAPH_SHARE_ROWS_AFTER=-1))  # visitors, no warmer
    version, path = _snapshot(_app(store))
    assert not list(shared_rows.folder(path).glob("*.json"))  # visitors' requests keep nothing on disk

    warmer = (_app(store))
    report = _warm(warmer)
    assert report.made == PAGES.split() and not report.abandoned and not report.stale
    kept = list(shared_rows.folder(path).glob("*.json"))
    assert kept, "the warmer's query rows are kept beside the snapshot"
    assert _bodies(warmer) == computed  # served from what the warmer left in this process

    other = (_app(store))  # another web process: reads the kept rows, runs no page query
    with other.app_context():
        from plangraph.server.state import get_state

        executor = get_state().executor()
        executor.read = None  # type: ignore[method-assign]  # any query sent to a worker would fail the page
    assert _bodies(other) == computed


def test_a_visitors_slow_queries_are_shared_with_the_other_web_processes(store: Path) -> None:
    """A query that took at least PLANGRAPH_SHARE_ROWS_AFTER seconds (here: any) is kept for the snapshot by a
    visitor's request too, so another web process makes the same pages without running a query."""
    _clear(store)
    visitor = _app(store, PLANGRAPH_WARM_PAGES="", PLANGRAPH_SHARE_ROWS_AFTER=0)
    computed = _bodies(visitor)
    _, path = _snapshot(visitor)
    assert list(shared_rows.folder(path).glob("*.json"))

    other = _app(store, PLANGRAPH_WARM_PAGES="")
    with other.app_context():
        from plangraph.server.state import get_state

        get_state().executor().read = None  # type: ignore[method-assign]  # a query sent to a worker would fail
    assert _bodies(other) == computed


def test_a_page_one_web_process_made_is_served_as_made_by_the_others(store: Path) -> None:
    """No rows kept (the queries were quick, no warmer): the second process serves the first one's pages from the
    files beside the snapshot, without a query; a SPARQL answer is not written there."""
    _clear(store)
    first = _app(store, PLANGRAPH_WARM_PAGES="", PLANGRAPH_SHARE_ROWS_AFTER=-1)
    computed = _bodies(first)
    english = first.test_client().get("/agencies", query_string={"lang": "en"}, headers={"Accept": "text/html"})
    assert english.status_code == 200 and 'lang="en"' in english.text
    assert english.headers["Set-Cookie"].startswith("lang=en;")
    ask = first.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                                  headers={"Accept": "application/sparql-results+json"})
    assert ask.status_code == 200
    folder = shared_rows.folder(_snapshot(first)[1])
    assert not list(folder.glob("*.json"))
    assert len(list(folder.glob("*" + shared_pages.SUFFIX))) == len(PAGES.split()) + 1  # and /agencies?lang=en

    def without_queries(**config: object) -> Flask:
        app = _app(store, PLANGRAPH_WARM_PAGES="", PLANGRAPH_SHARE_ROWS_AFTER=-1, **config)
        with app.app_context():
            from plangraph.server.state import get_state

            get_state().executor().read = None  # type: ignore[method-assign]  # a query sent to a worker fails
        return app

    other = without_queries()  # the other web process of the same server: the same settings
    assert _bodies(other) == computed
    kept = other.test_client().get("/agencies", query_string={"lang": "en"}, headers={"Accept": "text/html"})
    assert kept.status_code == 200 and kept.data == english.data  # kept with the language it was asked in …
    assert kept.headers["Set-Cookie"].startswith("lang=en;")  # … and the cookie that keeps it chosen, set again
    assert "Max-Age=31536000" in kept.headers["Set-Cookie"]
    lang = other.test_client().get("/", query_string={"lang": "en"}, headers={"Accept": "text/html"})
    assert lang.status_code == 500  # not kept in that language: made here, and it cannot be without a query
    restarted = without_queries(PLANGRAPH_SHOWN_TASKS=5)  # a server started again with another setting
    assert restarted.test_client().get("/", headers={"Accept": "text/html"}).status_code == 500


def test_pages_written_for_the_other_processes_stay_within_the_budget(store: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(store)
    monkeypatch.setattr(shared_pages.Budget.__init__, "__defaults__", (1,))
    _bodies(_app(store, PLANGRAPH_WARM_PAGES="", PLANGRAPH_SHARE_ROWS_AFTER=-1))
    assert not list(shared_rows.folder(_snapshot(_app(store))[1]).glob("*" + shared_pages.SUFFIX))


def test_a_visitors_kept_rows_stay_within_the_budget(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(store)
    monkeypatch.setattr(shared_rows, "BUDGET_BYTES", 1)
    _bodies(_app(store, PLANGRAPH_WARM_PAGES="", PLANGRAPH_SHARE_ROWS_AFTER=0))
    assert not list(shared_rows.folder(_snapshot(_app(store))[1]).glob("*.json"))
    report = _warm(_app(store))  # the warmer's rows are kept whatever the budget: a few pages' worth
    assert report.made and list(shared_rows.folder(_snapshot(_app(store))[1]).glob("*.json"))


def test_a_warmer_of_a_snapshot_that_is_no_longer_current_stops_and_keeps_nothing(store: Path) -> None:
    _clear(store)
    app = (_app(store))
    version, path = _snapshot(app)
    report = _warm(app, current=version + 1)
    assert report.stale and report.made == []
    assert not list(shared_rows.folder(path).glob("*.json"))


def test_a_slow_page_is_abandoned_at_its_deadline(store: Path) -> None:
    _clear(store)
    app = (_app(store, PLANGRAPH_WARM_PAGE_TIMEOUT=0.001))
    started = time.monotonic()
    report = _warm(app)
    assert {p for p, _ in report.abandoned} == set(PAGES.split()), report
    assert {why for _, why in report.abandoned} == {"its deadline passed"}
    assert time.monotonic() - started < 60
    assert not list(shared_rows.folder(_snapshot(app)[1]).glob("*.json"))  # an abandoned page keeps nothing


def test_the_warmer_waits_for_visitors_requests(store: Path) -> None:
    app = (_app(store))
    visitors = app.extensions["plangraph-visitors"]
    visitors.enter()  # a visitor's request is running
    reports: list[Report] = []
    thread = threading.Thread(target=lambda: reports.append(_warm(app)))
    thread.start()
    time.sleep(0.5)
    assert not reports and thread.is_alive()
    visitors.leave()
    thread.join(60)
    assert reports and reports[0].made == PAGES.split()


def test_no_warming_without_a_page_cache(store: Path) -> None:
    app = (_app(store, PLANGRAPH_PAGE_CACHE=0))
    assert pages(app) == []
    assert _warm(app).made == []


def test_the_warmer_compiles_every_template_before_a_visitor_needs_it(store: Path) -> None:
    from plangraph.server.warm import prime

    app = _app(store, PLANGRAPH_WARM_PAGES="")
    templates = set(app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")))
    assert len(templates) > 10
    assert _warm(app).made == []  # no pages to make, and yet the process's first costs are paid
    assert templates <= {name for _, name in app.jinja_env.cache.keys()}  # type: ignore[union-attr]
    assert prime(app, app.extensions["plangraph-visitors"]) == 0  # once per process


def test_the_pages_a_visitor_meets_first_are_made_before_the_rest_is_compiled(store: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from plangraph.server import warm as warming

    _clear(store)
    app = _app(store)
    kept_when_primed: list[int] = []
    prime = warming.prime

    def recorded(app: Flask, visitors: warming.Visitors) -> int:
        kept_when_primed.append(len(list(shared_rows.folder(_snapshot(app)[1]).glob("*.json"))))
        return prime(app, visitors)

    monkeypatch.setattr(warming, "prime", recorded)
    assert _warm(app).made == PAGES.split()
    assert len(kept_when_primed) == 1 and kept_when_primed[0] > 0  # the pages' rows were kept before it ran


def test_the_warmers_queries_yield_the_cpu_to_visitors(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lowered: list[int] = []
    real = priority.lower
    monkeypatch.setattr(priority, "lower", lambda pid: lowered.append(pid) or real(pid))
    _clear(store)
    app = _app(store, PLANGRAPH_YIELD_AFTER=0.0)  # no visitor's query is lowered: only background work is
    assert _warm(app).made == PAGES.split()
    assert lowered  # every query of the warmer's pages ran on a lowered worker
    assert all(priority.nice_of(pid) == priority.NORMAL for pid in set(lowered))  # raised again after each
    lowered.clear()
    assert app.test_client().get("/tasks?page=2").status_code == 200  # a visitor's page: not in the cache
    assert lowered == []
