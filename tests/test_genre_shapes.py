"""Shapes of the genre beyond the corpus, from invented fixtures in tests/data/layouts: prose task blocks,
nested and Arabic-numbered groups, header wording variants, targets tables, web-page debris, drafts."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store
from support import BASE, ROOT, select

from plangraph.ingest.iris import Minter
from plangraph.ingest.pipeline import Prepared, prepare
from plangraph.ingest.records import TaskGroup

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


def unplaced(item: Prepared) -> list[tuple[int, str]]:
    return [(u.lineno, u.reason) for u in item.doc.unplaced]


def test_prose_task_blocks_become_tasks_with_lead_participants_period_result_and_funding() -> None:
    item, store = ingest("prose_task_blocks.txt")
    (plan,) = item.doc.plans
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4"] and plan.groups == []
    kh = f"{BASE}eli/vn/ubnd-49/kh/2025/214/kh-1"
    first = f"{kh}/nhiem-vu-1"
    assert agencies(store, first, "schema:agent") == ["so-khoa-hoc-va-cong-nghe"]
    assert agencies(store, first, "schema:participant") == ["so-tai-chinh", "uy-ban-nhan-dan-cac-huyen"]
    rows = select(store, f"""SELECT ?name ?result ?funding ?start ?end WHERE {{ <{first}> schema:name ?name ;
        pg:expectedResult ?result ; pg:fundingText ?funding ; dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end }}""")
    assert rows == [{"name": "Xây dựng cơ sở dữ liệu khoa học và công nghệ của tỉnh.",
                     "result": "Cơ sở dữ liệu khoa học và công nghệ được vận hành", "funding": "Ngân sách tỉnh",
                     "start": "2025-10-01", "end": "2025-12-31"}]
    schedules = select(store, f"""SELECT ?n ?s WHERE {{ ?t pplan:isStepOfPlan <{kh}> ; eli:number ?n ;
        dct:temporal/pg:schedule ?s }} ORDER BY ?n""")
    assert schedules == [{"n": "2", "s": f"{CONCEPT}schedule/annual"},
                         {"n": "4", "s": f"{CONCEPT}schedule/continuous"}]
    cited = select(store, f"SELECT ?c WHERE {{ <{kh}/nhiem-vu-2> eli:cites ?c }}")
    assert cited == [{"c": f"{BASE}eli/vn/ttg/qd/2020/749"}]
    quote = select(store, f"""SELECT ?first ?last WHERE {{ <{first}> prov:wasDerivedFrom ?q .
        ?q pg:startLine ?first ; pg:endLine ?last }}""")
    assert quote == [{"first": "21", "last": "26"}]
    assert unplaced(item) == [
        (11, "not part of any recognised structure"),
        (14, "prose of section 'I. MỤC ĐÍCH, YÊU CẦU', not extracted"),
        (37, "field 'Ghi chú' of task 3 is not read"),
        (43, "prose of section 'IV. TỔ CHỨC THỰC HIỆN', not extracted"),
    ]


def test_three_level_grouping_keeps_each_task_s_group_path() -> None:
    item, store = ingest("three_level_groups.txt")
    (plan,) = item.doc.plans
    paths = [(t.number, _path(t.group)) for t in plan.tasks]
    assert paths == [("1.1", "A/I"), ("1.2", "A/I"), ("2.1", "A/II"), ("2.2", "A/II"),
                     ("1.1", "B/I"), ("1.2", "B/I"), ("1", "C")]
    kh = f"{BASE}eli/vn/ubnd-40/qd/2025/1520/kh-1"
    chains = select(store, f"""SELECT ?task ?n ?g1 ?g2 WHERE {{ ?task pplan:isStepOfPlan <{kh}> ; eli:number ?n ;
        pg:taskGroup ?group . ?group eli:number ?g2 ; eli:is_part_of ?outer .
        OPTIONAL {{ ?outer a pg:TaskGroup ; eli:number ?g1 ; eli:is_part_of <{kh}> }} }}""")
    found = sorted((r["task"].rsplit("/", 1)[-1], r.get("g1", ""), r["g2"], r["n"]) for r in chains)
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
    assert unplaced(item) == [(55, "prose of section 'III. TỔ CHỨC THỰC HIỆN', not extracted")]


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
    assert [(g.number, g.title) for g in plan.groups] == [
        ("1", "Lĩnh vực nông nghiệp"), ("2", "Lĩnh vực công nghiệp"), ("3", "Lĩnh vực y tế")]
    assert [(t.number, _path(t.group)) for t in plan.tasks] == [
        ("1.1", "1"), ("1.2", "1"), ("2.1", "2"), ("2.2", "2"), ("2.3", "2"), ("3.1", "3")]
    kh = f"{BASE}eli/vn/ubnd-52/kh/2025/87/kh-1"
    task = f"{kh}/nhiem-vu-2.2.1"
    assert agencies(store, task, "schema:agent") == ["so-cong-thuong"]
    assert agencies(store, task, "schema:participant") == ["so-khoa-hoc-va-cong-nghe", "so-tai-chinh"]
    assert select(store, f"SELECT ?c WHERE {{ <{task}> eli:applies ?c }}") == [{"c": f"{BASE}eli/vn/ttg/qd/2021/1158"}]
    name = select(store, f"SELECT ?n WHERE {{ <{kh}/nhiem-vu-1.1.1> schema:name ?n }}")
    assert name == [{"n": "Ứng dụng công nghệ sinh học trong sản xuất giống cây trồng"}]
    assert unplaced(item) == [(129, "prose of section 'III. TỔ CHỨC THỰC HIỆN', not extracted")]


def test_a_task_number_printed_twice_in_one_plan_still_gives_two_tasks() -> None:
    text = (LAYOUTS / "three_level_groups.txt").read_text(encoding="utf-8")
    table = text[text.index("STT\t"):text.index("\n\nIII.")]
    header = "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện"
    rows = ["1\tRà soát quy định về đổi mới sáng tạo\tSở Khoa học và Công nghệ\t2025",
            "2\tXây dựng trung tâm dữ liệu tỉnh\tSở Thông tin và Truyền thông\t2026"]
    item = _prepare_text(text.replace(table, "\n".join([header, *rows, "", header, *rows])), "twice.txt")
    assert [t.number for t in item.doc.plans[0].tasks] == ["1", "2", "1", "2"]
    kh = f"{BASE}eli/vn/ubnd-40/qd/2025/1520/kh-1"
    tasks = sorted(q.subject.value.removeprefix(kh) for q in item.quads
                   if q.predicate.value.endswith("#type") and q.object.value.endswith("ontology#Task"))
    assert tasks == ["/nhiem-vu-1", "/nhiem-vu-1-3", "/nhiem-vu-2", "/nhiem-vu-2-4"]


def _prepare_text(text: str, name: str) -> Prepared:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return prepare(path, Minter())
