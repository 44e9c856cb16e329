"""The comparison pages over documents of several issuers: each page's figures against SPARQL asked
independently through the endpoint, and against the catalogue query the page says it shows."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from support import PREFIXES, LiveServer

KIND = "https://w3id.org/plangraph/concept/agency-kind/"
SKHCN_KIND = KIND + "so-khoa-hoc-va-cong-nghe"


def get(server: LiveServer, path: str, status: int = 200) -> Any:
    try:
        with urllib.request.urlopen(server.url + path, timeout=60) as response:
            assert response.status == status
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        assert exc.code == status, exc.read()[:500]
        return json.loads(exc.read())


def sparql(server: LiveServer, query: str) -> list[dict[str, str]]:
    body = urllib.parse.urlencode({"query": PREFIXES + query}).encode()
    request = urllib.request.Request(server.url + "/sparql", data=body,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def code_of(server: LiveServer, name: str) -> str:
    found = [c["code"] for c in get(server, "/compare.json")["cities"] if name in c["name"]]
    assert len(found) == 1, found
    return found[0]


def tasks_of(server: LiveServer, code: str, topic: str = "") -> set[str]:
    """The tasks of the place with *code* whose text or plan title contains *topic*, asked directly."""
    rows = sparql(server, f"""SELECT DISTINCT ?t WHERE {{ ?t a pg:Task ; rdfs:label ?text ;
        pplan:isStepOfPlan ?p . ?p eli:is_part_of/eli:jurisdiction/skos:notation "{code}" .
        OPTIONAL {{ ?p dct:title ?title }}
        FILTER(CONTAINS(LCASE(CONCAT(STR(?text), " ", COALESCE(STR(?title), ""))), LCASE("{topic}"))) }}""")
    return {r["t"] for r in rows}


def test_hub_lists_every_issuing_place_with_its_counts(cities: LiveServer) -> None:
    listed = get(cities, "/compare.json")["cities"]
    expected = sparql(cities, """SELECT ?code (COUNT(DISTINCT ?d) AS ?docs) WHERE {
        ?d eli:is_realized_by ?e ; eli:jurisdiction/skos:notation ?code } GROUP BY ?code""")
    assert {c["code"]: c["documents"] for c in listed} == {r["code"]: int(r["docs"]) for r in expected}
    assert len(listed) == 4  # Hải Phòng, Đồng Tháp, Sơn La, and VN for the Prime Minister's decision
    for city in listed:
        assert city["tasks"] == len(tasks_of(cities, city["code"])), city


def test_side_by_side_keeps_tasks_that_name_no_lead(cities: LiveServer) -> None:
    """Sơn La's plan lists work items with no lead (II. NỘI DUNG CÔNG TÁC, items 2–5): they are still its tasks, in
    the row without a kind, not dropped from the comparison."""
    hp, sl = code_of(cities, "Hải Phòng"), code_of(cities, "Sơn La")
    page = get(cities, f"/compare/cities.json?a={hp}&b={sl}")
    b_tasks = {t["iri"] for g in page["kinds"] for t in g["b"]}
    assert b_tasks == tasks_of(cities, sl)
    unled = {r["t"] for r in sparql(cities, f"""SELECT ?t WHERE {{ ?t a pg:Task ;
        pplan:isStepOfPlan/eli:is_part_of/eli:jurisdiction/skos:notation "{sl}"
        FILTER NOT EXISTS {{ ?t schema:agent ?a }} }}""")}
    assert len(unled) >= 4
    no_kind = [g for g in page["kinds"] if not g["kind"]]
    assert len(no_kind) == 1 and unled <= {t["iri"] for t in no_kind[0]["b"]}


def test_two_cities_side_by_side_align_the_same_kind_of_agency(cities: LiveServer) -> None:
    hp, dt = code_of(cities, "Hải Phòng"), code_of(cities, "Đồng Tháp")
    page = get(cities, f"/compare/cities.json?a={hp}&b={dt}&topic=khoa%20h%E1%BB%8Dc")
    a_tasks = {t["iri"] for g in page["kinds"] for t in g["a"]}
    b_tasks = {t["iri"] for g in page["kinds"] for t in g["b"]}
    assert a_tasks == tasks_of(cities, hp, "khoa học") and b_tasks == tasks_of(cities, dt, "khoa học")
    assert page["task_counts"] == {"a": len(a_tasks), "b": len(b_tasks)}
    assert a_tasks and b_tasks
    # The department of science and technology of both provinces is one kind: one row, both columns filled.
    skhcn = [g for g in page["kinds"] if g["kind"] == SKHCN_KIND]
    assert len(skhcn) == 1 and skhcn[0]["shared"] and skhcn[0]["a"] and skhcn[0]["b"]
    assert page["kinds"][0]["shared"]  # kinds both cities have come first
    for side, code in (("a", hp), ("b", dt)):
        led = sparql(cities, f"""SELECT DISTINCT ?t WHERE {{ ?t schema:agent/org:classification <{SKHCN_KIND}> ;
            pplan:isStepOfPlan/eli:is_part_of/eli:jurisdiction/skos:notation "{code}" }}""")
        assert {t["iri"] for t in skhcn[0][side]} == {r["t"] for r in led} & tasks_of(cities, code, "khoa học")
    # The page shows the rows of the catalogue query it links to.
    api = get(cities, page["api"]["tasks"] + "&limit=1000")
    assert {(r["task"], r["kind"] or "") for r in api["rows"]} == {
        (t["iri"], g["kind"] or "") for g in page["kinds"] for side in "ab" for t in g[side]}


def test_side_by_side_lists_the_most_cited_instruments_and_links_to_the_rest(cities: LiveServer) -> None:
    from plangraph.server.compare import SHOWN_INSTRUMENTS

    codes = sorted(c["code"] for c in get(cities, "/compare.json")["cities"])
    pages = {(a, b): get(cities, f"/compare/cities.json?a={a}&b={b}") for a in codes for b in codes if a < b}
    (a, b), page = max(pages.items(), key=lambda kv: max(len(items) for items in kv[1]["instruments"].values()))
    assert max(len(items) for items in page["instruments"].values()) > SHOWN_INSTRUMENTS, "the corpus should have a" \
        " group with more instruments than a page lists"
    with urllib.request.urlopen(f"{cities.url}/compare/cities?a={a}&b={b}", timeout=60) as response:
        html = response.read().decode("utf-8")
    section = html.split('id="instruments"', 1)[1].split("</div>", 1)[0]
    for key in page["instruments"]:
        group = section.split(f'data-group="{key}"', 1)[1].split("</section>", 1)[0]
        items = page["instruments"][key]
        assert group.count("<li><a") == min(len(items), SHOWN_INSTRUMENTS)
        assert f'<span class="count">{len(items)}</span>' in group
        assert (f"{len(items) - SHOWN_INSTRUMENTS} văn bản khác" in group) == (len(items) > SHOWN_INSTRUMENTS)
        first = [i["href"] for i in items[:SHOWN_INSTRUMENTS]]  # the most cited, in the query's order
        assert [href for href in first if f'href="{href}"' in group] == first


def test_instruments_of_a_province_and_of_the_national_level(cities: LiveServer) -> None:
    dt = code_of(cities, "Đồng Tháp")
    page = get(cities, f"/compare/cities.json?a={dt}&b=VN")
    both = {i["number"] for i in page["instruments"]["both"]}
    expected = sparql(cities, f"""SELECT DISTINCT ?n WHERE {{
        ?m1 a pg:CitationMention ; oa:hasBody ?i ; pg:mentionedIn/eli:is_part_of* ?d1 .
        ?d1 eli:is_realized_by ?e1 ; eli:jurisdiction/skos:notation "{dt}" .
        ?m2 a pg:CitationMention ; oa:hasBody ?i ; pg:mentionedIn/eli:is_part_of* ?d2 .
        ?d2 eli:is_realized_by ?e2 ; eli:jurisdiction/skos:notation "VN" .
        ?i eli:id_local ?n }}""")
    assert both == {r["n"] for r in expected}
    assert "57-NQ/TW" in both  # Resolution 57 of the Politburo, cited by both Đồng Tháp and the Prime Minister
    only = page["instruments"]["only_a"] + page["instruments"]["only_b"]
    assert all(bool(i["citations_a"]) != bool(i["citations_b"]) for i in only)


def test_kind_matrix_counts_match_sparql_and_link_to_the_filtered_task_list(cities: LiveServer) -> None:
    page = get(cities, "/compare/kinds.json")
    assert {c["code"] for c in page["columns"]} >= {"VN", code_of(cities, "Hải Phòng"), code_of(cities, "Sơn La")}
    rows = {row["kind"]: row for row in page["rows"]}
    finance = rows[KIND + "so-tai-chinh"]
    assert len(finance["cells"]) >= 3  # the same kind of department in three provinces
    for place, cell in finance["cells"].items():  # keyed by the place: two places may share a code
        counted = sparql(cities, f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pg:Task ;
            schema:agent/org:classification <{KIND}so-tai-chinh> ;
            pplan:isStepOfPlan/eli:is_part_of/eli:jurisdiction <{place}> }}""")
        assert cell["tasks"] == int(counted[0]["n"])
        listed = get(cities, cell["href"].replace("/tasks?", "/tasks.json?"))
        assert listed["total"] == cell["tasks"]


