"""Golden facts of the real documents in ../shared/corpus/, checked against the documents themselves.

The files are read where they are (never copied into the project). Each fact below was read off the
document by a person; the test says what a user querying the graph should find.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Store
from support import BASE, CORPUS, SHARED_SEED, corpus_file, run_cli, select

from plangraph.ingest.pipeline import Prepared, prepare
from plangraph.ingest.read.layouts import detect
from plangraph.ingest.read.source import read_source
from plangraph.ontology.iris import Minter

CONCEPT = "https://w3id.org/plangraph/concept/"
# Dated 19/11/2025, after the merger of 1 July 2025: Đồng Tháp is the merged province (code 82, Tiền Giang's).
KH552 = f"{BASE}eli/vn/ubnd-82/kh/2025/552"
QD2597 = f"{BASE}eli/vn/ttg/qd/2025/2597"
QD844 = f"{BASE}eli/vn/ttg/qd/2026/844"
QD254 = f"{BASE}eli/vn/ubnd-14/qd/2023/254"


@pytest.fixture(scope="module")
def prepared() -> dict[str, Prepared]:
    minter = Minter()
    return {number: prepare(corpus_file(number), minter) for number in ("02", "08", "09", "10")}


@pytest.fixture(scope="module")
def store(prepared: dict[str, Prepared]) -> Store:
    store = Store()
    for item in prepared.values():
        store.extend(item.quads)
    return store


def one(store: Store, query: str) -> dict[str, str]:
    """The one answer of *query*; the same row found in several document graphs (a shared post) counts once."""
    rows = [dict(items) for items in dict.fromkeys(tuple(sorted(r.items())) for r in select(store, query))]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("number, shape", [("02", "pipe"), ("08", "pipe"), ("09", "congbao"), ("10", "gfm")])
def test_the_text_shape_is_recognised(number: str, shape: str) -> None:
    assert detect(read_source(corpus_file(number))) == shape


def test_the_seed_and_every_corpus_document_ingest_into_one_store(tmp_path: Path) -> None:
    files = [str(SHARED_SEED), *(str(corpus_file(n)) for n in ("02", "08", "09", "10"))]
    assert len(sorted(CORPUS.glob("*.txt"))) == 4, "a new corpus document: add it here and give it golden facts"
    code, out, err = run_cli("ingest", "--store", str(tmp_path / "store"), *files)
    assert code == 0, err
    assert "ingested 5 document(s)" in out + err
    assert "281/QĐ-UBND (2016-02-25): 5 plans, 14 objectives, 13 targets, 66 tasks" in err
    # 29 rows of the annex's table, and the five duties TỔ CHỨC THỰC HIỆN gives to the bodies it names (its sixth
    # item says what to do if the plan needs changing: a condition, not a duty)
    assert "844/QĐ-TTg (2026-05-13): 1 plans, 2 objectives, 0 targets, 34 tasks" in err


def test_every_document_conforms_to_the_shapes(prepared: dict[str, Prepared]) -> None:
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


def _tasks_per_group(store: Store, doc: str, *, table: int = 0) -> dict[str, int]:
    """Tasks per group number; with *table*, only those of the first *table* groups, which are a task table's (its
    groups are numbered first; a section whose duties per agency are tasks, such as TỔ CHỨC THỰC HIỆN, comes after)."""
    only = f"FILTER(xsd:integer(STRAFTER(STR(?g), '/nhom-')) <= {table})" if table else ""
    rows = select(store, f"""SELECT ?number (COUNT(?t) AS ?n) WHERE {{
        ?t pplan:isStepOfPlan <{doc}/kh-1> ; pg:taskGroup ?g . ?g eli:number ?number . {only} }}
        GROUP BY ?number""")
    return {r["number"]: int(r["n"]) for r in rows}


def test_kh552_has_19_tasks_in_four_groups(store: Store) -> None:
    """The annex's task table: 19 rows in groups I–IV. The duties section V (TỔ CHỨC THỰC HIỆN) assigns work per
    agency too, one task per bullet, and VI names agencies as the subjects of its sentences."""
    groups = _tasks_per_group(store, KH552)
    assert _tasks_per_group(store, KH552, table=4) == {"I": 4, "II": 5, "III": 5, "IV": 5}
    assert groups["V"] == 32 and set(groups) <= {"I", "II", "III", "IV", "V", "VI"}  # 10 agencies, 32 duties


def test_kh552_duties_per_agency_are_tasks_one_per_bullet(store: Store) -> None:
    rows = select(store, f"""SELECT ?n ?lead WHERE {{ ?t pplan:isStepOfPlan <{KH552}/kh-1> ; eli:number ?n ;
        schema:agent ?lead ; pg:taskGroup/eli:number "V" }}""")
    leads = {r["n"]: r["lead"].removeprefix(f"{BASE}id/org/") for r in rows}
    assert {n: lead for n, lead in leads.items() if n.startswith("1.")} == {
        f"1.{k}": "82/so-khoa-hoc-va-cong-nghe" for k in range(1, 6)}
    assert leads["4.1"] == "82/so-tai-chinh" and leads["2.1"] == "82/so-nong-nghiep-va-moi-truong"


def _agents(store: Store, task: str, prop: str) -> set[str]:
    return {r["o"].removeprefix(f"{BASE}id/org/") for r in select(store, f"SELECT ?o WHERE {{ <{task}> {prop} ?o }}")}


def test_kh552_lead_and_participating_agencies(store: Store) -> None:
    task = f"{KH552}/kh-1/nhiem-vu-"
    assert _agents(store, task + "1.1", "schema:agent") == {"82/so-tai-chinh"}
    assert _agents(store, task + "1.2", "schema:participant") == {"82/so-cong-thuong", "82/ban-quan-ly-khu-kinh-te"}
    assert _agents(store, task + "2.1", "schema:agent") == {"82/so-khoa-hoc-va-cong-nghe"}
    assert _agents(store, task + "4.5", "schema:agent") == {"82/hiep-hoi-doanh-nghiep"}
    assert _agents(store, task + "4.5", "schema:participant") == {"82/doanh-nghiep"}


def _periods(store: Store, doc: str, groups: tuple[str, ...] = ()) -> Counter[str]:
    """The period labels of a plan's tasks (only those of the task groups numbered *groups*, when given)."""
    only = f"FILTER(xsd:integer(STRAFTER(STR(?g), '/nhom-')) <= {len(groups)})" if groups else ""
    rows = select(store, f"""SELECT ?label WHERE {{ ?t pplan:isStepOfPlan <{doc}/kh-1> ; dct:temporal ?p ;
        pg:taskGroup ?g . ?p rdfs:label ?label . {only} }}""")
    return Counter(r["label"] for r in rows)


