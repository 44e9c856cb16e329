"""``plangraph ingest --report``: per document the layout, the counts and every line not placed. A table that is
not a task table is kept as text; a task table the parser cannot read is a problem the report names, and
``--strict`` refuses the document with the store left as it was."""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT, SEED, corpus_file, run_cli, tree_digest

UNREADABLE = ROOT / "tests" / "data" / "layouts" / "pipe_unrecognised_table.txt"


def test_report_names_layout_counts_and_unplaced_lines(tmp_path: Path) -> None:
    code, out, err = run_cli("ingest", "--report", "--details", "--store", str(tmp_path / "store"),
                             str(corpus_file("02")), str(corpus_file("08")), str(SEED))
    assert code == 0, err
    reports = dict(re.findall(r"^== (\S+)\n(.*?)(?=^== |\Z)", out, flags=re.S | re.M))
    kh, qd, seed = (reports[corpus_file("02").name], reports[corpus_file("08").name], reports[SEED.name])
    assert "layout: pipe" in kh and "layout: pipe" in qd and "layout: plain" in seed
    assert "  tasks: 55\n" in kh and "  tasks: 38\n" in qd and "  tasks: 66\n" in seed
    assert "plan 1: 19 objectives, 55 tasks, 6 groups" in kh  # 19 rows of its table, 36 duties of V. TỔ CHỨC
    assert "plan 1: 11 objectives, 38 tasks, 8 groups" in qd
    for name in ("agencies", "citations", "targets"):
        assert re.search(rf"^  {name}: \d+$", kh, flags=re.M)
    assert "    kept as text: I. MỤC ĐÍCH, YÊU CẦU (13 paragraphs, lines 45–98)" in kh.splitlines()
    assert "lines not placed" not in kh  # line 41, "Ủy ban nhân dân Tỉnh ban hành Kế hoạch…", is its preamble
    unplaced = re.findall(r"^    (\d+): ([^:]+): ", seed, flags=re.M)
    assert unplaced and all(reason for _, reason in unplaced)
    assert ("128", "separator row, skipped") in unplaced


def task_like(text: str) -> str:
    """The members table turned into one that names work and deadlines in columns the parser cannot pair."""
    return (text.replace("**Họ và tên**", "**Nội dung công việc**").replace("**Chức vụ**", "**Phân công nhiệm vụ**")
            .replace("**Vai trò**", "**Thời gian thực hiện**"))


def test_a_table_that_is_not_a_task_table_is_kept_as_text(tmp_path: Path) -> None:
    for flags in ([], ["--strict"]):
        code, out, err = run_cli("ingest", "--report", "--details", *flags, "--store", str(tmp_path / "store"),
                                 str(UNREADABLE))
        assert code == 0, err
        assert "51: a table that is not a task or targets table (3 rows): kept as part of the text" in out
        assert "STT | Họ và tên | Chức vụ | Vai trò" in out and "cannot read" not in out


def test_a_task_table_the_parser_cannot_read_is_reported_and_refused_by_strict(seed_store_path: Path,
                                                                              tmp_path: Path) -> None:
    bad = tmp_path / "task_like.txt"
    bad.write_text(task_like(UNREADABLE.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = run_cli("ingest", "--report", "--store", str(tmp_path / "lenient"), str(bad))
    assert code == 0, err
    assert "task_like.txt:51: a table the parser cannot read (3 rows" in out
    assert "STT | Nội dung công việc | Phân công nhiệm vụ | Thời gian thực hiện" in out

    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    before = tree_digest(store)
    code, out, err = run_cli("ingest", "--strict", "--store", str(store), str(bad))
    assert code == 2
    assert "task_like.txt:51: a table the parser cannot read" in err and "nothing was written" in err
    assert tree_digest(store) == before


def test_a_refused_file_in_a_batch_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "task_like.txt"
    bad.write_text(task_like(UNREADABLE.read_text(encoding="utf-8")), encoding="utf-8")
    store = tmp_path / "store"
    code, _, err = run_cli("ingest", "--strict", "--store", str(store), str(corpus_file("02")), str(bad))
    assert code == 2 and "nothing was written" in err
    assert tree_digest(store) == {}
