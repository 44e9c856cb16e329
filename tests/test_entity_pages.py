"""Entity pages and tracing views over HTTP: every kind of node has an HTML page and a JSON twin whose
facts agree with SPARQL over the seed; alternates resolve; labels replace IRIs; values are escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import rdflib
import requests
from pyoxigraph import NamedNode, Store
from support import BASE, LiveServer, select

from plangraph.server.labels import term_label

DECREE = f"{BASE}eli/vn/cp/nd/2014/40"
AGENCY = f"{BASE}id/org/31/so-khoa-hoc-va-cong-nghe"
PLAN = f"{BASE}eli/vn/ubnd-31/qd/2016/281/kh-1"
TASK = f"{BASE}eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-1.3"
DECISION = f"{BASE}eli/vn/ubnd-31/qd/2016/281"
PERSON = f"{BASE}id/person/31/le-khac-nam"
PLACE = f"{BASE}id/place/31"
CONCEPT = "https://w3id.org/plangraph/concept/doctype/nghi-dinh"
EVERY_KIND = [DECREE, AGENCY, PLAN, TASK, DECISION, PERSON, PLACE, CONCEPT]
HTML = {"Accept": "text/html"}


def path(iri: str) -> str:
    if iri.startswith("https://w3id.org/plangraph/concept/"):
        return "/concept/" + iri.removeprefix("https://w3id.org/plangraph/concept/")
    return "/" + iri.removeprefix(BASE)


def twin(live: LiveServer, iri: str, **params: str) -> dict[str, Any]:
    response = requests.get(live.url + path(iri) + ".json", params=params, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json"), iri
    body = response.json()
    assert body["ok"] is True and body["iri"] == iri
    return body


class Page(HTMLParser):
    """The links (href, text) and the <link rel="alternate"> of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.alternates: dict[str, str] = {}
        self._open: list[list[str]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "alternate":
            self.alternates[found["type"] or ""] = found["href"] or ""
        if tag == "a":
            self._open.append([found.get("href") or "", ""])

    def handle_data(self, data: str) -> None:
        for anchor in self._open:
            anchor[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, text.strip()))


def labelled(seed: Store, iri: str) -> bool:
    known = seed.query(f"ASK {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label>|"
                       f"<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}", use_default_graph_as_union=True)
    return bool(known) or term_label(iri, "vi") is not None


@pytest.mark.parametrize("iri", EVERY_KIND)
def test_every_kind_of_node_has_a_page_a_twin_and_alternates(live: LiveServer, seed: Store, iri: str) -> None:
    page = requests.get(live.url + path(iri), headers=HTML, timeout=60)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    context = twin(live, iri)
    vi = select(seed, f"""SELECT ?l WHERE {{ <{iri}> rdfs:label|skos:prefLabel ?l
        FILTER(LANGMATCHES(LANG(?l), "vi")) }}""")
    assert context["labels"]["vi"] in {row["l"] for row in vi}
    assert f"<h1 lang=\"vi\">{context['label']}</h1>" in page.text
    parsed = Page(page.text)
    assert set(parsed.alternates) == {"text/turtle", "application/ld+json", "application/json"}
    turtle = requests.get(live.url + parsed.alternates["text/turtle"], headers=HTML, timeout=60)
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(iri), None, None) in graph
    jsonld = requests.get(live.url + parsed.alternates["application/ld+json"], headers=HTML, timeout=60)
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)
    browse_twin = requests.get(live.url + parsed.alternates["application/json"], timeout=60).json()
    assert browse_twin["iri"] == iri and "properties" in browse_twin  # the browse twin, not JSON-LD
    # Every outgoing property of the node is on the page, under its label where one exists.
    predicates = {row["p"] for row in select(seed, f"SELECT DISTINCT ?p WHERE {{ <{iri}> ?p ?o }}")}
    assert {row["predicate"] for row in context["properties"]} == predicates
    for row in context["properties"]:
        assert row["label"] is not None, row["predicate"]


@pytest.mark.parametrize("iri", EVERY_KIND)
def test_no_bare_iri_as_link_text_where_a_label_exists(live: LiveServer, seed: Store, iri: str) -> None:
    page = Page(requests.get(live.url + path(iri), headers=HTML, timeout=60).text)
    bare = [text for _, text in page.links if text.startswith(("http://", "https://"))]
    assert not [text for text in bare if labelled(seed, text)]


def test_minted_iris_never_end_in_json(seed: Store) -> None:
    rows = select(seed, f"""SELECT DISTINCT ?x WHERE {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }}
        FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{BASE}") && STRENDS(STR(?x), ".json")) }}""")
    assert rows == []


