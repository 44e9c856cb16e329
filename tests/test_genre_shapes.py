"""Shapes of the genre beyond the corpus, from invented fixtures in tests/data/layouts: prose task blocks,
nested and Arabic-numbered groups, header wording variants, targets tables, web-page debris, drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pyoxigraph import Store
from support import BASE, ROOT, run_cli, select, tree_digest

from plangraph.ingest.pipeline import Prepared, prepare
from plangraph.ingest.read.chrome import is_chrome
from plangraph.ingest.records import TaskGroup
from plangraph.language.columns import column_role
from plangraph.ontology.iris import Minter

LAYOUTS = ROOT / "tests" / "data" / "layouts"
CONCEPT = "https://w3id.org/plangraph/concept/"


def ingest(name: str) -> tuple[Prepared, Store]:
    item = prepare(LAYOUTS / name, Minter())
    assert item.report is not None and item.report.conforms, item.report and item.report.text()
    store = Store()
    store.extend(item.quads)
    return item, store


def agencies(store: Store, task: str, prop: str) -> list[str]:
    rows = select(store, f"SELECT ?a WHERE {{ <{task}> {prop} ?a }} ORDER BY ?a")
    return [r["a"].rsplit("/", 1)[-1] for r in rows]


def table_tasks(plan):  # type: ignore[no-untyped-def]
    """The tasks of a plan's task table, without the duties its TỔ CHỨC THỰC HIỆN section gives named agencies."""
    return [t for t in plan.tasks if not (t.group and "TỔ CHỨC THỰC HIỆN" in t.group.title)]


def unplaced(item: Prepared) -> list[tuple[int, str]]:
    return [(u.lineno, u.reason) for u in item.doc.unplaced]


def test_prose_task_blocks_become_tasks_with_lead_participants_period_result_and_funding() -> None:
    item, store = ingest("prose_task_blocks.txt")
    (plan,) = item.doc.plans
    assert [t.number for t in table_tasks(plan)] == ["1", "2", "3", "4"]
    assert [g.title for g in plan.groups] == ["TỔ CHỨC THỰC HIỆN"]  # whose sentence names an agency: a task
    kh = f"{BASE}eli/vn/ubnd-49/kh/2025/214/kh-1"
    first = f"{kh}/nhiem-vu-1"
    assert agencies(store, first, "schema:agent") == ["so-khoa-hoc-va-cong-nghe"]
    assert agencies(store, first, "schema:participant") == ["so-tai-chinh", "uy-ban-nhan-dan-cap-huyen"]
    rows = select(store, f"""SELECT ?name ?result ?funding ?start ?end WHERE {{ <{first}> schema:name ?name ;
        pg:expectedResult ?result ; pg:fundingText ?funding ; dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end }}""")
    assert rows == [{"name": "Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh.",
                     "result": "Cơ sở dữ liệu khoa học và công nghệ được vận hành", "funding": "Ngân sách tỉnh",
                     "start": "2025-10-01", "end": "2025-12-31"}]
    schedules = select(store, f"""SELECT ?n ?s WHERE {{ ?t pplan:isStepOfPlan <{kh}> ; eli:number ?n ;
        dct:temporal/pg:schedule ?s FILTER NOT EXISTS {{ ?t pg:taskGroup ?g }} }} ORDER BY ?n""")
    assert schedules == [{"n": "2", "s": f"{CONCEPT}schedule/annual"},
                         {"n": "4", "s": f"{CONCEPT}schedule/continuous"}]
    # IV. TỔ CHỨC THỰC HIỆN gives its line 43 to the bodies it names: a task of theirs, with its deadline
    (duty,) = [t for t in plan.tasks if t.group]
    assert ([m.agency.key for m in duty.leads], duty.loc.first_line, duty.period_text) == (
        ["cac-so-ban-nganh", "uy-ban-nhan-dan-cap-huyen"], 43, "trước ngày 15 tháng 12 hằng năm")
    cited = select(store, f"SELECT ?c WHERE {{ <{kh}/nhiem-vu-2> eli:cites ?c }}")
    assert cited == [{"c": f"{BASE}eli/vn/ttg/qd/2020/749"}]
    quote = select(store, f"""SELECT ?first ?last WHERE {{ <{first}> prov:wasDerivedFrom ?q .
        ?q pg:startLine ?first ; pg:endLine ?last }}""")
    assert quote == [{"first": "21", "last": "26"}]
    assert unplaced(item) == [(37, "field 'Ghi chú' of task 3 is not read")]
    # The plan's opening line 11 is the document's preamble: the instruments it names are cited from the document,
    # and the bare "Nghị quyết số 57-NQ/TW" of line 14 is the one line 11 dates.
    doc = f"{BASE}eli/vn/ubnd-49/kh/2025/214"
    opening = select(store, f"""SELECT ?c WHERE {{ <{doc}> eli:cites ?c . ?m oa:hasBody ?c ;
        oa:hasTarget/pg:startLine 11 }} ORDER BY ?c""")
    assert opening == [{"c": f"{BASE}eli/vn/tu-49/ctr/2025/10"}, {"c": f"{BASE}eli/vn/tw/nq/2024/57"}]
    later = select(store, f"SELECT ?c WHERE {{ <{kh}/phan-1/doan-1> eli:cites ?c }}")
    assert later == [{"c": f"{BASE}eli/vn/tw/nq/2024/57"}]
    # The prose of the sections the parser draws no facts from is kept, paragraph by paragraph, with its lines.
    kept = select(store, f"""SELECT ?number ?heading ?line WHERE {{ ?s a pg:PlanSection ; eli:is_part_of <{kh}> ;
        eli:number ?number ; rdfs:label ?heading ; eli:has_part ?p . ?p prov:wasDerivedFrom/pg:startLine ?line }}
        ORDER BY ?line""")
    assert [(r["number"], r["heading"], r["line"]) for r in kept] == [("I", "MỤC ĐÍCH, YÊU CẦU", "14")]


