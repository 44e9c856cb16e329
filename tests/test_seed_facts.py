"""Facts of the seed decision, queried with SPARQL over standard IRIs in an export of the seed store.

Each test states a fact of Decision 281/QĐ-UBND (Hải Phòng, 2016) as a user would look for it.
"""

from __future__ import annotations

from collections import Counter

from pyoxigraph import Store
from support import BASE, select

DECISION = f"{BASE}eli/vn/ubnd-31/qd/2016/281"
UBND = f"{BASE}id/org/31/uy-ban-nhan-dan"
SKHCN = f"{BASE}id/org/31/so-khoa-hoc-va-cong-nghe"
CONCEPT = "https://w3id.org/plangraph/concept/"


def one(store: Store, query: str) -> dict[str, str]:
    rows = select(store, query)
    assert len(rows) == 1, rows
    return rows[0]


def test_decision_header(seed: Store) -> None:
    row = one(seed, f"""SELECT ?id ?number ?date ?type ?issuer ?title WHERE {{
        <{DECISION}> a eli:LegalResource ; eli:id_local ?id ; eli:number ?number ; eli:date_document ?date ;
            eli:type_document ?type ; eli:passed_by ?by ; dct:title ?title .
        ?by skos:prefLabel ?issuer }}""")
    assert row == {"id": "281/QĐ-UBND", "number": "281", "date": "2016-02-25", "type": f"{CONCEPT}doctype/quyet-dinh",
                   "issuer": "Ủy ban nhân dân thành phố Hải Phòng", "title": row["title"]}
    assert row["title"].startswith("Về việc phê duyệt Kế hoạch hoạt động")


def test_decision_is_signed_by_one_person_as_vice_chairman_signing_for_the_chairman(seed: Store) -> None:
    row = one(seed, f"""SELECT ?name ?role ?for_role ?behalf WHERE {{
        <{DECISION}> pg:signedBy ?person ; pg:signature ?s .
        ?person foaf:name ?name ; org:holds ?post .
        ?post org:role ?role ; org:postIn <{UBND}> .
        ?s pg:inCapacityOf ?post ; pg:signedFor/org:role ?for_role ; pg:onBehalfOf ?behalf ;
           prov:qualifiedAssociation [ prov:agent ?person ; prov:hadRole <{CONCEPT}authority/kt> ] }}""")
    assert row == {"name": "Lê Khắc Nam", "role": f"{CONCEPT}role/pho-chu-tich",
                   "for_role": f"{CONCEPT}role/chu-tich", "behalf": UBND}


def test_the_three_printings_of_the_signer_are_one_person(seed: Store) -> None:
    rows = select(seed, "SELECT ?p ?name WHERE { ?p a person:Person ; foaf:name ?name }")
    assert [r["name"] for r in rows] == ["Lê Khắc Nam"]
    alts = {r["alt"] for r in select(seed, "SELECT ?alt WHERE { ?p a person:Person ; skos:altLabel ?alt }")}
    assert alts == {"Le Khắc Nam", "Đỗ Khắc Nam"}
    plans_signed = select(seed, "SELECT ?plan WHERE { ?plan a pg:ActionPlan ; pg:signedBy ?p . ?p a person:Person }")
    assert len(plans_signed) == 5


def test_legal_bases(seed: Store) -> None:
    rows = select(seed, f"""SELECT ?id ?date ?type ?by WHERE {{
        <{DECISION}> eli:based_on ?b . ?b eli:id_local ?id ; eli:date_document ?date ; eli:type_document ?type ;
        eli:passed_by ?by }}""")
    got = {r["id"]: (r["date"], r["type"].rsplit("/", 1)[-1], r["by"].removeprefix(BASE)) for r in rows}
    assert got == {
        "77/2015/QH13": ("2015-06-19", "luat", "id/org/vn/quoc-hoi"),
        "08/2013/NQ-HĐND": ("2013-07-25", "nghi-quyet", "id/org/31/hoi-dong-nhan-dan"),
        "1859/QĐ-UBND": ("2013-09-25", "quyet-dinh", "id/org/31/uy-ban-nhan-dan"),
        "1860/QĐ-UBND": ("2013-09-25", "quyet-dinh", "id/org/31/uy-ban-nhan-dan"),
        "1861/QĐ-UBND": ("2013-09-25", "quyet-dinh", "id/org/31/uy-ban-nhan-dan"),
        "1862/QĐ-UBND": ("2013-09-25", "quyet-dinh", "id/org/31/uy-ban-nhan-dan"),
        "1964/QĐ-UBND": ("2013-10-07", "quyet-dinh", "id/org/31/uy-ban-nhan-dan"),
    }


