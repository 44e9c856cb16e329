"""Browse pages (server-rendered, no JavaScript needed) and their JSON twins, against a live server."""

from __future__ import annotations

import re

import requests
from pyoxigraph import Store
from support import SCRIPT, SEED, LiveServer, select


def test_home_counts_match_sparql_and_the_json_twin(live: LiveServer, seed: Store) -> None:
    twin = requests.get(f"{live.url}/index.json", timeout=60).json()
    counts = {item["key"]: item["count"] for item in twin["counts"]}
    tasks = select(seed, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task }")[0]["n"]
    assert counts["tasks"] == int(tasks) == 66
    assert (counts["documents"], counts["plans"], counts["cities"]) == (1, 5, 1)
    page = requests.get(f"{live.url}/", timeout=60)
    assert page.headers["Content-Type"].startswith("text/html")
    for item in twin["counts"]:
        assert f"<strong>{item['count']}</strong>" in page.text
    newest = twin["newest"][0]
    assert newest["id_local"] == "281/QĐ-UBND" and newest["href"] in page.text


def test_vietnamese_by_default_and_english_switch(live: LiveServer) -> None:
    vietnamese = requests.get(f"{live.url}/", timeout=60).text
    assert 'lang="vi"' in vietnamese and "Nhiệm vụ" in vietnamese
    session = requests.Session()
    english = session.get(f"{live.url}/?lang=en", timeout=60)
    assert 'lang="en"' in english.text and "Tasks" in english.text
    assert 'lang="en"' in session.get(f"{live.url}/", timeout=60).text  # remembered


def test_search_groups_results_by_kind(live: LiveServer) -> None:
    twin = requests.get(f"{live.url}/search.json", params={"q": "nghi dinh 40"}, timeout=60).json()
    assert twin["groups"][0]["kind"] == "document"
    assert twin["groups"][0]["hits"][0]["href"] == "/eli/vn/cp/nd/2014/40"
    page = requests.get(f"{live.url}/search", params={"q": "nghi dinh 40"}, timeout=60).text
    assert 'href="/eli/vn/cp/nd/2014/40"' in page


def test_script_in_data_is_shown_as_text(scripted: LiveServer) -> None:
    hits = requests.get(f"{scripted.url}/search.json", params={"q": "nhan sinh thai"}, timeout=60).json()
    task = next(h for g in hits["groups"] for h in g["hits"] if SCRIPT in h["label"])
    for path in (task["href"], "/search?q=nhan+sinh+thai"):
        page = requests.get(scripted.url + path, headers={"Accept": "text/html"}, timeout=60).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(" in page


def test_legal_researcher_journey_over_http(live: LiveServer) -> None:
    """search → the decree → the task that carries it out → its quote → the source view at that line."""
    import re

    hits = requests.get(f"{live.url}/search.json", params={"q": "nghi dinh 40"}, timeout=60).json()
    decree = hits["groups"][0]["hits"][0]["href"]
    decree_page = requests.get(live.url + decree, headers={"Accept": "text/html"}, timeout=60).text
    task = "/eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-1.3"
    assert f'href="{task}"' in decree_page  # the decree page lists the task that applies it
    task_page = requests.get(live.url + task, headers={"Accept": "text/html"}, timeout=60).text
    assert "Sở Khoa học và Công nghệ" in task_page
    link = re.search(r'class="source-link" href="([^"]+#L68)"', task_page)
    assert link is not None
    source_page = requests.get(live.url + link.group(1).split("#")[0], timeout=60).text
    line = source_page[source_page.index('id="L68"'):].split("</li>", 1)[0]
    assert f'href="{task}"' in line and "Nghị định số 40/2014/NĐ-CP" in line
    twin = requests.get(live.url + link.group(1).split("#")[0] + ".json", timeout=60).json()
    assert twin["lines"][67]["number"] == 68 and any(s.get("href") == task for s in twin["lines"][67]["segments"])


def test_source_view_links_nested_spans_to_the_innermost_entity(live: LiveServer) -> None:
    """Line 68 is a task row that cites Nghị định 40: the citation links to the decree, the rest to the task."""
    twin = requests.get(f"{live.url}/source/ee0985feb57fa52d/text.json", timeout=60).json()
    segments = twin["lines"][67]["segments"]
    by_href = {s["href"]: s for s in segments if "href" in s}
    task, decree = "/eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-1.3", "/eli/vn/cp/nd/2014/40"
    assert task in by_href and decree in by_href
    assert "40/2014/NĐ-CP" in by_href[decree]["text"] and by_href[decree]["depth"] > by_href[task]["depth"]
    assert "".join(s["text"] for s in segments) == SEED.read_text(encoding="utf-8").split("\n")[67]


def test_pages_name_their_icon_and_it_is_served(live: LiveServer) -> None:
    page = requests.get(live.url + "/", timeout=30).text
    icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
    assert icon, "the page's head names its icon"
    for path in (icon.group(1), "/favicon.ico"):  # and where clients look without reading a page
        response = requests.get(live.url + path, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("image/svg+xml")
        assert response.content.startswith(b"<svg")
