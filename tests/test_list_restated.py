"""The list queries that read restated shared nodes once (sub-select DISTINCT) answer exactly what the plain
forms answer: the same items in the same order, the same counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pyoxigraph import Store

from plangraph.server import facets
from plangraph.server.list_specs import AGENCIES, CITES, INSTRUMENTS

PLAIN = {  # the forms before: each restatement of a shared node read once per graph
    "agencies": replace(AGENCIES, order_pattern="OPTIONAL { ?k1 schema:agent ?item } "
                                                "OPTIONAL { ?item skos:prefLabel ?k2 }"),
    "instruments": replace(
        INSTRUMENTS, order_pattern=f"OPTIONAL {{ ?k1 {CITES} ?item }} OPTIONAL {{ ?item eli:id_local ?k2 }}",
        fields=tuple(replace(f, pattern={
            "citing_tasks": f"?value a pg:Task ; {CITES} ?item",
            "citing_documents": f"?_c {CITES} ?item . ?_c eli:is_part_of* ?value . ?value eli:is_realized_by ?_e",
        }.get(f.key, f.pattern)) for f in INSTRUMENTS.fields)),
}


def _rows(seed: Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in seed.query(query, use_default_graph_as_union=True)]


@pytest.mark.parametrize("spec", [AGENCIES, INSTRUMENTS], ids=lambda s: s.name)
def test_the_distinct_forms_answer_as_the_plain_ones(seed: Store, spec: facets.ListSpec) -> None:
    plain = PLAIN[spec.name]
    page = _rows(seed, facets.page_query(spec, [], limit=200, offset=0))
    assert len(page) > 5
    assert page == _rows(seed, facets.page_query(plain, [], limit=200, offset=0))
    items = [row[0][1:-1] for row in page]
    assert sorted(_rows(seed, facets.rows_query(spec, items))) == sorted(_rows(seed, facets.rows_query(plain, items)))