def test_twin_differs_from_json_ld(live: LiveServer) -> None:
    ld = requests.get(live.url + path(DECREE), params={"format": "jsonld"}, timeout=60)
    assert ld.headers["Content-Type"].startswith("application/ld+json") and "ok" not in ld.json()
    assert requests.get(live.url + path(DECREE) + "x.json", timeout=60).status_code == 404


def test_english_switch_shows_english_labels(live: LiveServer) -> None:
    context = twin(live, DECREE, lang="en")
    assert context["label"] == "Decree 40/2014/NĐ-CP" == context["labels"]["en"]
    page = requests.get(live.url + path(DECREE), params={"lang": "en"}, headers=HTML, timeout=60).text
    assert "Tasks that carry out or cite it" in page and "Nghị định 40/2014/NĐ-CP" in page


def test_decree_lists_every_task_that_cites_or_applies_it(live: LiveServer, seed: Store) -> None:
    context = twin(live, DECREE)
    listed = [task["iri"] for city in context["views"]["instrument"]["cities"] for plan in city["plans"]
              for task in plan["tasks"]]
    # tasks only: the decision itself applies the decree too, rolled up from its task
    expected = {row["t"] for row in select(seed, f"SELECT DISTINCT ?t WHERE {{ ?t a pg:Task ; eli:cites|eli:applies "
                                                 f"<{DECREE}> }}")}
    assert sorted(listed) == sorted(expected) and expected
    task = context["views"]["instrument"]["cities"][0]["plans"][0]["tasks"][0]
    assert [lead["label"] for lead in task["leads"]] == ["Sở Khoa học và Công nghệ"]
    assert task["quotes"][0]["quote"] == "Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ"
    assert task["quotes"][0]["href"].endswith("/text#L68")
    assert context["views"]["instrument"]["task_count"] == len(expected)
    # The graph links the decree to each task and each task to its lead agencies.
    graph = context["views"]["instrument"]["graph"]
    kinds = {node["iri"]: node["kind"] for node in graph["nodes"]}
    assert kinds[DECREE] == "instrument" and kinds[TASK] == "task" and kinds[AGENCY] == "agency"
    html = requests.get(live.url + path(DECREE), headers=HTML, timeout=60).text
    start = html.index("<svg", html.index('id="tracing"'))  # the tracing graph (the dossier's charts come first)
    svg = html[start:html.index("</svg>", start)]
    assert f'href="{path(TASK)}"' in svg and f'href="{path(AGENCY)}"' in svg


