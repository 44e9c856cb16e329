"""Capped result serialisation: every format parses back (with rdflib's parsers) to what went in."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from plangraph.server.conneg import BOOLEAN_FORMATS, GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat
from plangraph.server.results import Serialized, serialize_boolean, serialize_graph, serialize_solutions

T = TypeVar("T")
XSD = "http://www.w3.org/2001/XMLSchema#"
SRX = "{http://www.w3.org/2005/sparql-results#}"
FORMATS = {fmt.name: fmt for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS)}
VIETNAMESE = "Sở Khoa học và Công nghệ"
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = list[Term | None]

VARIABLES = ["iri", "tricky", "vi", "lang", "int", "dec", "bnode", "unbound"]
TRICKY_ROWS: list[Row] = [
    [
        ox.NamedNode("http://example.org/plan/1?a=1&b=2"),
        ox.Literal('comma, "quote"\nnewline\ttab\rCR \\ back'),
        ox.Literal(VIETNAMESE),
        ox.Literal(VIETNAMESE, language="vi"),
        ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("3.14", datatype=ox.NamedNode(XSD + "decimal")),
        ox.BlankNode("b0"),
        None,
    ],
    [
        ox.NamedNode("https://example.org/đơn-vị"),
        ox.Literal("plain"),
        ox.Literal("ends with comma,"),
        ox.Literal("Hello", language="en-GB"),
        ox.Literal("-7", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")),
        ox.BlankNode("b1"),
        None,
    ],
    [None] * len(VARIABLES),  # a solution binding nothing
]


def rows_of(n: int) -> list[Row]:
    return [[ox.NamedNode(f"http://example.org/r{i}"), ox.Literal(str(i))] for i in range(n)]


def guarded(items: Iterable[T], limit: int) -> Iterator[T]:
    """Yields ``items``; fails the test if read past ``limit`` items."""
    for index, item in enumerate(items):
        if index >= limit:
            raise AssertionError(f"read more than {limit} items")
        yield item


# --- comparison helpers ---------------------------------------------------------------------------------------


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Identifier:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    datatype = term.datatype.value
    plain = term.language is not None or datatype == XSD + "string"
    return rdflib.Literal(term.value, lang=term.language, datatype=None if plain else rdflib.URIRef(datatype))


def key(term: rdflib.term.Identifier) -> tuple[str, str, str | None, str | None]:
    """Term identity without rdflib's value-based Literal equality."""
    if isinstance(term, rdflib.Literal):
        lang = term.language.lower() if term.language else None
        return ("literal", str(term), lang, str(term.datatype) if term.datatype else None)
    return (type(term).__name__, str(term).removeprefix("_:"), None, None)


