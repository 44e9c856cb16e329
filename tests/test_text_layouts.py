"""Text shapes other than the seed's, from small fixtures in tests/data/layouts and corpus document 10."""

from __future__ import annotations

from pyoxigraph import Store
from support import BASE, ROOT, corpus_file, select

from plangraph.ingest.blocks import Paragraph, SignatureBlock, Table
from plangraph.ingest.pipeline import parse_file, prepare
from plangraph.ingest.read.layouts import read_layout
from plangraph.ingest.read.source import SourceDocument, read_source
from plangraph.ontology.iris import Minter

LAYOUTS = ROOT / "tests" / "data" / "layouts"
CONCEPT = "https://w3id.org/plangraph/concept/"


def test_pipe_cells_and_wrapped_paragraphs_become_blocks_mapped_to_the_file() -> None:
    text = ("|\n**TM. ỦY BAN\nNHÂN DÂN**\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn A\n|\n\n"
            "Căn cứ Nghị định số\n278/2025/NĐ-CP;\n")
    document = read_layout(SourceDocument.from_text("x.txt", "|\na\n|\nb\n|\n\n" + text))
    signature = next(b for b in document.blocks if isinstance(b, SignatureBlock))
    assert [line.text for line in signature.lines] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn A"]
    basis = document.blocks[-1]
    assert isinstance(basis, Paragraph) and basis.text == "Căn cứ Nghị định số 278/2025/NĐ-CP;"
    assert document.lines_of(basis.span) == (16, 17)
    start = basis.text.index("278")
    assert document.text[slice(*basis.run.span(start, start + 14))] == "278/2025/NĐ-CP"


def test_gfm_plan_with_a_seven_column_table() -> None:
    item = prepare(LAYOUTS / "gfm_task_table.txt", Minter())
    assert item.doc.layout == "gfm" and item.report is not None and item.report.conforms
    store = Store()
    store.extend(item.quads)
    plan = f"{BASE}eli/vn/ubnd-83/kh/2024/15/kh-1"
    rows = select(store, f"""SELECT ?lead ?partner ?result ?funding ?start ?end WHERE {{
        <{plan}/nhiem-vu-1.1> schema:agent ?lead ; schema:participant ?partner ; pg:expectedResult ?result ;
            pg:fundingText ?funding ; dct:temporal ?p .
        ?p time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end }}""")
    assert rows == [{"lead": f"{BASE}id/org/83/so-khoa-hoc-va-cong-nghe", "partner": f"{BASE}id/org/83/so-tai-chinh",
                     "result": "Cơ sở dữ liệu", "funding": "Ngân sách tỉnh", "start": "2024-10-01",
                     "end": "2024-12-31"}]
    annual = select(store, f"SELECT ?s WHERE {{ <{plan}/nhiem-vu-1.2> dct:temporal/pg:schedule ?s }}")
    assert annual == [{"s": f"{CONCEPT}schedule/annual"}]
    signer = select(store, f"""SELECT ?name ?role WHERE {{ <{BASE}eli/vn/ubnd-83/kh/2024/15> pg:signedBy ?p .
        ?p foaf:name ?name ; org:holds/org:role ?role }}""")
    assert signer == [{"name": "Nguyễn Văn Bình", "role": f"{CONCEPT}role/pho-chu-tich"}]
    debris = [u for u in item.doc.unplaced if "crawler" in u.reason]
    assert [u.lineno for u in debris] == [1, 3]


