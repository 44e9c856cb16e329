"""The citation parser: every numbering form resolves to one issuer-qualified identity.

Cases are a table (input, context province, expected citations, why). Each expected citation is
``(doc_type, id_local, issuer, scope, year, date, mention)``: *mention* is the exact text the span
covers (type word, number, date, issuer phrase). Cases drawn from real documents name their file:
the seed is /work/shared/seed/000_…; the corpus files are /work/shared/corpus/02, 08, 09, 10.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangraph.ingest.understand.citations import Citation, CitationContext, find_citations
from plangraph.language.folding import slugify
from plangraph.ontology.concepts import scheme
from plangraph.ontology.iris import issuer_segment

D = dt.date
HP, SL, DT = "31", "14", "87"  # Hải Phòng, Sơn La, Đồng Tháp
DT_2025 = "82/2025"  # Đồng Tháp after the merger of 1 July 2025 (with Tiền Giang, code 82)

CASES: list[tuple[str, str | None, list[tuple[str, str, str, str, int | None, D | None, str]], str]] = [
    # --- state documents, numbered ---------------------------------------------------------------
    ("Triển khai thực hiện Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ quy định việc sử dụng",
     HP, [("nghi-dinh", "40/2014/NĐ-CP", "CP", "vn", 2014, D(2014, 5, 12),
           "Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ")],
     "seed task 3: a national decree stays national in a city's document; issuer phrase in the span"),
    ("Xây dựng Dự án (Theo QĐ 317/QĐ-TTg ngày 15/3/2012 của Thủ tướng Chính phủ)",
     HP, [("quyet-dinh", "317/QĐ-TTg", "TTg", "vn", 2012, D(2012, 3, 15),
           "QĐ 317/QĐ-TTg ngày 15/3/2012 của Thủ tướng Chính phủ")],
     "seed task 10: the 'QĐ' prefix is a type word; the year comes from the date"),
    ("Căn cứ Nghị quyết số 08/2013/NQ-HĐND ngày 25/7/2013 của Hội đồng nhân dân thành phố về nhiệm vụ",
     HP, [("nghi-quyet", "08/2013/NQ-HĐND", "HĐND", HP, 2013, D(2013, 7, 25),
           "Nghị quyết số 08/2013/NQ-HĐND ngày 25/7/2013 của Hội đồng nhân dân thành phố")],
     "seed preamble: leading zero kept as printed; a local council takes the context province"),
    ("Xét đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 12/TTr-SKHCN ngày 16/02/2016 về việc",
     HP, [("to-trinh", "12/TTr-SKHCN", "SKHCN", HP, 2016, D(2016, 2, 16),
           "Tờ trình số 12/TTr-SKHCN ngày 16/02/2016")],
     "seed proposal: a department's submission without year in its number"),
    ("(Ban hành kèm theo Quyết định số: 281 /QĐ-UBND ngày 25 tháng 02 năm 2016  \ncủa Ủy ban nhân dân thành phố)",
     HP, [("quyet-dinh", "281/QĐ-UBND", "UBND", HP, 2016, D(2016, 2, 25),
           "Quyết định số: 281 /QĐ-UBND ngày 25 tháng 02 năm 2016  \ncủa Ủy ban nhân dân thành phố")],
     "seed annex heading: 'số:' and a stray space in the number, long-form date, hard line break"),
    ("Tổ chức các Hội thi theo Quyết định số 2747/2015/QĐ-UBND ngày 04/12/2015 của UBND thành phố Hải Phòng về",
     None, [("quyet-dinh", "2747/2015/QĐ-UBND", "UBND", HP, 2015, D(2015, 12, 4),
             "Quyết định số 2747/2015/QĐ-UBND ngày 04/12/2015 của UBND thành phố Hải Phòng")],
     "seed plan 4: the named city decides the scope even with no context province"),
    ("Quyết định số 12/QĐ-UBND ngày 5/1/2020 của UBND tỉnh Sơn La về việc",
     HP, [("quyet-dinh", "12/QĐ-UBND", "UBND", SL, 2020, D(2020, 1, 5),
           "Quyết định số 12/QĐ-UBND ngày 5/1/2020 của UBND tỉnh Sơn La")],
     "a named province beats the context province"),
    ("Quyết định số 13/QĐ-UBND ngày 5/1/2020 của Chủ tịch UBND tỉnh Sơn La về việc",
     HP, [("quyet-dinh", "13/QĐ-UBND", "UBND", SL, 2020, D(2020, 1, 5),
           "Quyết định số 13/QĐ-UBND ngày 5/1/2020 của Chủ tịch UBND tỉnh Sơn La")],
     "'của Chủ tịch UBND tỉnh …' names the same issuer"),
    ("Nghị định 41/2014/NĐ-CP ngày 12-5-2014 quy định",
     None, [("nghi-dinh", "41/2014/NĐ-CP", "CP", "vn", 2014, D(2014, 5, 12), "Nghị định 41/2014/NĐ-CP ngày 12-5-2014")],
     "dashed date form; no 'số'"),
    ("Thông tư liên tịch số 12/2015/TTLT-BKHCN-BTC ngày 1/6/2015 hướng dẫn",
     None, [("thong-tu-lien-tich", "12/2015/TTLT-BKHCN-BTC", "BKHCN", "vn", 2015, D(2015, 6, 1),
             "Thông tư liên tịch số 12/2015/TTLT-BKHCN-BTC ngày 1/6/2015")],
     "joint circular: two issuers, the first names the identity"),
    ("Căn cứ Quyết định số 282/QĐ-UBND - Về việc phê duyệt",
     HP, [("quyet-dinh", "282/QĐ-UBND", "UBND", HP, None, None, "Quyết định số 282/QĐ-UBND")],
     "a spaced dash after the number starts prose, not another symbol element ('UBND-V')"),
    ("Nghị định số 42/2014/NĐ-CP - Quy định chi tiết",
     None, [("nghi-dinh", "42/2014/NĐ-CP", "CP", "vn", 2014, None, "Nghị định số 42/2014/NĐ-CP")],
     "'- Quy định' after a decree is prose ('NĐ-CP-Quy' was read before)"),
    ("Đề án số 5/ĐA-UBND và Dự án số 6/DA-UBND",
     HP, [("de-an", "5/ĐA-UBND", "UBND", HP, None, None, "Đề án số 5/ĐA-UBND"),
          ("du-an", "6/DA-UBND", "UBND", HP, None, None, "Dự án số 6/DA-UBND")],
     "ĐA and DA differ only by Đ: folding them together made every Dự án an Đề án"),
    # --- shorthand lists and enumerations ----------------------------------------------------------
    ("Căn cứ các Quyết định của Ủy ban nhân dân thành phố: số 1859/QĐ-UBND, số 1860/QĐ-UBND, số 1861/QĐ-UBND, "
     "số 1862/QĐ-UBND ngày 25/9/2013 và Quyết định số 1964/QĐ-UBND ngày 07/10/2013 về việc",
     HP, [("quyet-dinh", "1859/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "số 1859/QĐ-UBND"),
          ("quyet-dinh", "1860/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "số 1860/QĐ-UBND"),
          ("quyet-dinh", "1861/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "số 1861/QĐ-UBND"),
          ("quyet-dinh", "1862/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "số 1862/QĐ-UBND ngày 25/9/2013"),
          ("quyet-dinh", "1964/QĐ-UBND", "UBND", HP, 2013, D(2013, 10, 7),
           "Quyết định số 1964/QĐ-UBND ngày 07/10/2013")],
     "seed preamble: the trailing date belongs to every number of the enumeration, not to the next one"),
    ("Căn cứ 1859, 1860, 1861, 1862/QĐ-UBND ngày 25/9/2013;",
     HP, [("quyet-dinh", "1859/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "1859"),
          ("quyet-dinh", "1860/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "1860"),
          ("quyet-dinh", "1861/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "1861"),
          ("quyet-dinh", "1862/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "1862/QĐ-UBND ngày 25/9/2013")],
     "shorthand list: the numbers share the symbol and the date"),
    ("các Quyết định số 1859 và 1860/QĐ-UBND ngày 25/9/2013",
     HP, [("quyet-dinh", "1859/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "Quyết định số 1859"),
          ("quyet-dinh", "1860/QĐ-UBND", "UBND", HP, 2013, D(2013, 9, 25), "1860/QĐ-UBND ngày 25/9/2013")],
     "the type word before a shorthand list belongs to its first mention"),
    ("Kết luận số 36, 37-KL/TW ngày 01/7/2022 của Bộ Chính trị",
     None, [("ket-luan", "36-KL/TW", "TW", "vn", 2022, D(2022, 7, 1), "Kết luận số 36"),
            ("ket-luan", "37-KL/TW", "TW", "vn", 2022, D(2022, 7, 1),
             "37-KL/TW ngày 01/7/2022 của Bộ Chính trị")],
     "a party-form shorthand list keeps the party form ('36/TW' was produced)"),
    ("Đến năm 2016, 283/QĐ-UBND được sửa đổi",
     HP, [("quyet-dinh", "283/QĐ-UBND", "UBND", HP, None, None, "283/QĐ-UBND")],
     "a year before a number is not a shorthand list ('2016/QĐ-UBND' is no document)"),
    # --- laws ------------------------------------------------------------------------------------
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
     HP, [("luat", "77/2015/QH13", "QH", "vn", 2015, D(2015, 6, 19),
           "Luật Tổ chức chính quyền địa phương ngày 19/6/2015")],
     "seed preamble: a law by name and date resolves to its known number"),
    ("Căn cứ Luật số 80/2015/QH13 ngày 22/6/2015;",
     None, [("luat", "80/2015/QH13", "QH", "vn", 2015, D(2015, 6, 22), "Luật số 80/2015/QH13 ngày 22/6/2015")],
     "a law by its number"),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015;",
     None, [("luat", "80/2015/QH13", "QH", "vn", 2015, D(2015, 6, 22),
             "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015")],
     "name and number together are one citation, not two"),
    ("*Căn cứ Luật Tổ chức\nChính phủ ngày 18 tháng 2 năm 2025;*",
     None, [("luat", "Luật Tổ chức Chính phủ", "QH", "vn", 2025, D(2025, 2, 18),
             "Luật Tổ chức\nChính phủ ngày 18 tháng 2 năm 2025")],
     "corpus 08 preamble: an unknown law keeps its name; the title wraps onto the next line"),
    ("Căn cứ Luật bảo hiểm y tế ngày 14 tháng 11 năm 2008, Luật sửa đổi, bổ \nsung một số điều của Luật bảo hiểm "
     "y tế ngày 13 tháng 6 năm 2014;",
     None, [("luat", "25/2008/QH12", "QH", "vn", 2008, D(2008, 11, 14), "Luật bảo hiểm y tế ngày 14 tháng 11 năm 2008"),
            ("luat", "Luật sửa đổi, bổ sung một số điều của Luật bảo hiểm y tế", "QH", "vn", 2014, D(2014, 6, 13),
             "Luật sửa đổi, bổ \nsung một số điều của Luật bảo hiểm y tế ngày 13 tháng 6 năm 2014")],
     "corpus 09 preamble: law names in lower case were skipped; an amending law is one citation"),
    ("Căn cứ Luật Tổ chức Chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật Sửa đổi bổ sung một số điều của Luật "
     "Tổ chức Chính phủ và Luật Tổ chức Chính quyền địa phương ngày 22 tháng 11 năm 2019;",
     SL, [("luat", "77/2015/QH13", "QH", "vn", 2015, D(2015, 6, 19),
           "Luật Tổ chức Chính quyền địa phương ngày 19 tháng 6 năm 2015"),
          ("luat", "47/2019/QH14", "QH", "vn", 2019, D(2019, 11, 22),
           "Luật Sửa đổi bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức Chính quyền địa phương "
           "ngày 22 tháng 11 năm 2019")],
     "corpus 10 preamble: a known law matches whatever its punctuation ('Sửa đổi bổ sung' without comma)"),
    ("trọng tâm là: Luật Bảo vệ BMNN năm 2018; Bộ Luật hình sự năm 2015 (sửa đổi, bổ sung)",
     SL, [("luat", "Luật Bảo vệ BMNN", "QH", "vn", 2018, None, "Luật Bảo vệ BMNN năm 2018")],
     "corpus 10: a law by name and year; a code ('Bộ Luật') is not a law"),
    ("Căn cứ Luật Xây dựng ngày 31/2/2014;",
     None, [("luat", "50/2014/QH13", "QH", "vn", 2014, None, "Luật Xây dựng ngày 31/2/2014")],
     "an impossible date keeps the year (this used to crash with int(None))"),
    # --- party documents -------------------------------------------------------------------------
    ("Căn cứ Nghị quyết số\n57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá",
     DT, [("nghi-quyet", "57-NQ/TW", "TW", "vn", 2024, D(2024, 12, 22),
           "Nghị quyết số\n57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")],
     "corpus 02: party resolution, wrapped after 'số'; national in a provincial plan"),
    ("của Chính phủ và Chương trình hành động số 10- CTr/TU ngày 13/8/2025 của Ban\nThường vụ Tỉnh ủy về thực hiện",
     DT, [("chuong-trinh", "10-CTr/TU", "TU", DT_2025, 2025, D(2025, 8, 13),
           "Chương trình hành động số 10- CTr/TU ngày 13/8/2025 của Ban\nThường vụ Tỉnh ủy")],
     "corpus 02: stray space in '10- CTr/TU'; a provincial party committee is local, in the merged province "
     "since it is dated after 1 July 2025; wrapped issuer phrase"),
    ("đổi số; Thông báo số 30-TB/TGV ngày 13/6/2025 của Tổ giúp việc Ban chỉ đạo",
     DT, [("thong-bao", "30-TB/TGV", "TGV", DT, 2025, D(2025, 6, 13), "Thông báo số 30-TB/TGV ngày 13/6/2025")],
     "corpus 02: an unknown party issuer stays in the context province"),
    ("*Căn cứ Kế hoạch số 02-KH/BCĐTW ngày 19 tháng 6\nnăm 2025 của Ban Chỉ đạo Trung ương về",
     DT, [("ke-hoach", "02-KH/BCĐTW", "BCĐTW", "vn", 2025, D(2025, 6, 19),
           "Kế hoạch số 02-KH/BCĐTW ngày 19 tháng 6\nnăm 2025")],
     "corpus 08: an issuer abbreviation ending in TW (Trung ương) is national"),
    ("Căn cứ Chỉ thị số 52-CT/TW ngày 03 tháng 10 năm 2025 của Ban Bí thư về",
     None, [("chi-thi", "52-CT/TW", "TW", "vn", 2025, D(2025, 10, 3),
             "Chỉ thị số 52-CT/TW ngày 03 tháng 10 năm 2025 của Ban Bí thư")],
     "corpus 09: party directive with long-form date"),
    ("THỰC HIỆN CHỈ THỊ SỐ 52-CT/TW NGÀY 03 THÁNG 10 NĂM 2025 CỦA BAN BÍ THƯ VỀ THỰC HIỆN",
     None, [("chi-thi", "52-CT/TW", "TW", "vn", 2025, D(2025, 10, 3),
             "CHỈ THỊ SỐ 52-CT/TW NGÀY 03 THÁNG 10 NĂM 2025 CỦA BAN BÍ THƯ")],
     "corpus 09 annex title: an all-capitals heading keeps its type word, date and issuer"),
    ("giám sát, đánh giá việc thực hiện Chỉ thị số \n52-CT/TW để đạt mục tiêu",
     None, [("chi-thi", "52-CT/TW", "TW", "vn", None, None, "Chỉ thị số \n52-CT/TW")],
     "corpus 09: a party document cited without date has no year"),
    ("2. Xác định việc thực hiện Chỉ thị số 52-\nCT/TW đề ra",
     None, [("chi-thi", "52-CT/TW", "TW", "vn", None, None, "Chỉ thị số 52-\nCT/TW")],
     "corpus 09: the PDF text breaks the line inside the number"),
    ("theo Quy định số 69-QĐ/TW ngày 06/7/2022 của Ban Chấp hành Trung ương quy định về kỷ luật",
     SL, [("quy-dinh", "69-QĐ/TW", "TW", "vn", 2022, D(2022, 7, 6),
           "Quy định số 69-QĐ/TW ngày 06/7/2022 của Ban Chấp hành Trung ương")],
     "corpus 10: party documents write QĐ for Quy định too; the type word settles it"),
    # --- wrapped text, odd spacing and case ---------------------------------------------------------
    ("hưởng theo Nghị định số\n278/2025/NĐ-CP ngày \n22/10/2025 của Chính phủ quy định",
     None, [("nghi-dinh", "278/2025/NĐ-CP", "CP", "vn", 2025, D(2025, 10, 22),
             "Nghị định số\n278/2025/NĐ-CP ngày \n22/10/2025 của Chính phủ")],
     "corpus 09 (and shape A): hard wraps inside the citation read as spaces"),
    ("được thực hiện theo Nghị Quyết số 282/NQ-CP ngày \n15/9/2025 của Chính phủ.",
     None, [("nghi-quyet", "282/NQ-CP", "CP", "vn", 2025, D(2025, 9, 15),
             "Nghị Quyết số 282/NQ-CP ngày \n15/9/2025 của Chính phủ")],
     "corpus 09: a capital inside the type word ('Nghị Quyết')"),
    ("quyết số 57-NQ/TW ngày 22/12/2024 của Bộ\nChính trị về đội phá",
     None, [("nghi-quyet", "57-NQ/TW", "TW", "vn", 2024, D(2024, 12, 22),
             "số 57-NQ/TW ngày 22/12/2024 của Bộ\nChính trị")],
     "corpus 08: the issuer phrase wraps between 'Bộ' and 'Chính trị'"),
    ("sửa đổi Nghị\nquyết số 58-NQ/TW ngày 22/12/2024",
     None, [("nghi-quyet", "58-NQ/TW", "TW", "vn", 2024, D(2024, 12, 22), "Nghị\nquyết số 58-NQ/TW ngày 22/12/2024")],
     "corpus 08: the type word itself wraps"),
    ("Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 02/TTr-CAT- ANCTNB ngày 03 tháng 02 năm 2023.",
     SL, [("to-trinh", "02/TTr-CAT-ANCTNB", "CAT", SL, 2023, D(2023, 2, 3),
           "Tờ trình số 02/TTr-CAT- ANCTNB ngày 03 tháng 02 năm 2023")],
     "corpus 10: a two-part issuer with a stray space; provincial police is local"),
    ("Nghị định số 144/2021/NĐ- CP ngày 31/12/2021 của Chính phủ",
     SL, [("nghi-dinh", "144/2021/NĐ-CP", "CP", "vn", 2021, D(2021, 12, 31),
           "Nghị định số 144/2021/NĐ- CP ngày 31/12/2021 của Chính phủ")],
     "corpus 10: a stray space after the dash"),
    ("theo quy định tại Thông tư số 24/2020/TT-BCA ngày 10/3/2020 của Bộ trưởng Bộ Công an ban hành biểu mẫu",
     SL, [("thong-tu", "24/2020/TT-BCA", "BCA", "vn", 2020, D(2020, 3, 10),
           "Thông tư số 24/2020/TT-BCA ngày 10/3/2020 của Bộ trưởng Bộ Công an")],
     "corpus 10: a ministry is national; 'của Bộ trưởng Bộ …' is part of the mention"),
    ("tại Công văn số 4216/UBND-NC ngày 02/12/2021 và Công văn số 4478/UBND-NC ngày 18/11/2022 của Chủ tịch UBND tỉnh",
     SL, [("cong-van", "4216/UBND-NC", "UBND", SL, 2021, D(2021, 12, 2), "Công văn số 4216/UBND-NC ngày 02/12/2021"),
          ("cong-van", "4478/UBND-NC", "UBND", SL, 2022, D(2022, 11, 18),
           "Công văn số 4478/UBND-NC ngày 18/11/2022 của Chủ tịch UBND tỉnh")],
     "corpus 10: an official letter's symbol is issuer-unit, so the issuer is UBND (not the unit NC)"),
    ("Kế hoạch số 283/KH-UBND\nngày 24/9/2025 của Ủy ban nhân dân Tỉnh về thực hiện",
     DT, [("ke-hoach", "283/KH-UBND", "UBND", DT_2025, 2025, D(2025, 9, 24),
           "Kế hoạch số 283/KH-UBND\nngày 24/9/2025 của Ủy ban nhân dân Tỉnh")],
     "corpus 02: a capitalised 'Tỉnh' after the issuer is part of the issuer phrase"),
    ("Quyết định số 2566/QĐ-UBND ngày 08/12/2022 của UBND tỉnh",
     SL, [("quyet-dinh", "2566/QĐ-UBND", "UBND", SL, 2022, D(2022, 12, 8),
           "Quyết định số 2566/QĐ-UBND ngày 08/12/2022 của UBND tỉnh")],
     "corpus 10: 'của UBND tỉnh' without a name takes the context province"),
    # --- not citations -------------------------------------------------------------------------------
    ("như: ISO14.000, ISO 9001-2008, ISO 22.000, HACCP, TQM", HP, [],
     "seed plan 5: standard numbers are not documents"),
    ("Hải Phòng, ngày 25 tháng 02 năm 2016", HP, [], "seed header: a date alone"),
    ("Kế hoạch hoạt động giai đoạn 2016-2020 và 2011-2015", HP, [], "seed: periods are not party numbers"),
    ("Điện thoại: 0225.3842.123 - Fax: 0225-3842-124; 0913-123-456", HP, [], "phone-like numbers"),
    ("**Điều 1.** Phê duyệt Kế hoạch", HP, [], "an article heading"),
    ("đạt 850 người/vạn dân, 2% GDP, ngày 12/5/2014", HP, [], "seed plan 1: ratios and dates"),
    ("số 123456/QĐ-UBND", HP, [], "six digits are no document number, and no tail of them is either"),
    ("Đoàn Luật sư thành phố năm 2020 và Bộ luật Dân sự năm 2015", HP, [], "'Luật sư' (lawyer) and codes"),
]
assert len({c[0] for c in CASES}) == len(CASES), "duplicate case input"


def _expected_number(id_local: str) -> str | None:
    match = re.match(r"\d+", id_local)
    return (match.group(0).lstrip("0") or "0") if match else None


@pytest.mark.parametrize(("text", "province", "expected", "why"), CASES, ids=[slugify(c[3])[:70] for c in CASES])
def test_citation_cases(text: str, province: str | None, expected: list[tuple], why: str) -> None:
    found = find_citations(text, CitationContext(province=province))
    got = [(c.doc_type, c.id_local, c.issuer, c.scope, c.year, c.date, text[c.start:c.end]) for c in found]
    assert got == expected, why
    for citation, exp in zip(found, expected, strict=True):
        assert citation.number == _expected_number(exp[1]), why


def test_known_law_keeps_its_name_as_title() -> None:
    [law] = find_citations("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    assert (law.number, law.title, law.issuer_kind) == ("77", "Luật Tổ chức chính quyền địa phương", "quoc-hoi")
    [unknown] = find_citations("Căn cứ Luật Dữ liệu ngày 30 tháng 11 năm 2024;")
    assert (unknown.number, unknown.title, unknown.id_local) == (None, "Luật Dữ liệu", "Luật Dữ liệu")


ISSUER_KINDS = [
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "bo-chinh-tri", "Politburo, named"),
    ("Chỉ thị số 52-CT/TW ngày 03/10/2025 của Ban Bí thư", "ban-bi-thu", "Secretariat, named"),
    ("Chỉ thị số 52-CT/TW đề ra", "trung-uong-dang", "TW without a named organ: the Central Committee"),
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ\nChính trị", "bo-chinh-tri",
     "corpus 02: the organ's name wraps onto the next line"),
    ("Luật số 80/2015/QH13", "quoc-hoi", "laws are the National Assembly's"),
    ("Tờ trình số 12/TTr-SKHCN", "so-khoa-hoc-va-cong-nghe", "department abbreviation from the agency kinds"),
    ("Công văn số 4216/UBND-NC", "uy-ban-nhan-dan", "corpus 10: the letter's issuer, not its drafting unit"),
    ("Tờ trình số 02/TTr-CAT- ANCTNB", "cong-an-tinh", "corpus 10: provincial police"),
]


@pytest.mark.parametrize(("text", "kind", "why"), ISSUER_KINDS, ids=[slugify(c[2])[:60] for c in ISSUER_KINDS])
def test_issuer_kind(text: str, kind: str, why: str) -> None:
    [citation] = find_citations(text, CitationContext(province=HP))
    assert citation.issuer_kind == kind, why


SEGMENTS = [
    ("Nghị định số 40/2014/NĐ-CP", HP, "cp"),
    ("Quyết định số 317/QĐ-TTg", HP, "ttg"),
    ("Quyết định số 281/QĐ-UBND", HP, "ubnd-31"),
    ("Tờ trình số 12/TTr-SKHCN", HP, "skhcn-31"),
    ("Nghị quyết số 08/2013/NQ-HĐND", HP, "hdnd-31"),
    ("Quyết định số 254/QĐ-UBND", SL, "ubnd-14"),
    ("Luật số 80/2015/QH13", HP, "qh"),
    ("Nghị quyết số 57-NQ/TW", DT, "tw"),
    ("Chương trình số 10-CTr/TU", DT, "tu-87"),
]


@pytest.mark.parametrize(("text", "province", "segment"), SEGMENTS, ids=[c[2] for c in SEGMENTS])
def test_issuer_segment(text: str, province: str, segment: str) -> None:
    [citation] = find_citations(text, CitationContext(province=province))
    assert issuer_segment(citation) == segment


def _identity(c: Citation) -> tuple:
    return (c.doc_type, c.issuer, c.scope, c.year, c.id_local)


def test_same_local_number_from_two_provinces_is_two_documents() -> None:
    text = "Quyết định số 281/QĐ-UBND ngày 25/02/2016"
    [hai_phong] = find_citations(text, CitationContext(province=HP))
    [son_la] = find_citations(text, CitationContext(province=SL))
    assert hai_phong.id_local == son_la.id_local
    assert _identity(hai_phong) != _identity(son_la)
    assert issuer_segment(hai_phong) != issuer_segment(son_la)


def test_national_decree_is_one_document_whatever_the_context() -> None:
    text = "Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ"
    identities = {_identity(c) for p in (None, HP, SL, DT) for c in find_citations(text, CitationContext(p))}
    assert len(identities) == 1


def test_named_province_overrides_context_but_not_for_national_issuers() -> None:
    text = "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ tỉnh Sơn La"
    [citation] = find_citations(text, CitationContext(province=HP))
    assert citation.scope == "vn"


def test_default_context_is_national_and_find_citations_accepts_none() -> None:
    assert find_citations("Nghị định số 40/2014/NĐ-CP")[0].scope == "vn"
    assert find_citations("Nghị định số 40/2014/NĐ-CP", None)[0].scope == "vn"


def test_corpus_file_02_preamble_reads_every_legal_basis() -> None:
    """Corpus 02 (shape A, hard-wrapped): the run-on paragraph of party and government bases."""
    text = (
        "Căn cứ Nghị quyết số\n57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công\n"
        "nghệ, đổi mới sáng tạo và chuyển đổi số; Nghị quyết số 71/NQ-CP ngày 01/4/2025\n"
        "của Chính phủ và Chương trình hành động số 10- CTr/TU ngày 13/8/2025 của Ban\n"
        "Thường vụ Tỉnh ủy về thực hiện"
    )
    found = find_citations(text, CitationContext(province=DT))
    assert [(c.id_local, c.scope, c.date) for c in found] == [
        ("57-NQ/TW", "vn", D(2024, 12, 22)), ("71/NQ-CP", "vn", D(2025, 4, 1)), ("10-CTr/TU", DT_2025, D(2025, 8, 13)),
    ]
    assert [c.issuer_kind for c in found] == ["bo-chinh-tri", "chinh-phu", "tinh-uy"]


# --- properties -------------------------------------------------------------------------------------

# Type abbreviations as written in numbers. "Luật" is a notation but never an abbreviation in a number:
# a law is numbered like 80/2015/QH13, which the case table covers.
TYPE_NOTATIONS = sorted(
    (n, c.key) for c in scheme("doctype").values() for n in c.notations if re.fullmatch(r"[A-ZĐ][A-Za-zĐđ]*", n)
)
ISSUERS = ["CP", "TTg", "UBND", "HĐND", "BKHCN", "SKHCN"]
numbers = st.integers(min_value=1, max_value=9999)
years = st.integers(min_value=1990, max_value=2030)
types = st.sampled_from(TYPE_NOTATIONS)
issuers = st.sampled_from(ISSUERS)


def test_type_notations_cover_the_common_abbreviations() -> None:
    notations = {n for n, _ in TYPE_NOTATIONS}
    assert {"NĐ", "QĐ", "NQ", "TTr", "CTr", "TT", "KH", "ĐA", "DA"} <= notations


@given(numbers, years, types, issuers)
def test_canonical_symbol_parses_back_to_itself(number: int, year: int, type_: tuple[str, str],
                                                issuer: str) -> None:
    notation, key = type_
    for symbol, expected_year in ((f"{number}/{year}/{notation}-{issuer}", year), (f"{number}/{notation}-{issuer}",
                                                                                   None)):
        [citation] = find_citations(symbol, CitationContext(province=HP))
        assert citation.id_local == symbol
        assert (citation.number, citation.year, citation.doc_type, citation.issuer) == (
            str(number), expected_year, key, issuer)
        assert (citation.start, citation.end) == (0, len(symbol))


_SPACES = st.sampled_from(["", " ", "  ", "\n", " \n"])


@given(numbers, years, types, issuers, st.lists(_SPACES, min_size=6, max_size=6))
def test_spacing_inside_a_symbol_does_not_change_its_identity(number: int, year: int, type_: tuple[str, str],
                                                              issuer: str, gaps: list[str]) -> None:
    notation = type_[0]
    spaced = f"{number}{gaps[0]}/{gaps[1]}{year}{gaps[2]}/{gaps[3]}{notation}{gaps[4]}-{gaps[5]}{issuer}"
    [citation] = find_citations(f"Căn cứ văn bản số {spaced} về việc", CitationContext(province=HP))
    assert citation.id_local == f"{number}/{year}/{notation}-{issuer}"


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["NQ", "CT", "KL", "CTr", "TB", "KH"]),
       st.sampled_from(["TW", "TU"]), st.lists(_SPACES, min_size=2, max_size=2))
def test_party_symbols_with_stray_spaces(number: int, notation: str, issuer: str, gaps: list[str]) -> None:
    [citation] = find_citations(f"số {number}{gaps[0]}-{gaps[1]}{notation}/{issuer}", CitationContext(province=HP))
    assert citation.id_local == f"{number}-{notation}/{issuer}"
    assert citation.scope == ("vn" if issuer == "TW" else HP)


WRAPPABLE = [c for c in CASES if c[2]]


@settings(max_examples=150)
@given(st.sampled_from(WRAPPABLE), st.data())
def test_hard_wrapping_a_case_changes_no_identity(case: tuple, data: st.DataObject) -> None:
    """Shape A hard-wraps lines at ~80 characters anywhere: any space may become a line break.

    Only spaces that do not touch a line break are wrapped: a wrap never makes a blank line.
    """
    text, province, expected, _ = case
    spaces = [m.start() for m in re.finditer(r"(?<!\n) (?!\n)", text)]
    chosen = data.draw(st.sets(st.sampled_from(spaces)) if spaces else st.just(set()))
    wrapped = "".join("\n" if i in chosen else ch for i, ch in enumerate(text))
    got = [(c.doc_type, c.id_local, c.issuer, c.scope, c.year, c.date)
           for c in find_citations(wrapped, CitationContext(province=province))]
    assert got == [e[:6] for e in expected]


_WORDS = ["Nghị định", "Quyết định", "Luật", "số", "ngày", "tháng", "năm", "của", "Chính phủ", "UBND", "tỉnh",
          "Sơn La", "QĐ", "NĐ-CP", "QH13", "TW", "TTr-", "CAT", "- ", "/", "-", ", ", "và", ";", "\n", " ", "0",
          "1", "12", "2015", "31", "9999", "Bộ", "Chính trị", "ISO", "(", ")", ".", "Đ", "đ", "̣"]
_TEXTS = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(_WORDS), max_size=60).map("".join))


@settings(max_examples=400)
@given(_TEXTS, st.sampled_from([None, HP, SL]))
def test_find_citations_never_raises_and_spans_lie_in_the_text(text: str, province: str | None) -> None:
    found = find_citations(text, CitationContext(province=province))
    starts = [c.start for c in found]
    assert starts == sorted(starts)
    for citation in found:
        assert 0 <= citation.start < citation.end <= len(text)
        assert citation.scope == "vn" or citation.scope.isdigit()
        assert citation.number is None or citation.number.isdigit()
        if citation.doc_type != "luat":  # a law by name gets its number from the lexicon, not the text
            assert re.search(rf"(?<!\d)0*{citation.number}(?!\d)", text[citation.start:citation.end])


@given(st.integers(min_value=1, max_value=28), st.integers(min_value=1, max_value=12), years,
       st.sampled_from(["{d}/{m}/{y}", "{d}-{m}-{y}", "{d:02d}/{m:02d}/{y}", "{d} tháng {m} năm {y}"]))
def test_dates_and_periods_alone_are_never_citations(day: int, month: int, year: int, form: str) -> None:
    text = f"ngày {form.format(d=day, m=month, y=year)}, giai đoạn {year}-{year + 5}"
    assert find_citations(text, CitationContext(province=HP)) == []


@given(numbers, years, st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31)))
def test_the_date_after_a_number_is_read(number: int, year: int, date: D) -> None:
    text = f"Quyết định số {number}/QĐ-UBND ngày {date.day}/{date.month}/{date.year} của UBND tỉnh Sơn La"
    [citation] = find_citations(text, CitationContext(province=HP))
    assert (citation.date, citation.year, citation.scope, citation.end) == (date, date.year, SL, len(text))