def expected_bindings(variables: Sequence[str], rows: Iterable[Row]) -> list[dict[str, tuple]]:
    return [{v: key(to_rdflib(t)) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]


def parsed_bindings(out: Serialized, fmt: str) -> list[dict[str, tuple]]:
    result = Result.parse(io.BytesIO(out.body), format=fmt)
    return [{str(var): key(term) for var, term in binding.items()} for binding in result.bindings]


def csv_expected(variables: Sequence[str], rows: Iterable[Row]) -> list[dict[str, tuple]]:
    """CSV keeps lexical forms only; rdflib reads http(s) strings back as IRIs and _:x as blank nodes."""

    def lossy(term: Term) -> rdflib.term.Identifier:
        if isinstance(term, ox.BlankNode):
            return rdflib.BNode(term.value)
        if term.value.startswith(("http://", "https://")):
            return rdflib.URIRef(term.value)
        return rdflib.Literal(term.value)

    return [{v: key(lossy(t)) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]


# --- solutions round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["json", "xml", "tsv"])
def test_solutions_round_trip(name: str) -> None:
    out = serialize_solutions(VARIABLES, TRICKY_ROWS, FORMATS[name], max_rows=None)
    assert (out.rows, out.truncated) == (3, False)
    assert parsed_bindings(out, name) == expected_bindings(VARIABLES, TRICKY_ROWS)
    assert [str(v) for v in Result.parse(io.BytesIO(out.body), format=name).vars] == VARIABLES


def test_csv_round_trip() -> None:
    out = serialize_solutions(VARIABLES, TRICKY_ROWS, FORMATS["csv"], max_rows=None)
    assert parsed_bindings(out, "csv") == csv_expected(VARIABLES, TRICKY_ROWS)


def test_media_types() -> None:
    got = {fmt.name: serialize_solutions(["x"], [], fmt, max_rows=10).media_type for fmt in SOLUTION_FORMATS}
    assert got == {
        "json": "application/sparql-results+json; charset=utf-8",
        "xml": "application/sparql-results+xml; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "tsv": "text/tab-separated-values; charset=utf-8",
    }


def test_json_shape() -> None:
    doc = json.loads(serialize_solutions(VARIABLES, TRICKY_ROWS[:1], FORMATS["json"], max_rows=None).body)
    assert doc["head"] == {"vars": VARIABLES}
    assert "truncated" not in doc
    binding = doc["results"]["bindings"][0]
    assert binding["iri"] == {"type": "uri", "value": "http://example.org/plan/1?a=1&b=2"}
    assert binding["vi"] == {"type": "literal", "value": VIETNAMESE}  # xsd:string: no datatype key
    assert binding["lang"] == {"type": "literal", "value": VIETNAMESE, "xml:lang": "vi"}  # no datatype key
    assert binding["int"] == {"type": "literal", "value": "42", "datatype": XSD + "integer"}
    assert binding["bnode"] == {"type": "bnode", "value": "b0"}
    assert "unbound" not in binding


def test_xml_shape() -> None:
    body = serialize_solutions(VARIABLES, TRICKY_ROWS[:1], FORMATS["xml"], max_rows=None).body
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(body)
    assert root.tag == SRX + "sparql"
    assert [v.get("name") for v in root.iter(SRX + "variable")] == VARIABLES
    bindings = {b.get("name"): b[0] for b in root.iter(SRX + "binding")}
    assert "unbound" not in bindings
    assert bindings["lang"].get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert bindings["lang"].get("datatype") is None and bindings["vi"].get("datatype") is None
    assert bindings["tricky"].text == 'comma, "quote"\nnewline\ttab\rCR \\ back'
    assert b"&#13;" in body  # CR escaped, or XML parsers normalise it to LF


def test_csv_text() -> None:
    rows: list[Row] = [[ox.Literal('a,"b"\nc'), ox.BlankNode("b0"), None, ox.Literal("x", language="vi")]]
    body = serialize_solutions(["a", "b", "c", "d"], rows, FORMATS["csv"], max_rows=None).body
    assert body == b'a,b,c,d\r\n"a,""b""\nc",_:b0,,x\r\n'


def test_tsv_text() -> None:
    def typed(lexical: str, datatype: str) -> ox.Literal:
        return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))

    rows: list[Row] = [
        [
            typed("5", "integer"),
            typed("-3.50", "decimal"),
            typed("1.0E3", "double"),
            typed("true", "boolean"),
            typed("INF", "double"),
            typed(" 5", "integer"),
            typed("2024-01-01", "date"),
        ],
        [
            ox.Literal('t\tn\nr\r"q"\\'),
            ox.Literal("x", language="vi"),
            ox.NamedNode("http://e.org/a"),
            None,
            None,
            ox.BlankNode("b0"),
            ox.Literal("\x01\u2028"),
        ],
    ]
    body = serialize_solutions(list("abcdefg"), rows, FORMATS["tsv"], max_rows=None).body.decode()
    assert body.split("\n") == [
        "?a\t?b\t?c\t?d\t?e\t?f\t?g",
        f'5\t-3.50\t1.0E3\ttrue\t"INF"^^<{XSD}double>\t" 5"^^<{XSD}integer>\t"2024-01-01"^^<{XSD}date>',
        '"t\\tn\\nr\\r\\"q\\"\\\\"\t"x"@vi\t<http://e.org/a>\t\t\t_:b0\t"\\u0001\\u2028"',
        "",
    ]


def test_no_rows() -> None:
    for fmt in SOLUTION_FORMATS:
        out = serialize_solutions(["x", "y"], iter(()), fmt, max_rows=5)
        assert (out.rows, out.truncated) == (0, False)
        if fmt.name != "csv":
            assert parsed_bindings(out, fmt.name) == []
    assert serialize_solutions(["x", "y"], [], FORMATS["csv"], max_rows=5).body == b"x,y\r\n"


