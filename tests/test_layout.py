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


def test_every_folder_of_a_package_is_listed_so_setuptools_ships_it_without_a_warning() -> None:
    """setuptools warns about (and a wheel drops) a folder Python can import that `packages` does not list:
    data folders (templates, static files) are listed as packages of their own."""
    import tomllib

    from support import ROOT

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    packages = set(setuptools["packages"])
    for package, folder in setuptools["package-dir"].items():
        for sub in sorted((ROOT / folder).rglob("*")):
            if sub.is_dir() and "__pycache__" not in sub.parts:
                name = ".".join((package, *sub.relative_to(ROOT / folder).parts))
                assert name in packages, f"{sub} is importable as {name} but not in [tool.setuptools] packages"
    assert isinstance(config["project"]["license"], str)  # an SPDX expression: a table is deprecated