def test_kh552_time_values(store: Store) -> None:
    table = ("I", "II", "III", "IV")
    assert _periods(store, KH552, table) == {"Thường xuyên": 6, "2025 - 2035": 5, "2025 - 2030": 5, "2026": 3}
    continuous = select(store, f"""SELECT ?t WHERE {{ ?t pplan:isStepOfPlan <{KH552}/kh-1> ; dct:temporal ?p ;
        pg:taskGroup/eli:number ?g . ?p pg:schedule <{CONCEPT}schedule/continuous>
        FILTER(?g IN ("I", "II", "III", "IV")) }}""")
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


def test_qd2597_objectives_in_article_1_are_read_with_their_years(store: Store) -> None:
    """Điều 1 approves the Đề án "với những nội dung chính sau đây" and prints its II. MỤC TIÊU there (the annex holds
    only the task table): one general and ten specific objectives, the targets dated by their "b) Đến năm 2030" and
    "c) Tầm nhìn đến năm 2035" headings."""
    count = one(store, f"SELECT (COUNT(?o) AS ?n) WHERE {{ <{QD2597}/kh-1> pg:hasObjective ?o }}")
    assert count == {"n": "11"}
    rows = select(store, f"""SELECT ?value ?year ?text WHERE {{ <{QD2597}/kh-1> pg:hasObjective/pg:hasTarget ?t .
        ?t schema:value ?value ; pg:targetTime/time:inXSDgYear ?year ; pg:indicatorText ?text }}""")
    assert sorted((r["value"], r["year"]) for r in rows) == [("100", "2030")] * 3 + [("100", "2035")]
    assert any("BIM" in r["text"] and r["year"] == "2030" for r in rows)