def test_law_cited_by_name_keeps_its_name(seed: Store) -> None:
    row = one(seed, f"""SELECT ?b ?label WHERE {{ <{DECISION}> eli:based_on ?b .
        ?b eli:type_document <{CONCEPT}doctype/luat> ; rdfs:label ?label FILTER(lang(?label) = "vi") }}""")
    assert row == {"b": f"{BASE}eli/vn/qh/luat/2015/77", "label": "Luật Tổ chức chính quyền địa phương"}


def test_proposal_submission(seed: Store) -> None:
    row = one(seed, f"""SELECT ?p ?id ?date ?by ?resp WHERE {{
        <{DECISION}> pg:proposal ?p ; eli:cites ?p ; eli:responsibility_of_agent ?resp .
        ?p eli:id_local ?id ; eli:date_document ?date ; eli:passed_by ?by }}""")
    assert row == {"p": f"{BASE}eli/vn/skhcn-31/ttr/2016/12", "id": "12/TTr-SKHCN", "date": "2016-02-16",
                   "by": SKHCN, "resp": SKHCN}


def test_articles_and_recipients(seed: Store) -> None:
    articles = select(seed, f"""SELECT ?n WHERE {{ ?a eli:is_part_of <{DECISION}> ;
        eli:type_subdivision <{CONCEPT}subdivision/dieu> ; eli:number ?n }} ORDER BY ?n""")
    assert [r["n"] for r in articles] == ["1", "2"]
    recipients = select(seed, f"SELECT ?l WHERE {{ <{DECISION}> pg:recipient/rdfs:label ?l }}")
    assert {r["l"] for r in recipients} == {"CT, PCT Lê Khắc Nam", "Như Điều 2", "CPVP", "CV: KHCN, TH", "Lưu: VT"}


def test_five_plans_with_their_task_counts(seed: Store) -> None:
    rows = select(seed, f"""SELECT ?n (COUNT(?t) AS ?tasks) WHERE {{
        ?plan a pg:ActionPlan , prov:Plan ; eli:is_part_of <{DECISION}> ; eli:number ?n .
        ?t a pg:Task , pplan:Step , schema:Action ; pplan:isStepOfPlan ?plan }} GROUP BY ?n ORDER BY ?n""")
    assert [(r["n"], int(r["tasks"])) for r in rows] == [("1", 25), ("2", 6), ("3", 12), ("4", 10), ("5", 13)]


def test_every_task_has_a_lead_agency_and_a_period(seed: Store) -> None:
    rows = select(seed, """SELECT ?t (COUNT(DISTINCT ?a) AS ?leads) ?begin ?end WHERE {
        ?t a pg:Task ; schema:agent ?a ; dct:temporal ?i .
        ?i a time:Interval ; time:hasBeginning/time:inXSDgYear ?begin ; time:hasEnd/time:inXSDgYear ?end
        } GROUP BY ?t ?begin ?end""")
    assert len(rows) == 66
    assert Counter((r["begin"], r["end"]) for r in rows) == {("2016", "2020"): 62, ("2016", "2016"): 4}


def test_row_split_by_a_page_break(seed: Store) -> None:
    row = one(seed, """SELECT ?lead ?period ?first ?last WHERE {
        ?t a pg:Task ;
           rdfs:label "Xây dựng và tổ chức thực hiện dự án đầu tư Khu nông nghiệp ứng dụng công nghệ cao"@vi ;
           schema:agent/skos:prefLabel ?lead ; dct:temporal/rdfs:label ?period ;
           prov:wasDerivedFrom [ pg:startLine ?first ; pg:endLine ?last ] }""")
    assert row == {"lead": "Sở Nông nghiệp và Phát triển nông thôn", "period": "2016-2020", "first": "76", "last": "78"}


def test_continuation_row_and_html_cells_are_clean_text(seed: Store) -> None:
    row = one(seed, """SELECT ?label WHERE { ?t a pg:Task ; rdfs:label ?label
        FILTER(STRSTARTS(?label, "Tiếp tục triển khai 3 đề án")) }""")
    assert row["label"].endswith("Đẩy mạnh tuyên truyền, phổ biến tri thức khoa học và công nghệ.")
    markup = select(seed, """SELECT ?t WHERE { ?t a pg:Task ; rdfs:label ?l FILTER(REGEX(?l, "<[a-z/]")) }""")
    assert markup == []
    listed = one(seed, """SELECT ?label WHERE { ?t a pg:Task ; rdfs:label ?label
        FILTER(STRSTARTS(?label, "Tuyên truyền, phổ biến nâng cao nhận thức của doanh nghiệp")) }""")
    assert "+ Biên soạn và phát hành" in listed["label"]