def test_three_level_grouping_keeps_each_task_s_group_path() -> None:
    item, store = ingest("three_level_groups.txt")
    (plan,) = item.doc.plans
    paths = [(t.number, _path(t.group)) for t in table_tasks(plan)]
    assert paths == [("1.1", "A/I"), ("1.2", "A/I"), ("2.1", "A/II"), ("2.2", "A/II"),
                     ("1.1", "B/I"), ("1.2", "B/I"), ("1", "C")]
    kh = f"{BASE}eli/vn/ubnd-40/qd/2025/1520/kh-1"
    chains = select(store, f"""SELECT ?task ?n ?g1 ?g2 WHERE {{ ?task pplan:isStepOfPlan <{kh}> ; eli:number ?n ;
        pg:taskGroup ?group . ?group eli:number ?g2 ; eli:is_part_of ?outer .
        OPTIONAL {{ ?outer a pg:TaskGroup ; eli:number ?g1 ; eli:is_part_of <{kh}> }} }}""")
    found = sorted((r["task"].rsplit("/", 1)[-1], r.get("g1", ""), r["g2"], r["n"]) for r in chains
                   if r["g2"] != "III")
    assert found == [("nhiem-vu-2.1.1", "A", "I", "1.1"), ("nhiem-vu-2.1.2", "A", "I", "1.2"),
                     ("nhiem-vu-3.2.1", "A", "II", "2.1"), ("nhiem-vu-3.2.2", "A", "II", "2.2"),
                     ("nhiem-vu-5.1.1", "B", "I", "1.1"), ("nhiem-vu-5.1.2", "B", "I", "1.2"),
                     ("nhiem-vu-6.1", "", "C", "1")]
    task = f"{kh}/nhiem-vu-2.1.1"
    assert agencies(store, task, "schema:agent") == ["so-khoa-hoc-va-cong-nghe"]
    assert agencies(store, task, "schema:participant") == ["so-tai-chinh", "so-tu-phap"]
    assert select(store, f"SELECT ?c WHERE {{ <{task}> eli:applies ?c }}") == [{"c": f"{BASE}eli/vn/cp/nd/2019/13"}]
    period = select(store, f"""SELECT ?start ?end WHERE {{ <{kh}/nhiem-vu-3.2.2> dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDgYear ?start ; time:hasEnd/time:inXSDgYear ?end }}""")
    assert period == [{"start": "2025", "end": "2035"}]
    assert unplaced(item) == []
    # III. TỔ CHỨC THỰC HIỆN (line 55) names an agency as the subject of its duty: a task of that agency
    (duty,) = [t for t in plan.tasks if t.group and t.group.number == "III"]
    assert ([m.agency.key for m in duty.leads], duty.loc.first_line) == (["so-thong-tin-va-truyen-thong"], 55)


def _path(group: TaskGroup | None) -> str:
    parts = []
    while group is not None:
        parts.insert(0, group.number)
        group = group.parent
    return "/".join(parts)