def test_qd2597_proposer_is_the_minister_of_construction(store: Store) -> None:
    row = one(store, f"SELECT ?who WHERE {{ <{QD2597}> eli:responsibility_of_agent ?who }}")
    assert row == {"who": f"{BASE}id/org/vn/bo-xay-dung"}


def test_qd2597_is_signed_by_the_deputy_prime_minister(store: Store) -> None:
    row = one(store, f"""SELECT ?name ?role ?for_role WHERE {{
        <{QD2597}> pg:signedBy ?person ; pg:signature ?s . ?person foaf:name ?name ; org:holds/org:role ?role .
        ?s pg:signedFor/org:role ?for_role }}""")
    assert row == {"name": "Trần Hồng Hà", "role": f"{CONCEPT}role/pho-thu-tuong",
                   "for_role": f"{CONCEPT}role/thu-tuong"}


def test_qd2597_has_25_tasks_numbered_again_in_each_of_seven_groups(store: Store) -> None:
    """The annex's table; the duties per ministry in Điều 1's V. TỔ CHỨC THỰC HIỆN are the plan's tasks too."""
    assert _tasks_per_group(store, QD2597, table=7) == {
        "I": 5, "II": 4, "III": 6, "IV": 3, "V": 1, "VI": 3, "VII": 3}
    duties = select(store, f"""SELECT ?n ?lead WHERE {{ ?t pplan:isStepOfPlan <{QD2597}/kh-1> ; eli:number ?n ;
        schema:agent ?lead ; pg:taskGroup/rdfs:label ?label FILTER(CONTAINS(?label, "TỔ CHỨC THỰC HIỆN")) }}""")
    leads = {r["n"]: r["lead"].removeprefix(f"{BASE}id/org/") for r in duties}
    assert leads["1.a"] == leads["1.đ"] == "vn/bo-xay-dung" and leads["3.a"] == "vn/bo-tai-chinh"


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
    assert len(with_result) == 25  # every row of the table, none of the duties written as prose


def test_qd2597_time_values(store: Store) -> None:
    table = ("I", "II", "III", "IV", "V", "VI", "VII")
    assert _periods(store, QD2597, table) == {"2026-2030": 12, "2026": 5, "2026-2027": 5, "2026-2028": 3}


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


# --- 09: Quyết định 844/QĐ-TTg, the Công báo PDF text layer (shape C) ----------------------------------------

def test_qd844_header_and_national_issuer(store: Store) -> None:
    row = one(store, f"""SELECT ?id ?date ?type ?by ?title WHERE {{
        <{QD844}> eli:id_local ?id ; eli:date_document ?date ; eli:type_document ?type ; eli:passed_by ?by ;
            dct:title ?title }}""")
    assert row == {"id": "844/QĐ-TTg", "date": "2026-05-13", "type": f"{CONCEPT}doctype/quyet-dinh",
                   "by": f"{BASE}id/org/vn/thu-tuong-chinh-phu",
                   "title": "Ban hành Kế hoạch hành động thực hiện Chỉ thị số 52-CT/TW ngày 03 tháng 10 năm 2025 "
                            "của Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới"}


def test_qd844_is_signed_by_the_deputy_prime_minister(store: Store) -> None:
    row = one(store, f"""SELECT ?name ?role ?for_role WHERE {{
        <{QD844}> pg:signedBy ?person ; pg:signature ?s . ?person foaf:name ?name ; org:holds/org:role ?role .
        ?s pg:signedFor/org:role ?for_role }}""")
    assert row == {"name": "Phạm Thị Thanh Trà", "role": f"{CONCEPT}role/pho-thu-tuong",
                   "for_role": f"{CONCEPT}role/thu-tuong"}


