"""The seed's whole graph against a reviewed golden file: any change to what is extracted shows here.

Regenerate deliberately with ``pytest tests/test_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse, serialize
from support import SEED

from plangraph.ingest.pipeline import prepare
from plangraph.ontology.iris import Minter
from plangraph.store import open_store

GOLDEN = Path(__file__).parent / "data" / "expected" / "seed.nq"
GRAPH = "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281"


def stored_lines(store_path: Path) -> list[str]:
    with open_store(store_path, read_only=True) as store:
        quads = sorted(store.graph_quads(GRAPH), key=str)
    return serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8").splitlines()


def test_seed_graph_matches_golden(seed_store_path: Path, request: pytest.FixtureRequest) -> None:
    actual = stored_lines(seed_store_path)
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text("\n".join(actual) + "\n", encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    report = "\n".join(["only in golden:", *missing[:20], "only in actual:", *extra[:20]])
    assert not missing and not extra, f"{len(missing)} missing, {len(extra)} extra\n{report}"


def test_golden_file_is_valid_nquads_in_one_graph() -> None:
    quads = list(parse(path=str(GOLDEN), format=RdfFormat.N_QUADS))
    assert len(quads) > 5000
    assert {q.graph_name for q in quads} == {NamedNode(GRAPH)}


def test_mapping_is_deterministic() -> None:
    first = prepare(SEED, Minter(), validate=False).quads
    second = prepare(SEED, Minter(), validate=False).quads
    assert first == second
