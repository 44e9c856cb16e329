"""Every docstring example in the package runs and holds."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("language", "ontology", "ingest", "store", "cli", "server", "queries")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(f"plangraph.{package}")
        names.append(root.__name__)
        names.extend(name for _, name, _ in pkgutil.walk_packages(root.__path__, f"{root.__name__}."))
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
