"""The relation reader, wording by wording (case tables), what it must not read as a relation (bare mentions,
proposals, quoted text, duties), and the RDF it maps to (a small decision of our own, tests/data/relations)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pyoxigraph import Store
from support import PREFIXES, select

from plangraph.ingest.blocks import Run
from plangraph.ingest.pipeline import prepare
from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.records import Relation
from plangraph.ingest.understand import relations as reader
from plangraph.ingest.understand.citations import CitationContext
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.mentions import Mentions
from plangraph.language import relation_cues as cues
from plangraph.ontology.iris import Minter

DECISION = Path(__file__).parent / "data" / "relations" / "qd-99-2025.txt"


def read(texts: list[str], context: str = reader.BODY, doc_type: str = "quyet-dinh") -> list[Relation]:
    """The relations of consecutive paragraphs *texts* (one run each) of a document of *doc_type*."""
    source = SourceDocument.from_text("case.txt", "\n".join(texts))
    locate = Locator(source)
    mentions = Mentions(locate, CitationContext(None, dt.date(2025, 11, 10)))
    relation_reader = reader.RelationReader(locate, doc_type)
    found: list[Relation] = []
    at = 0
    for text in texts:
        run = Run.of(source.text, at, at + len(text))
        at += len(text) + 1
        found.extend(relation_reader.read(run, mentions.citations(run), context))
    return found


def keys(found: list[Relation]) -> set[tuple[str, str, str]]:
    """(relation, who acts — "self" or the instrument's number — and the text acted on or the date)."""
    out = set()
    for r in found:
        subject = r.subject.citation.id_local if r.subject else "self"
        target = r.target.citation.id_local if r.target else (r.date.isoformat() if r.date else r.date_rule)
        out.add((r.kind, subject, target))
    return out


# (id, paragraphs, context, document type, expected (relation, subject, target or date))
CASES: list[tuple[str, list[str], str, str, set[tuple[str, str, str]]]] = [
    # --- amends ------------------------------------------------------------------------------------------
    ("title-amends", ["Sửa đổi, bổ sung một số điều của Nghị định số 70/2015/NĐ-CP ngày 01 tháng 9 năm 2015 của "
                      "Chính phủ"], reader.TITLE, "nghi-dinh", {("amends", "self", "70/2015/NĐ-CP")}),
    ("article-amends-part", ["Điều 1. Sửa đổi, bổ sung khoản 2 Điều 5 Quyết định số 12/2020/QĐ-UBND ngày 05 tháng 3 "
                             "năm 2020 của Ủy ban nhân dân tỉnh như sau:"], reader.BODY, "quyet-dinh",
     {("amends", "self", "12/2020/QĐ-UBND")}),
    ("amends-without-comma", ["Sửa đổi bổ sung Điều 3 Thông tư số 21/2021/TT-BLĐTBXH."], reader.BODY, "thong-tu",
     {("amends", "self", "21/2021/TT-BLĐTBXH")}),
    ("amends-only", ["3. Sửa đổi Điều 5 Quyết định số 03/2019/QĐ-TTg."], reader.BODY, "quyet-dinh",
     {("amends", "self", "03/2019/QĐ-TTg")}),
    ("adds-into", ["2. Bổ sung Mẫu số 14a vào sau Mẫu số 14 tại Phụ lục ban hành kèm theo Nghị định số "
                   "124/2020/NĐ-CP."], reader.BODY, "nghi-dinh", {("amends", "self", "124/2020/NĐ-CP")}),
    ("amends-and-repeals", ["2. Sửa đổi, bổ sung, bãi bỏ một số điểm, khoản, điều của Luật Giao dịch điện tử số "
                            "20/2023/QH15 như sau:"], reader.BODY, "luat", {("amends", "self", "20/2023/QH15")}),
    ("amends-and-replaces", ["Sửa đổi, bổ sung, thay thế một số điều của Thông tư số 68/2024/TT-BTC."],
     reader.BODY, "thong-tu", {("amends", "self", "68/2024/TT-BTC")}),
    ("adjusts", ["Điều chỉnh, bổ sung Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Ủy ban nhân dân tỉnh."],
     reader.TITLE, "ke-hoach", {("amends", "self", "283/KH-UBND")}),
    ("named-amends-named", ["Căn cứ Nghị định số 38/2023/NĐ-CP ngày 24 tháng 6 năm 2023 của Chính phủ sửa đổi, bổ "
                            "sung một số điều của Nghị định số 123/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính "
                            "phủ;"], reader.PREAMBLE, "quyet-dinh", {("amends", "38/2023/NĐ-CP", "123/2020/NĐ-CP")}),
    ("named-amends-a-list", ["Luật số 43/2024/QH15 sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, "
                             "Luật Nhà ở số 27/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15;"],
     reader.PREAMBLE, "nghi-dinh", {("amends", "43/2024/QH15", "31/2024/QH15"),
                                    ("amends", "43/2024/QH15", "27/2023/QH15"),
                                    ("amends", "43/2024/QH15", "32/2024/QH15")}),
    ("passive-by", ["Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi "
                    "Luật số 87/2025/QH15;"], reader.PREAMBLE, "quyet-dinh",
     {("amends", "87/2025/QH15", "64/2025/QH15")}),
    ("passive-some-articles-by-several", ["Căn cứ Luật Quản lý, sử dụng tài sản công số 15/2017/QH14 được sửa đổi, bổ "
                                          "sung một số điều theo Luật số 64/2020/QH14, Luật số 07/2022/QH15 và Luật số "
                                          "90/2025/QH15;"], reader.PREAMBLE, "nghi-dinh",
     {("amends", "64/2020/QH14", "15/2017/QH14"), ("amends", "07/2022/QH15", "15/2017/QH14"),
      ("amends", "90/2025/QH15", "15/2017/QH14")}),
    ("passive-amended-only", ["Nghị định số 02/2025/NĐ-CP quy định chức năng của Bộ Công an đã được sửa đổi bởi "
                              "Nghị định số 11/2025/NĐ-CP;"], reader.PREAMBLE, "thong-tu",
     {("amends", "11/2025/NĐ-CP", "02/2025/NĐ-CP")}),
    ("passive-supplemented", ["Thông tư số 96/2020/TT-BTC đã được bổ sung tại Thông tư số 68/2024/TT-BTC."],
     reader.BODY, "thong-tu", {("amends", "68/2024/TT-BTC", "96/2020/TT-BTC")}),
    ("passive-amended-and-repealed", ["Nghị định số 51/2016/NĐ-CP được sửa đổi, bổ sung, bãi bỏ bởi Nghị định số "
                                      "21/2024/NĐ-CP."], reader.BODY, "quyet-dinh",
     {("amends", "21/2024/NĐ-CP", "51/2016/NĐ-CP")}),
    # --- repeals -----------------------------------------------------------------------------------------
    ("repeals", ["Điều 2. Bãi bỏ Quyết định số 1667/QĐ-BNNMT ngày 26/5/2025 của Bộ Nông nghiệp và Môi trường."],
     reader.BODY, "quyet-dinh", {("repeals", "self", "1667/QĐ-BNNMT")}),
    ("repeals-whole-list", ["Điều 1. Bãi bỏ toàn bộ một số văn bản quy phạm pháp luật của Thủ tướng Chính phủ",
                            "1. Quyết định số 104/2000/QĐ-TTg ngày 25 tháng 8 năm 2000 của Thủ tướng Chính phủ.",
                            "2. Chỉ thị số 07/2000/CT-TTg ngày 30 tháng 3 năm 2000 của Thủ tướng Chính phủ.",
                            "Điều 2. Điều khoản thi hành"], reader.BODY, "quyet-dinh",
     {("repeals", "self", "104/2000/QĐ-TTg"), ("repeals", "self", "07/2000/CT-TTg")}),
    ("repeals-part-list", ["2. Bãi bỏ một phần các văn bản sau:", "a) Thông tư số 10/2020/TT-BTC;"], reader.BODY,
     "thong-tu", {("repeals", "self", "10/2020/TT-BTC")}),
    ("annuls", ["Hủy bỏ Quyết định số 25/2024/QĐ-UBND ngày 10 tháng 5 năm 2024 của Ủy ban nhân dân tỉnh."],
     reader.BODY, "quyet-dinh", {("repeals", "self", "25/2024/QĐ-UBND")}),
    ("annuls-old-spelling", ["Huỷ bỏ Quyết định số 26/2024/QĐ-UBND ngày 10 tháng 5 năm 2024 của Ủy ban nhân dân "
                             "tỉnh."], reader.BODY, "quyet-dinh", {("repeals", "self", "26/2024/QĐ-UBND")}),
    ("from-entry-into-force", ["2. Kể từ ngày Thông tư này có hiệu lực, bãi bỏ Thông tư số 02/2019/TT-BCA."],
     reader.BODY, "thong-tu", {("repeals", "self", "02/2019/TT-BCA")}),
    ("no-longer-in-force", ["2. Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ hết hiệu lực kể từ "
                            "ngày Nghị định này có hiệu lực thi hành."], reader.BODY, "nghi-dinh",
     {("repeals", "self", "45/2020/NĐ-CP")}),
    ("no-longer-list", ["2. Các Quyết định sau hết hiệu lực thi hành kể từ ngày Quyết định này có hiệu lực:",
                        "a) Quyết định số 09/2019/QĐ-UBND ngày 28/5/2019 của Ủy ban nhân dân tỉnh Kon Tum;",
                        "b) Quyết định số 06/2020/QĐ-UBND ngày 13/02/2020 của Ủy ban nhân dân tỉnh Kon Tum bổ sung "
                        "tiêu chuẩn, định mức quy định tại Quyết định 09/2019/QĐ-UBND ngày 28 tháng 5 năm 2019."],
     reader.BODY, "quyet-dinh", {("repeals", "self", "09/2019/QĐ-UBND"), ("repeals", "self", "06/2020/QĐ-UBND"),
                                 ("amends", "06/2020/QĐ-UBND", "09/2019/QĐ-UBND")}),
    ("no-longer-dated", ["Quyết định số 11/2022/QĐ-UBND hết hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2025."],
     reader.BODY, "quyet-dinh", {("repeals", "self", "11/2022/QĐ-UBND")}),
    ("no-longer-whole", ["Thông tư số 35/2018/TT-BTNMT hết hiệu lực toàn bộ kể từ ngày Thông tư này có hiệu lực."],
     reader.BODY, "thong-tu", {("repeals", "self", "35/2018/TT-BTNMT")}),
    ("no-longer-part", ["Thông tư số 36/2018/TT-BTNMT hết hiệu lực một phần kể từ ngày Thông tư này có hiệu lực."],
     reader.BODY, "thong-tu", {("repeals", "self", "36/2018/TT-BTNMT")}),
    ("passive-repealed", ["Điều 5 Thông tư số 57/2019/TT-BCA đã bị bãi bỏ bởi Thông tư số 81/2025/TT-BCA."],
     reader.BODY, "quyet-dinh", {("repeals", "81/2025/TT-BCA", "57/2019/TT-BCA")}),
    # --- replaces ----------------------------------------------------------------------------------------
    ("in-force-and-replaces", ["1. Nghị quyết này có hiệu lực thi hành kể từ ngày ký và thay thế Nghị quyết số "
                               "41/NQ-CP ngày 09 tháng 4 năm 2022 của Chính phủ."], reader.BODY, "nghi-quyet",
     {("in-force", "self", "signed"), ("replaces", "self", "41/NQ-CP")}),
    ("this-replaces", ["2. Thông tư này thay thế Thông tư số 295/2016/TT-BTC ngày 15 tháng 11 năm 2016 của Bộ "
                       "trưởng Bộ Tài chính."], reader.BODY, "thong-tu", {("replaces", "self", "295/2016/TT-BTC")}),
    ("replaces-words", ["Thay thế cụm từ “Bảo hiểm xã hội Bộ Công an” tại khoản 1 Điều 6 Nghị định số "
                        "70/2015/NĐ-CP."], reader.BODY, "nghi-dinh", {("amends", "self", "70/2015/NĐ-CP")}),
    ("passive-replaced", ["Nghị định số 38/2022/NĐ-CP quy định mức lương tối thiểu được thay thế bởi Nghị định số "
                          "74/2024/NĐ-CP."], reader.BODY, "quyet-dinh",
     {("replaces", "74/2024/NĐ-CP", "38/2022/NĐ-CP")}),
    # --- corrects ----------------------------------------------------------------------------------------
    ("corrects", ["Đính chính Thông tư số 12/2025/TT-BCT ngày 01 tháng 02 năm 2025 của Bộ trưởng Bộ Công Thương."],
     reader.TITLE, "quyet-dinh", {("corrects", "self", "12/2025/TT-BCT")}),
    ("passive-corrected", ["Thông tư số 09/2025/TT-BCT đã được đính chính tại Quyết định số 512/QĐ-BCT."],
     reader.BODY, "quyet-dinh", {("corrects", "512/QĐ-BCT", "09/2025/TT-BCT")}),
    # --- guides ------------------------------------------------------------------------------------------
    ("details", ["Căn cứ Nghị định số 78/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ quy định chi tiết một số "
                 "điều của Luật số 64/2025/QH15;"], reader.PREAMBLE, "quyet-dinh",
     {("guides", "78/2025/NĐ-CP", "64/2025/QH15")}),
    ("details-and-guides", ["Quy định chi tiết và hướng dẫn thi hành một số điều của Luật số 54/2022/QH15."],
     reader.TITLE, "nghi-dinh", {("guides", "self", "54/2022/QH15")}),
    ("details-and-guides-short", ["Nghị định này quy định chi tiết và hướng dẫn Luật số 55/2022/QH15."],
     reader.BODY, "nghi-dinh", {("guides", "self", "55/2022/QH15")}),
    ("details-implementation", ["Nghị định số 118/2024/NĐ-CP quy định chi tiết thi hành một số điều của Luật số "
                                "54/2022/QH15."], reader.BODY, "nghi-dinh",
     {("guides", "118/2024/NĐ-CP", "54/2022/QH15")}),
    ("and-measures", ["Quy định chi tiết về Quỹ nhà ở quốc gia và biện pháp thi hành Nghị quyết số 201/2025/QH15 "
                      "ngày 29 tháng 5 năm 2025 của Quốc hội"], reader.TITLE, "nghi-dinh",
     {("guides", "self", "201/2025/QH15")}),
    ("guides-implementation", ["Căn cứ Thông tư số 03/2025/TT-BYT ngày 15 tháng 9 năm 2025 của Bộ Y tế hướng dẫn thi "
                               "hành một số nội dung của Nghị định số 118/2025/NĐ-CP;"], reader.PREAMBLE, "quyet-dinh",
     {("guides", "03/2025/TT-BYT", "118/2025/NĐ-CP")}),
    ("guides-in-detail", ["Thông tư này hướng dẫn chi tiết Nghị định số 20/2020/NĐ-CP."], reader.BODY, "thong-tu",
     {("guides", "self", "20/2020/NĐ-CP")}),
    ("guides-carrying-out", ["Thông tư này hướng dẫn thực hiện một số quy định tại Nghị định số 289/2025/NĐ-CP."],
     reader.BODY, "thong-tu", {("guides", "self", "289/2025/NĐ-CP")}),
    ("guides", ["Hướng dẫn một số quy định tại Nghị định số 289/2025/NĐ-CP ngày 06 tháng 11 năm 2025 của Chính phủ"],
     reader.TITLE, "thong-tu", {("guides", "self", "289/2025/NĐ-CP")}),
    ("passive-guided", ["Luật số 29/2013/QH13 được hướng dẫn bởi Nghị định số 08/2014/NĐ-CP."], reader.BODY,
     "quyet-dinh", {("guides", "08/2014/NĐ-CP", "29/2013/QH13")}),
    ("passive-detailed", ["Luật số 30/2013/QH13 được quy định chi tiết tại Nghị định số 09/2014/NĐ-CP."], reader.BODY,
     "quyet-dinh", {("guides", "09/2014/NĐ-CP", "30/2013/QH13")}),
    # --- consolidates ------------------------------------------------------------------------------------
    ("consolidated-from", ["1 Văn bản này được hợp nhất từ 02 Thông tư sau:",
                           "- Thông tư số 06/2022/TT-BTC ngày 08 tháng 02 năm 2022 của Bộ trưởng Bộ Tài chính, có "
                           "hiệu lực thi hành kể từ ngày 25 tháng 3 năm 2022.",
                           "- Thông tư số 138/2025/TT-BTC ngày 30 tháng 12 năm 2025 của Bộ trưởng Bộ Tài chính.",
                           "Văn bản hợp nhất này không thay thế 02 Thông tư nêu trên."], reader.PREAMBLE,
     "van-ban-hop-nhat", {("consolidates", "self", "06/2022/TT-BTC"), ("consolidates", "self", "138/2025/TT-BTC"),
                          ("in-force", "06/2022/TT-BTC", "2022-03-25")}),
    ("consolidated-law-list", ["Luật Bảo hiểm y tế số 25/2008/QH12 ngày 14 tháng 11 năm 2008 của Quốc hội, có hiệu "
                               "lực kể từ ngày 01 tháng 7 năm 2009, được sửa đổi, bổ sung bởi:",
                               "1. Luật số 32/2013/QH13 ngày 19 tháng 6 năm 2013 của Quốc hội, có hiệu lực kể từ ngày "
                               "01 tháng 01 năm 2014;"], reader.PREAMBLE, "van-ban-hop-nhat",
     {("consolidates", "self", "25/2008/QH12"), ("consolidates", "self", "32/2013/QH13"),
      ("amends", "32/2013/QH13", "25/2008/QH12"), ("in-force", "25/2008/QH12", "2009-07-01"),
      ("in-force", "32/2013/QH13", "2014-01-01")}),
    # --- carries out -------------------------------------------------------------------------------------
    ("title-carries-out", ["THỰC HIỆN NGHỊ QUYẾT SỐ 48/NQ-CP NGÀY 03/4/2023 CỦA CHÍNH PHỦ"], reader.TITLE, "ke-hoach",
     {("carries-out", "self", "48/NQ-CP")}),
    ("issues-programme", ["Ban hành Chương trình hành động của Chính phủ thực hiện Chỉ thị số 49-CT/TW ngày 28 tháng 6 "
                          "năm 2025 của Ban Bí thư"], reader.TITLE, "nghi-quyet",
     {("carries-out", "self", "49-CT/TW")}),
    ("article-issues-plan", ["Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động thực hiện Chỉ thị số "
                             "52-CT/TW ngày 03 tháng 10 năm 2025 của Ban Bí thư."], reader.BODY, "quyet-dinh",
     {("carries-out", "self", "52-CT/TW")}),
    ("preamble-carries-out", ["Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số "
                              "24/KH-UBND ngày 14/8/2025 của UBND tỉnh thực hiện Nghị quyết số 66-NQ/TW ngày 30 tháng "
                              "4 năm 2025 của Bộ Chính trị, UBND tỉnh ban hành Kế hoạch như sau:"], reader.PREAMBLE,
     "ke-hoach", {("carries-out", "self", "14-KH/TU"), ("carries-out", "self", "24/KH-UBND"),
                  ("carries-out", "24/KH-UBND", "66-NQ/TW")}),
    ("carries-out-deploy", ["Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"],
     reader.TITLE, "ke-hoach", {("carries-out", "self", "57-NQ/TW")}),
    ("carries-out-enforce", ["Triển khai thi hành Luật số 60/2024/QH15 trên địa bàn tỉnh"], reader.TITLE, "ke-hoach",
     {("carries-out", "self", "60/2024/QH15")}),
    ("carries-out-organise", ["Tổ chức thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ"], reader.TITLE,
     "ke-hoach", {("carries-out", "self", "71/NQ-CP")}),
    ("carries-out-organise-deploy", ["Tổ chức triển khai Nghị quyết số 72/NQ-CP ngày 01/4/2025 của Chính phủ"],
     reader.TITLE, "ke-hoach", {("carries-out", "self", "72/NQ-CP")}),
    ("carries-out-deploy-only", ["Triển khai Chỉ thị số 21/CT-TTg ngày 25 tháng 11 năm 2022 của Thủ tướng Chính phủ"],
     reader.TITLE, "ke-hoach", {("carries-out", "self", "21/CT-TTg")}),
    ("carries-out-enforce-only", ["Thi hành Luật số 61/2024/QH15 trên địa bàn tỉnh"], reader.TITLE, "ke-hoach",
     {("carries-out", "self", "61/2024/QH15")}),
    ("carries-out-concretise", ["Để cụ thể hóa Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân "
                                "dân tỉnh ban hành Kế hoạch."], reader.OPENING, "ke-hoach",
     {("carries-out", "self", "57-NQ/TW")}),
    ("carries-out-concretise-old-spelling", ["Cụ thể hoá Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Tỉnh "
                                             "ủy"], reader.TITLE, "ke-hoach", {("carries-out", "self", "10-CTr/TU")}),
    ("purpose-with-adverbs", ["- Triển khai thực hiện kịp thời, đồng bộ, hiệu quả Kế hoạch số 24/KH-UBND ngày "
                              "14/8/2025 của UBND tỉnh."], reader.PURPOSE, "ke-hoach",
     {("carries-out", "self", "24/KH-UBND")}),
    ("named-plan-carries-out", ["Căn cứ Kế hoạch số 46/KH-UBND ngày 25 tháng 8 năm 2025 của Ủy ban nhân dân thành phố "
                                "Cần Thơ thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ;"],
     reader.PREAMBLE, "quyet-dinh", {("carries-out", "46/KH-UBND", "71/NQ-CP")}),
    # --- dates in force ----------------------------------------------------------------------------------
    ("in-force-date", ["1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025."], reader.BODY,
     "nghi-dinh", {("in-force", "self", "2025-07-01")}),
    ("in-force-short", ["Quyết định này có hiệu lực từ ngày 01/12/2025."], reader.BODY, "quyet-dinh",
     {("in-force", "self", "2025-12-01")}),
    ("in-force-signed", ["Điều 3. Quyết định này có hiệu lực kể từ ngày ký ban hành."], reader.BODY, "quyet-dinh",
     {("in-force", "self", "signed")}),
    ("in-force-adopted", ["1. Luật này có hiệu lực thi hành từ ngày được thông qua."], reader.BODY, "luat",
     {("in-force", "self", "signed")}),
    ("in-force-issued", ["Quyết định này có hiệu lực kể từ ngày ban hành."], reader.BODY, "quyet-dinh",
     {("in-force", "self", "signed")}),
    ("in-force-of-named", ["Căn cứ Luật Đầu tư số 143/2025/QH15, có hiệu lực kể từ ngày 01 tháng 3 năm 2026;"],
     reader.PREAMBLE, "nghi-dinh", {("in-force", "143/2025/QH15", "2026-03-01")}),
]  # fmt: skip

NOT_RELATIONS: list[tuple[str, str, str, str]] = [
    # (id, paragraph, context, document type): instruments named, no relation stated
    ("basis", "Căn cứ Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ quy định việc sử dụng, trọng dụng cá "
              "nhân hoạt động khoa học và công nghệ;", reader.PREAMBLE, "quyet-dinh"),
    ("according-to", "Các cơ quan thực hiện theo Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ.", reader.BODY,
     "quyet-dinh"),
    ("reference-after-addition", "1. Bổ sung số lượng máy móc, thiết bị phục vụ hoạt động chung theo quy định tại điểm "
                                 "a khoản 2 Điều 5 Quyết định số 15/2025/QĐ-TTg.", reader.BODY, "quyet-dinh"),
    ("addition-to-what-a-text-sets", "2. Bổ sung số lượng, loại máy móc, thiết bị phục vụ hoạt động chung trang bị "
                                     "tại phòng làm việc đã quy định tại điểm a khoản 1 Điều 5 Quyết định số "
                                     "15/2025/QĐ-TTg.", reader.BODY, "quyet-dinh"),
    ("proposed", "Đề nghị sửa đổi, bổ sung Nghị quyết số 12/2020/NQ-HĐND của Hội đồng nhân dân tỉnh.", reader.BODY,
     "bao-cao"),
    ("not-replacing", "Văn bản hợp nhất này không thay thế Thông tư số 120/2020/TT-BTC.", reader.PREAMBLE,
     "van-ban-hop-nhat"),
    ("duty-guides", "3. Sở Tư pháp hướng dẫn thực hiện Nghị định số 78/2025/NĐ-CP.", reader.BODY, "quyet-dinh"),
    ("duty-carries-out", "Triển khai thực hiện Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ.",
     reader.SECTION, "ke-hoach"),
    ("quoted", "Sửa đổi khoản 2 như sau: “2. Bãi bỏ Quyết định số 7/2019/QĐ-UBND.”", reader.BODY, "quyet-dinh"),
    ("amended-without-agent", "Trường hợp Nghị định số 40/2014/NĐ-CP được sửa đổi, bổ sung thì thực hiện theo văn bản "
                              "mới.", reader.BODY, "quyet-dinh"),
    ("consolidated-law-speaks", "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2015.", reader.BODY,
     "van-ban-hop-nhat"),
    ("part-in-force", "2. Quy định tại khoản 3 Điều 19 Thông tư này có hiệu lực từ ngày 01 tháng 8 năm 2026.",
     reader.BODY, "thong-tu"),
    ("hereinafter", "Căn cứ Nghị định số 115/2015/NĐ-CP ngày 11 tháng 11 năm 2015 của Chính phủ quy định chi tiết một "
                    "số điều của Luật Bảo hiểm xã hội (sau đây gọi tắt là Nghị định số 115/2015/NĐ-CP);",
     reader.PREAMBLE, "thong-tu"),
    ("footnote", "3 Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 4 Thông tư số 08/2026/TT-BTC.",
     reader.NOTE, "van-ban-hop-nhat"),
    ("later-clause-duty", "Sở Tài chính chủ trì; hướng dẫn hồ sơ, thủ tục thanh toán theo quy định tại Nghị định "
                          "289/2025/NĐ-CP.", reader.BODY, "thong-tu"),
]  # fmt: skip


def test_case_ids_are_unique() -> None:
    ids = [case[0] for case in CASES] + [case[0] for case in NOT_RELATIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("texts", "context", "doc_type", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_relation_wording(texts: list[str], context: str, doc_type: str, expected: set[tuple[str, str, str]]) -> None:
    assert keys(read(texts, context, doc_type)) == expected


@pytest.mark.parametrize(("text", "context", "doc_type"), [case[1:] for case in NOT_RELATIONS],
                         ids=[case[0] for case in NOT_RELATIONS])
def test_a_bare_mention_is_no_relation(text: str, context: str, doc_type: str) -> None:
    assert read([text], context, doc_type) == []


def test_every_wording_of_the_tables_has_a_case() -> None:
    """Each verb of :mod:`plangraph.language.relation_cues` is read in at least one case above."""
    printed = {reader._key(r.wording) for case in CASES for r in read(case[1], case[2], case[3])}
    for table in (cues.ACTIVE_VERBS,):
        missing = {w for w in table if reader._key(w) not in printed}
        assert not missing, f"no case reads {sorted(missing)}"
    passive = {w for w in printed if w.startswith(("duoc ", "bi ", "da "))}
    for verb in cues.PASSIVE_VERBS:
        assert any(f" {reader._key(verb)} " in f" {w} " for w in passive), f"no passive case reads {verb!r}"
    for wording in (*cues.IN_FORCE, *cues.NO_LONGER_IN_FORCE):
        assert any(w.startswith(reader._key(wording)) for w in printed), f"no case reads {wording!r}"


def test_parts_and_dates_of_a_clause() -> None:
    found = read(["6. Bãi bỏ các Điều 3, 13 và 14, khoản 4 Điều 17 Thông tư số 10/2020/TT-BTC."], doc_type="thong-tu")
    assert [(r.kind, r.partial, r.parts) for r in found] == [
        ("repeals", True, ((("dieu", "3"),), (("dieu", "13"),), (("dieu", "14"),), (("dieu", "17"), ("khoan", "4"))))]
    found = read(["Bãi bỏ khoản 1, khoản 2 Điều 4, điểm a khoản 1 Điều 5 Thông tư số 10/2020/TT-BTC."],
                 doc_type="thong-tu")
    assert found[0].parts == ((("dieu", "4"), ("khoan", "1")), (("dieu", "4"), ("khoan", "2")),
                              (("dieu", "5"), ("khoan", "1"), ("diem", "a")))
    found = read(["Quyết định số 11/2022/QĐ-UBND hết hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2025."])
    assert (found[0].date, found[0].date_rule) == (dt.date(2025, 12, 1), "stated")
    found = read(["Các văn bản sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực:", "a) Quyết định số "
                  "12/2018/QĐ-UBND ngày 16 tháng 7 năm 2018;"])
    assert (found[0].date, found[0].date_rule, found[0].cue is not None) == (None, "own-entry", True)


def test_quote_and_lines_of_a_clause() -> None:
    found = read(["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
                  "Căn cứ Luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15;"], reader.PREAMBLE)
    assert len(found) == 1
    assert (found[0].loc.first_line, found[0].loc.exact) == (
        2, "Căn cứ Luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số 87/2025/QH15;")


# --------------------------------------------------------------------------------------------------
# Mapping: a decision of our own (tests/data/relations/qd-99-2025.txt)
# --------------------------------------------------------------------------------------------------

BASE = "https://w3id.org/plangraph/eli/vn/"
DOC = BASE + "ubnd-14/qd/2025/99"


@pytest.fixture(scope="module")
def store() -> Store:
    prepared = prepare(DECISION, Minter(), validate=True)
    assert prepared.report is not None and prepared.report.conforms, prepared.report
    store = Store()
    store.extend(prepared.quads)
    return store


def values(store: Store, query: str) -> set[tuple[str, ...]]:
    return {tuple(row.values()) for row in select(store, query)}


def test_the_document_and_its_units_state_relations(store: Store) -> None:
    said = values(store, f"""SELECT ?s ?p ?o WHERE {{
        ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{DOC}") && ?p IN (eli:amends, eli:repeals, eli:changes, pg:replaces,
        pg:carriesOut, eli:applies, eli:ensures_implementation_of)) }}""")
    assert (f"{DOC}/dieu-1", "http://data.europa.eu/eli/ontology#amends", BASE + "ubnd-14/qd/2020/12/dieu-5/khoan-2") \
        in said
    assert (DOC, "http://data.europa.eu/eli/ontology#amends", BASE + "ubnd-14/qd/2020/12") in said  # rolled up
    assert (f"{DOC}/dieu-2", "http://data.europa.eu/eli/ontology#repeals", BASE + "ubnd-14/qd/2020/12/dieu-7") in said
    assert (DOC, "http://data.europa.eu/eli/ontology#changes", BASE + "ubnd-14/qd/2020/12") in said
    assert (DOC, "http://data.europa.eu/eli/ontology#repeals", BASE + "ubnd-14/qd/2020/12") not in said  # in part
    assert (DOC, "https://w3id.org/plangraph/ontology#replaces", BASE + "ubnd-14/qd/2021/30") in said
    assert (DOC, "http://data.europa.eu/eli/ontology#repeals", BASE + "ubnd-14/qd/2021/30") in said  # superproperty
    assert (DOC, "https://w3id.org/plangraph/ontology#carriesOut", BASE + "tw/nq/2024/57") in said
    assert (DOC, "http://data.europa.eu/eli/ontology#applies", BASE + "tw/nq/2024/57") in said
    assert not any(o.endswith("/2025/78") and p.endswith("ensures_implementation_of") for s, p, o in said
                   if s.startswith(DOC))  # "Sở Tư pháp hướng dẫn thực hiện Nghị định số 78/2025/NĐ-CP": a duty
    assert not any(o.endswith("/2019/7") for _, _, o in said if _.endswith("#amends"))  # quoted, not stated
    between = values(store, """SELECT ?s ?o WHERE { ?s eli:amends ?o FILTER(CONTAINS(STR(?s), "/qh/")) }""")
    assert between == {(BASE + "qh/luat/2025/87", BASE + "qh/luat/2025/64")}
    guides = values(store, "SELECT ?s ?o WHERE { ?s eli:ensures_implementation_of ?o }")
    assert guides == {(BASE + "cp/nd/2025/78", BASE + "qh/luat/2025/64")}


def test_dates_in_force(store: Store) -> None:
    assert values(store, "SELECT ?s ?d WHERE { ?s eli:first_date_entry_in_force ?d }") == {(DOC, "2025-12-01")}
    assert values(store, "SELECT ?s ?d WHERE { ?s eli:date_no_longer_in_force ?d }") == {
        (BASE + f"ubnd-14/qd/{n}", "2025-12-01") for n in ("2021/30", "2018/15", "2018/16")}


def test_each_relation_keeps_the_clause_that_states_it(store: Store) -> None:
    rows = select(store, f"""SELECT ?in ?p ?o ?line ?exact WHERE {{
        ?st a pg:RelationStatement , rdf:Statement ; rdf:predicate ?p ; rdf:object ?o ; pg:mentionedIn ?in ;
            oa:hasTarget ?t . ?t pg:startLine ?line ; oa:hasSelector/oa:exact ?exact .
        FILTER(?o = <{BASE}ubnd-14/qd/2018/16>) }}""")
    assert {(r["in"], r["line"]) for r in rows} == {(f"{DOC}/dieu-3/khoan-2/diem-b", "42"),
                                                     (f"{DOC}/dieu-3/khoan-2/diem-b", "38")}
    assert any(r["exact"].startswith("hết hiệu lực kể từ ngày") for r in rows)  # the list's introduction
    assert any(r["exact"].startswith("b) Quyết định số 16/2018/QĐ-UBND") for r in rows)  # the item


def test_a_part_acted_on_is_a_subdivision_of_the_text(store: Store) -> None:
    part = BASE + "ubnd-14/qd/2020/12/dieu-5/khoan-2"
    rows = select(store, f"""SELECT ?label ?parent ?grand WHERE {{ <{part}> a eli:LegalResourceSubdivision ;
        rdfs:label ?label ; eli:is_part_of ?parent . ?parent eli:is_part_of ?grand }}""")
    assert rows == [{"label": "Khoản 2", "parent": BASE + "ubnd-14/qd/2020/12/dieu-5",
                     "grand": BASE + "ubnd-14/qd/2020/12"}]


def test_statements_are_not_citations(store: Store) -> None:
    """A relation statement is no mention: the citation counts of the catalogue stay as they were."""
    rows = select(store, "SELECT ?m WHERE { ?m a pg:RelationStatement ; oa:hasBody ?x }")
    assert rows == []
    assert PREFIXES  # the shared prefixes cover rdf:, pg:, oa:
