"""A course's programme issued with a circular (``CHƯƠNG TRÌNH ĐÀO TẠO …``, ``CHƯƠNG TRÌNH MÔN HỌC``) is a
curriculum, not a programme of action: its learning outcomes and points to note are no tasks, and a plan's
missing task table is no problem of it. A programme of training with a period (``… GIAI ĐOẠN 2021 - 2025``) is
still a plan. A type word alone on the line after one that cannot end there (``… THỜI GIAN TRONG`` ⏎
``CHƯƠNG TRÌNH``) ends the wrapped heading, it starts no attached text. Shapes printed in the Công báo."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangraph.ingest.pipeline import parse_file

CIRCULAR = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
Số: 16/2022/TT-BLĐTBXH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 06 tháng 9 năm 2022

THÔNG TƯ
Quy định chương trình đào tạo về nghiệp vụ đánh giá kỹ năng nghề quốc gia

Căn cứ Luật Việc làm ngày 16 tháng 11 năm 2013;
Bộ trưởng Bộ Lao động - Thương binh và Xã hội ban hành Thông tư quy định chương trình đào tạo.

Điều 1. Phạm vi điều chỉnh
Thông tư này quy định chương trình đào tạo về nghiệp vụ đánh giá kỹ năng nghề quốc gia.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 11 năm 2022.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Lê Tấn Dũng

{title}
(Kèm theo Thông tư số 16/2022/TT-BLĐTBXH ngày 06 tháng 9 năm 2022 của Bộ Lao động - Thương binh và Xã hội)

A. MỤC TIÊU ĐÀO TẠO
1. Mục tiêu chung
Trang bị cho người học kiến thức pháp lý về hệ thống đánh giá kỹ năng nghề quốc gia.
B. THỜI GIAN ĐÀO TẠO VÀ ĐƠN VỊ THỜI GIAN TRONG
CHƯƠNG TRÌNH
1. Thời gian: 50 giờ chuẩn (Lý thuyết: 18,5 giờ; thực hành, thảo luận: 26,5 giờ).
2. Những trọng tâm cần lưu ý.
- Hiểu rõ các Nghị định, Thông tư, văn bản quy phạm pháp luật có liên quan.
- Thực hiện đúng quy trình và tuân theo các biểu mẫu quy định.
"""


def parsed(tmp_path: Path, title: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "circular.txt"
    path.write_text(CIRCULAR.format(title=title), encoding="utf-8")
    return parse_file(path)


@pytest.mark.parametrize("title", [
    "CHƯƠNG TRÌNH ĐÀO TẠO VỀ NGHIỆP VỤ ĐÁNH GIÁ\nKỸ NĂNG NGHỀ QUỐC GIA",
    "CHƯƠNG TRÌNH MÔN HỌC",
    "CHƯƠNG TRÌNH BỒI DƯỠNG NGHIỆP VỤ",
])
def test_a_course_programme_is_an_attached_text_without_tasks(tmp_path: Path, title: str) -> None:
    doc = parsed(tmp_path, title)
    assert doc.plans == []
    assert [a.kind for a in doc.attachments] == ["chuong-trinh"]
    assert not any("task table" in p.reason for p in doc.problems)


def test_a_programme_of_training_over_a_period_is_still_a_plan(tmp_path: Path) -> None:
    doc = parsed(tmp_path, "CHƯƠNG TRÌNH ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ GIAI ĐOẠN 2021 - 2025")
    assert len(doc.plans) == 1 and doc.attachments == []


def test_a_type_word_ending_a_wrapped_heading_starts_no_attached_text(tmp_path: Path) -> None:
    doc = parsed(tmp_path, "CHƯƠNG TRÌNH MÔN HỌC")
    assert len(doc.attachments) == 1  # not a second one, nor a plan, at "CHƯƠNG TRÌNH" after "… TRONG"