def test_task_groups(seed: Store) -> None:
    rows = select(seed, """SELECT ?plan ?n ?title WHERE { ?g a pg:TaskGroup ; eli:is_part_of ?p ; eli:number ?n ;
        rdfs:label ?title . ?p eli:number ?plan } ORDER BY ?plan ?n""")
    assert [(r["plan"], r["n"]) for r in rows] == [
        ("1", "I"), ("1", "II"), ("1", "III"), ("1", "IV"), ("3", "I"), ("3", "II"), ("3", "III"),
        ("4", "I"), ("4", "II"), ("5", "I"), ("5", "II")]
    assert rows[0]["title"] == "NHÂN LỰC KHOA HỌC VÀ CÔNG NGHỆ"


def test_cited_instruments_link_to_their_iris(seed: Store) -> None:
    rows = select(seed, """SELECT ?i ?id (COUNT(DISTINCT ?t) AS ?tasks) WHERE {
        ?t a pg:Task ; eli:cites ?i ; eli:applies ?i . ?i eli:id_local ?id } GROUP BY ?i ?id""")
    got = {r["id"]: (r["i"].removeprefix(BASE), int(r["tasks"])) for r in rows}
    assert got == {
        "40/2014/NĐ-CP": ("eli/vn/cp/nd/2014/40", 1),
        "87/2014/NĐ-CP": ("eli/vn/cp/nd/2014/87", 1),
        "317/QĐ-TTg": ("eli/vn/ttg/qd/2012/317", 2),
        "2747/2015/QĐ-UBND": ("eli/vn/ubnd-31/qd/2015/2747", 1),
        "2716/2015/QĐ-UBND": ("eli/vn/ubnd-31/qd/2015/2716", 1),
    }


def test_national_decree_is_passed_by_the_government(seed: Store) -> None:
    row = one(seed, f"""SELECT ?by ?date ?label WHERE {{ <{BASE}eli/vn/cp/nd/2014/40> eli:passed_by ?by ;
        eli:date_document ?date . ?by skos:prefLabel ?label }}""")
    assert row == {"by": f"{BASE}id/org/vn/chinh-phu", "date": "2014-05-12", "label": "Chính phủ"}


def test_sixteen_distinct_lead_agencies(seed: Store) -> None:
    rows = select(seed, "SELECT DISTINCT ?a ?label WHERE { ?t a pg:Task ; schema:agent ?a . ?a skos:prefLabel ?label }")
    labels = sorted(r["label"] for r in rows)
    assert len(labels) == 16, labels
    assert "Sở Nông nghiệp và Phát triển nông thôn" in labels
    assert "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ" in labels  # OCR "tiên bộ" repaired


def test_several_lead_agencies_in_one_cell(seed: Store) -> None:
    rows = select(seed, """SELECT ?label WHERE { ?t a pg:Task ; schema:agent/skos:prefLabel ?label ;
        rdfs:label ?text FILTER(STRSTARTS(?text, "Tổ chức các Hội thi sáng tạo kỹ thuật")) }""")
    assert sorted(r["label"] for r in rows) == [
        "Hội Nông dân", "Liên hiệp các Hội Khoa học và Kỹ thuật", "Liên đoàn Lao động", "Thành đoàn"]


def test_agency_surface_forms_are_alternative_labels(seed: Store) -> None:
    rows = select(seed, f"""SELECT ?alt WHERE {{ <{BASE}id/org/31/trung-tam-thong-tin-khoa-hoc-va-cong-nghe>
        skos:prefLabel "Trung tâm Thông tin Khoa học và Công nghệ"@vi ; skos:altLabel ?alt }}""")
    assert {r["alt"] for r in rows} == {"Trung tâm Thông tin KH&CN", "Trung tâm thông tin Khoa học và Công nghệ"}


def test_departments_belong_to_the_peoples_committee(seed: Store) -> None:
    rows = select(seed, """SELECT ?label ?parent WHERE { ?a a org:Organization ; skos:prefLabel ?label
        FILTER(STRSTARTS(?label, "Sở ")) OPTIONAL { ?a org:subOrganizationOf ?parent } }""")
    assert len(rows) == 6  # KH&CN, NN&PTNT, Công Thương, TT&TT, KH&ĐT, Tài chính
    assert {r.get("parent") for r in rows} == {UBND}
    units = select(seed, f"""SELECT ?label WHERE {{ ?a org:subOrganizationOf <{SKHCN}> ; skos:prefLabel ?label }}""")
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in {r["label"] for r in units}


