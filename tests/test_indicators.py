"""Indicator concepts: the scheme is complete and linked with care, and targets get the concept their
wording names (and none when it names none)."""

from __future__ import annotations

import pytest
from pyoxigraph import Store
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from support import BASE, SEED, corpus_file, run_cli, select

from plangraph.ingest.understand import indicators
from plangraph.ontology import concept, concept_scheme, load_ontology_graph

SDG = "http://metadata.un.org/sdg/"
SEED_PLAN = f"{BASE}eli/vn/ubnd-31/qd/2016/281"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology_graph()


def test_the_scheme_validates(onto: Graph) -> None:
    scheme = concept_scheme("indicator")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    members = set(onto.subjects(SKOS.inScheme, scheme))
    assert len(members) >= 12
    for member in members:
        assert (member, RDF.type, SKOS.Concept) in onto
        for lang in ("vi", "en"):
            labels = [o for o in onto.objects(member, SKOS.prefLabel) if isinstance(o, Literal) and o.language == lang]
            assert len(labels) == 1, (member, lang)
            assert any(o.language == lang for o in onto.objects(member, SKOS.definition) if isinstance(o, Literal))
        assert str(member).startswith(f"{scheme}/")


def test_sdg_links_are_close_only_where_the_definitions_agree(onto: Graph) -> None:
    close = {(s, o) for s, o in onto.subject_objects(SKOS.closeMatch) if str(o).startswith(SDG)}
    assert close == {(concept("indicator", "rd-expenditure-gdp"), URIRef(f"{SDG}C090501"))}
    # Per 10,000 people is not per million full-time equivalents.
    assert (concept("indicator", "researchers-per-10000"), SKOS.relatedMatch, URIRef(f"{SDG}C090502")) in onto
    assert not any(str(o).startswith(SDG) for o in onto.objects(None, SKOS.exactMatch))


@pytest.mark.parametrize(("text", "unit", "key", "why"), [
    ("tổng đầu tư xã hội cho khoa học và công nghệ", "% GDP", "st-investment-gdp", "the seed's wording"),
    ("tổng đầu tư xã hội cho KH&CN", "% GRDP", "st-investment-gdp", "abbreviation expanded"),
    ("kinh phí chi cho nghiên cứu phát triển (R&D)", "% GDP", "rd-expenditure-gdp", "gaps between the words"),
    ("mức đầu tư từ ngân sách cho khoa học và công nghệ", "% tổng chi ngân sách", "st-budget-share",
     "from the budget, not of GDP"),
    ("tỷ lệ cán bộ nghiên cứu - phát triển", "người/vạn dân", "researchers-per-10000", "punctuation ignored"),
    ("Quy mô kinh tế số", "% GRDP", "digital-economy-share", "corpus 02"),
    ("TY LE BAO PHU BAO HIEM Y TE", "%", "health-insurance-coverage", "case and diacritics ignored"),
    ("số lượng nhà hàng đạt chuẩn", "nhà hàng", None, "unknown wording"),
    ("dịch vụ công", "%", None, "a pattern's words must all be there"),
    ("nghiên cứu phát triển kinh phí", "% GDP", None, "a pattern's words must come in order"),
])
def test_match(text: str, unit: str, key: str | None, why: str) -> None:
    expected = str(concept("indicator", key)) if key else None
    assert indicators.match(text, unit) == expected, why


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("indicators") / "store"
    code, _, err = run_cli("ingest", "--store", str(path), str(SEED), str(corpus_file("02")))
    assert code == 0, err
    return Store.read_only(str(path))


def test_the_seeds_st_share_of_gdp_target_gets_its_indicator(store: Store) -> None:
    rows = select(store, f"""SELECT ?text ?indicator WHERE {{
        <{SEED_PLAN}/kh-1/muc-tieu-4> pg:hasTarget ?t . ?t pg:indicatorText ?text .
        OPTIONAL {{ ?t pg:indicator ?indicator }} }} ORDER BY ?text""")
    assert rows == [
        {"text": "mức đầu tư từ ngân sách cho khoa học và công nghệ",
         "indicator": str(concept("indicator", "st-budget-share"))},
        {"text": "tổng đầu tư xã hội cho khoa học và công nghệ",
         "indicator": str(concept("indicator", "st-investment-gdp"))},
    ]


def test_a_target_with_unknown_wording_is_kept_without_an_indicator(store: Store) -> None:
    rows = select(store, f"""SELECT ?text WHERE {{
        <{SEED_PLAN}/kh-1/muc-tieu-1/chi-tieu-1> pg:indicatorText ?text .
        FILTER NOT EXISTS {{ <{SEED_PLAN}/kh-1/muc-tieu-1/chi-tieu-1> pg:indicator ?any }} }}""")
    assert rows == [{"text": "nhân lực có trình độ cao đẳng, đại học trở lên"}]


def test_targets_grouped_by_indicator_and_province(store: Store) -> None:
    """Seed (Hải Phòng, 2016) and 02 (Đồng Tháp, 2025): which indicators each sets targets for."""
    rows = select(store, """SELECT ?indicator (GROUP_CONCAT(DISTINCT ?code; separator=" ") AS ?places)
        (COUNT(DISTINCT ?t) AS ?n) WHERE {
        GRAPH ?g { ?t pg:indicator ?indicator . ?o pg:hasTarget ?t . ?plan pg:hasObjective ?o ;
                   eli:is_part_of/eli:jurisdiction/skos:notation ?code } }
        GROUP BY ?indicator ORDER BY ?indicator""")
    by_indicator = {r["indicator"].rsplit("/", 1)[1]: (r["places"], int(r["n"])) for r in rows}
    # Measured: the two plans set targets for different indicators, so no indicator has both provinces.
    assert by_indicator == {
        "digital-economy-share": ("82", 1), "enterprise-innovation": ("82", 2),
        "high-tech-product-share": ("31", 1), "patent-applications": ("31", 1),
        "researchers-per-10000": ("31", 1), "st-budget-share": ("31", 1), "st-investment-gdp": ("31", 1),
        "technology-renewal-rate": ("31", 1), "tfp-contribution": ("31", 1),
        "trademark-applications-abroad": ("31", 1),
    }