def test_instruments_cited_by_several_places(cities: LiveServer) -> None:
    page = get(cities, "/compare/instruments.json")
    found = {i["number"]: i for i in page["instruments"]}
    assert {"57-NQ/TW", "77/2015/QH13"} <= set(found)
    assert {r["code"] for r in found["77/2015/QH13"]["rows"]} == {code_of(cities, "Hải Phòng"),
                                                                 code_of(cities, "Sơn La")}
    assert all(i["cities"] >= 2 and len({r["code"] for r in i["rows"]}) == i["cities"] for i in found.values())
    one = get(cities, "/compare/instruments.json?min_cities=1")
    assert len(one["instruments"]) > len(page["instruments"])


def test_targets_per_indicator_per_city(cities: LiveServer) -> None:
    page = get(cities, "/compare/targets.json")
    shown = {(code, v["iri"]) for row in page["rows"] for code, values in row["cities"].items() for v in values}
    expected = sparql(cities, """SELECT DISTINCT ?code ?t WHERE { ?p pg:hasObjective/pg:hasTarget ?t ;
        eli:is_part_of/eli:jurisdiction/skos:notation ?code . ?t pg:indicatorText ?x }""")
    assert shown == {(r["code"], r["t"]) for r in expected}
    assert len({code for code, _ in shown}) >= 2


