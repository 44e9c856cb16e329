"""Browse pages keep query results per snapshot: served again while the data is the same, never once it changed."""

from __future__ import annotations

from pathlib import Path

import requests
from conftest import TOKEN
from support import SEED, LiveServer, run_cli

DECREE = "/eli/vn/cp/nd/2014/40"
GRAPH = "http://example.org/test/page-cache"
TASK = "http://example.org/test/page-cache#task"
LABEL = "Nhiệm vụ thêm để kiểm tra bộ nhớ đệm trang"


def _update(live: LiveServer, text: str) -> None:
    response = requests.post(f"{live.url}/update", data={"update": text},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 204, response.text


def _views(live: LiveServer) -> tuple[str, str, int]:
    page = requests.get(f"{live.url}{DECREE}.json", timeout=60).text
    turtle = requests.get(f"{live.url}{DECREE}", headers={"Accept": "text/turtle"}, timeout=60).text
    tasks = requests.get(f"{live.url}/tasks.json", timeout=60).json()["total"]
    return page, turtle, tasks


def test_pages_show_a_change_at_once_and_the_same_data_again_after(live: LiveServer) -> None:
    before = _views(live)
    assert _views(live) == before  # served from the kept results: the same
    assert LABEL not in before[0] and TASK not in before[1]
    _update(live, f"""PREFIX pg: <https://w3id.org/plangraph/ontology#>
        PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{ GRAPH <{GRAPH}> {{ <{TASK}> a pg:Task ; rdfs:label "{LABEL}"@vi ;
            eli:cites <https://w3id.org/plangraph{DECREE}> }} }}""")
    try:
        page, turtle, tasks = _views(live)
        assert LABEL in page and TASK in turtle and tasks == before[2] + 1
    finally:
        _update(live, f"DROP GRAPH <{GRAPH}>")
    assert _views(live) == before


def test_the_kept_results_are_bounded(tmp_path: Path) -> None:
    from plangraph.server import create_app
    from plangraph.server.state import get_state

    store = tmp_path / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0, err
    app = create_app({"PLANGRAPH_STORE": str(store), "PLANGRAPH_PAGE_CACHE": 3})
    with app.app_context():
        state = get_state()
        computed: list[int] = []

        def compute(n: int) -> int:
            computed.append(n)
            return n * n

        for n in range(5):
            assert state.per_version(("square", n), lambda n=n: compute(n)) == n * n
        assert state.per_version(("square", 4), lambda: compute(4)) == 16  # kept
        assert state.per_version(("square", 0), lambda: compute(0)) == 0  # dropped: computed again
        assert computed == [0, 1, 2, 3, 4, 0]
        assert len(state._cache) == 3


def test_a_value_being_made_is_waited_for_not_made_twice(tmp_path: Path) -> None:
    """The warmer's page and a visitor's request for it at the same moment: made once; if the maker fails, the
    waiting request makes it itself."""
    import threading
    import time

    from plangraph.server import create_app
    from plangraph.server.state import get_state

    store = tmp_path / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0, err
    app = create_app({"PLANGRAPH_STORE": str(store)})
    with app.app_context():
        state = get_state()
    made: list[str] = []

    def slow(name: str, fail: bool = False) -> str:
        made.append(name)
        time.sleep(0.3)
        if fail:
            raise RuntimeError("the maker failed")
        return name

    def ask(key: str, name: str, fail: bool, found: list[object]) -> None:
        with app.app_context():
            try:
                found.append(state.per_version(key, lambda: slow(name, fail)))
            except RuntimeError as exc:
                found.append(exc)

    for key, fail, expected in (("page", False, ["first"]), ("broken", True, ["first", "second"])):
        made.clear()
        results: list[list[object]] = [[], []]
        threads = [threading.Thread(target=ask, args=(key, name, fail and name == "first", results[i]))
                   for i, name in enumerate(("first", "second"))]
        threads[0].start()
        time.sleep(0.1)
        threads[1].start()
        for thread in threads:
            thread.join(30)
        assert made == expected
        assert results[1] == ["first" if not fail else "second"]


def test_a_kept_page_is_the_page_made_again(live: LiveServer) -> None:
    first = requests.get(f"{live.url}{DECREE}", headers={"Accept": "text/html"}, timeout=60)
    again = requests.get(f"{live.url}{DECREE}", headers={"Accept": "text/html"}, timeout=60)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    for header in ("Content-Type", "ETag", "Last-Modified", "Content-Security-Policy", "Access-Control-Allow-Origin"):
        assert first.headers[header] == again.headers[header], header
    assert first.headers["X-Request-Id"] != again.headers["X-Request-Id"]
    english = requests.get(f"{live.url}{DECREE}", headers={"Accept": "text/html"}, cookies={"lang": "en"}, timeout=60)
    assert 'lang="en"' in english.text and 'lang="vi"' in again.text
    turtle = requests.get(f"{live.url}{DECREE}", headers={"Accept": "text/turtle"}, timeout=60)
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    conditional = {"Accept": "text/html", "If-None-Match": first.headers["ETag"]}
    unchanged = requests.get(f"{live.url}{DECREE}", headers=conditional, timeout=60)
    assert unchanged.status_code == 304
    switched = requests.get(f"{live.url}{DECREE}?lang=en", headers={"Accept": "text/html"}, timeout=60)
    assert "lang=en" in switched.headers.get("Set-Cookie", "")
    again_switched = requests.get(f"{live.url}{DECREE}?lang=en", headers={"Accept": "text/html"}, timeout=60)
    assert "lang=en" in again_switched.headers.get("Set-Cookie", "")
