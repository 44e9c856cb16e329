"""``plangraph ingest --report``: per document the layout, the counts and every line not placed; a document
with a table the parser cannot read is refused with that report and the store is left as it was."""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT, SEED, corpus_file, run_cli, tree_digest

UNREADABLE = ROOT / "tests" / "data" / "layouts" / "pipe_unrecognised_table.txt"


def test_report_names_layout_counts_and_unplaced_lines(tmp_path: Path) -> None:
    code, out, err = run_cli("ingest", "--report", "--store", str(tmp_path / "store"),
                             str(corpus_file("02")), str(corpus_file("08")), str(SEED))
    assert code == 0, err
    reports = dict(re.findall(r"^== (\S+)\n(.*?)(?=^== |\Z)", out, flags=re.S | re.M))
    kh, qd, seed = (reports[corpus_file("02").name], reports[corpus_file("08").name], reports[SEED.name])
    assert "layout: pipe" in kh and "layout: pipe" in qd and "layout: plain" in seed
    assert "  tasks: 19\n" in kh and "  tasks: 25\n" in qd and "  tasks: 66\n" in seed
    assert "plan 1: 19 objectives, 19 tasks, 4 groups" in kh
    assert "plan 1: 11 objectives, 25 tasks, 7 groups" in qd
    for name in ("agencies", "citations", "targets"):
        assert re.search(rf"^  {name}: \d+$", kh, flags=re.M)
    unplaced = re.findall(r"^    (\d+): ([^:]+): ", kh, flags=re.M)
    assert unplaced and all(reason for _, reason in unplaced)
    assert ("41", "not part of any recognised structure") in unplaced  # "Ủy ban nhân dân Tỉnh ban hành Kế hoạch…"
    assert "    kept as text: V. TỔ CHỨC THỰC HIỆN (42 paragraphs, lines 386–560)" in kh.splitlines()


def test_a_document_with_an_unreadable_table_is_refused_with_its_report(seed_store_path: Path,
                                                                          tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    before = tree_digest(store)
    code, out, err = run_cli("ingest", "--report", "--store", str(store), str(UNREADABLE))
    assert code == 2
    assert f"== {UNREADABLE.name} (refused)" in out and "layout: pipe" in out
    assert "refused: a table the parser cannot read (3 rows" in out
    assert "51: row of a table whose header is not a task-table header: **STT** | **Họ và tên**" in out
    assert f"{UNREADABLE.name}:51: a table the parser cannot read" in err and "nothing was written" in err
    assert tree_digest(store) == before


def test_an_unreadable_table_in_a_batch_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(corpus_file("02")), str(UNREADABLE))
    assert code == 2 and "nothing was written" in err
    assert tree_digest(store) == {}
