"""Server-side SVG charts: well-formed, accessible and escaped markup (unit), and on the comparison pages every
figure a chart draws equals the table beside it and the same count asked independently through /sparql."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter

import lxml.html
import pytest
from support import PREFIXES, LiveServer

from plangraph.server.charts import bar_chart, heat_map, timeline

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"quoted\""


def parsed(markup: str) -> ET.Element:
    """The chart as XML: it must be well-formed to parse at all."""
    return ET.fromstring(str(markup))


@pytest.mark.parametrize("chart", [
    lambda: bar_chart([{"label": HOSTILE, "value": 3, "href": "javascript:alert(1)"}], title=HOSTILE),
    lambda: heat_map([{"row": HOSTILE, "column": "c", "value": 2, "href": "javascript:alert(1)"}], title=HOSTILE,
                     legend=HOSTILE),
    lambda: timeline([{"label": HOSTILE, "start": "2016", "end": "2020", "href": "javascript:alert(1)"}],
                     title=HOSTILE),
], ids=["bars", "heat", "timeline"])
def test_charts_are_accessible_svg_with_every_text_escaped(chart) -> None:  # noqa: ANN001
    markup = str(chart())
    root = parsed(markup)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}title").text == HOSTILE  # the text survives, as text
    assert "<script" not in markup and "javascript:" not in markup
    assert not root.findall(f".//{SVG}a")  # an href that may not be a link is left out, the mark stays
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert any("<script>" in t for t in texts)


def test_bars_are_as_long_as_their_values_and_link_where_they_may() -> None:
    root = parsed(bar_chart([{"label": "a", "value": "10", "href": "/tasks?city=31"}, {"label": "b", "value": 5}],
                            title="t"))
    widths = [float(r.get("width").rstrip("%")) for r in root.iter(f"{SVG}rect")]
    assert widths == [80.0, 40.0]
    links = root.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == ["/tasks?city=31"]


def test_heat_map_places_each_count_in_its_row_and_column_with_a_legend() -> None:
    cells = [{"row": "r1", "column": "c1", "value": 1}, {"row": "r2", "column": "c2", "value": 40},
             {"row": "r1", "column": "c2", "value": 7}]
    root = parsed(heat_map(cells, title="t", columns=["c2", "c1"], legend="tasks"))
    found = {(g.get("data-row"), g.get("data-column")): int(g.get("data-value"))
             for g in root.iter(f"{SVG}g") if g.get("class") == "cell"}
    assert found == {("r1", "c1"): 1, ("r2", "c2"): 40, ("r1", "c2"): 7}
    fills = {(g.get("data-row"), g.get("data-column")): g.find(f"{SVG}rect").get("fill")
             for g in root.iter(f"{SVG}g") if g.get("class") == "cell"}
    assert len(set(fills.values())) == 3  # 1, 7 and 40 fall in different steps of the scale
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")][0] == "tasks"
    assert root.findall(f".//{SVG}rect[@class='empty']")  # r2 × c1 is drawn empty


def test_timeline_places_events_and_periods_on_one_axis() -> None:
    root = parsed(timeline([{"label": "decision", "start": "2016-02-04"},
                            {"label": "plan", "start": "2016", "end": "2020"},
                            {"label": "no date", "start": "later"}], title="t"))
    lanes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "lane"]
    assert [g.find(f"{SVG}text").text for g in lanes] == ["decision", "plan"]
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks[0] == "2016" and ticks[-1] == "2021"  # the plan runs to the end of 2020
    period = root.find(f".//{SVG}rect[@class='period']")
    assert float(period.get("width").rstrip("%")) > 90


# --- the comparison pages -------------------------------------------------------------------------------------
def page(server: LiveServer, path: str) -> lxml.html.HtmlElement:
    with urllib.request.urlopen(server.url + path, timeout=120) as response:
        return lxml.html.fromstring(response.read().decode("utf-8"))


def sparql(server: LiveServer, query: str) -> list[dict[str, str]]:
    body = urllib.parse.urlencode({"query": PREFIXES + "PREFIX org: <http://www.w3.org/ns/org#>\n" + query})
    request = urllib.request.Request(server.url + "/sparql", data=body.encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def code_of(server: LiveServer, name: str) -> str:
    with urllib.request.urlopen(server.url + "/compare.json", timeout=60) as response:
        found = [c["code"] for c in json.loads(response.read())["cities"] if name in c["name"]]
    assert len(found) == 1, found
    return found[0]


def test_hub_bars_equal_the_table_and_sparql(cities: LiveServer) -> None:
    html = page(cities, "/compare")
    bars = {g.get("data-label"): int(g.find("g").get("data-value"))
            for g in html.xpath("//figure[@id='tasks-per-city']//g[@class='bar-row']")}
    table, by_code = {}, {}
    for row in html.xpath("//table[@data-list='cities']/tbody/tr"):
        name, code = row.xpath("string(td[1]/a)"), row.get("data-city")
        table[f"{name} ({code})"] = by_code[code] = int(row.xpath("string(td[3])").strip())
    asked = sparql(cities, """SELECT ?code (COUNT(DISTINCT ?t) AS ?tasks) WHERE {
        ?d eli:is_realized_by ?e ; eli:jurisdiction/skos:notation ?code .
        OPTIONAL { ?t a pg:Task ; pplan:isStepOfPlan/eli:is_part_of ?d } } GROUP BY ?code""")
    assert bars == table
    assert by_code == {r["code"]: int(r["tasks"]) for r in asked}
    assert len(bars) == 4 and sum(bars.values()) > 100


def test_kind_heat_map_equals_the_matrix_and_sparql(cities: LiveServer) -> None:
    html = page(cities, "/compare/kinds")
    cells = {(g.get("data-row"), g.get("data-column")): int(g.get("data-value"))
             for g in html.xpath("//figure[@id='kind-heat']//g[@class='cell']")}
    places = [th.xpath("string(a/@href)") for th in html.xpath("//table[@id='kinds']/thead/tr/th[@data-city]")]
    assert places
    table = {}
    for row in html.xpath("//table[@id='kinds']/tbody/tr"):
        for place_href, td in zip(places, row.xpath("td"), strict=True):
            if td.xpath("string(.)").strip():
                table[(row.get("data-kind"), place_href)] = int(td.xpath("string(.)"))
    # The chart keys columns by the place's IRI; the table heads link to the place's page.
    with urllib.request.urlopen(cities.url + "/compare/kinds.json", timeout=60) as response:
        columns = {c["iri"]: c["href"] for c in json.loads(response.read())["columns"]}
    assert {(kind, columns[place]): n for (kind, place), n in cells.items()} == table
    asked = sparql(cities, """SELECT ?place ?kind (COUNT(DISTINCT ?t) AS ?n) WHERE {
        ?t a pg:Task ; schema:agent ?a ; pplan:isStepOfPlan/eli:is_part_of/eli:jurisdiction ?place .
        OPTIONAL { ?a org:classification ?kind } } GROUP BY ?place ?kind""")
    assert cells == {(r.get("kind", ""), r["place"]): int(r["n"]) for r in asked}
    assert len(cells) > 10


def test_two_places_kind_and_period_bars_equal_their_tables_and_sparql(cities: LiveServer) -> None:
    from plangraph.server.compare import SHOWN_PER_KIND

    hp, sl = code_of(cities, "Hải Phòng"), code_of(cities, "Sơn La")
    html = page(cities, f"/compare/cities?a={hp}&b={sl}")

    def bars(figure: str) -> dict[str, tuple[int, int]]:
        found = {}
        for row in html.xpath(f"//figure[@id='{figure}']//g[@class='bar-row']"):
            values = {g.get("data-series"): int(g.get("data-value")) for g in row.xpath("g[@class='bar-value']")}
            found[row.get("data-label")] = (values["a"], values["b"])
        return found

    kinds = bars("kind-chart")
    table = {}
    for row in html.xpath("//table[@id='by-kind']/tbody/tr"):
        label = row.xpath("string(th)").strip()
        table[label] = tuple(int(row.xpath(f"string(td[@data-side='{side}']/@data-count)")) for side in ("a", "b"))
        for side, count in zip("ab", table[label], strict=True):  # the first few listed, the rest linked
            listed = {li.get("data-task") for li in row.xpath(f"td[@data-side='{side}']//li[@class='task']")}
            assert len(listed) == min(count, SHOWN_PER_KIND)
    assert kinds == table and len(kinds) > 3
    periods = bars("period-chart")
    period_table = {row.xpath("string(th)"): (int(row.xpath("string(td[1])")), int(row.xpath("string(td[2])")))
                    for row in html.xpath("//table[@id='periods']/tbody/tr")}
    assert periods == period_table
    for side, code in ((0, hp), (1, sl)):
        asked = sparql(cities, f"""SELECT ?period (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pg:Task ;
            pplan:isStepOfPlan/eli:is_part_of/eli:jurisdiction/skos:notation "{code}" .
            OPTIONAL {{ ?t dct:temporal/rdfs:label ?period }} }} GROUP BY ?period""")
        expected = Counter({r.get("period", "Không ghi thời gian"): int(r["n"]) for r in asked})
        assert Counter({label: counts[side] for label, counts in periods.items() if counts[side]}) == expected
