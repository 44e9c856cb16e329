"""Task-table rows across page breaks, signature blocks and signer-name resolution."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangraph.ingest.blocks import Run, SignatureBlock, Table
from plangraph.ingest.read.layouts import read_layout
from plangraph.ingest.read.markup import clean
from plangraph.ingest.read.source import SourceDocument
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.signers import resolve_names, same_person, signature
from plangraph.ingest.understand.tasks.table import join_fragment, read_task_table
from plangraph.language.columns import header_roles
from plangraph.language.folding import fold, slugify


def blocks_of(lines: list[str]):  # type: ignore[no-untyped-def]
    document = read_layout(SourceDocument.from_text("x.txt", "\n".join(lines) + "\n"))
    return document

JOIN_CASES = [
    ("Sở Nông", "ng nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn",
     "OCR repeats the cut tail"),
    ("2016-", "2020", "2016-2020", "a year range cut after its hyphen"),
    ("dự án đầu tư", "Khu nông nghiệp ứng dụng công nghệ cao", "dự án đầu tư Khu nông nghiệp ứng dụng công nghệ cao",
     "plain continuation gets a space"),
    ("quy chuẩn kỹ", "thuật cho các sản phẩm", "quy chuẩn kỹ thuật cho các sản phẩm",
     "a word with a vowel is not overlap"),
    ("", "Sở Y tế", "Sở Y tế", "nothing before"),
    ("Sở Y tế", "", "Sở Y tế", "nothing after"),
    ("Thành phố Hà Nội", "nh", "Thành phố Hà Nội nh", "vowel-less head that is not the previous tail stays"),
]
assert len({c[:2] for c in JOIN_CASES}) == len(JOIN_CASES)


@pytest.mark.parametrize("before, after, joined, why", JOIN_CASES, ids=[c[3] for c in JOIN_CASES])
def test_join_fragment(before: str, after: str, joined: str, why: str) -> None:
    assert join_fragment(before, after) == joined


def test_header_roles_by_wording() -> None:
    assert header_roles(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"]) == [
        "number", "task", "lead", "period"]
    assert header_roles(["STT", "NHIỆM VỤ VÀ GIẢI PHÁP", "CHỦ TRÌ", "PHỐI HỢP", "THỜI GIAN"]) == [
        "number", "task", "lead", "partner", "period"]
    assert header_roles(["Họ tên", "Địa chỉ", "Ghi chú"]) is None
    assert header_roles(["no tabs here"]) is None


def test_read_table_groups_tasks_continuations_and_separators() -> None:
    lines = [
        "TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện",
        "<b>I</b>\t<b>NHÓM MỘT</b>\t\t",
        "1\tViệc một\tSở Y tế\t2016-",
        "",
        "\tcòn tiếp\t\t2020",
        "---\t--\t----\t---",
        "2\tViệc hai\tSở Nông\t2016-2020",
        "\t\tng nghiệp và Phát triển nông thôn\t",
        "a)\tkhông rõ\t\t",
        "TM. ỦY BAN NHÂN DÂN",
    ]
    document = blocks_of(lines)
    (block,) = [b for b in document.blocks if isinstance(b, Table)]
    locate = Locator(document.source)
    table = read_task_table(block, locate)
    assert table is not None
    assert [(r.kind, r.number) for r in table.rows] == [("group", "I"), ("task", "1"), ("task", "2")]
    assert table.rows[0].text("task") == "NHÓM MỘT"
    assert {k: v.text for k, v in table.rows[1].cells.items()} == {
        "task": "Việc một còn tiếp", "lead": "Sở Y tế", "period": "2016-2020"}
    assert (locate.span(*table.rows[1].span).first_line, locate.span(*table.rows[1].span).last_line) == (3, 5)
    assert table.rows[2].text("lead") == "Sở Nông nghiệp và Phát triển nông thôn"
    assert [(u.lineno, u.reason.split()[0]) for u in table.unplaced] == [(6, "separator"), (9, "row")]
    assert document.lines_of(block.span) == (1, 9)


SIGNATURE = ["TM. ỦY BAN NHÂN DÂN THÀNH PHỐ  ", " KT: CHỦ TỊCH  ", " PHÓ CHỦ TỊCH", "", "", "**Le Khắc Nam**"]


def _signature(lines: list[str]):  # type: ignore[no-untyped-def]
    document = blocks_of(lines)
    found = [b for b in document.blocks if isinstance(b, SignatureBlock)]
    return (signature(found[0], Locator(document.source)), document) if found else (None, document)


def test_parse_signature_block() -> None:
    block, _ = _signature(SIGNATURE)
    assert block is not None
    assert block.authorities == (("tm", "ỦY BAN NHÂN DÂN THÀNH PHỐ"), ("kt", "CHỦ TỊCH"))
    assert (block.role, block.name, block.loc.first_line, block.loc.last_line) == ("pho-chu-tich", "Le Khắc Nam", 1, 6)


def test_prime_minister_signature_block() -> None:
    block, _ = _signature(["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "", "Trần Hồng Hà"])
    assert block is not None and (block.role, block.name) == ("pho-thu-tuong", "Trần Hồng Hà")


def test_a_signature_printed_on_one_line_is_cut_into_its_lines() -> None:
    block, _ = _signature(["| Nơi nhận: - Như Điều 3; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH "
                           "Nguyễn Văn Bình |", "|---|---|"])
    assert block is not None
    assert (block.authorities, block.role, block.name) == (
        (("tm", "ỦY BAN NHÂN DÂN"), ("kt", "CHỦ TỊCH")), "pho-chu-tich", "Nguyễn Văn Bình")


def test_no_signature_block_in_prose() -> None:
    block, _ = _signature(["Điều 2. Chánh Văn phòng", "Lê Khắc Nam"])
    assert block is None


@pytest.mark.parametrize("a, b, same", [
    ("Lê Khắc Nam", "Le Khắc Nam", True),
    ("Lê Khắc Nam", "Đỗ Khắc Nam", True),
    ("Lê Khắc Nam", "Lê Văn Nam", True),
    ("Lê Khắc Nam", "Lê Khắc Hùng", False),
    ("Lê Khắc Nam", "Nguyễn Văn Nam", False),
    ("Lê Khắc Nam", "Lê Nam", False),
])
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


def test_resolve_names_takes_the_most_frequent_printing() -> None:
    printed = ["Lê Khắc Nam", "Lê Khắc Nam", "Le Khắc Nam", "Lê Khắc Nam", "Le Khắc Nam", "Đỗ Khắc Nam"]
    assert set(resolve_names(printed).values()) == {"Lê Khắc Nam"}
    two_people = resolve_names(["Trần Hồng Hà", "Phạm Thị Thanh Trà", "Tran Hồng Hà"])
    assert two_people == {"Trần Hồng Hà": "Trần Hồng Hà", "Tran Hồng Hà": "Trần Hồng Hà",
                          "Phạm Thị Thanh Trà": "Phạm Thị Thanh Trà"}


def test_markup_is_removed_keeping_every_character_s_origin() -> None:
    cell = '<p>Tuyên truyền:</p> <ul style="x"><li>+ Một.</li><li>+ Hai &amp; ba.</li></ul>'
    cleaned = clean(Run.of(cell, 0, len(cell)))
    assert cleaned.text == "Tuyên truyền: + Một. + Hai & ba."
    assert cell[cleaned.origin(cleaned.text.index("&")):].startswith("&amp;")
    bold = "**Điều 1.** Phê duyệt"
    run = clean(Run.of(bold, 0, len(bold)))
    assert run.text == "Điều 1. Phê duyệt" and bold[run.origin(run.text.index("Phê")):] == "Phê duyệt"


words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ",
                min_size=1, max_size=40)


@given(words)
def test_fold_and_slug_are_ascii_and_stable(text: str) -> None:
    assert fold(text).isascii()
    assert fold(fold(text)) == fold(text)
    assert slugify(text) == slugify(fold(text))
    assert all(ch.isalnum() or ch == "-" for ch in slugify(text))


@given(st.text(min_size=0, max_size=30), st.text(min_size=0, max_size=30))
def test_join_fragment_keeps_every_word_of_the_continuation(before: str, after: str) -> None:
    joined = join_fragment(before, after)
    words = after.split()
    overlap = bool(words) and not any(c in "aeiouy" for c in fold(words[0]))
    tail = words[1:] if overlap else words
    assert " ".join(tail) in " ".join(joined.split())


def test_every_concept_the_parsers_emit_is_published() -> None:
    """Keys the target and period parsers can return must exist in the ontology's schemes."""
    from plangraph.ingest.understand import targets
    from plangraph.ontology.concepts import scheme

    emitted = {
        "target-type": {"level", "level-each-year", "annual-growth", "multiple-of-baseline", "change"},
        "comparator": {"eq", "gt", "ge", "lt", "le", "between"},
        "schedule": {"continuous", "annual", "quarterly", "monthly"},
        "unit": {"per-10k-inhabitants", "times", "person", "enterprise"},
    }
    for name, keys in emitted.items():
        assert keys <= set(scheme(name)), name
    with open(targets.__file__, encoding="utf-8") as handle:
        source = handle.read()
    for key in emitted["target-type"] | emitted["comparator"]:
        assert f'"{key}"' in source  # the parser really uses each published key
