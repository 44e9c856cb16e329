"""Write the input-format fixtures of tests/test_input_formats.py (invented documents of the genre).

    .venv/bin/python tests/data/formats/make_fixtures.py

Needs python-docx (a runtime dependency) and fpdf2 (the ``fixtures`` extra); the files it writes are
committed, so the tests do not need this script. Each fixture has its own shape:

* ``bac-ninh.docx`` — decision + attached plan; header and signature in two-column layout tables; the
  task table's lead cell is merged vertically over two tasks and a group row is merged horizontally;
* ``da-nang.html`` — saved page of a portal: nav, header, footer and scripts around the document; the lead
  cell has ``rowspan="2"``, a group row ``colspan``, a cell holds two agencies split by ``<br>``;
* ``can-tho.pdf`` — ruled task table continuing on page 2 with its header row repeated, header and
  signature blocks side by side, a running page header, page numbers, wrapped paragraphs and title;
* ``thai-binh.tsv`` — a stand-alone plan's task table, the document's heading in the rows above it;
* ``scanned.pdf`` (an image, no text layer) and ``locked.pdf`` (opens only with a password).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

CREATED = dt.datetime(2025, 6, 2, tzinfo=dt.UTC)  # a fixed date keeps the generated PDFs byte-stable
HEADER_COLUMNS = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Kết quả dự kiến"]


def decision(province: str, place: str, number: str, date: str, signer: str) -> dict[str, list[str] | str]:
    return {
        "issuer": f"ỦY BAN NHÂN DÂN {province}",
        "number": f"Số: {number}",
        "date": f"{place}, ngày {date}",
        "preamble": [
            "QUYẾT ĐỊNH",
            "Ban hành Kế hoạch thực hiện Nghị định số 40/2014/NĐ-CP về sử dụng, trọng dụng cá nhân hoạt động "
            "khoa học và công nghệ",
            f"CHỦ TỊCH ỦY BAN NHÂN DÂN {province}",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
            "Căn cứ Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ quy định việc sử dụng, trọng dụng "
            "cá nhân hoạt động khoa học và công nghệ;",
            "Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ,",
            "QUYẾT ĐỊNH:",
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Nghị định số 40/2014/NĐ-CP trên địa bàn "
            "tỉnh.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, ngành chịu trách nhiệm thi hành "
            "Quyết định này.",
        ],
        "recipients": ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."],
        "signature": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", signer],
        "plan": [
            "KẾ HOẠCH",
            "Thực hiện Nghị định số 40/2014/NĐ-CP về sử dụng, trọng dụng cá nhân hoạt động khoa học và công nghệ",
            "I. MỤC TIÊU",
            "1. Thu hút và trọng dụng cá nhân hoạt động khoa học và công nghệ có trình độ cao.",
            "II. NHIỆM VỤ",
        ],
    }


# Task rows: number, task, lead, partner, period, result ("I"/"II" rows are groups).
TASKS = [
    ["I", "CHÍNH SÁCH TRỌNG DỤNG", "", "", "", ""],
    ["1", "Xây dựng chính sách trọng dụng nhà khoa học đầu ngành theo Nghị định số 40/2014/NĐ-CP",
     "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Quý IV/2025", "Nghị quyết của Hội đồng nhân dân tỉnh"],
    ["2", "Rà soát, thống kê cá nhân hoạt động khoa học và công nghệ có trình độ cao",
     "Sở Khoa học và Công nghệ", "Sở Tài chính", "Năm 2025", "Cơ sở dữ liệu"],
    ["II", "TUYÊN TRUYỀN", "", "", "", ""],
    ["1", "Tuyên truyền, phổ biến chính sách trọng dụng cá nhân hoạt động khoa học và công nghệ",
     "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", "Thường xuyên", "Tin, bài trên báo, đài"],
]


def make_docx(path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    d = decision("TỈNH BẮC NINH", "Bắc Ninh", "112/QĐ-UBND", "15 tháng 3 năm 2025", "Nguyễn Văn Hùng")
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    head = doc.add_table(rows=1, cols=2)
    for cell, lines in zip(head.rows[0].cells, ([d["issuer"], "-------", d["number"]],
                           ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
                            d["date"]]), strict=True):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in d["preamble"]:
        doc.add_paragraph(line)
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.text = d["recipients"][0]
    for line in d["recipients"][1:]:
        left.add_paragraph(line)
    right.text = d["signature"][0]
    for line in d["signature"][1:]:
        right.add_paragraph(line)
    doc.add_page_break()
    for line in d["plan"]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1 + len(TASKS), cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER_COLUMNS, strict=True):
        cell.text = text
    for r, row in enumerate(TASKS, start=1):
        cells = table.rows[r].cells
        if row[0] in {"I", "II"}:
            cells[0].text = row[0]
            cells[1].merge(cells[5]).text = row[1]  # a group row: one cell over five columns
            continue
        for c, text in enumerate(row):
            if not (r == 3 and c == 2):  # task I.2's lead is the cell merged down from task I.1
                cells[c].text = text
    table.cell(2, 2).merge(table.cell(3, 2))
    table.cell(2, 2).text = TASKS[1][2]
    sign2 = doc.add_table(rows=1, cols=2)
    right = sign2.rows[0].cells[1]
    right.text = d["signature"][0]
    for line in d["signature"][1:]:
        right.add_paragraph(line)
    doc.save(str(path))


def make_html(path: Path) -> None:
    d = decision("THÀNH PHỐ ĐÀ NẴNG", "Đà Nẵng", "205/QĐ-UBND", "20 tháng 5 năm 2025", "Trần Thị Lan")
    rows = []
    for index, row in enumerate(TASKS):
        if row[0] in {"I", "II"}:
            rows.append(f"<tr><td><b>{row[0]}</b></td><td colspan=\"5\"><b>{row[1]}</b></td></tr>")
        elif index == 1:
            rows.append(f"<tr><td>{row[0]}</td><td>{row[1]}</td><td rowspan=\"2\">{row[2]}</td>"
                        f"<td>{row[3]}<br>Sở Tài chính</td><td>{row[4]}</td><td>{row[5]}</td></tr>")
        elif index == 2:
            rows.append(f"<tr><td>{row[0]}</td><td>{row[1]}</td><td>{row[3]}</td><td>{row[4]}</td>"
                        f"<td>{row[5]}</td></tr>")
        else:
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    paragraphs = "\n".join(f"    <p>{line}</p>" for line in d["preamble"])
    plan = "\n".join(f"    <p>{line}</p>" for line in d["plan"])
    signature = "<br>".join(d["signature"])
    body_rows = "\n      ".join(rows)
    page = f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Quyết định 205/QĐ-UBND - Cổng thông tin điện tử</title>
  <style>body {{ font-family: serif }} td {{ border: 1px solid #000 }}</style>
  <script>window.dataLayer = [{{"page": "van-ban"}}];</script>
</head>
<body>
  <header class="site"><a href="/">Cổng thông tin điện tử thành phố</a> | Số: 999/QĐ-UBND</header>
  <nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/van-ban">Văn bản</a></li></ul></nav>
  <main>
  <article>
    <table>
      <tr><td>{d["issuer"]}<br>-------<br>{d["number"]}</td>
          <td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc<br>---------------<br>
          {d["date"]}</td></tr>
    </table>
{paragraphs}
    <table>
      <tr><td>{"<br>".join(d["recipients"])}</td><td>{signature}</td></tr>
    </table>
{plan}
    <table border="1">
      <thead><tr>{"".join(f"<th>{c}</th>" for c in HEADER_COLUMNS)}</tr></thead>
      <tbody>
      {body_rows}
      </tbody>
    </table>
    <p style="text-align:right">{signature}</p>
  </article>
  </main>
  <aside>Văn bản liên quan: Quyết định 1/QĐ-UBND</aside>
  <footer>© Cổng thông tin điện tử. Điện thoại: 0236 000000</footer>
  <script>console.log("analytics");</script>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


def _pdf():  # noqa: ANN202 - fpdf2 is an optional dependency of this script only
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            self.set_font("dejavu", size=8)
            self.cell(0, 5, "CÔNG THÔNG TIN ĐIỆN TỬ TỈNH - BẢN SAO ĐIỆN TỬ", align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("dejavu", size=8)
            self.cell(0, 5, f"Trang {self.page_no()}", align="C")

    pdf = Pdf(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.add_font("dejavu", style="B", fname=str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=18)
    return pdf


def make_pdf(path: Path) -> None:
    d = decision("THÀNH PHỐ CẦN THƠ", "Cần Thơ", "318/QĐ-UBND", "02 tháng 6 năm 2025", "Lê Văn Tâm")
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("dejavu", size=11)
    with pdf.table(borders_layout="NONE", first_row_as_headings=False, col_widths=(1, 1)) as header:
        row = header.row()
        row.cell(f"{d['issuer']}\n-------\n{d['number']}", align="C")
        row.cell(f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n{d['date']}",
                 align="C")
    pdf.ln(4)
    for line in d["preamble"]:
        centred = line.isupper() or line.startswith("Ban hành")
        pdf.multi_cell(0, 6, line, align="C" if centred else "J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(2)
    y = pdf.get_y()
    pdf.multi_cell(85, 6, "\n".join(d["recipients"]), new_x="RIGHT", new_y="TOP")
    pdf.set_xy(110, y)
    pdf.multi_cell(85, 6, "\n".join(d["signature"]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for line in d["plan"]:
        pdf.multi_cell(0, 6, line, align="C" if line.isupper() else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("dejavu", size=10)
    tasks = [*TASKS, ["2", "Tổ chức hội nghị biểu dương, tôn vinh cá nhân hoạt động khoa học và công nghệ tiêu "
                           "biểu trên địa bàn thành phố, gắn với tổng kết việc thực hiện Nghị định số "
                           "40/2014/NĐ-CP và đề xuất sửa đổi chính sách trọng dụng",
                      "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Quý IV/2026", "Hội nghị"]]
    widths = (10, 62, 30, 30, 25, 28)
    with pdf.table(col_widths=widths, repeat_headings=1, text_align="LEFT") as table:
        head = table.row()
        for text in HEADER_COLUMNS:
            head.cell(text)
        for row in tasks:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(4)
    pdf.set_font("dejavu", size=11)
    pdf.set_x(110)
    pdf.multi_cell(85, 6, "\n".join(d["signature"]), align="C")
    pdf.output(str(path))


def make_tsv(path: Path) -> None:
    heading = ["ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH", "Số: 57/KH-UBND", "Thái Bình, ngày 08 tháng 4 năm 2025",
               "KẾ HOẠCH", "Triển khai Nghị định số 40/2014/NĐ-CP năm 2025",
               "Căn cứ Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ;", "I. MỤC TIÊU",
               "1. Trọng dụng cá nhân hoạt động khoa học và công nghệ trên địa bàn tỉnh.", "II. NHIỆM VỤ"]
    lines = [cell + "\t" * 5 for cell in heading]
    lines.append("\t".join(HEADER_COLUMNS))
    lines.extend("\t".join(row) for row in TASKS)
    lines.append("")
    lines.extend(cell + "\t" * 5 for cell in ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                              "Phạm Văn Nghiêm"])
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def make_scanned_pdf(path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("RGB", (200, 100), "white")
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=100)
    pdf.output(str(path))


def make_locked_pdf(path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau", encryption_method=EncryptionMethod.RC4)
    pdf.add_page()
    pdf.set_font("dejavu", size=11)
    pdf.cell(0, 6, "Số: 1/QĐ-UBND")
    pdf.output(str(path))


def main() -> None:
    make_docx(HERE / "bac-ninh.docx")
    make_html(HERE / "da-nang.html")
    make_pdf(HERE / "can-tho.pdf")
    make_tsv(HERE / "thai-binh.tsv")
    make_scanned_pdf(HERE / "scanned.pdf")
    make_locked_pdf(HERE / "locked.pdf")


if __name__ == "__main__":
    main()