def test_variables_may_be_pyoxigraph_variables() -> None:
    solutions = ox.Store().query("SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (2 'b') } }")
    out = serialize_solutions(solutions.variables, solutions, FORMATS["json"], max_rows=None)
    doc = json.loads(out.body)
    assert doc["head"]["vars"] == ["x", "y"]
    assert doc["results"]["bindings"][0] == {"x": {"type": "literal", "value": "1", "datatype": XSD + "integer"}}


def test_triple_terms() -> None:
    inner = ox.Triple(ox.NamedNode("http://e.org/s"), ox.NamedNode("http://e.org/p"), ox.Literal("o", language="vi"))
    rows = [[inner]]
    doc = json.loads(serialize_solutions(["t"], rows, FORMATS["json"], max_rows=None).body)
    assert doc["results"]["bindings"][0]["t"] == {
        "type": "triple",
        "value": {
            "subject": {"type": "uri", "value": "http://e.org/s"},
            "predicate": {"type": "uri", "value": "http://e.org/p"},
            "object": {"type": "literal", "value": "o", "xml:lang": "vi"},
        },
    }
    root = ET.fromstring(serialize_solutions(["t"], rows, FORMATS["xml"], max_rows=None).body)
    triple = next(root.iter(SRX + "triple"))
    assert [child.tag.removeprefix(SRX) for child in triple] == ["subject", "predicate", "object"]
    assert triple.find(f"{SRX}subject/{SRX}uri").text == "http://e.org/s"  # type: ignore[union-attr]
    tsv = serialize_solutions(["t"], rows, FORMATS["tsv"], max_rows=None).body
    assert tsv == b'?t\n<<( <http://e.org/s> <http://e.org/p> "o"@vi )>>\n'


def test_base_direction() -> None:
    literal = ox.Literal("مرحبا", language="ar", direction=ox.BaseDirection.RTL)
    doc = json.loads(serialize_solutions(["x"], [[literal]], FORMATS["json"], max_rows=None).body)
    assert doc["results"]["bindings"][0]["x"] == {
        "type": "literal",
        "value": "مرحبا",
        "xml:lang": "ar",
        "its:dir": "rtl",
    }
    element = next(
        ET.fromstring(serialize_solutions(["x"], [[literal]], FORMATS["xml"], max_rows=None).body).iter(SRX + "literal")
    )
    assert element.get("{http://www.w3.org/2005/11/its}dir") == "rtl"
    assert (
        serialize_solutions(["x"], [[literal]], FORMATS["tsv"], max_rows=None).body == '?x\n"مرحبا"@ar--rtl\n'.encode()
    )


# --- truncation -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=lambda f: f.name)
def test_truncated(fmt: ResultFormat) -> None:
    out = serialize_solutions(["s", "o"], guarded(rows_of(5), 3), fmt, max_rows=2)
    assert (out.rows, out.truncated) == (2, True)
    if fmt.name == "csv":
        assert out.body.count(b"\r\n") == 3
    else:
        assert len(parsed_bindings(out, fmt.name)) == 2


def test_truncated_json_flag() -> None:
    doc = json.loads(serialize_solutions(["s", "o"], rows_of(5), FORMATS["json"], max_rows=2).body)
    assert doc["truncated"] is True
    assert len(doc["results"]["bindings"]) == 2
    assert set(doc) == {"head", "results", "truncated"}


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=lambda f: f.name)
def test_exactly_max_rows_is_not_truncated(fmt: ResultFormat) -> None:
    out = serialize_solutions(["s", "o"], guarded(rows_of(2), 3), fmt, max_rows=2)
    assert (out.rows, out.truncated) == (2, False)
    if fmt.name == "json":
        assert "truncated" not in json.loads(out.body)


def test_max_rows_zero_and_none() -> None:
    out = serialize_solutions(["s", "o"], guarded(rows_of(5), 1), FORMATS["json"], max_rows=0)
    assert (out.rows, out.truncated) == (0, True)
    assert (serialize_solutions(["s"], [], FORMATS["json"], max_rows=0).truncated) is False
    out = serialize_solutions(["s", "o"], rows_of(1000), FORMATS["tsv"], max_rows=None)
    assert (out.rows, out.truncated) == (1000, False)
    with pytest.raises(ValueError):
        serialize_solutions(["s"], [], FORMATS["json"], max_rows=-1)