def test_arabic_numbered_groups_hold_the_tasks_numbered_inside_them() -> None:
    item, store = ingest("pipe_arabic_groups.txt")
    assert item.doc.layout == "pipe"
    (plan,) = item.doc.plans
    assert [(g.number, g.title) for g in plan.groups][:3] == [
        ("1", "Lĩnh vực nông nghiệp"), ("2", "Lĩnh vực công nghiệp"), ("3", "Lĩnh vực y tế")]
    assert [(t.number, _path(t.group)) for t in table_tasks(plan)] == [
        ("1.1", "1"), ("1.2", "1"), ("2.1", "2"), ("2.2", "2"), ("2.3", "2"), ("3.1", "3")]
    kh = f"{BASE}eli/vn/ubnd-52/kh/2025/87/kh-1"
    task = f"{kh}/nhiem-vu-2.2.1"
    assert agencies(store, task, "schema:agent") == ["so-cong-thuong"]
    assert agencies(store, task, "schema:participant") == ["so-khoa-hoc-va-cong-nghe", "so-tai-chinh"]
    assert select(store, f"SELECT ?c WHERE {{ <{task}> eli:applies ?c }}") == [{"c": f"{BASE}eli/vn/ttg/qd/2021/1158"}]
    name = select(store, f"SELECT ?n WHERE {{ <{kh}/nhiem-vu-1.1.1> schema:name ?n }}")
    assert name == [{"n": "Ứng dụng công nghệ sinh học trong sản xuất giống cây trồng"}]
    assert unplaced(item) == []  # III. TỔ CHỨC THỰC HIỆN (line 129): its duty is a task, the rest section text


def test_a_task_number_printed_twice_in_one_plan_still_gives_two_tasks() -> None:
    text = (LAYOUTS / "three_level_groups.txt").read_text(encoding="utf-8")
    table = text[text.index("STT\t"):text.index("\n\nIII.")]
    header = "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện"
    rows = ["1\tRà soát quy định về đổi mới sáng tạo\tSở Khoa học và Công nghệ\t2025",
            "2\tXây dựng trung tâm dữ liệu tỉnh\tSở Thông tin và Truyền thông\t2026"]
    item = _prepare_text(text.replace(table, "\n".join([header, *rows, "", header, *rows])), "twice.txt")
    assert [t.number for t in table_tasks(item.doc.plans[0])] == ["1", "2", "1", "2"]
    kh = f"{BASE}eli/vn/ubnd-40/qd/2025/1520/kh-1"
    tasks = sorted(q.subject.value.removeprefix(kh) for q in item.quads
                   if q.predicate.value.endswith("#type") and q.object.value.endswith("ontology#Task"))
    assert [t for t in tasks if t.count(".") == 0] == ["/nhiem-vu-1", "/nhiem-vu-1-3", "/nhiem-vu-2", "/nhiem-vu-2-4"]


def _prepare_text(text: str, name: str) -> Prepared:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return prepare(path, Minter())


# Header wordings of the genre's task tables; None drops that column (and its cells) from the fixture's table.
HEADER_VARIANTS = {
    "canonical": ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả dự kiến", "Kinh phí",
                  "Thời gian hoàn thành"),
    "don-vi-thuc-hien": ("TT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Đơn vị phối hợp", "Sản phẩm",
                         "Kinh phí thực hiện", "Thời gian thực hiện"),
    "short": ("STT", "Tên nhiệm vụ", "Chủ trì", "Phối hợp", "Sản phẩm đầu ra", "Nguồn kinh phí", "Tiến độ"),
    "long": ("Số TT", "Nhiệm vụ, giải pháp", "Cơ quan, đơn vị chủ trì thực hiện", "Cơ quan, đơn vị phối hợp",
             "Kết quả/sản phẩm", "Dự kiến kinh phí (triệu đồng)", "Thời gian thực hiện/hoàn thành"),
    "capitals": ("**STT**", "**NHIỆM VỤ VÀ GIẢI PHÁP**", "**CHỦ TRÌ**", "**PHỐI HỢP**", "**KẾT QUẢ DỰ KIẾN**",
                 "**KINH PHÍ**", "**THỜI GIAN**"),
    "five-columns": ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", None, None, "Thời gian"),
    "six-columns": ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", None, "Thời hạn hoàn thành"),
    "note-column": ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả dự kiến", "Ghi chú",
                    "Thời gian hoàn thành"),
}