def test_plan_one_targets(seed: Store) -> None:
    rows = select(seed, f"""SELECT ?value ?min ?max ?unit ?cmp ?type ?year WHERE {{
        <{DECISION}/kh-1> pg:hasObjective/pg:hasTarget ?t .
        ?t a schema:QuantitativeValue ; pg:comparator ?c ; pg:targetType ?ty .
        BIND(STRAFTER(STR(?c), "comparator/") AS ?cmp) BIND(STRAFTER(STR(?ty), "target-type/") AS ?type)
        OPTIONAL {{ ?t schema:value ?value }} OPTIONAL {{ ?t schema:minValue ?min ; schema:maxValue ?max }}
        OPTIONAL {{ ?t qudt:unit ?u BIND(REPLACE(STR(?u), "^.*/", "") AS ?unit) }}
        OPTIONAL {{ ?t pg:targetTime/time:inXSDgYear ?year }} }}""")
    got = sorted(tuple(r.get(k, "") for k in ("value", "min", "max", "unit", "cmp", "type", "year")) for r in rows)
    assert got == sorted([
        ("850", "", "", "per-10k-inhabitants", "eq", "level", "2020"),
        ("", "12", "13", "per-10k-inhabitants", "between", "level", "2020"),
        ("20", "", "", "PERCENT", "eq", "annual-growth", ""),
        ("40", "", "", "PERCENT", "eq", "level", "2020"),
        ("2", "", "", "PERCENT", "gt", "level", "2020"),
        ("2", "", "", "PERCENT", "ge", "level-each-year", ""),
    ])


def test_baseline_period_of_a_multiple_target(seed: Store) -> None:
    row = one(seed, f"""SELECT ?v ?b ?e WHERE {{ ?t pg:targetType <{CONCEPT}target-type/multiple-of-baseline> ;
        schema:value ?v ;
        pg:baselinePeriod [ time:hasBeginning/time:inXSDgYear ?b ; time:hasEnd/time:inXSDgYear ?e ] }}""")
    assert row == {"v": "2", "b": "2011", "e": "2015"}


def test_every_typed_node_has_a_vietnamese_label(seed: Store) -> None:
    rows = select(seed, """SELECT DISTINCT ?x WHERE { ?x a ?c FILTER(isIRI(?x))
        FILTER NOT EXISTS { ?x rdfs:label ?l FILTER(lang(?l) = "vi") } }""")
    assert rows == []


def test_every_quote_is_the_source_text_at_its_offsets(seed: Store) -> None:
    rows = select(seed, """SELECT ?x ?exact ?start ?end ?first ?last ?text WHERE {
        ?sr a oa:SpecificResource ; oa:hasSource/cnt:chars ?text ; pg:startLine ?first ; pg:endLine ?last ;
            oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] ,
                           [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] }""")
    assert len(rows) > 200
    for row in rows:
        text, start, end = row["text"], int(row["start"]), int(row["end"])
        assert text[start:end] == row["exact"]
        assert text.count("\n", 0, start) + 1 == int(row["first"])
        assert text.count("\n", 0, end) + 1 == int(row["last"])


def test_provenance_of_tasks_objectives_targets_citations_agencies(seed: Store) -> None:
    for cls in ("pg:Task", "pg:Objective", "pg:Target", "pg:ActionPlan"):
        missing = select(seed, f"SELECT ?x WHERE {{ ?x a {cls} FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?s }} }}")
        assert missing == [], cls
    for cls in ("pg:CitationMention", "pg:AgencyMention"):
        missing = select(seed, f"""SELECT ?x WHERE {{ ?x a {cls}
            FILTER NOT EXISTS {{ ?x oa:hasTarget/oa:hasSource ?s }} }}""")
        assert missing == [], cls
    quote = one(seed, f"""SELECT ?exact WHERE {{ ?m a pg:CitationMention ; oa:hasBody <{BASE}eli/vn/cp/nd/2014/40> ;
        oa:hasTarget/oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] }}""")
    assert quote["exact"] == "Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ"


def test_no_task_carries_a_status_the_document_does_not_state(seed: Store) -> None:
    """A plan says what is to be done, not whether it was: no default schema:actionStatus is asserted."""
    rows = select(seed, "SELECT (COUNT(*) AS ?n) WHERE { ?t a pg:Task ; schema:actionStatus ?s }")
    assert rows[0]["n"] == "0"