def test_qd844_has_29_tasks_numbered_across_six_groups(store: Store) -> None:
    assert _tasks_per_group(store, QD844, table=6) == {"I": 6, "II": 4, "III": 4, "IV": 6, "V": 4, "VI": 5}
    numbers = select(store, f"""SELECT ?n WHERE {{ ?t pplan:isStepOfPlan <{QD844}/kh-1> ; eli:number ?n ;
        pg:taskGroup ?g FILTER(xsd:integer(STRAFTER(STR(?g), '/nhom-')) <= 6) }}""")
    assert sorted(int(r["n"]) for r in numbers) == list(range(1, 30))


def test_qd844_lead_and_participating_agencies(store: Store) -> None:
    task = f"{QD844}/kh-1/nhiem-vu-"
    assert _agents(store, task + "1.4", "schema:agent") == {"vn/bo-tai-chinh"}
    assert _agents(store, task + "2.7", "schema:agent") == {"vn/bo-y-te"}
    # task 8 prints its lead on the last line of its task text, and its partners go on after a page break
    assert _agents(store, task + "2.8", "schema:agent") == {"vn/bo-y-te"}
    assert "vn/bo-tai-chinh" in _agents(store, task + "2.8", "schema:participant")
    assert _agents(store, task + "5.22", "schema:agent") == {"vn/bo-tai-chinh"}
    assert "vn/bo-cong-an" in _agents(store, task + "6.26", "schema:agent")
    assert "vn/bo-y-te" in _agents(store, task + "6.26", "schema:participant")


def test_qd844_names_no_related_bodies_as_agencies(store: Store) -> None:
    """Cells such as "Bộ Tài chính, cơ quan, đơn vị liên quan" name one agency and, in general, related bodies:
    the second part is a note on the task, not an agency; provincial bodies named in this national plan are
    groups at their level, not one agency."""
    labels = {r["l"] for r in select(store, f"""SELECT DISTINCT ?l WHERE {{ GRAPH <{BASE}graph/vn/ttg/qd/2026/844> {{
        ?task schema:agent|schema:participant ?a . ?a skos:prefLabel ?l }} }}""")}
    assert not [label for label in labels if "liên quan" in label or " trình " in label], labels
    assert {"Bộ Tài chính", "Bộ Y tế", "Ủy ban nhân dân cấp tỉnh", "Sở Y tế cấp tỉnh", "Các bộ, ngành",
            "Cơ sở khám bệnh, chữa bệnh"} <= labels
    assert len(labels) <= 20
    group = one(store, f"""SELECT ?level ?kind WHERE {{ <{BASE}id/org/vn/uy-ban-nhan-dan-cap-tinh> a foaf:Group ;
        pg:administrativeLevel ?level ; org:classification ?kind }}""")
    assert group == {"level": f"{CONCEPT}administrative-level/province",
                     "kind": f"{CONCEPT}agency-kind/uy-ban-nhan-dan"}
    task = f"{QD844}/kh-1/nhiem-vu-"
    assert _agents(store, task + "1.3", "schema:agent") == {"vn/uy-ban-nhan-dan-cap-tinh"}
    assert one(store, f"SELECT ?n WHERE {{ <{task}1.3> pg:agentNote ?n }}") == {"n": "trình Hội đồng nhân dân cùng cấp"}
    assert _agents(store, task + "3.13", "schema:participant") == {"vn/bo-tai-chinh"}
    assert one(store, f"SELECT ?n WHERE {{ <{task}3.13> pg:participantNote ?n }}") == {"n": "cơ quan, đơn vị liên quan"}


