"""A body named as the subject of a sentence ends where its name ends: not after a connecting word whose object
was taken for the verb (``Ủy ban nhân dân các xã, phường và các`` + ``tổ chức, cá nhân có liên quan chịu trách
nhiệm …``, where ``tổ chức`` is a noun), and never holding a copula or a tense marker (``Trung tâm … là`` +
``tổ chức hành chính``, ``Ban Thường vụ Tỉnh ủy đã`` + ``kịp thời chỉ đạo``). A leader's title whose last words are
the head of the body it leads stands for that body: ``Chánh Văn phòng UBND tỉnh`` is the committee's Office, not
the committee. Each case is a sentence printed in real documents of the genre."""

from __future__ import annotations

import pytest

from plangraph.ingest.blocks import Run
from plangraph.ingest.understand.agencies import normalize_agency
from plangraph.ingest.understand.tasks.bodies import bodies_at_start, names_of


def subject(sentence: str) -> list[str] | None:
    named = bodies_at_start(Run(sentence))
    return None if named is None else named.names


@pytest.mark.parametrize("sentence, names", [
    ("Chủ tịch Ủy ban nhân dân các xã, phường và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
     "Quyết định này.", ["Ủy ban nhân dân các xã, phường"]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp tuyên truyền "
     "và giám sát việc tổ chức thực hiện Nghị quyết.", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    ("Giám đốc Trung tâm Phục vụ hành chính công cấp xã và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi "
     "hành Quyết định này.", ["Trung tâm Phục vụ hành chính công cấp xã"]),
    ("Trung tâm Phục vụ hành chính công thành phố có chức năng tham mưu về công tác kiểm soát thủ tục hành chính.",
     ["Trung tâm Phục vụ hành chính công thành phố"]),
])
def test_a_subject_ends_before_a_connecting_word_and_what_it_joins(sentence: str, names: list[str]) -> None:
    assert subject(sentence) == names


@pytest.mark.parametrize("sentence", [
    "Trung tâm Phục vụ hành chính công thành phố là tổ chức hành chính thuộc Văn phòng Ủy ban nhân dân thành phố.",
    "Ban Thường vụ Tỉnh ủy Đắk Lắk đã kịp thời chỉ đạo triển khai các biện pháp phòng chống cơn bão số 13.",
])
def test_a_sentence_whose_verb_is_a_copula_or_past_names_no_subject_with_it(sentence: str) -> None:
    names = subject(sentence)
    assert names is None or not any(name.split()[-1] in ("là", "đã") for name in names)


@pytest.mark.parametrize("cell, names", [
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Tài chính",
     ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính"]),
    ("Chánh Văn phòng Bộ, Cục trưởng Cục Văn hóa cơ sở, Gia đình và Thư viện",
     ["Văn phòng Bộ", "Cục Văn hóa cơ sở, Gia đình và Thư viện"]),
    ("Chi cục trưởng Chi cục Kiểm lâm", ["Chi cục Kiểm lâm"]),
    ("Chánh Thanh tra tỉnh, Giám đốc Sở Y tế", ["Thanh tra tỉnh", "Sở Y tế"]),
])
def test_a_leaders_title_stands_for_the_body_it_heads(cell: str, names: list[str]) -> None:
    assert names_of(cell) == names


def test_the_chief_of_an_office_is_read_as_the_office() -> None:
    assert normalize_agency("Chánh Văn phòng Ủy ban nhân dân tỉnh").kind == "van-phong-uy-ban-nhan-dan"
    assert normalize_agency("Chủ tịch Ủy ban nhân dân tỉnh").kind == "uy-ban-nhan-dan"