def test_sonla_decision_ignores_the_crawler_heading_and_reads_duties_written_as_prose() -> None:
    doc = parse_file(corpus_file("10"))
    assert doc.layout == "gfm"
    assert doc.header.symbol.id_local == "254/QĐ-UBND" and doc.header.date.isoformat() == "2023-02-17"
    assert doc.header.title == "BAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023"
    assert doc.header.issuer.scope == "14"
    assert doc.signature is not None
    assert (doc.signature.name, doc.signature.role, doc.signature.authorities) == ("Hoàng Quốc Khánh", "chu-tich", ())
    assert "26/2020/NĐ-CP" in [m.citation.id_local for m in doc.bases]
    assert [u.lineno for u in doc.unplaced if "crawler" in u.reason] == [1, 3]
    (plan,) = doc.plans
    duties = [task for task in plan.tasks if task.group is not None and task.group.number == "III"]
    leads = [[m.agency.key for m in task.leads] for task in duties]
    # one task per duty: each bullet under an agency with bullets, the text of one without
    assert [task.number for task in duties] == ["1.1", "1.2", "1.3", "2", "3.1", "3.2", "4", "5", "6"]
    assert leads == [["cong-an-tinh"]] * 3 + [["van-phong-uy-ban-nhan-dan"]] + [["so-noi-vu"]] * 2 + [
        ["so-tu-phap"], ["so-thong-tin-va-truyen-thong"], ["so-tai-chinh"]]
    assert (duties[0].loc.first_line, duties[0].loc.last_line) == (72, 72)
    # II. NỘI DUNG CÔNG TÁC: eight numbered work items, before the duties in the printed order
    items = [task for task in plan.tasks if task.group is not None and task.group.number == "II"]
    assert [task.number for task in items] == [str(n) for n in range(1, 9)]
    assert plan.tasks[:8] == items and {task.group.number for task in items} == {"II"}


def test_congbao_cells_are_recovered_across_page_breaks_and_repeated_headers() -> None:
    path = LAYOUTS / "congbao_task_table.txt"
    document = read_layout(read_source(path))
    assert document.layout == "congbao"
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    rows = table.rows()
    assert [[cell.text for cell in row] for row in rows] == [
        ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
        ["I.", "Xây dựng dữ liệu và hạ tầng số phục vụ quản lý sản xuất nông nghiệp trên địa bàn toàn tỉnh "
               "năm 2026"],
        ["1.", "Xây dựng cơ sở dữ liệu vùng trồng lúa và cây ăn trái phục vụ cấp mã số vùng trồng.",
         "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Quý III/2026"],
        ["2.", "Số hóa hồ sơ đất đai và cập nhật bản đồ số cho các xã, phường trên địa bàn tỉnh, kết nối với cơ "
               "sở dữ liệu đất đai quốc gia và cơ sở dữ liệu chuyên ngành theo Nghị định số 47/2024/NĐ-CP của "
               "Chính phủ.", "Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã, phường", "Năm 2026"],
        ["II.", "Phát triển nhân lực số cho hợp tác xã"],
        ["3.", "Tổ chức tập huấn kỹ năng số cho cán bộ quản lý hợp tác xã nông nghiệp.", "Liên minh Hợp tác xã tỉnh",
         "Sở Nông nghiệp và Môi trường", "Hằng năm"],
    ]
    # row 2 runs from its number on page 1 to its time cell after the page break and the repeated header
    assert document.lines_of(table.row_spans[3]) == (62, 86)
    time_cell = rows[3][-1]
    assert document.text[slice(*time_cell.span)] == "Năm 2026"
    assert sorted({f.reason for f in document.furniture}) == [
        "e-signature stamp", "page number", "running page header", "stray mark (the signature image)",
        "table header repeated on a new page"]
    title = next(b for b in document.blocks if b.text.startswith("Ban hành"))
    assert title.text == "Ban hành danh mục nhiệm vụ chuyển đổi số trong lĩnh vực nông nghiệp năm 2026"
    # a lead cell that does not start like an agency name is read, and the doubt is reported
    assert [(line, reason.split(":")[0]) for _, line, reason in table.doubts] == [(91, "task 3")]


def test_congbao_fixture_ingests_with_its_signer_and_tasks() -> None:
    item = prepare(LAYOUTS / "congbao_task_table.txt", Minter())
    assert item.report is not None and item.report.conforms, item.report.text() if item.report else ""
    doc = item.doc
    assert doc.header.symbol.id_local == "77/QĐ-UBND" and doc.signature is not None
    assert (doc.signature.name, doc.signature.role) == ("Nguyễn Văn An", "pho-chu-tich")
    (plan,) = doc.plans
    assert [(t.number, t.group.number if t.group else None) for t in plan.tasks] == [("1", "I"), ("2", "I"),
                                                                                       ("3", "II")]
    assert [m.agency.key for m in plan.tasks[1].leads] == ["so-nong-nghiep-va-moi-truong"]
    assert "47/2024/NĐ-CP" in [c.citation.id_local for c in plan.tasks[1].citations]
    assert [u.lineno for u in doc.unplaced] == [91]
