"""The mapping's builder writes its N-Quads itself: byte for byte what pyoxigraph's serializer writes for the
same quads, on real documents and on any text a literal can hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal, RdfFormat, parse, serialize
from support import SEED, corpus_file

from plangraph.ingest.map.graph import GraphBuilder
from plangraph.ingest.map.mapping import map_document
from plangraph.ingest.map.terms import PG, RDFS, XSD, en, integer, string, vi
from plangraph.ingest.pipeline import parse_file, prepare
from plangraph.ontology.iris import Minter

RELATIONS = Path(__file__).parent / "data" / "relations" / "qd-99-2025.txt"


@pytest.mark.parametrize("path", [SEED, "09", "10", RELATIONS], ids=["seed", "09", "10", "relations"])
def test_a_documents_nquads_are_what_the_serializer_writes(path: Path | str) -> None:
    source = path if isinstance(path, Path) else corpus_file(path)
    builder = map_document(parse_file(source), Minter())
    written = builder.nquads()
    assert written == serialize(builder.quads(), format=RdfFormat.N_QUADS)
    assert len(builder) == len(written.splitlines()) > 1000
    prepared = prepare(source, Minter())
    assert prepared.nquads == written and prepared.count == len(builder)
    assert prepared.quads == builder.quads()


@given(st.lists(st.text(), min_size=1, max_size=8), st.sampled_from([vi, en, string]))
def test_any_text_is_written_as_the_serializer_writes_it(texts: list[str], kind) -> None:
    builder = GraphBuilder("https://example.org/graph/ờ")
    for n, text in enumerate(texts):
        builder.add(f"https://example.org/node/{n}", RDFS.label, kind(text))
        builder.add(f"https://example.org/node/{n}", PG.number, integer(n))
        builder.add(f"https://example.org/node/{n}", RDFS.seeAlso, f"https://example.org/node/{n + 1}")
        builder.add(f"https://example.org/node/{n}", RDFS.comment, Literal(text, datatype=XSD.token))
    written = builder.nquads()
    assert written == serialize(builder.quads(), format=RdfFormat.N_QUADS)
    assert list(parse(written, format=RdfFormat.N_QUADS)) == builder.quads()


def test_a_triple_added_twice_is_written_once_in_the_order_first_added() -> None:
    builder = GraphBuilder("https://example.org/g")
    for obj in ("b", "a", "b", "c", "a"):
        builder.add("https://example.org/s", RDFS.label, string(obj))
    assert [q.object.value for q in parse(builder.nquads(), format=RdfFormat.N_QUADS)] == ["b", "a", "c"]
    assert len(builder) == 3
