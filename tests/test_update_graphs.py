"""The graphs a SPARQL update can write, read from its text; None whenever the text does not tell for certain."""

from __future__ import annotations

import pytest

from plangraph.store.update_graphs import MAX_PARSED, graphs_written


@pytest.mark.parametrize(("update", "graphs"), [
    ("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> 1 } }", {"http://g"}),
    ("INSERT DATA { <http://a> <http://b> 1 }", {""}),
    ("PREFIX ex: <http://ex/> DELETE DATA { GRAPH ex:g { ex:a ex:b ex:c } } ; INSERT DATA { ex:a ex:b 2 }",
     {"http://ex/g", ""}),
    ("WITH <http://w> DELETE { ?s ?p ?o } INSERT { GRAPH <http://x> { ?s ?p 2 } } WHERE { ?s ?p ?o }",
     {"http://w", "http://x"}),
    ("INSERT { GRAPH <http://i> { ?s ?p ?o } } USING <http://u> WHERE { ?s ?p ?o }", {"http://i"}),
    ("DELETE WHERE { GRAPH <http://dw> { ?s ?p ?o } }", {"http://dw"}),
    ("DELETE WHERE { ?s ?p ?o }", {""}),
    ("DROP GRAPH <http://g> ; CREATE SILENT GRAPH <http://c> ; CLEAR DEFAULT", {"http://g", "http://c", ""}),
    ("LOAD <http://src> INTO GRAPH <http://t>", {"http://t"}),
    ("LOAD <http://src>", {""}),
    ("MOVE <http://a> TO <http://b>", {"http://a", "http://b"}),
    ("COPY DEFAULT TO <http://b>", {"http://b"}),
    ("ADD <http://a> TO DEFAULT", {""}),
    # not told by the text: any graph may have changed
    ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", None),
    ("DROP GRAPH <http://g> ; CLEAR ALL", None),
    ("CLEAR NAMED", None),
    ("INSERT DATA { GRAPH <relative> { <http://a> <http://b> 1 } }", None),
    ("not an update {", None),
])
def test_the_graphs_an_update_writes(update: str, graphs: set[str] | None) -> None:
    assert graphs_written(update) == graphs


def test_a_long_update_is_not_read_twice() -> None:
    triples = "\n".join(f"<http://a/{n}> <http://b> {n} ." for n in range(MAX_PARSED // 20))
    assert graphs_written(f"INSERT DATA {{ GRAPH <http://g> {{ {triples} }} }}") is None
