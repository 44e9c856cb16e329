"""A head noun that is only the first syllable of a common word names no agency: ``Báo cáo`` is a report (the
newspaper is ``Báo Hải Phòng``), ``Ban hành`` is to issue, ``Trường hợp`` a case, ``Hội nghị`` a conference.
Real documents printed ``Chương 2. Báo cáo đánh giá rủi ro của doanh nghiệp`` above a template's lettered items,
and ``Điều 1. Ban hành kèm theo …``: each was read as an agency leading the items under it."""

from __future__ import annotations

import pytest

from plangraph.ingest.blocks import ContentBlock
from plangraph.ingest.read.layouts import read_layout
from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.understand.agencies import split_agencies
from plangraph.ingest.understand.tasks.bodies import is_body
from plangraph.ingest.understand.tasks.duties import read_duties


@pytest.mark.parametrize("name, body", [
    ("Báo cáo đánh giá rủi ro của doanh nghiệp", False),
    ("Báo cáo", False),
    ("Ban hành kèm", False),
    ("Ban hành Kế hoạch chuyển đổi cơ cấu cây trồng, vật nuôi trên địa bàn xã", False),
    ("Hội nghị Trung ương 6 khóa XII", False),
    ("Trường hợp cần điều chỉnh", False),
    ("Bộ luật Lao động", False),
    ("Báo Hải Phòng", True),
    ("Báo và Phát thanh, Truyền hình", True),
    ("Ban Chỉ đạo", True),
    ("Ban Quản lý Khu kinh tế", True),
    ("Hội Nông dân", True),
    ("Trường Đại học Hải Phòng", True),
    ("Bộ Chỉ huy Quân sự", True),
])
def test_a_common_word_beginning_like_an_agency_is_no_body(name: str, body: bool) -> None:
    assert is_body(name) is body


def test_a_report_after_an_agency_is_not_split_off_as_another_agency() -> None:
    for cell in ("Sở Tài chính, Báo cáo viên", "Sở Tài chính, Hội nghị tổng kết"):
        assert not any(part.startswith(("Báo cáo", "Hội nghị")) for part in split_agencies(cell))
    assert split_agencies("Sở Tài chính, Báo Hải Phòng") == ["Sở Tài chính", "Báo Hải Phòng"]


def duties(lines: list[str]) -> list[tuple[str, str | None]]:
    document = read_layout(SourceDocument.from_text("x.txt", "\n".join(lines) + "\n"))
    blocks = [b for b in document.blocks if isinstance(b, ContentBlock)]
    return [(row.text("task"), row.text("lead") or None) for row in read_duties(blocks).rows]


def test_items_under_a_report_heading_are_no_tasks_and_a_newspapers_are() -> None:
    found = duties([
        "Chương 2. Báo cáo đánh giá rủi ro của doanh nghiệp",
        "a) Các hoạt động thường xuyên và không thường xuyên;",
        "b) Các hoạt động của những người có khả năng tiếp cận khu vực khai thác;",
        "1. Báo Hải Phòng:",
        "a) Mở chuyên mục về kế hoạch;",
        "b) Đăng tin về kết quả thực hiện.",
    ])
    assert all(lead != "Báo cáo đánh giá rủi ro của doanh nghiệp" for _, lead in found)
    assert [lead for _, lead in found] == ["Báo Hải Phòng", "Báo Hải Phòng"]
