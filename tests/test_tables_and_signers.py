"""Task-table rows across page breaks, signature blocks and signer-name resolution."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangraph.ingest.understand.signers import parse_block, resolve_names, same_person
from plangraph.ingest.tables import header_roles, join_fragment, read_table
from plangraph.ingest.text import clean_cell
from plangraph.language.folding import fold, slugify

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
    assert header_roles("TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện") == ["number", "task", "lead", "period"]
    assert header_roles("**STT**\t**NHIỆM VỤ VÀ GIẢI PHÁP**\t**CHỦ TRÌ**\t**PHỐI HỢP**\t**THỜI GIAN**") == [
        "number", "task", "lead", "partner", "period"]
    assert header_roles("Họ tên\tĐịa chỉ\tGhi chú") is None
    assert header_roles("no tabs here") is None


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
    table = read_table(lines, 1, ["number", "task", "lead", "period"])
    assert [(r.kind, r.number) for r in table.rows] == [("group", "I"), ("task", "1"), ("task", "2")]
    assert table.rows[0].cells["task"] == "NHÓM MỘT"
    assert table.rows[1].cells == {"task": "Việc một còn tiếp", "lead": "Sở Y tế", "period": "2016-2020"}
    assert (table.rows[1].first_line, table.rows[1].last_line) == (3, 5)
    assert table.rows[2].cells["lead"] == "Sở Nông nghiệp và Phát triển nông thôn"
    assert [(u.lineno, u.reason.split()[0]) for u in table.unplaced] == [(6, "separator"), (9, "row")]
    assert table.last_line == 9


SIGNATURE = ["TM. ỦY BAN NHÂN DÂN THÀNH PHỐ  ", " KT: CHỦ TỊCH  ", " PHÓ CHỦ TỊCH", "", "", "**Le Khắc Nam**"]


def test_parse_signature_block() -> None:
    block = parse_block(SIGNATURE, 1)
    assert block is not None
    assert block.authorities == (("tm", "ỦY BAN NHÂN DÂN THÀNH PHỐ"), ("kt", "CHỦ TỊCH"))
    assert (block.role, block.name, block.first_line, block.last_line) == ("pho-chu-tich", "Le Khắc Nam", 1, 6)


def test_prime_minister_signature_block() -> None:
    block = parse_block(["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "", "Trần Hồng Hà"], 1)
    assert block is not None and (block.role, block.name) == ("pho-thu-tuong", "Trần Hồng Hà")


def test_no_signature_block_in_prose() -> None:
    assert parse_block(["Điều 2. Chánh Văn phòng", "Lê Khắc Nam"], 1) is None


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


def test_clean_cell_removes_html_and_keeps_list_items() -> None:
    cell = '<p>Tuyên truyền:</p> <ul style="x"><li>+ Một.</li><li>+ Hai &amp; ba.</li></ul>'
    assert clean_cell(cell) == "Tuyên truyền: + Một. + Hai & ba."


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
