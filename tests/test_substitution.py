"""Values written into SPARQL text answer like pyoxigraph's substitutions, on the catalogue's own queries."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Store, Variable

from plangraph.queries import load_catalogue
from plangraph.server.substitution import SubstitutionError, substitute


def _rows(result: object) -> list[tuple[str, ...]]:
    variables = [v.value for v in result.variables]  # type: ignore[attr-defined]
    return sorted(tuple(str(row[v]) if row[v] is not None else "" for v in variables)
                  for row in result)  # type: ignore[attr-defined]


def test_every_catalogue_query_answers_the_same_with_written_values(seed: Store) -> None:
    checked = 0
    for query in load_catalogue().values():
        if "federation" in query.tags:  # asks another server: tests/test_federation.py runs it with two
            continue
        given = {p.name: str(p.default) for p in query.params if p.default is not None}
        bindings = query.bindings({k: v for k, v in (query.example or given).items()})
        if not bindings:
            continue
        native = seed.query(query.text, substitutions=bindings, use_default_graph_as_union=True)
        written = seed.query(substitute(query.text, {v.value: t for v, t in bindings.items()}),
                             use_default_graph_as_union=True)
        assert _rows(written) == _rows(native), query.name
        checked += 1
    assert checked >= 10


def test_strings_and_iris_are_not_variables() -> None:
    text = 'SELECT ?a WHERE { ?s <http://x/?a> "?a" ; <p> ?a }'
    assert substitute(text, {"a": Literal('say "hi"')}) == \
        'SELECT ("say \\"hi\\"" AS ?a) WHERE { ?s <http://x/?a> "?a" ; <p> "say \\"hi\\"" }'


@pytest.mark.parametrize("text", ["SELECT * { BIND(1 AS ?a) }", "SELECT * { VALUES ?a { 1 } }",
                                  "SELECT * { VALUES (?b ?a) { (1 2) } }"])
def test_a_parameter_bound_again_is_an_error(text: str) -> None:
    with pytest.raises(SubstitutionError):
        substitute(text, {"a": Literal("x")})


def test_a_service_target_only() -> None:
    text = "SELECT ?peer ?n { SERVICE ?peer { ?s ?p ?n } }"
    peer = NamedNode("http://127.0.0.1:9/sparql")
    assert substitute(text, {"peer": peer}, only_services=True) == \
        "SELECT ?peer ?n { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?n } }"
    assert Variable("peer")  # the projected ?peer stays for pyoxigraph to bind
