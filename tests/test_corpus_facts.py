"""Golden facts of the real documents in ../shared/corpus/, checked against the documents themselves.

The files are read where they are (never copied into the project). Each fact below was read off the
document by a person; the test says what a user querying the graph should find.
"""

from __future__ import annotations

from collections import Counter

import pytest
from pyoxigraph import Store
from support import BASE, corpus_file, select

from plangraph.ingest.iris import Minter
from plangraph.ingest.layout_detect import detect
from plangraph.ingest.pipeline import Prepared, prepare
from plangraph.ingest.source import read_source

CONCEPT = "https://w3id.org/plangraph/concept/"
# Dated 19/11/2025, after the merger of 1 July 2025: Đồng Tháp is the merged province (code 82, Tiền Giang's).
KH552 = f"{BASE}eli/vn/ubnd-82/kh/2025/552"
QD2597 = f"{BASE}eli/vn/ttg/qd/2025/2597"


@pytest.fixture(scope="module")
def prepared() -> dict[str, Prepared]:
    minter = Minter()
    return {number: prepare(corpus_file(number), minter) for number in ("02", "08")}


@pytest.fixture(scope="module")
def store(prepared: dict[str, Prepared]) -> Store:
    store = Store()
    for item in prepared.values():
        store.extend(item.quads)
    return store


def one(store: Store, query: str) -> dict[str, str]:
    rows = select(store, query)
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("number, shape", [("02", "pipe"), ("08", "pipe"), ("09", "congbao"), ("10", "gfm")])
def test_the_text_shape_is_recognised(number: str, shape: str) -> None:
    assert detect(read_source(corpus_file(number))) == shape


def test_both_documents_conform_to_the_shapes(prepared: dict[str, Prepared]) -> None:
    for item in prepared.values():
        assert item.report is not None and item.report.conforms, item.report.text() if item.report else ""


# --- 02: Kế hoạch 552/KH-UBND of Đồng Tháp, a stand-alone plan ----------------------------------------------

def test_kh552_header(store: Store) -> None:
    row = one(store, f"""SELECT ?id ?date ?type ?by ?where WHERE {{
        <{KH552}> eli:id_local ?id ; eli:date_document ?date ; eli:type_document ?type ; eli:passed_by ?by ;
            eli:jurisdiction ?where }}""")
    assert row == {"id": "552/KH-UBND", "date": "2025-11-19", "type": f"{CONCEPT}doctype/ke-hoach",
                   "by": f"{BASE}id/org/82/uy-ban-nhan-dan", "where": f"{BASE}id/place/82/2025"}


def test_kh552_is_signed_by_the_vice_chairman(store: Store) -> None:
    row = one(store, f"""SELECT ?name ?role ?for_role WHERE {{
        <{KH552}> pg:signedBy ?person ; pg:signature ?s . ?person foaf:name ?name ; org:holds/org:role ?role .
        ?s pg:signedFor/org:role ?for_role }}""")
    assert row == {"name": "Huỳnh Minh Tuấn", "role": f"{CONCEPT}role/pho-chu-tich",
                   "for_role": f"{CONCEPT}role/chu-tich"}


def _tasks_per_group(store: Store, doc: str) -> dict[str, int]:
    rows = select(store, f"""SELECT ?number (COUNT(?t) AS ?n) WHERE {{
        ?t pplan:isStepOfPlan <{doc}/kh-1> ; pg:taskGroup ?g . ?g eli:number ?number }} GROUP BY ?number""")
    return {r["number"]: int(r["n"]) for r in rows}


def test_kh552_has_19_tasks_in_four_groups(store: Store) -> None:
    assert _tasks_per_group(store, KH552) == {"I": 4, "II": 5, "III": 5, "IV": 5}


def _agents(store: Store, task: str, prop: str) -> set[str]:
    return {r["o"].removeprefix(f"{BASE}id/org/") for r in select(store, f"SELECT ?o WHERE {{ <{task}> {prop} ?o }}")}


def test_kh552_lead_and_participating_agencies(store: Store) -> None:
    task = f"{KH552}/kh-1/nhiem-vu-"
    assert _agents(store, task + "1.1", "schema:agent") == {"82/so-tai-chinh"}
    assert _agents(store, task + "1.2", "schema:participant") == {"82/so-cong-thuong", "82/ban-quan-ly-khu-kinh-te"}
    assert _agents(store, task + "2.1", "schema:agent") == {"82/so-khoa-hoc-va-cong-nghe"}
    assert _agents(store, task + "4.5", "schema:agent") == {"82/hiep-hoi-doanh-nghiep"}
    assert _agents(store, task + "4.5", "schema:participant") == {"82/doanh-nghiep"}


def _periods(store: Store, doc: str) -> Counter[str]:
    rows = select(store, f"""SELECT ?label WHERE {{ ?t pplan:isStepOfPlan <{doc}/kh-1> ; dct:temporal ?p .
        ?p rdfs:label ?label }}""")
    return Counter(r["label"] for r in rows)


def test_kh552_time_values(store: Store) -> None:
    assert _periods(store, KH552) == {"Thường xuyên": 6, "2025 - 2035": 5, "2025 - 2030": 5, "2026": 3}
    continuous = select(store, f"""SELECT ?t WHERE {{ ?t pplan:isStepOfPlan <{KH552}/kh-1> ; dct:temporal ?p .
        ?p pg:schedule <{CONCEPT}schedule/continuous> }}""")
    assert len(continuous) == 6
    row = one(store, f"""SELECT ?start ?end WHERE {{ <{KH552}/kh-1/nhiem-vu-2.2> dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDgYear ?start ; time:hasEnd/time:inXSDgYear ?end }}""")
    assert row == {"start": "2025", "end": "2035"}