def _with_header(text: str, header: tuple[str | None, ...]) -> str:
    """*text* with its task table's header replaced by *header*, dropping the columns named None."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| STT | Nhiệm vụ |"))
    keep = [i for i, name in enumerate(header) if name is not None]
    body = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[start + 2:start + 9]]
    table = [[name for name in header if name is not None], ["---"] * len(keep),
             *([cells[i] for i in keep] for cells in body)]
    return "\n".join(lines[:start] + ["| " + " | ".join(cells) + " |" for cells in table] + lines[start + 9:])


@pytest.mark.parametrize("variant", HEADER_VARIANTS)
def test_task_tables_read_alike_whatever_their_header_wording(variant: str) -> None:
    header = HEADER_VARIANTS[variant]
    text = _with_header((LAYOUTS / "gfm_header_variants.txt").read_text(encoding="utf-8"), header)
    item = _prepare_text(text, f"{variant}.txt")
    assert item.report is not None and item.report.conforms
    (plan,) = item.doc.plans
    assert [(t.number, t.group.number if t.group else "") for t in table_tasks(plan)] == [
        ("1", "I"), ("2", "I"), ("3", "II"), ("4", "II"), ("5", "II")]
    second = plan.tasks[1]
    assert [m.agency.key for m in second.leads] == ["so-cong-thuong"]
    assert [m.agency.key for m in second.partners] == ["cong-an-tinh", "so-tai-chinh"]
    assert second.period is not None and second.period.schedule == "continuous"
    third = plan.tasks[2]
    assert third.period is not None and (third.period.start_date, third.period.end_date) == (
        dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert third.result == ("200 doanh nghiệp được hỗ trợ" if header[4] else "")
    funding = header[5] is not None and column_role(header[5]) == "funding"
    assert third.funding == ("Nguồn xã hội hóa" if funding else "")
    store = Store()
    store.extend(item.quads)
    iris = select(store, f"""SELECT ?t WHERE {{ ?t pplan:isStepOfPlan <{BASE}eli/vn/ubnd-19/qd/2025/742/kh-1> }}
        ORDER BY ?t""")
    assert [r["t"].rsplit("/", 1)[-1] for r in iris][:5] == [
        "nhiem-vu-1.1", "nhiem-vu-1.2", "nhiem-vu-2.3", "nhiem-vu-2.4", "nhiem-vu-2.5"]
    notes = [u for u in item.doc.unplaced if u.reason.startswith("column ")]
    if variant == "note-column":
        assert [(u.lineno, u.reason, u.text) for u in notes][:2] == [
            (43, "column 'Ghi chú' is not read", "Ngân sách tỉnh"), (44, "column 'Ghi chú' is not read",
                                                                      "Ngân sách tỉnh")]
        assert len(notes) == 5
    else:
        assert notes == []


def test_targets_tables_without_a_time_column_become_targets_with_the_year_of_their_column() -> None:
    item, store = ingest("targets_tables.txt")
    kh = f"{BASE}eli/vn/ubnd-68/kh/2025/96/kh-1"
    rows = select(store, f"""SELECT ?indicator ?value ?min ?max ?unit ?cmp ?year ?line WHERE {{
        <{kh}> pg:hasObjective/pg:hasTarget ?t . ?t pg:indicatorText ?indicator ; schema:unitText ?unit ;
        pg:comparator ?c ; pg:targetTime/time:inXSDgYear ?year ; prov:wasDerivedFrom/pg:startLine ?line .
        OPTIONAL {{ ?t schema:value ?value }} OPTIONAL {{ ?t schema:minValue ?min ; schema:maxValue ?max }}
        BIND(STRAFTER(STR(?c), "comparator/") AS ?cmp) }}""")
    found = sorted((int(r["line"]), r["indicator"][:24], r.get("value") or f"{r['min']}-{r['max']}", r["unit"],
                    r["cmp"], r["year"]) for r in rows)
    assert found == [
        (17, "Số doanh nghiệp khoa học", "15", "doanh nghiệp", "eq", "2025"),
        (17, "Số doanh nghiệp khoa học", "40", "doanh nghiệp", "eq", "2030"),
        (18, "Tỷ lệ doanh nghiệp có ho", "20", "%", "ge", "2025"),
        (18, "Tỷ lệ doanh nghiệp có ho", "40-45", "%", "between", "2030"),
        (19, "Tổng chi cho khoa học và", "1", "%", "eq", "2025"),
        (19, "Tổng chi cho khoa học và", "2", "%", "eq", "2030"),
        (20, "Số sáng chế được cấp văn", "25", "sáng chế", "eq", "2030"),
        (23, "Tỷ lệ hộ gia đình có kết", "100", "%", "eq", "2030"),
        (24, "Số trạm phát sóng 5G", "1500", "trạm", "eq", "2030"),
    ]
    assert len(table_tasks(item.doc.plans[0])) == 2
    assert unplaced(item) == [
        (17, "column 'Thực hiện năm 2024' of a targets table is not read"),
        (18, "column 'Thực hiện năm 2024' of a targets table is not read"),
        (19, "column 'Thực hiện năm 2024' of a targets table is not read"),
        (20, "value of 'Năm 2025' for 'Số sáng chế được cấp văn bằng bảo hộ': not a number"),
    ]


def test_a_saved_web_page_ingests_with_its_chrome_and_its_cut_off_row_reported() -> None:
    item, store = ingest("web_page_chrome.txt")
    assert item.doc.layout == "gfm"
    (plan,) = item.doc.plans
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    kh = f"{BASE}eli/vn/ubnd-22/kh/2025/305/kh-1"
    assert agencies(store, f"{kh}/nhiem-vu-2", "schema:agent") == ["so-khoa-hoc-va-cong-nghe"]
    cited = select(store, f"SELECT ?c WHERE {{ <{BASE}eli/vn/ubnd-22/kh/2025/305> eli:based_on ?c }}")
    assert cited == [{"c": f"{BASE}eli/vn/ttg/qd/2020/749"}]  # the related-links list cites nothing
    chrome = "site chrome (navigation, links, footer of the web page), not read"
    assert unplaced(item) == [
        (1, chrome), (2, chrome), (3, chrome), (4, chrome),
        (27, "cut-off table row: 3 of 5 cells complete, the row ends without its closing '|' (the page stops "
             "inside the table), not read"),
        (29, chrome), (30, chrome), (31, chrome), (32, chrome), (33, chrome),
    ]


@pytest.mark.parametrize(("line", "expected"), [
    ("[Trang chủ](https://a.invalid/) | [Tin tức](https://a.invalid/tin)", True),
    ("Trang chủ > Văn bản > Kế hoạch 305/KH-UBND", True),
    ("Đăng nhập | Đăng ký", True),
    ("**Tải về**", True),
    ("Bản quyền © 2025 Cổng thông tin.", True),
    ("- Đơn vị chủ trì: Sở Khoa học và Công nghệ.", False),
    ("Sở Thông tin và Truyền thông chủ trì, theo dõi việc thực hiện > 30 nhiệm vụ.", False),
    ("Liên hệ với Sở Tài chính để bố trí kinh phí.", False),
])
def test_site_chrome_is_told_from_document_text(line: str, expected: bool) -> None:
    assert is_chrome(line) is expected


DRAFT_MARKS = {
    "blank-number": ("Số: 214/KH-UBND", "Số:      /KH-UBND", 5, "draft: the number is left blank"),
    "dotted-number": ("Số: 214/KH-UBND", "Số: …/KH-UBND", 5, "draft: the number is left blank"),
    "blank-date": ("ngày 12 tháng 3 năm 2025", "ngày … tháng … năm 2025", 6, "draft: the date is left blank"),
    "marked": ("KẾ HOẠCH\n", "DỰ THẢO\nKẾ HOẠCH\n", 8, "draft: the document is marked 'DỰ THẢO'"),
}


def test_the_draft_fixture_is_refused_at_its_blank_number(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(LAYOUTS / "draft_blank_number.txt"))
    assert code == 2 and "draft_blank_number.txt:5: draft: the number is left blank" in err
    assert "ingest the issued document" in err and "nothing was written" in err
    assert tree_digest(store) == {}


@pytest.mark.parametrize("mark", DRAFT_MARKS)
def test_drafts_are_refused_naming_the_line_that_shows_it(mark: str, tmp_path: Path) -> None:
    issued, draft, lineno, reason = DRAFT_MARKS[mark]
    text = (LAYOUTS / "prose_task_blocks.txt").read_text(encoding="utf-8")
    assert issued in text
    path = tmp_path / f"{mark}.txt"
    path.write_text(text.replace(issued, draft, 1), encoding="utf-8")
    code, _, err = run_cli("ingest", "--store", str(tmp_path / "store"), str(path))
    assert code == 2 and f"{path.name}:{lineno}: {reason}" in err
    assert tree_digest(tmp_path / "store") == {}


def test_numbered_work_items_become_tasks_with_the_assignment_in_their_bracket() -> None:
    """A plan without a task table lists its work as numbered items under "II. NỘI DUNG CÔNG TÁC"; an item may close
    with "(Giao X chủ trì, phối hợp với Y …)", which names its lead and partners."""
    item, store = ingest("numbered_work_items.txt")
    (plan,) = item.doc.plans
    assert [t.number for t in table_tasks(plan)] == ["1", "2", "3"]
    assert [s.heading for s in plan.sections] == ["MỤC ĐÍCH, YÊU CẦU"]  # III's one sentence is a task of its bodies
    task = f"{BASE}eli/vn/ubnd-40/kh/2024/87/kh-1/nhiem-vu-1."
    assert agencies(store, task + "1", "schema:agent") == ["so-tu-phap"]
    assert agencies(store, task + "1", "schema:participant") == ["so-noi-vu", "so-thong-tin-va-truyen-thong"]
    notes = select(store, f"SELECT ?n ?name WHERE {{ <{task}1> pg:participantNote ?n ; schema:name ?name }}")
    assert notes == [{"n": "các cơ quan, đơn vị có liên quan",
                      "name": "Tổ chức phổ biến Luật Phổ biến, giáo dục pháp luật năm 2012 đến cán bộ, công chức"}]
    assert agencies(store, task + "2", "schema:agent") == []
    assert plan.tasks[1].text.endswith("Ưu tiên các xã vùng sâu, vùng xa.")  # a bullet under an item continues it
    assert agencies(store, task + "3", "schema:agent") == ["uy-ban-nhan-dan-cap-huyen"]
    group = select(store, f"""SELECT ?level WHERE {{ <{BASE}id/org/40/uy-ban-nhan-dan-cap-huyen> a foaf:Group ;
        pg:administrativeLevel ?level ; dct:spatial <{BASE}id/place/40> }}""")
    assert group == [{"level": f"{CONCEPT}administrative-level/district"}]
    cited = select(store, f"SELECT ?c WHERE {{ <{task}3> eli:cites ?c }}")
    assert cited == [{"c": f"{BASE}eli/vn/cp/nd/2013/28"}]


def test_objectives_printed_in_the_approving_article_belong_to_the_annexed_plan() -> None:
    """A decision approves a Đề án "với những nội dung chính sau đây", prints its objectives in Điều 1 under "a) Đến
    năm 2027" headings and its tasks in an annex; the objectives and dated targets are the plan's, and the
    provincial bodies it names are groups of every province's body of that kind."""
    item, store = ingest("article_objectives_annex_tasks.txt")
    (plan,) = item.doc.plans
    assert [o.text for o in plan.objectives] == [
        "Hình thành hệ thống dữ liệu giao thông thống nhất, kết nối liên thông.",
        "80% hồ sơ quản lý công trình giao thông được số hóa;",
        "100% dữ liệu công trình giao thông được kết nối, chia sẻ."]
    assert [(t.value, t.target_year) for o in plan.objectives for t in o.targets] == [(80, 2027), (100, 2035)]
    assert [t.number for t in plan.tasks] == ["1", "2", "3"]
    doc = f"{BASE}eli/vn/ttg/qd/2025/1203"
    assert select(store, f"SELECT ?a WHERE {{ <{doc}> eli:responsibility_of_agent ?a }}") == [
        {"a": f"{BASE}id/org/vn/bo-xay-dung"}]
    task = f"{doc}/kh-1/nhiem-vu-"
    assert agencies(store, task + "1", "schema:participant") == ["bo-tai-chinh"]
    assert select(store, f"SELECT ?n WHERE {{ <{task}1> pg:participantNote ?n }}") == [
        {"n": "các cơ quan, đơn vị liên quan"}]
    assert agencies(store, task + "3", "schema:agent") == ["uy-ban-nhan-dan-cap-tinh"]
    assert agencies(store, task + "3", "schema:participant") == ["so-xay-dung-cap-tinh"]
    label = select(store, f"""SELECT ?l WHERE {{ <{BASE}id/org/vn/so-xay-dung-cap-tinh> a foaf:Group ;
        rdfs:label ?l FILTER(LANG(?l) = "en") }}""")
    assert label == [{"l": "Department of Construction (provincial, collectively)"}]
