"""Everything a user can set or call is documented in the README."""

from __future__ import annotations

import pytest
from support import ROOT

from plangraph.cli import COMMANDS
from plangraph.server.settings import SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_setting_is_documented_with_its_default(name: str) -> None:
    setting = next(s for s in SETTINGS if s.name == name)
    line = next((line for line in README.splitlines() if f"`{name}`" in line), None)
    assert line is not None, f"{name} is not in the README"
    shown = setting.default if setting.default != "" else "(empty)"
    assert str(shown) in line, f"{name}: the README line does not show the default {shown!r}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_documented(command: str) -> None:
    assert f"plangraph {command}" in README


def test_every_catalogue_query_is_listed_in_the_readme() -> None:
    from plangraph.queries import load_catalogue

    for name, query in load_catalogue().items():
        assert f"| `{name}` | {query.title_en} |" in README, name