def test_graph_truncated_lazily() -> None:
    triples = (
        ox.Triple(ox.NamedNode(f"http://e.org/s{i}"), ox.NamedNode("http://e.org/p"), ox.Literal(str(i)))
        for i in range(5)
    )
    out = serialize_graph(guarded(triples, 3), FORMATS["ntriples"], max_rows=2)
    assert (out.rows, out.truncated) == (2, True)
    assert out.body.count(b"\n") == 2
    out = serialize_graph(GRAPH[:2], FORMATS["turtle"], max_rows=2)
    assert (out.rows, out.truncated) == (2, False)


# --- ASK ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("fmt", BOOLEAN_FORMATS, ids=lambda f: f.name)
def test_boolean(fmt: ResultFormat, value: bool) -> None:
    out = serialize_boolean(value, fmt)
    assert Result.parse(io.BytesIO(out.body), format=fmt.name).askAnswer is value
    assert out.truncated is False


def test_boolean_json_exact() -> None:
    assert json.loads(serialize_boolean(True, FORMATS["json"]).body) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("name", ["csv", "tsv", "turtle"])
def test_boolean_has_no_csv_tsv_form(name: str) -> None:
    with pytest.raises(ValueError):
        serialize_boolean(True, FORMATS[name])


def test_wrong_kind_rejected() -> None:
    with pytest.raises(ValueError):
        serialize_solutions(["x"], [], FORMATS["turtle"], max_rows=1)
    with pytest.raises(ValueError):
        serialize_graph([], FORMATS["json"], max_rows=1)


# --- graphs ---------------------------------------------------------------------------------------------------

EX = "http://example.org/"
GRAPH = [
    ox.Triple(ox.NamedNode(EX + "plan/1"), ox.NamedNode(EX + "title"), ox.Literal(VIETNAMESE, language="vi")),
    ox.Triple(
        ox.NamedNode(EX + "plan/1"), ox.NamedNode(EX + "count"), ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))
    ),
    ox.Triple(ox.NamedNode(EX + "plan/1"), ox.NamedNode(EX + "note"), ox.Literal('a "quoted"\nline, tab\t')),
    ox.Triple(ox.NamedNode(EX + "plan/1"), ox.NamedNode(EX + "agency"), ox.BlankNode("a1")),
    ox.Triple(ox.BlankNode("a1"), ox.NamedNode(EX + "name"), ox.Literal("Sở")),
]
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "nquads": "nquads",
    "trig": "trig",
}


