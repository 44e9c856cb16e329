"""A filtered list reads the items its selection keeps first and checks each against the list (issue 14): it must
answer exactly what the join-first form answered — the same total, the same page in the same order, the same
facet counts — for every list, every facet, one value or two, on the store of every wild document.

The join-first form is written out here as it was: the list's whole item set, joined with each kept value's
pattern (the facet's *pattern*, not its *keeping* form)."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pytest

from plangraph.server import facets
from plangraph.server.list_specs import SPECS
from plangraph.store import OxigraphStore


def _join_first(spec: facets.ListSpec, selection: facets.Selection, codes: facets.Codes | None = None,
                checked: bool = True) -> str:
    keeps = "".join(f"\n    {facets._keeps(replace(facet, keeping=''), value, i, codes or {})}"
                    for i, (facet, value) in enumerate(selection))
    return f"{{ SELECT DISTINCT ?item WHERE {{\n    {{ SELECT DISTINCT ?item WHERE {{ {spec.base} }} }}{keeps}\n  }} }}"


def _rows(store: OxigraphStore, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in store.query(query)]


def _answers(store: OxigraphStore, spec: facets.ListSpec, selection: facets.Selection, checked: bool,
             codes: facets.Codes) -> tuple[object, ...]:
    return (_rows(store, facets.total_query(spec, selection, codes, checked=checked)),
            _rows(store, facets.page_query(spec, selection, limit=200, offset=0, codes=codes, checked=checked)),
            sorted(_rows(store, facets.facet_query(spec, selection, per_facet=30, codes=codes, checked=checked))))


def _values(store: OxigraphStore, spec: facets.ListSpec) -> dict[str, list[str]]:
    """Each facet's values on the unfiltered list, most frequent first, as a URL gives them."""
    found: dict[str, list[str]] = {}
    for row in store.query(facets.facet_query(spec, [], per_facet=30)):
        found.setdefault(row["facet"].value, []).append(row["value"].value)
    return found


def _codes(store: OxigraphStore) -> facets.Codes:
    codes: dict[str, tuple[str, ...]] = {}
    for row in store.query("PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                           "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT DISTINCT ?place ?code WHERE "
                           "{ ?d eli:is_realized_by ?e ; eli:jurisdiction ?place . ?place skos:notation ?code }"):
        codes[row["code"].value] = (*codes.get(row["code"].value, ()), row["place"].value)
    return codes


@pytest.mark.parametrize("name", sorted(SPECS))
def test_a_selection_keeps_what_the_join_first_form_kept(wild_db: OxigraphStore, name: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    spec, codes = SPECS[name], _codes(wild_db)
    values = _values(wild_db, spec)
    singles: list[facets.Selection] = []
    for facet in spec.facets:
        given = values.get(facet.key, [])
        singles += [[(facet, value)] for value in dict.fromkeys(given[:1] + given[len(given) // 2:][:1] + given[-1:])]
        if facet.code:  # a code keeps every place with it
            singles += [[(facet, code)] for code in sorted(codes)[:2]]
    selections = singles + [a + b for a, b in combinations(singles[::3], 2) if a[0][0] is not b[0][0]][:12]
    assert len(singles) >= 2 * len(spec.facets)
    kept = 0
    listed = int(_rows(wild_db, facets.total_query(spec, []))[0][0].split('"')[1])
    for selection in selections:
        sizes = {int(i.split('"')[1]): int(n.split('"')[1])
                 for i, n in _rows(wild_db, facets.sizes_query(spec, selection, codes))}
        order, checked = facets.planned(selection, sizes, listed)
        with monkeypatch.context() as patched:
            patched.setattr(facets, "items_where", _join_first)
            theirs = _answers(wild_db, spec, selection, True, codes)
        for ways in ((order, checked), (selection, True), (selection, False)):  # as planned, and both ways
            assert _answers(wild_db, spec, *ways, codes) == theirs, ([(f.key, v) for f, v in selection], ways[1])
        total = int(theirs[0][0][0].split('"')[1])
        assert min(sizes.values()) >= total  # a value keeps at least the listed items that have it
        kept += total > 0
    assert kept >= len(singles)  # each value taken from the list keeps items


def test_a_kind_keeps_the_tasks_its_agencies_lead(wild_db: OxigraphStore) -> None:
    """The kind kept through its agencies read once keeps the tasks the path from task to kind reaches."""
    tasks, kind = SPECS["tasks"], SPECS["tasks"].facet("kind")
    assert kind is not None and kind.keeping
    for value in _values(wild_db, tasks)["kind"][:5]:
        by_path = {r[0] for r in _rows(wild_db, facets.PREFIXES + "SELECT DISTINCT ?item WHERE { ?item a pg:Task ; "
                                       f"schema:agent/org:classification <{value}> }}")}
        items = facets.items_where(tasks, [(kind, value)])
        assert {r[0] for r in _rows(wild_db, facets.PREFIXES + f"SELECT ?item WHERE {items}")} == by_path
        assert by_path

