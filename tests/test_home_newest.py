"""The home page's newest documents: read as candidates, then their issuers' names, they are what the one query
joining every issuer's restated name answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from plangraph.store import SnapshotStore

ELI = "http://data.europa.eu/eli/ontology#"


def _documents(count: int, named: set[int]) -> str:
    """INSERT DATA of *count* documents, each in its own graph, document i dated day i (two share a day and a
    number); those in *named* name their issuer, whose name each of their graphs restates."""
    graphs = []
    for i in range(count):
        day = min(i, count - 2) + 1
        doc = f"<http://example.org/doc/{i}>"
        triples = [f'{doc} <{ELI}is_realized_by> <http://example.org/doc/{i}/vie> ; <{ELI}id_local> "{day}/KH" ; '
                   f'<{ELI}date_document> "2020-01-{day:02d}"^^<http://www.w3.org/2001/XMLSchema#date> ; '
                   f'<http://www.w3.org/2000/01/rdf-schema#label> "Văn bản {i}"@vi .']
        if i in named:
            triples.append(f"{doc} <{ELI}passed_by> <http://example.org/body> . <http://example.org/body> "
                           f'<http://www.w3.org/2004/02/skos/core#prefLabel> "Ủy ban nhân dân"@vi .')
        graphs.append(f"GRAPH <http://example.org/graph/{i}> {{ {' '.join(triples)} }}")
    return "INSERT DATA { " + " ".join(graphs) + " }"


@pytest.fixture
def apps(tmp_path: Path) -> Iterator[list[Flask]]:
    made: list[Flask] = []
    yield made
    from plangraph.server.state import get_state

    for app in made:
        with app.app_context():
            get_state().executor().close()


@pytest.mark.parametrize(("count", "named"), [
    (25, set(range(25))),  # every one names its issuer: the first ten candidates
    (25, set(range(10))),  # the fifteen newest do not: fewer than ten of the twenty candidates, the full query
    (25, set(range(0, 25, 2))),  # every other one
    (12, {0, 3, 5}),  # fewer documents than candidates: those that name one
])
def test_the_newest_documents_are_those_the_joined_query_gives(tmp_path: Path, apps: list[Flask], count: int,
                                                               named: set[int]) -> None:
    from plangraph.server import create_app
    from plangraph.server.browse import NEWEST, newest_documents, select

    store = tmp_path / "store"
    with SnapshotStore(store).writer() as writer:
        writer.update(_documents(count, named))
    app = create_app({"PLANGRAPH_STORE": str(store), "PLANGRAPH_WARM_PAGES": "", "PLANGRAPH_QUERY_WORKERS": 1})
    apps.append(app)
    with app.test_request_context("/"):
        expected = select(NEWEST)
        assert newest_documents() == expected
    assert len(expected) == min(10, len(named))
    assert all(row["issuer"] == "Ủy ban nhân dân" for row in expected)
