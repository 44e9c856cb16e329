"""The project folders are importable only under the plangraph namespace."""

import importlib.util

import pytest
from support import SEED, SHARED_SEED


@pytest.mark.parametrize("name", ["language", "ontology", "ingest", "store", "cli", "server", "queries"])
def test_folder_is_not_a_top_level_package(name: str) -> None:
    assert importlib.util.find_spec(name) is None
    assert importlib.util.find_spec(f"plangraph.{name}") is not None


def test_bundled_seed_is_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is absent (the shared folder is not beside the checkout)")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()
