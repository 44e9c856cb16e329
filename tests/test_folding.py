"""fold() by translation table equals its definition by decomposition, on Vietnamese and on any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from plangraph.language.folding import _fold_by_decomposition, fold

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY" + "\u0300\u0301\u0303\u0309\u0323"


@given(st.text(alphabet=VIETNAMESE + " -/.,", max_size=60))
@settings(max_examples=400, deadline=None)
def test_vietnamese_text_folds_as_defined(text: str) -> None:
    assert fold(text) == _fold_by_decomposition(text)
    assert fold(unicodedata.normalize("NFC", text)) == _fold_by_decomposition(text)


@given(st.text(max_size=40))
@settings(max_examples=400, deadline=None)
def test_any_text_folds_as_defined(text: str) -> None:
    assert fold(text) == _fold_by_decomposition(text)


def test_every_precomposed_vietnamese_letter() -> None:
    letters = [chr(c) for c in range(0x00C0, 0x1EFF + 1) if unicodedata.category(chr(c)).startswith("L")]
    for letter in letters:
        assert fold(letter) == _fold_by_decomposition(letter), letter
    assert fold("Ủy ban nhân dân tỉnh Đồng Tháp") == "uy ban nhan dan tinh dong thap"
