"""Bad input: a clear error naming file, line and reason; non-zero exit; the store left exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import SEED, run_cli, tree_digest

from plangraph.ingest.errors import IngestError
from plangraph.ingest.pipeline import parse_file, prepare
from plangraph.ontology.iris import Minter

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def seed_with(edit: Callable[[list[str]], list[str]]) -> bytes:
    return "\n".join(edit(list(SEED_LINES))).encode("utf-8")


def replace_line(lineno: int, text: str) -> Callable[[list[str]], list[str]]:
    def edit(lines: list[str]) -> list[str]:
        lines[lineno - 1] = text
        return lines
    return edit


# Not a document at all: refused whatever the flags. (name, file content, expected line, reason words)
REFUSED: list[tuple[str, bytes, int, str]] = [
    ("empty", b"", 1, "empty"),
    ("blank", b"\n  \n\t\n", 1, "empty"),
    ("binary", b"S\xe1\xbb\x91: 1\nabc\n\x00\x01\x02binary", 3, "binary"),
    ("latin-1", "Số: 281/QĐ-UBND\nHải Phòng\n".encode() + b"caf\xe9\n", 3, "not UTF-8"),
    ("prose", "Hôm nay trời đẹp.\nChúng tôi đi chơi.\n".encode(), 1, "not an official document"),
]

# An official document with a problem: read as far as it goes and the problem reported; ``--strict`` refuses it.
PROBLEMS: list[tuple[str, bytes, int, str]] = [
    ("no number", seed_with(replace_line(3, "")), 7, "no document number"),
    ("unreadable number", seed_with(replace_line(3, "Số: abc")), 3, "cannot read the document number"),
    ("no date", seed_with(replace_line(5, "Hải Phòng")), 3, "no place and date"),
    ("cut after the articles", seed_with(lambda lines: lines[:29]), 28, "without a signature block"),
    ("cut before the articles", seed_with(lambda lines: lines[:20]), 19, "no article"),
    ("cut inside a table row", seed_with(lambda lines: lines[:76]), 76, "truncated"),
    ("plan without content", seed_with(lambda lines: lines[:50]), 45, "neither objectives nor a task table"),
]
CASES = REFUSED + PROBLEMS
assert len({case[0] for case in CASES}) == len(CASES)


def ids(cases: list[tuple[str, bytes, int, str]]) -> list[str]:
    return [case[0] for case in cases]


@pytest.mark.parametrize("name, content, lineno, reason", REFUSED, ids=ids(REFUSED))
def test_what_is_not_a_document_is_refused_naming_file_line_and_reason(
        tmp_path: Path, name: str, content: bytes, lineno: int, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        prepare(path, Minter(), validate=False)
    error = caught.value
    assert (error.filename, error.lineno) == ("bad.txt", lineno), str(error)
    assert reason in error.reason
    assert str(error).startswith(f"bad.txt:{lineno}: ")


@pytest.mark.parametrize("name, content, lineno, reason", PROBLEMS, ids=ids(PROBLEMS))
def test_a_document_with_a_problem_is_read_and_the_problem_reported(
        tmp_path: Path, name: str, content: bytes, lineno: int, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    prepare(path, Minter(), validate=True)  # conforms to the shapes as far as it was read
    problems = parse_file(path).problems
    assert any(p.lineno == lineno and reason in p.reason for p in problems), problems
    with pytest.raises(IngestError) as caught:
        prepare(path, Minter(), validate=False, strict=True)
    assert str(caught.value).startswith(f"bad.txt:{lineno}: ") and reason in caught.value.reason


@pytest.mark.parametrize("name, content, lineno, reason", CASES, ids=ids(CASES))
def test_cli_refuses_bad_input_and_leaves_the_store_byte_for_byte(
        seed_store_path: Path, tmp_path: Path, name: str, content: bytes, lineno: int, reason: str) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    before = tree_digest(store)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    flags = ["--strict"] if (name, content, lineno, reason) in PROBLEMS else []
    code, out, err = run_cli("ingest", "--store", str(store), *flags, str(bad))
    assert code == 2
    assert f"bad.txt:{lineno}: " in err and reason in err
    assert "nothing was written" in err and "Traceback" not in err + out
    assert tree_digest(store) == before


@pytest.mark.parametrize("name, content, lineno, reason", PROBLEMS[:3], ids=ids(PROBLEMS[:3]))
def test_cli_ingests_a_document_with_a_problem_and_reports_it(
        tmp_path: Path, name: str, content: bytes, lineno: int, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run_cli("ingest", "--store", str(tmp_path / "store"), "--report", str(bad))
    assert code == 0, err
    assert f"{lineno}: " in out and reason in out and "Traceback" not in err + out


def test_a_bad_file_in_a_batch_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED), str(bad))
    assert code == 2 and "bad.txt:1: file is empty" in err
    assert not store.exists()  # not even created


def test_two_files_of_one_document_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    code, _, err = run_cli("ingest", "--store", str(tmp_path / "store"), str(SEED), str(copy))
    assert code == 2 and "copy.txt:3: same document as" in err
    assert not (tmp_path / "store").exists()


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run_cli("ingest", "--store", str(tmp_path / "store"), str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt:1: cannot read file" in err


def test_no_files(tmp_path: Path) -> None:
    code, _, err = run_cli("ingest", "--store", str(tmp_path / "store"))
    assert code == 2 and "no input files" in err


def test_store_locked_by_another_writer_is_a_clear_error(tmp_path: Path) -> None:
    from plangraph.store import open_store

    store = tmp_path / "store"
    with open_store(store):
        code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 2 and "cannot open the store" in err and "Traceback" not in err


LAW = """QUỐC HỘI
Luật số: 51/2024/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT KINH DOANH BẢO HIỂM

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Kinh doanh bảo hiểm.

Điều 1. Sửa đổi, bổ sung một số điều của Luật Kinh doanh bảo hiểm
Luật này sửa đổi khoản 1 Điều 5.
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.

Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 8 thông qua ngày 27 tháng 11
năm 2024.

CHỦ TỊCH QUỐC HỘI
Trần Thanh Mẫn
"""


def test_a_law_dated_by_its_adoption_sentence_has_no_date_problem(tmp_path: Path) -> None:
    """Laws and resolutions of the National Assembly print no place and date line: the adoption sentence dates
    them (Nghị định 30/2020/NĐ-CP), so --strict does not refuse them for it; the report's note says where the date
    was read."""
    path = tmp_path / "law.txt"
    path.write_text(LAW, encoding="utf-8")
    doc = parse_file(path)
    assert str(doc.header.date) == "2024-11-27"
    assert not any("place and date" in problem.reason for problem in doc.problems)
    assert any("adoption sentence" in note for note in doc.header.notes)
    undated = tmp_path / "undated.txt"
    undated.write_text(LAW.replace("thông qua ngày 27 tháng 11\nnăm 2024", "thông qua"), encoding="utf-8")
    assert any("place and date" in problem.reason for problem in parse_file(undated).problems)