def test_kh552_bases_include_party_documents(store: Store) -> None:
    rows = select(store, f"SELECT ?id WHERE {{ <{KH552}> eli:based_on ?b . ?b eli:id_local ?id }}")
    assert {r["id"] for r in rows} == {"57-NQ/TW", "71/NQ-CP", "10-CTr/TU", "30-TB/TGV", "283/KH-UBND"}
    row = one(store, """SELECT ?date ?type WHERE { ?b eli:id_local "10-CTr/TU" ; eli:date_document ?date ;
        eli:type_document ?type }""")
    assert row == {"date": "2025-08-13", "type": f"{CONCEPT}doctype/chuong-trinh"}


def test_kh552_objectives_carry_targets(store: Store) -> None:
    rows = select(store, f"""SELECT ?o ?v WHERE {{ <{KH552}/kh-1> pg:hasObjective ?o . ?o pg:hasTarget ?t .
        ?t schema:value ?v ; rdfs:label ?l FILTER(CONTAINS(?l, "diện tích sản xuất")) }}""")
    assert [r["v"] for r in rows] == ["50"]


# --- 08: Quyết định 2597/QĐ-TTg, a Prime Minister's decision with an annex task table ---------------------

def test_qd2597_header_and_national_issuer(store: Store) -> None:
    row = one(store, f"""SELECT ?id ?date ?type ?by ?title WHERE {{
        <{QD2597}> eli:id_local ?id ; eli:date_document ?date ; eli:type_document ?type ; eli:passed_by ?by ;
            dct:title ?title }}""")
    assert row == {"id": "2597/QĐ-TTg", "date": "2025-11-27", "type": f"{CONCEPT}doctype/quyet-dinh",
                   "by": f"{BASE}id/org/vn/thu-tuong-chinh-phu", "title": row["title"]}
    assert row["title"].startswith("PHÊ DUYỆT ĐỀ ÁN CHUYỂN ĐỔI SỐ")


def test_qd2597_is_signed_by_the_deputy_prime_minister(store: Store) -> None:
    row = one(store, f"""SELECT ?name ?role ?for_role WHERE {{
        <{QD2597}> pg:signedBy ?person ; pg:signature ?s . ?person foaf:name ?name ; org:holds/org:role ?role .
        ?s pg:signedFor/org:role ?for_role }}""")
    assert row == {"name": "Trần Hồng Hà", "role": f"{CONCEPT}role/pho-thu-tuong",
                   "for_role": f"{CONCEPT}role/thu-tuong"}


def test_qd2597_has_25_tasks_numbered_again_in_each_of_seven_groups(store: Store) -> None:
    assert _tasks_per_group(store, QD2597) == {"I": 5, "II": 4, "III": 6, "IV": 3, "V": 1, "VI": 3, "VII": 3}


def test_qd2597_lead_and_participating_agencies(store: Store) -> None:
    task = f"{QD2597}/kh-1/nhiem-vu-"
    assert _agents(store, task + "1.1", "schema:agent") == {"vn/bo-xay-dung"}
    assert _agents(store, task + "1.5", "schema:agent") == {"vn/bo-khoa-hoc-va-cong-nghe"}
    assert _agents(store, task + "1.5", "schema:participant") == {"vn/bo-xay-dung"}
    assert _agents(store, task + "7.3", "schema:agent") == {"vn/bo-tai-chinh"}
    assert "vn/bo-tai-chinh" in _agents(store, task + "3.3", "schema:participant")


def test_qd2597_expected_results_are_kept(store: Store) -> None:
    row = one(store, f"SELECT ?r WHERE {{ <{QD2597}/kh-1/nhiem-vu-1.1> pg:expectedResult ?r }}")
    assert row == {"r": "Các Văn bản quy phạm pháp luật được sửa đổi, bổ sung"}
    with_result = select(store, f"SELECT ?t WHERE {{ ?t pplan:isStepOfPlan <{QD2597}/kh-1> ; pg:expectedResult ?r }}")
    assert len(with_result) == 25


def test_qd2597_time_values(store: Store) -> None:
    assert _periods(store, QD2597) == {"2026-2030": 12, "2026": 5, "2026-2027": 5, "2026-2028": 3}


def test_qd2597_bases_include_party_resolutions(store: Store) -> None:
    rows = select(store, f"SELECT ?id ?by WHERE {{ <{QD2597}> eli:based_on ?b . ?b eli:id_local ?id }}")
    ids = {r["id"] for r in rows}
    assert {"57-NQ/TW", "06-NQ/TW", "52-NQ/TW", "02-KH/BCĐTW", "71/NQ-CP", "749/QĐ-TTg"} <= ids


def test_qd2597_provenance_points_at_the_original_lines(store: Store) -> None:
    """The task row is read from lines 545–560 of the file, its lead agency from line 552."""
    row = one(store, f"""SELECT ?first ?last ?lead_line ?lead WHERE {{
        <{QD2597}/kh-1/nhiem-vu-1.1> prov:wasDerivedFrom ?src . ?src pg:startLine ?first ; pg:endLine ?last .
        <{QD2597}/kh-1/nhiem-vu-1.1#lead-1> oa:hasTarget ?m . ?m pg:startLine ?lead_line ; oa:hasSelector ?sel .
        ?sel a oa:TextQuoteSelector ; oa:exact ?lead }}""")
    assert row == {"first": "545", "last": "560", "lead_line": "552", "lead": "Bộ Xây dựng"}
