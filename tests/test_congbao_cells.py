"""The Công báo row reader scores every cut of a row once per distinct cell: the same scores as cut by cut."""

from __future__ import annotations

from typing import Any

import pytest
from support import SHARED

from plangraph.ingest.read.congbao_cells import RowReader, _cells
from plangraph.ingest.read.formats import read_document

CONGBAO = SHARED / "wild" / "congbao"


def test_cut_scores_equal_the_score_of_each_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CONGBAO.is_dir():
        pytest.fail(f"the wild documents are missing: expected the Công báo texts in {CONGBAO} (../shared/wild beside "
                    "the checkout)")
    cuts = RowReader._cuts
    checked = 0

    def checking(self: RowReader, units: list[Any]) -> list[tuple[float, Any]]:
        nonlocal checked
        found = cuts(self, units)
        for score, edges in found:
            assert score == self._score(_cells(units, edges), units)
        checked += len(found)
        return found

    monkeypatch.setattr(RowReader, "_cuts", checking)
    for path in sorted(CONGBAO.glob("*.txt"))[:25]:
        read_document(path)
    assert checked > 1000
