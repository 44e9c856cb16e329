"""Places: the 63 provinces before 1 July 2025, the 34 after, how they replace each other, and how a
document's date decides which one a province name means."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from pyoxigraph import Store
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD
from support import BASE, corpus_file, run_cli, select

from plangraph.ingest.understand.citations import CitationContext, find_citations
from plangraph.language import lexicon, places
from plangraph.ontology import concept_scheme, load_ontology_graph
from plangraph.ontology.iris import Minter
from plangraph.ontology.place_scheme import merger_instrument, render_places

TIME = "http://www.w3.org/2006/time#"
PLACE = f"{BASE}id/place/"
AFTER, BEFORE = dt.date(2025, 11, 19), dt.date(2016, 3, 1)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology_graph()


def test_places_ttl_is_generated_from_the_lexicon() -> None:
    committed = files("plangraph.ontology").joinpath("places.ttl").read_text(encoding="utf-8")
    assert committed == render_places(), "ontology/places.ttl is stale: run `make docs`"


def test_every_pre_2025_province_is_kept_or_merged_exactly_once() -> None:
    members = Counter(old for _, _, olds in lexicon.MERGED_2025.values() for old in olds)
    assert set(members) <= set(lexicon.PROVINCES), set(members) - set(lexicon.PROVINCES)
    assert all(n == 1 for n in members.values()), [c for c, n in members.items() if n > 1]
    for new, (_, _, olds) in lexicon.MERGED_2025.items():
        assert new in olds, f"{new}: the new code is the code of the member hosting the seat"
        assert len(olds) >= 2
    unchanged = set(lexicon.PROVINCES) - set(members)
    assert len(unchanged) + len(lexicon.MERGED_2025) == 34
    assert len(unchanged) == 11


def test_units_in_force_after_the_merger_are_34() -> None:
    in_force = [u for u in places.units().values() if u.ends is None]
    assert len(in_force) == 34
    assert len({u.code for u in in_force}) == 34


def _date(graph: Graph, place: URIRef, link: str) -> dt.date | None:
    interval = graph.value(place, DCTERMS.temporal)
    instant = graph.value(interval, URIRef(TIME + link)) if interval else None
    value = graph.value(instant, URIRef(TIME + "inXSDDate")) if instant else None
    return value.toPython() if isinstance(value, Literal) else None


def test_validity_and_replacement_in_the_scheme(onto: Graph) -> None:
    scheme = concept_scheme("place")
    units = set(onto.subjects(SKOS.inScheme, scheme))
    assert len(units) == 63 + 23 + 1  # the pre-2025 units, the merged units, Viet Nam
    basis = URIRef(f"{BASE}eli/vn/qh/nq/2025/202")
    for new, (_, _, olds) in lexicon.MERGED_2025.items():
        unit = URIRef(f"{PLACE}{new}/2025")
        assert _date(onto, unit, "hasBeginning") == dt.date(2025, 7, 1)
        assert _date(onto, unit, "hasEnd") is None
        assert set(onto.objects(unit, DCTERMS.replaces)) == {URIRef(f"{PLACE}{old}") for old in olds}
        assert (unit, DCTERMS.source, basis) in onto
        for old in olds:
            assert _date(onto, URIRef(f"{PLACE}{old}"), "hasEnd") == dt.date(2025, 6, 30)
            assert set(onto.objects(URIRef(f"{PLACE}{old}"), DCTERMS.isReplacedBy)) == {unit}
    son_la = URIRef(f"{PLACE}14")
    assert onto.value(son_la, DCTERMS.temporal) is None and onto.value(son_la, DCTERMS.isReplacedBy) is None
    assert (URIRef(f"{PLACE}14/2025"), None, None) not in onto, "an unchanged province is one unit"
    assert onto.value(basis, URIRef("http://data.europa.eu/eli/ontology#id_local")) == Literal("202/2025/QH15")
    assert all(v.datatype == XSD.date for v in onto.objects(None, URIRef(TIME + "inXSDDate")))


def test_the_merger_resolution_has_the_iri_a_citation_of_it_gets() -> None:
    [citation] = find_citations("căn cứ Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội")
    assert Minter().document(citation) == f"{BASE}eli/vn/qh/nq/2025/202"
    assert merger_instrument(Minter()) == Minter().document(citation)


def test_a_wikidata_item_is_an_exact_match_of_one_unit_only(onto: Graph) -> None:
    exact = Counter(str(o) for o in onto.objects(None, SKOS.exactMatch) if "wikidata" in str(o))
    assert all(n == 1 for n in exact.values()), exact
    verified = {f"http://www.wikidata.org/entity/{q}" for q in lexicon.WIKIDATA_PLACES.values()}
    assert set(exact) == verified
    matched = {str(o) for p in (SKOS.exactMatch, SKOS.closeMatch) for o in onto.objects(None, p)
               if "wikidata" in str(o)}
    assert matched <= verified, "only verified QIDs"
    # Hải Phòng: the 2016 city is the exact match; the merged city of 2025 is close to it.
    assert (URIRef(f"{PLACE}31"), SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q72818")) in onto
    assert (URIRef(f"{PLACE}31/2025"), SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q72818")) in onto


@pytest.mark.parametrize(("code", "when", "unit", "why"), [
    ("87", AFTER, "82/2025", "Đồng Tháp after the merger is the merged province with Tiền Giang's code"),
    ("82", AFTER, "82/2025", "a merged-away name (Tiền Giang) means the province that absorbed it"),
    ("87", dt.date(2025, 6, 30), "87", "the last day before the merger"),
    ("87", dt.date(2025, 7, 1), "82/2025", "the first day of the merger"),
    ("31", BEFORE, "31", "the seed: Hải Phòng in 2016"),
    ("14", AFTER, "14", "an unchanged province is the same unit"),
    ("87", None, "87", "no date: the unit as named"),
    ("vn", AFTER, "vn", "national"),
])
def test_unit_for(code: str, when: dt.date | None, unit: str, why: str) -> None:
    assert places.unit_for(code, when) == unit, why


@pytest.mark.parametrize(("text", "scope", "why"), [
    ("Quyết định số 12/QĐ-UBND ngày 05/3/2024 của UBND tỉnh Tiền Giang", "82", "dated before: the old unit"),
    ("Quyết định số 12/QĐ-UBND ngày 05/8/2025 của UBND tỉnh Tiền Giang", "82/2025", "dated after: the new unit"),
    ("Quyết định số 12/2024/QĐ-UBND của UBND tỉnh", "87", "a year before 2025 settles it"),
    ("Quyết định số 12/2026/QĐ-UBND của UBND tỉnh", "82/2025", "a year after 2025 settles it"),
    ("Quyết định số 12/QĐ-UBND của UBND tỉnh", "82/2025", "no date: the citing document's date"),
])
def test_citation_scope_follows_the_date_of_the_cited_instrument(text: str, scope: str, why: str) -> None:
    [citation] = find_citations(text, CitationContext(province="87", date=AFTER))
    assert citation.scope == scope, why


def test_ids_keep_the_code_without_the_unit_suffix() -> None:
    minter = Minter()
    assert minter.org("82/2025", "so-tai-chinh") == f"{BASE}id/org/82/so-tai-chinh"
    assert minter.place("82/2025") == f"{PLACE}82/2025"
    [citation] = find_citations("Kế hoạch số 552/KH-UBND", CitationContext(province="87", date=AFTER))
    assert minter.document(citation) == f"{BASE}eli/vn/ubnd-82/kh/undated/552"


# --- in the store -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("places") / "store"
    code, _, err = run_cli("ingest", "--store", str(path), str(corpus_file("02")))
    assert code == 0, err
    return path


def test_every_place_is_queryable_and_a_post_2025_plan_lies_in_the_merged_province(store: Path) -> None:
    db = Store.read_only(str(store))
    rows = select(db, """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?p skos:inScheme <https://w3id.org/plangraph/concept/place> }""")
    assert rows == [{"n": "87"}]
    rows = select(db, f"""SELECT DISTINCT ?where ?label ?begin WHERE {{
        <{BASE}eli/vn/ubnd-82/kh/2025/552> eli:jurisdiction ?where .
        ?where skos:prefLabel ?label ; dct:temporal/time:hasBeginning/time:inXSDDate ?begin .
        FILTER(LANG(?label) = "vi") }}""")
    assert rows == [{"where": f"{PLACE}82/2025", "label": "Tỉnh Đồng Tháp (từ 2025)", "begin": "2025-07-01"}]
    rows = select(db, f"""SELECT ?old WHERE {{ <{PLACE}82/2025> dct:replaces ?old }} ORDER BY ?old""")
    assert [r["old"] for r in rows] == [f"{PLACE}82", f"{PLACE}87"]