def test_qd844_results_and_time_cells(store: Store) -> None:
    rows = select(store, f"""SELECT ?t ?label ?r WHERE {{ ?t pplan:isStepOfPlan <{QD844}/kh-1> ;
        dct:temporal/rdfs:label ?label ; pg:expectedResult ?r }}""")
    cells = {r["t"].rsplit("-", 1)[1]: (r["r"], r["label"]) for r in rows}
    assert len(cells) == 28  # task 13 is marked "Đã hoàn thành" (done): no period
    assert cells["2.8"] == ("Nghị định của Chính phủ", "Tháng 3/2027")
    assert cells["2.10"] == ("Luật Bảo hiểm y tế (sửa đổi)", "Quý I/2029")
    assert cells["4.15"] == ("Các hoạt động, văn bản phối hợp", "Thường xuyên")
    assert cells["5.22"] == ("Kế hoạch hằng năm và các hoạt động thường xuyên", "Hằng năm, thường xuyên")
    row = one(store, f"""SELECT ?start ?end WHERE {{ <{QD844}/kh-1/nhiem-vu-5.23> dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end }}""")
    assert row == {"start": "2026-07-01", "end": "2030-09-30"}


def test_qd844_citations(store: Store) -> None:
    bases = {r["id"] for r in select(store, f"SELECT ?id WHERE {{ <{QD844}> eli:based_on/eli:id_local ?id }}")}
    assert {"52-CT/TW", "25/2008/QH12"} <= bases
    cited = select(store, f"SELECT ?id WHERE {{ <{QD844}/kh-1/nhiem-vu-6.26> eli:cites/eli:id_local ?id }}")
    assert cited == [{"id": "278/2025/NĐ-CP"}]


def test_qd844_report_places_every_table_line(prepared: dict[str, Prepared]) -> None:
    doc = prepared["09"].doc
    annex = next(n for n, line in enumerate(doc.text.split("\n"), start=1) if line.strip() == "PHỤ LỤC")
    assert doc.unplaced == []  # every line placed: the table's cells, and the prose kept as section text
    sections = [(s.number, s.heading, len(s.paragraphs)) for plan in doc.plans for s in plan.sections]
    assert [(number, heading) for number, heading, _ in sections] == [("II", "NHIỆM VỤ CỤ THỂ"),
                                                                       ("III", "TỔ CHỨC THỰC HIỆN")]
    assert all(lines > 0 and (plan_last := s.paragraphs[-1].loc.last_line) < annex
               for plan in doc.plans for s in plan.sections for lines in [len(s.paragraphs)]) and plan_last
    assert doc.furniture["running page header"] == 15 and doc.furniture["table header repeated on a new page"] == 72


def test_qd844_task_provenance_spans_the_page_break(store: Store) -> None:
    """Task 8 is read from line 447 (its number) to line 481 (the end of its partner cell on the next page)."""
    row = one(store, f"""SELECT ?first ?last WHERE {{
        <{QD844}/kh-1/nhiem-vu-2.8> prov:wasDerivedFrom ?src . ?src pg:startLine ?first ; pg:endLine ?last }}""")
    assert row == {"first": "447", "last": "481"}


# --- 10: Quyết định 254/QĐ-UBND of Sơn La, GFM markdown with duties written as prose ------------------------

def test_qd254_header_ignores_the_crawler_heading(store: Store) -> None:
    row = one(store, f"""SELECT ?id ?date ?by ?title WHERE {{
        <{QD254}> eli:id_local ?id ; eli:date_document ?date ; eli:passed_by ?by ; dct:title ?title }}""")
    assert row == {"id": "254/QĐ-UBND", "date": "2023-02-17", "by": f"{BASE}id/org/14/uy-ban-nhan-dan",
                   "title": "BAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023"}
    assert "trợ cấp" not in row["title"] and "Tuyên Quang" not in row["title"]


def test_qd254_is_signed_by_the_chairman(store: Store) -> None:
    row = one(store, f"""SELECT ?name ?role WHERE {{
        <{QD254}> pg:signedBy ?person . ?person foaf:name ?name ; org:holds/org:role ?role }}""")
    assert row == {"name": "Hoàng Quốc Khánh", "role": f"{CONCEPT}role/chu-tich"}