def parse_graph(body: bytes, name: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    if name in ("nquads", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(data=body, format=RDFLIB_FORMATS[name])
        for s, p, o, g in dataset.quads((None, None, None, None)):
            assert g is None or g == DATASET_DEFAULT_GRAPH_ID  # default graph only
            graph.add((s, p, o))
        return graph
    return graph.parse(data=body, format=RDFLIB_FORMATS[name])


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_graph_round_trip(fmt: ResultFormat) -> None:
    out = serialize_graph(GRAPH, fmt, max_rows=100, prefixes={"ex": EX})
    assert (out.rows, out.truncated) == (5, False)
    assert out.media_type == f"{fmt.media_type}; charset=utf-8"
    expected = rdflib.Graph()
    for t in GRAPH:
        expected.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    assert isomorphic(parse_graph(out.body, fmt.name), expected)


def test_graph_prefixes() -> None:
    body = serialize_graph(GRAPH, FORMATS["turtle"], max_rows=None, prefixes={"ex": EX}).body.decode()
    assert f"@prefix ex: <{EX}> ." in body and "ex:title" in body
    trig = serialize_graph(GRAPH, GRAPH_FORMATS[-1], max_rows=None, prefixes={"ex": EX}).body.decode()
    assert f"@prefix ex: <{EX}> ." in trig
    nt = serialize_graph(GRAPH, FORMATS["ntriples"], max_rows=None, prefixes={"ex": EX}).body.decode()
    assert "@prefix" not in nt


def test_graph_empty() -> None:
    for fmt in GRAPH_FORMATS:
        out = serialize_graph(iter(()), fmt, max_rows=10, prefixes={"ex": EX})
        assert (out.rows, out.truncated) == (0, False)
        assert len(parse_graph(out.body, fmt.name)) == 0


@pytest.mark.parametrize("predicate", [EX + "a/", EX + "#", "urn:x:1"])
def test_rdfxml_rejects_unsplittable_predicate(predicate: str) -> None:
    triples = [ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(predicate), ox.Literal("o"))]
    with pytest.raises(ValueError, match="RDF/XML"):
        serialize_graph(triples, FORMATS["rdfxml"], max_rows=None)
    assert serialize_graph(triples, FORMATS["turtle"], max_rows=None).rows == 1


# --- property tests -------------------------------------------------------------------------------------------

unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@given(unicode_text, st.sampled_from([None, "vi", "en-GB"]))
def test_json_round_trips_any_text(text: str, language: str | None) -> None:
    rows: list[Row] = [[ox.Literal(text, language=language)]]
    out = serialize_solutions(["x"], rows, FORMATS["json"], max_rows=None)
    assert json.loads(out.body)["results"]["bindings"][0]["x"]["value"] == text
    assert parsed_bindings(out, "json") == expected_bindings(["x"], rows)


@given(unicode_text)
def test_xml_round_trips_any_text_or_replaces_invalid(text: str) -> None:
    """Documented rule: code points XML 1.0 cannot carry become U+FFFD; everything else survives exactly."""
    out = serialize_solutions(["x"], [[ox.Literal(text)]], FORMATS["xml"], max_rows=None)
    literal = next(ET.fromstring(out.body).iter(SRX + "literal"))
    assert (literal.text or "") == XML_INVALID.sub("\ufffd", text)
    if text and not XML_INVALID.search(text):
        assert parsed_bindings(out, "xml") == expected_bindings(["x"], [[ox.Literal(text)]])


@given(unicode_text)
def test_tsv_and_csv_keep_one_row_per_solution(text: str) -> None:
    rows: list[Row] = [[ox.Literal(text), ox.Literal("end")]]
    tsv = serialize_solutions(["x", "y"], rows, FORMATS["tsv"], max_rows=None).body.decode()
    assert len(tsv.splitlines()) == 2
    csv = serialize_solutions(["x", "y"], rows, FORMATS["csv"], max_rows=None).body
    parsed = Result.parse(io.BytesIO(csv), format="csv").bindings
    assert len(parsed) == 1 and str(parsed[0][rdflib.Variable("y")]) == "end"


# --- the byte cap ------------------------------------------------------------------------------------------------

def _big_rows(count: int) -> Iterator[Row]:
    for n in range(count):
        yield [ox.NamedNode(f"http://example.org/{n}"), ox.Literal(VIETNAMESE * 200)]


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_byte_cap_cuts_rows_and_says_so(name: str) -> None:
    cap = 100_000
    result = serialize_solutions(["s", "o"], _big_rows(1000), FORMATS[name], max_rows=None, max_bytes=cap)
    assert result.truncated and 0 < result.rows < 1000
    assert len(result.body) <= cap + 200  # the rows fit under the cap; head and tail are a few bytes more
    whole = serialize_solutions(["s", "o"], _big_rows(result.rows), FORMATS[name], max_rows=None)
    assert not whole.truncated and len(whole.body) > cap / 2  # the cap cut close to itself, not far below it
    if name == "json":
        assert json.loads(result.body)["truncated"] is True
        assert len(json.loads(result.body)["results"]["bindings"]) == result.rows
    assert not serialize_solutions(["s", "o"], _big_rows(3), FORMATS[name], max_rows=None, max_bytes=cap).truncated


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "nquads"])
def test_byte_cap_cuts_graphs(name: str) -> None:
    cap = 100_000
    triples = (ox.Triple(ox.NamedNode(f"http://example.org/{n}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(VIETNAMESE * 20)) for n in range(5000))
    result = serialize_graph(triples, FORMATS[name], max_rows=None, max_bytes=cap)
    assert result.truncated and 0 < result.rows < 5000
    assert len(result.body) <= cap + 8192 + 2048  # checked between triples; pyoxigraph writes 8 KiB at a time