@pytest.mark.parametrize(("path", "reason"), [
    ("/compare/cities?a=31&b=99", "code '99'"),
    ("/compare/cities?a=31", "give two place codes"),
    ("/compare?city=31", "unknown parameter 'city'"),
    ("/compare/instruments?min_cities=two", "min_cities"),
])
def test_bad_requests_say_what_is_wrong(cities: LiveServer, path: str, reason: str) -> None:
    error = get(cities, path.replace("?", ".json?", 1), status=400)
    assert error["ok"] is False and error["status"] == 400 and reason in error["error"]


def test_topic_is_shown_as_text(cities: LiveServer) -> None:
    hp = code_of(cities, "Hải Phòng")
    topic = urllib.parse.quote("<script>alert('x')</script>")
    with urllib.request.urlopen(f"{cities.url}/compare/cities?a={hp}&b={hp}&topic={topic}", timeout=60) as response:
        html = response.read().decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html


def test_home_lists_each_newest_document_once(cities: LiveServer) -> None:
    """Documents whose triples are in several graphs (their own, and every graph that cites them) appear once."""
    newest = get(cities, "/index.json")["newest"]
    iris = [row["iri"] for row in newest]
    assert len(iris) == len(set(iris)) >= 5
    dates = [row["date"] for row in newest if row.get("date")]
    assert dates == sorted(dates, reverse=True)


def test_the_task_list_takes_a_place_by_code_as_the_comparison_pages_do(cities: LiveServer) -> None:
    known = get(cities, "/compare.json")["cities"]
    code, iri = known[0]["code"], known[0]["iri"]
    by_code = get(cities, f"/tasks.json?city={code}")
    by_iri = get(cities, "/tasks.json?" + urllib.parse.urlencode({"city": iri}))
    assert by_code["total"] == by_iri["total"] > 0
    unknown = get(cities, "/tasks.json?city=99x", status=400)
    assert "no document of this store is issued for the place with code '99x'" in json.dumps(unknown,
                                                                                           ensure_ascii=False)