def test_national_bodies_are_one_iri_each_with_their_wikidata_item(tmp_path: Path) -> None:
    path = tmp_path / "store"
    code, _, err = run_cli("ingest", "--store", str(path), str(corpus_file("08")), str(corpus_file("02")))
    assert code == 0, err
    db = Store.read_only(str(path))
    rows = select(db, """SELECT DISTINCT ?org ?qid WHERE {
        ?org org:classification ?kind ; skos:exactMatch ?qid .
        FILTER(STRSTARTS(STR(?qid), "http://www.wikidata.org/")) } ORDER BY ?org""")
    assert rows == [
        {"org": f"{BASE}id/org/vn/chinh-phu", "qid": "http://www.wikidata.org/entity/Q5589338"},
        {"org": f"{BASE}id/org/vn/quoc-hoi", "qid": "http://www.wikidata.org/entity/Q1765001"},
        {"org": f"{BASE}id/org/vn/thu-tuong-chinh-phu", "qid": "http://www.wikidata.org/entity/Q1043568"},
    ]
    kinds = select(db, """SELECT ?kind (COUNT(DISTINCT ?org) AS ?n) WHERE {
        ?org org:classification ?kind .
        FILTER(?kind IN (<https://w3id.org/plangraph/concept/agency-kind/chinh-phu>,
                         <https://w3id.org/plangraph/concept/agency-kind/thu-tuong-chinh-phu>,
                         <https://w3id.org/plangraph/concept/agency-kind/quoc-hoi>)) } GROUP BY ?kind""")
    assert len(kinds) == 3 and {r["n"] for r in kinds} == {"1"}