def test_qd254_duties_per_agency_are_tasks_one_per_bullet(store: Store) -> None:
    """III. PHÂN CÔNG NHIỆM VỤ: six agencies, each with its bullets (one task each) or one paragraph of duties."""
    rows = select(store, f"""SELECT ?n ?lead WHERE {{ ?t pplan:isStepOfPlan <{QD254}/kh-1> ; eli:number ?n ;
        schema:agent ?lead ; pg:taskGroup/eli:number "III" }}""")
    leads = {r["n"]: r["lead"].removeprefix(f"{BASE}id/org/") for r in rows}
    assert leads == {"1.1": "14/cong-an-tinh", "1.2": "14/cong-an-tinh", "1.3": "14/cong-an-tinh",
                     "2": "14/van-phong-uy-ban-nhan-dan", "3.1": "14/so-noi-vu", "3.2": "14/so-noi-vu",
                     "4": "14/so-tu-phap", "5": "14/so-thong-tin-va-truyen-thong", "6": "14/so-tai-chinh"}
    partners = _agents(store, f"{QD254}/kh-1/nhiem-vu-2.3.2", "schema:participant")
    assert partners == {"14/cong-an-tinh"}


def test_qd254_numbered_work_items_are_tasks_with_their_bracketed_assignment(store: Store) -> None:
    """II. NỘI DUNG CÔNG TÁC lists eight numbered items (no task table): each is a task of group II; items 6 and 8
    close with "(Giao Công an tỉnh chủ trì, phối hợp với …)", which names the lead and partners."""
    assert _tasks_per_group(store, QD254)["II"] == 8
    task = f"{QD254}/kh-1/nhiem-vu-1."
    assert _agents(store, task + "6", "schema:agent") == {"14/cong-an-tinh"}
    assert _agents(store, task + "6", "schema:participant") == {"14/van-phong-uy-ban-nhan-dan", "14/so-tu-phap"}
    assert one(store, f"SELECT ?n WHERE {{ <{task}6> pg:participantNote ?n }}") == {
        "n": "các cơ quan, tổ chức có liên quan"}
    name = one(store, f"SELECT ?n WHERE {{ <{task}6> schema:name ?n }}")["n"]
    assert name.endswith("Quy chế bảo vệ BMNN trên địa bàn tỉnh") and "Giao" not in name
    assert _agents(store, task + "8", "schema:agent") == {"14/cong-an-tinh"}
    assert _agents(store, task + "2", "schema:agent") == set()
    # item 1 cites the decrees it tells agencies to carry out
    cited = {r["id"] for r in select(store, f"SELECT ?id WHERE {{ <{task}1> eli:cites/eli:id_local ?id }}")}
    assert {"26/2020/NĐ-CP", "112/2020/NĐ-CP", "02/CT-TTg"} <= cited
    # the tasks keep the printed order: the work items (lines 48–62) before the duties (lines 66–)
    rows = select(store, f"""SELECT ?pos ?line WHERE {{ ?t pplan:isStepOfPlan <{QD254}/kh-1> ; schema:position ?pos ;
        prov:wasDerivedFrom/pg:startLine ?line }}""")
    by_position = [int(r["line"]) for r in sorted(rows, key=lambda r: int(r["pos"]))]
    assert len(by_position) == 19 and by_position == sorted(by_position)


def test_qd254_citations(store: Store) -> None:
    bases = {r["id"] for r in select(store, f"SELECT ?id WHERE {{ <{QD254}> eli:based_on/eli:id_local ?id }}")}
    assert {"26/2020/NĐ-CP", "24/2020/TT-BCA"} <= bases
    proposal = select(store, f"SELECT ?id WHERE {{ <{QD254}> pg:proposal/eli:id_local ?id }}")
    assert [r["id"] for r in proposal] == ["02/TTr-CAT-ANCTNB"]