def test_agency_page_counts_the_tasks_it_leads(live: LiveServer, seed: Store) -> None:
    context = twin(live, AGENCY)
    view = context["views"]["agency"]
    led = int(select(seed, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t schema:agent <{AGENCY}> }}")[0]["n"])
    joined = int(select(seed, f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{
        ?t schema:participant <{AGENCY}> }}""")[0]["n"])
    assert view["lead_count"] == led > 20 and view["participant_count"] == joined
    listed = {task["iri"] for city in view["lead"] for plan in city["plans"] for task in plan["tasks"]}
    assert len(listed) == led
    plans = {plan["iri"] for city in view["lead"] for plan in city["plans"]}
    expected_plans = {row["p"] for row in select(seed, f"""SELECT DISTINCT ?p WHERE {{
        ?t schema:agent <{AGENCY}> ; pplan:isStepOfPlan ?p }}""")}
    assert plans == expected_plans
    timeline = view["timeline"]
    assert sum(len(group["tasks"]) for group in timeline["groups"]) + len(timeline["undated"]) == led
    page = requests.get(live.url + path(AGENCY), headers=HTML, timeout=60).text
    assert f'<span class="count" data-count="lead">{led}</span>' in page


def test_plan_page_has_its_task_table_in_document_order_and_its_targets(live: LiveServer, seed: Store) -> None:
    context = twin(live, PLAN)
    view = context["views"]["plan"]
    listed = [task["iri"] for group in view["groups"] for task in group["tasks"]]
    rows = select(seed, f"""SELECT DISTINCT ?t ?gp ?p WHERE {{ ?t pplan:isStepOfPlan <{PLAN}> ; schema:position ?p
        OPTIONAL {{ ?t pg:taskGroup/schema:position ?gp }} }}""")
    expected = [r["t"] for r in sorted(rows, key=lambda r: (int(r.get("gp", 0)), int(r["p"])))]
    assert listed == expected and len(listed) == 25
    headings = [(group["number"], group["title"]) for group in view["groups"]]
    expected_headings = select(seed, f"""SELECT DISTINCT ?n ?title ?pos WHERE {{ ?g a pg:TaskGroup ;
        eli:is_part_of <{PLAN}> ; eli:number ?n ; rdfs:label ?title ; schema:position ?pos }} ORDER BY ?pos""")
    assert headings == [(r["n"], r["title"]) for r in expected_headings]
    targets = [target for objective in view["objectives"] for target in objective["targets"]]
    expected_targets = select(seed, f"""SELECT DISTINCT ?target ?indicator WHERE {{
        <{PLAN}> pg:hasObjective/pg:hasTarget ?target . ?target pg:indicatorText ?indicator }}""")
    assert {t["iri"]: t["indicator"] for t in targets} == {r["target"]: r["indicator"] for r in expected_targets}
    assert len(targets) == 6
    first = next(t for t in targets if t["indicator"] == "nhân lực có trình độ cao đẳng, đại học trở lên")
    assert (first["value"], first["unit"], first["year"], first["comparator_text"]) == ("850", "người/vạn dân",
                                                                                       "2020", "đạt")
    objectives = select(seed, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ <{PLAN}> pg:hasObjective ?o }}")
    assert len(view["objectives"]) == int(objectives[0]["n"])
    page = requests.get(live.url + path(PLAN), headers=HTML, timeout=60).text
    positions = [page.index(f'data-task="{task}"') for task in expected]
    assert positions == sorted(positions)


@pytest.mark.parametrize("dialect", ["lateral", "sparql11"])
def test_a_plans_objectives_are_read_one_row_per_target(seed: Store, dialect: str) -> None:
    """An objective without a target leaves its comparator unbound: the comparators' names are read apart, or
    that row would meet every name in the store. Every target still gets its comparator's names."""
    from plangraph.server import tracing
    from plangraph.store.dialect import Dialect

    picked = Dialect.LATERAL if dialect == "lateral" else Dialect.SPARQL11
    raw = select(seed, picked.pick(tracing.OBJECTIVES) % {"plan": f"<{PLAN}>"})
    assert len(raw) == len({(r["objective"], r.get("target")) for r in raw}) >= 6
    assert any("target" not in r for r in raw)  # the seed's plan has objectives without a target

    found = tracing.objectives(lambda text: select(seed, text), PLAN, dialect=picked)
    labels = [t["comparator_label"] for o in found for t in o["targets"]]
    assert len(labels) == 6 and all(label["vi"] and label["en"] for label in labels)


def test_task_page_shows_plan_lead_period_instruments_and_quote(live: LiveServer) -> None:
    context = twin(live, TASK)
    task = context["views"]["task"]
    assert task["plan"]["iri"] == PLAN and [a["iri"] for a in task["leads"]] == [AGENCY]
    assert task["period"] == "2016-2020" and (task["begin"], task["end"]) == (2016, 2020)
    assert [(i["iri"], i["relations"]) for i in task["instruments"]] == [(DECREE, ["applies", "cites"])]
    quotes = {q["kind"]: q for q in context["quotes"]}
    assert quotes["source"]["href"].endswith("/text#L68") and quotes["source"]["quote"].startswith("3\tTriển khai")
    assert quotes["citation"]["about"]["iri"] == DECREE
    # Periods are fragment details with an anchor, not provenance tables.
    assert [d["anchor"] for d in context["details"]][:1] == ["period"]
    assert not any(d["anchor"].startswith(("src", "cite-", "lead-")) for d in context["details"])


def test_decision_page_lists_plans_basis_signer_and_issuer(live: LiveServer, seed: Store) -> None:
    document = twin(live, DECISION)["views"]["document"]
    plans = select(seed, f"SELECT DISTINCT ?p WHERE {{ ?p a pg:ActionPlan ; eli:is_part_of <{DECISION}> }}")
    assert sorted(p["iri"] for p in document["plans"]) == sorted(r["p"] for r in plans)
    assert sum(p["tasks"] for p in document["plans"]) == 66
    basis = select(seed, f"SELECT DISTINCT ?b WHERE {{ <{DECISION}> eli:based_on ?b }}")
    assert {b["iri"] for b in document["basis"] if b["relation"] == "based_on"} == {r["b"] for r in basis}
    assert document["signer"]["iri"] == PERSON and document["signer"]["label"] == "Lê Khắc Nam"
    assert document["issuer"]["iri"] == f"{BASE}id/org/31/uy-ban-nhan-dan" and document["date"] == "2016-02-25"


def distinct_subjects(seed: Store, iri: str, predicate: str) -> set[str]:
    node = NamedNode(iri)
    return {q.subject.value for q in seed.quads_for_pattern(None, NamedNode(predicate), node)
            if not q.subject.value.startswith(iri + "#")}


@pytest.mark.parametrize("iri", [AGENCY, PLACE, DECREE, CONCEPT, PERSON])
def test_incoming_groups_are_counted_and_paged(live: LiveServer, seed: Store, iri: str) -> None:
    context = twin(live, iri)
    groups = context["incoming"]
    predicates = {q.predicate.value for q in seed.quads_for_pattern(None, None, NamedNode(iri))
                  if not q.subject.value.startswith(iri + "#")}
    assert {g["predicate"] for g in groups} == predicates
    for group in groups:
        everything = distinct_subjects(seed, iri, group["predicate"])
        assert group["count"] == len(everything), group["predicate"]
        seen = [s["iri"] for s in group["subjects"]]
        next_link = group["next"]
        while next_link:
            query = parse_qs(urlsplit(next_link).query)
            later = twin(live, iri, incoming=query["incoming"][0], page=query["page"][0])
            following = next(g for g in later["incoming"] if g["predicate"] == group["predicate"])
            seen += [s["iri"] for s in following["subjects"]]
            next_link = following["next"]
        assert sorted(seen) == sorted(everything) and len(seen) == len(set(seen))


def test_agency_incoming_needs_several_pages(live: LiveServer) -> None:
    groups = {g["predicate"]: g for g in twin(live, AGENCY)["incoming"]}
    lead = groups["http://schema.org/agent"]
    assert lead["pages"] > 1 and lead["next"] and len(lead["subjects"]) == 20
    page = requests.get(live.url + lead["next"].split("#")[0], headers=HTML, timeout=60).text
    assert "2/" in page and 'rel="prev"' in page


@pytest.mark.parametrize("iri", [DECREE, TASK, AGENCY])
def test_open_as_sparql_returns_the_page_properties(live: LiveServer, iri: str) -> None:
    context = twin(live, iri)
    assert context["sparql"]["href"].startswith("/editor?query=")
    assert parse_qs(urlsplit(context["sparql"]["href"]).query)["query"][0] == context["sparql"]["query"]
    answer = requests.get(f"{live.url}/sparql", params={"query": context["sparql"]["query"]},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    from_query = {(b["property"]["value"], b["value"]["value"]) for b in answer["results"]["bindings"]}
    on_page = {(row["predicate"], value.get("iri", value.get("value"))) for row in context["properties"]
               for value in row["objects"]}
    assert from_query == on_page
    page = requests.get(live.url + path(iri), headers=HTML, timeout=60).text
    assert 'class="open-sparql" href="/editor?query=' in page


def test_values_are_escaped_on_entity_pages(scripted: LiveServer) -> None:
    answer = requests.get(f"{scripted.url}/sparql", headers={"Accept": "application/sparql-results+json"}, params={
        "query": "SELECT ?t ?p WHERE { GRAPH ?g { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l ; "
                 "<http://purl.org/net/p-plan#isStepOfPlan> ?p FILTER(CONTAINS(?l, '<script>')) } }"}, timeout=60)
    task = answer.json()["results"]["bindings"][0]
    for iri in (task["t"]["value"], task["p"]["value"]):
        response = requests.get(scripted.url + path(iri), headers=HTML, timeout=60)
        assert response.status_code == 200
        assert "<script>alert" not in response.text and "&lt;script&gt;alert(" in response.text


def test_a_page_with_many_tasks_lists_the_first_ones_and_links_to_the_rest(live: LiveServer, seed: Store) -> None:
    shown = 5
    small = LiveServer(live.store, env={"PLANGRAPH_SHOWN_TASKS": str(shown)})
    try:
        view = twin(small, AGENCY)["views"]["agency"]
        led = int(select(seed, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t schema:agent <{AGENCY}> }}")[0]["n"])
        listed = [task["iri"] for city in view["lead"] for plan in city["plans"] for task in plan["tasks"]]
        full = [task["iri"] for city in twin(live, AGENCY)["views"]["agency"]["lead"] for plan in city["plans"]
                for task in plan["tasks"]]
        assert view["lead_count"] == led > shown and view["lead_shown"] == shown and listed == full[:shown]
        page = requests.get(small.url + path(AGENCY), headers=HTML, timeout=60).text
        assert f'<span class="count" data-count="lead">{led}</span>' in page
        note = page[page.index('data-shown="lead"'):]
        note = note[:note.index("</p>")]
        assert f"{shown} nhiệm vụ đầu tiên trong số {led}" in note and "/tasks?lead=" in note
        decree = twin(small, DECREE)["views"]["instrument"]
        assert decree["task_shown"] == min(shown, decree["task_count"])
    finally:
        small.stop()