def test_kind_groups_list_each_task_once_per_side_in_the_order_of_its_first_row() -> None:
    from flask import Flask

    from plangraph.server.compare import _kind_groups

    app = Flask(__name__)
    app.config["PLANGRAPH_BASE"] = "https://w3id.org/plangraph/"
    rows = [{"kind": "https://example.org/k1", "task": f"https://example.org/t{n % 3}", "side": side, "n": str(n)}
            for n in range(7) for side in ("a", "b") if n % 2 == 0 or side == "a"]
    with app.test_request_context("/"):
        groups = _kind_groups(rows, lambda row: (row["side"],), lambda row: {"iri": row["task"], "n": row["n"]},
                              lambda kind, side: f"/more/{side}")
    assert [(t["iri"][-2:], t["n"]) for t in groups[0]["a"]] == [("t0", "0"), ("t1", "1"), ("t2", "2")]
    assert [(t["iri"][-2:], t["n"]) for t in groups[0]["b"]] == [("t0", "0"), ("t2", "2"), ("t1", "4")]
    assert groups[0]["shared"] and groups[0]["count"] == {"a": 3, "b": 3} and groups[0]["more"] == {}


def test_side_by_side_lists_a_few_tasks_per_kind_and_links_to_all_of_them(cities: LiveServer) -> None:
    """Two national-scale sides listed every task of every kind (a 2.8 MB page at 5 M quads): the page lists the
    first few of each kind and side, counts the rest, and links to the task list of that city and kind, which
    holds exactly the tasks the JSON twin has for it."""
    import re
    from html import unescape

    from plangraph.server.compare import SHOWN_PER_KIND

    hp, dt = code_of(cities, "Hải Phòng"), code_of(cities, "Đồng Tháp")
    page = get(cities, f"/compare/cities.json?a={hp}&b={dt}")
    long_groups = [(g, side) for g in page["kinds"] for side in "ab" if g["kind"] and len(g[side]) > SHOWN_PER_KIND]
    assert long_groups, "the corpus should have a kind with more tasks than a page lists"
    with urllib.request.urlopen(f"{cities.url}/compare/cities?a={hp}&b={dt}", timeout=60) as response:
        html = response.read().decode("utf-8")
    for group, side in long_groups:
        row = html.split(f'data-kind="{group["kind"]}"', 1)[1].split("</tr>", 1)[0]
        cell = row.split(f'<td data-side="{side}" data-count="{len(group[side])}">', 1)[1].split("</td>", 1)[0]
        assert cell.count('<li class="task"') == SHOWN_PER_KIND
        assert f"{len(group[side]) - SHOWN_PER_KIND} nhiệm vụ khác" in cell
        href = unescape(re.search(r'<li class="more"><a href="([^"]+)"', cell)[1])
        code = hp if side == "a" else dt
        assert href == "/tasks?" + urllib.parse.urlencode({"city": code, "kind": group["kind"]})
        listed = get(cities, href.replace("/tasks?", "/tasks.json?") + "&size=100")
        assert listed["total"] == len(group[side])
        assert {row["iri"] for row in listed["rows"]} == {t["iri"] for t in group[side]}
        assert group["hidden"][side] == len(group[side]) - SHOWN_PER_KIND and group["more"][side] == href


def test_english_counts_take_the_singular_after_one(cities: LiveServer) -> None:
    with urllib.request.urlopen(cities.url + "/compare?lang=en", timeout=60) as response:
        html = response.read().decode("utf-8")
    places = get(cities, "/compare.json")["cities"]
    for place in places:
        noun = "task" if place["tasks"] == 1 else "tasks"
        assert f"· {place['tasks']} {noun}</option>" in html
    assert "· 1 tasks" not in html
    for place in places:  # each bar's hover text: its tasks, then its documents, each with the noun its number takes
        tasks = "task" if place["tasks"] == 1 else "tasks"
        documents = "document" if place["documents"] == 1 else "documents"
        assert f"({place['code']}): {place['tasks']} {tasks} · {place['documents']} {documents}</title>" in html


def test_a_count_and_its_noun_in_each_language() -> None:
    from flask import Flask

    from plangraph.server.i18n import counted, noun

    app = Flask(__name__)
    with app.test_request_context("/?lang=en"):
        assert (counted(1, "tasks_short"), counted(2, "tasks_short"), counted(0, "tasks_short")) == \
            ("1 task", "2 tasks", "0 tasks")
        assert (noun(1, "agencies_short"), noun(3, "agencies_short")) == ("agency", "agencies")
    with app.test_request_context("/?lang=vi"):
        assert (counted(1, "tasks_short"), counted(2, "tasks_short")) == ("1 nhiệm vụ", "2 nhiệm vụ")
