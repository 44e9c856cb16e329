"""Content negotiation: every rule, and the headers real SPARQL clients and browsers send."""

from __future__ import annotations

import warnings
from urllib.parse import parse_qs

import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from plangraph.server.conneg import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    ResultFormat,
    negotiate,
    offered_for,
    parse_accept,
    supports,
    wants_html,
)

OFFERED = {"solutions": SOLUTION_FORMATS, "boolean": BOOLEAN_FORMATS, "graph": GRAPH_FORMATS}

YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"
YASGUI_CONSTRUCT = "text/turtle,*/*;q=0.9"
RDFLIB_STORE = "application/sparql-results+xml, application/rdf+xml"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
JAVA_URLCONNECTION = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"
SW_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SW_XML = "application/sparql-results+xml"
SW_CSV = "text/csv"
SW_TSV = "text/tab-separated-values"
SW_TURTLE = "application/turtle,text/turtle"
SW_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
SW_RDFXML = "application/rdf+xml"
SW_JSONLD = "application/ld+json,application/x-json+ld"
SW_DEFAULT = "application/sparql-results+xml,application/rdf+xml,*/*"

# (Accept, override, kind, expected format name or None = 406, why)
CASES: list[tuple[str | None, str | None, str, str | None, str]] = [
    # defaults
    (None, None, "solutions", "json", "no Accept: first offered"),
    ("", None, "solutions", "json", "empty Accept: first offered"),
    ("*/*", None, "solutions", "json", "*/*: first offered"),
    (None, None, "graph", "turtle", "no Accept: Turtle for graphs"),
    ("*/*", None, "graph", "turtle", "*/*: Turtle for graphs"),
    ("*/*", None, "boolean", "json", "*/*: JSON for ASK"),
    ("*", None, "solutions", "json", "bare * (old Java clients) means */*"),
    ("garbage", None, "solutions", "json", "nothing parsable: as if absent"),
    # override
    (SW_XML, "json", "solutions", "json", "override beats Accept"),
    (None, "JSON", "solutions", "json", "override is case-insensitive"),
    (None, "xml", "solutions", "xml", "override xml"),
    (None, "csv", "solutions", "csv", "override csv"),
    (None, "tsv", "solutions", "tsv", "override tsv"),
    (None, "srj", "solutions", "json", "override srj"),
    (None, "application/sparql-results+json", "solutions", "json", "override as media type"),
    (None, "text/tab-separated-values", "solutions", "tsv", "SPARQLWrapper's second format= value for TSV"),
    (None, "json", "graph", "jsonld", "json for a graph is JSON-LD"),
    (None, "xml", "graph", "rdfxml", "xml for a graph is RDF/XML"),
    (None, "turtle", "graph", "turtle", "override turtle"),
    (None, "ttl", "graph", "turtle", "override ttl"),
    (None, "n3", "graph", "turtle", "N3 requests get Turtle, a subset of N3"),
    (None, "rdf", "graph", "rdfxml", "override rdf"),
    (None, "rdf+xml", "graph", "rdfxml", "override rdf+xml"),
    (None, "json-ld", "graph", "jsonld", "override json-ld"),
    (None, "jsonld", "graph", "jsonld", "override jsonld"),
    (None, "nt", "graph", "ntriples", "override nt"),
    (None, "ntriples", "graph", "ntriples", "override ntriples"),
    (None, "n-triples", "graph", "ntriples", "override n-triples"),
    (None, "nquads", "graph", "nquads", "override nquads"),
    (None, "trig", "graph", "trig", "override trig"),
    (None, "application/rdf+xml", "graph", "rdfxml", "SPARQLWrapper's second format= value for RDF/XML"),
    (None, SW_JSONLD, "graph", "jsonld", "SPARQLWrapper's second format= value for JSON-LD"),
    ("text/turtle", "bogus", "graph", "turtle", "unknown override ignored"),
    (SW_CSV, "turtle", "solutions", "csv", "override not offered for SELECT: Accept decides"),
    (None, "csv", "graph", "turtle", "csv not offered for graphs: Accept decides"),
    (None, "csv", "boolean", "json", "csv not offered for ASK: Accept decides"),
    (None, "  ", "solutions", "json", "blank override ignored"),
    (None, "text/html", "solutions", "json", "override media type not offered: ignored"),
    # q-values
    ("text/csv;q=0.5, application/sparql-results+xml", None, "solutions", "xml", "higher q wins"),
    ("application/sparql-results+json;q=0.8, text/csv;q=0.9", None, "solutions", "csv", "q beats offer order"),
    ("application/sparql-results+json;q=0, */*", None, "solutions", "xml", "q=0 refuses, next offered"),
    ("text/turtle;q=0, */*", None, "graph", "ntriples", "q=0 refuses Turtle"),
    ("*/*;q=0", None, "solutions", None, "everything refused"),
    ("text/turtle;q=0", None, "graph", None, "only a refusal"),
    ("text/csv;q=abc, application/sparql-results+xml", None, "solutions", "xml", "unparsable q drops the entry"),
    ("text/csv;q=2, text/tab-separated-values", None, "solutions", "tsv", "q out of range drops the entry"),
    ("text/csv, text/tab-separated-values", None, "solutions", "csv", "equal q: first mentioned"),
    ("text/tab-separated-values, text/csv", None, "solutions", "tsv", "equal q: first mentioned, reversed"),
    # wildcards and specificity
    ("text/*", None, "solutions", "csv", "type/*: first offered text type"),
    ("application/*", None, "solutions", "json", "application/* for SELECT"),
    ("text/*", None, "graph", "turtle", "text/* for graphs"),
    ("application/*", None, "graph", "ntriples", "application/* for graphs"),
    ("text/*, text/tab-separated-values", None, "solutions", "tsv", "exact match beats wildcard at equal q"),
    ("text/*;q=0.5, text/csv;q=0", None, "solutions", "tsv", "specific q=0 overrides the wildcard"),
    ("image/*", None, "solutions", None, "wildcard matching nothing offered"),
    # parameters and case
    ("text/turtle; charset=utf-8", None, "graph", "turtle", "parameters other than q ignored"),
    ("TEXT/Turtle", None, "graph", "turtle", "media types are case-insensitive"),
    ("application/sparql-results+json; charset=utf-8; q=0.5, text/csv;q=0.4", None, "solutions", "json", "q after"),
    ("text/csv;q=0.5;level=1, text/tab-separated-values;q=0.4", None, "solutions", "csv", "extension after q"),
    # aliases
    ("application/json", None, "solutions", "json", "application/json is SPARQL JSON for SELECT"),
    ("application/json", None, "boolean", "json", "application/json for ASK"),
    ("application/json", None, "graph", "jsonld", "application/json is JSON-LD for graphs"),
    ("text/xml", None, "solutions", "xml", "text/xml is SPARQL XML for SELECT"),
    ("application/xml", None, "solutions", "xml", "application/xml is SPARQL XML for SELECT"),
    ("text/xml", None, "graph", "rdfxml", "text/xml is RDF/XML for graphs"),
    ("application/xml", None, "graph", "rdfxml", "application/xml is RDF/XML for graphs"),
    ("application/x-turtle", None, "graph", "turtle", "legacy Turtle type"),
    ("text/n3", None, "graph", "turtle", "N3 answered with Turtle"),
    ("text/rdf+n3", None, "graph", "turtle", "legacy N3 type"),
    ("text/plain", None, "graph", "ntriples", "text/plain is N-Triples"),
    ("text/plain", None, "solutions", None, "text/plain is nothing for SELECT"),
    ("application/n-triples", None, "graph", "ntriples", "N-Triples"),
    ("application/ld+json", None, "graph", "jsonld", "JSON-LD"),
    ("application/rdf+xml", None, "graph", "rdfxml", "RDF/XML"),
    ("application/n-quads", None, "graph", "nquads", "a graph is a valid dataset: N-Quads"),
    ("application/trig", None, "graph", "trig", "a graph is a valid dataset: TriG"),
    ("text/turtle", None, "solutions", None, "graph type for SELECT: 406"),
    ("application/sparql-results+json", None, "graph", None, "results type for CONSTRUCT: 406"),
    ("text/csv", None, "boolean", None, "ASK has no CSV form: 406"),
    ("text/tab-separated-values", None, "boolean", None, "ASK has no TSV form: 406"),
    ("application/ld+json;q=0, application/json", None, "graph", None, "canonical refused: alias can't revive it"),
    ("text/xml;q=0, application/sparql-results+xml", None, "solutions", "xml", "alias refused, canonical named"),
    # real clients
    (YASGUI_SELECT, None, "solutions", "json", "YASGUI SELECT"),
    (YASGUI_SELECT, None, "boolean", "json", "YASGUI ASK"),
    (YASGUI_SELECT, None, "graph", "turtle", "YASGUI's SELECT header on a CONSTRUCT: */*"),
    (YASGUI_CONSTRUCT, None, "graph", "turtle", "YASGUI CONSTRUCT"),
    (YASGUI_CONSTRUCT, None, "solutions", "json", "YASGUI's CONSTRUCT header on a SELECT: */*"),
    (RDFLIB_STORE, None, "solutions", "xml", "rdflib SPARQLStore SELECT"),
    (RDFLIB_STORE, None, "boolean", "xml", "rdflib SPARQLStore ASK"),
    (RDFLIB_STORE, None, "graph", "rdfxml", "rdflib SPARQLStore CONSTRUCT"),
    (FIREFOX, None, "solutions", "xml", "browser: application/xml;q=0.9 beats */*;q=0.8"),
    (FIREFOX, None, "graph", "rdfxml", "browser on a graph"),
    (CHROME, None, "solutions", "xml", "Chrome"),
    (JAVA_URLCONNECTION, None, "graph", "turtle", "Java HttpURLConnection"),
    (SW_JSON, "json", "solutions", "json", "SPARQLWrapper JSON"),
    (SW_JSON, None, "solutions", "json", "SPARQLWrapper JSON, onlyConneg"),
    (SW_JSON, "json", "boolean", "json", "SPARQLWrapper JSON ASK"),
    (SW_XML, "xml", "solutions", "xml", "SPARQLWrapper XML"),
    (SW_XML, None, "boolean", "xml", "SPARQLWrapper XML ASK, onlyConneg"),
    (SW_CSV, "csv", "solutions", "csv", "SPARQLWrapper CSV"),
    (SW_CSV, "csv", "boolean", None, "SPARQLWrapper CSV ASK: no boolean CSV, 406"),
    (SW_TSV, "tsv", "solutions", "tsv", "SPARQLWrapper TSV"),
    (SW_TURTLE, "turtle", "graph", "turtle", "SPARQLWrapper Turtle"),
    (SW_TURTLE, None, "graph", "turtle", "SPARQLWrapper Turtle, onlyConneg (application/turtle alias first)"),
    (SW_N3, "n3", "graph", "turtle", "SPARQLWrapper N3"),
    (SW_N3, None, "graph", "turtle", "SPARQLWrapper N3, onlyConneg"),
    (SW_RDFXML, "rdf+xml", "graph", "rdfxml", "SPARQLWrapper RDF/XML"),
    (SW_RDFXML, "xml", "graph", "rdfxml", "SPARQLWrapper XML on CONSTRUCT"),
    (SW_JSONLD, "json-ld", "graph", "jsonld", "SPARQLWrapper JSON-LD"),
    (SW_JSONLD, None, "graph", "jsonld", "SPARQLWrapper JSON-LD, onlyConneg"),
    ("*/*", "json", "graph", "jsonld", "SPARQLWrapper JSON on CONSTRUCT sends */* and format=json"),
    ("*/*", "rdf", "graph", "rdfxml", "SPARQLWrapper RDF on CONSTRUCT sends */* and format=rdf"),
    ("*/*", "turtle", "solutions", "json", "SPARQLWrapper Turtle on SELECT: override ignored"),
    (SW_DEFAULT, None, "solutions", "xml", "SPARQLWrapper default, onlyConneg"),
    (SW_DEFAULT, None, "graph", "rdfxml", "SPARQLWrapper default on CONSTRUCT"),
]


def test_cases_are_unique() -> None:
    keys = [(accept, override, kind) for accept, override, kind, _, _ in CASES]
    duplicates = {key for key in keys if keys.count(key) > 1}
    assert not duplicates


@pytest.mark.parametrize(("accept", "override", "kind", "expected", "why"), CASES, ids=[c[4] for c in CASES])
def test_negotiate(accept: str | None, override: str | None, kind: str, expected: str | None, why: str) -> None:
    chosen = negotiate(accept, OFFERED[kind], override=override)
    assert (chosen.name if chosen else None) == expected, why


def test_every_real_header_is_in_the_table() -> None:
    accepts = {accept for accept, *_ in CASES}
    real = [YASGUI_SELECT, YASGUI_CONSTRUCT, RDFLIB_STORE, FIREFOX, CHROME, SW_JSON, SW_XML, SW_CSV, SW_TSV]
    assert set(real + [SW_TURTLE, SW_N3, SW_RDFXML, SW_JSONLD, SW_DEFAULT]) <= accepts


# SPARQLWrapper as installed: (query, returnFormat, expected format name). The Accept header and the format=
# values come from the library itself, so the table above cannot drift from what it really sends.
SW_QUERIES = {
    "select": "SELECT * WHERE { ?s ?p ?o }",
    "ask": "ASK { ?s ?p ?o }",
    "construct": "CONSTRUCT WHERE { ?s ?p ?o }",
    "describe": "DESCRIBE <http://example.org/x>",
}
SW_CASES = [
    ("select", JSON, "json"),
    ("select", XML, "xml"),
    ("select", CSV, "csv"),
    ("select", TSV, "tsv"),
    ("select", TURTLE, "json"),  # Accept */*, format=turtle: not a results format
    ("ask", JSON, "json"),
    ("ask", XML, "xml"),
    ("ask", CSV, None),
    ("ask", TSV, None),
    ("construct", TURTLE, "turtle"),
    ("construct", N3, "turtle"),
    ("construct", RDFXML, "rdfxml"),
    ("construct", XML, "rdfxml"),
    ("construct", JSONLD, "jsonld"),
    ("construct", JSON, "jsonld"),
    ("construct", RDF, "rdfxml"),
    ("construct", CSV, "turtle"),
    ("describe", TURTLE, "turtle"),
    ("describe", N3, "turtle"),
    ("describe", RDFXML, "rdfxml"),
    ("describe", JSONLD, "jsonld"),
]


def _sparqlwrapper_request(form: str, return_format: str) -> tuple[str, list[str]]:
    client = SPARQLWrapper("http://example.org/sparql")
    client.setQuery(SW_QUERIES[form])
    client.setReturnFormat(return_format)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Sending Accept header '*/*' because ..."
        accept = client._getAcceptHeader()
        params = parse_qs(client._getRequestEncodedParameters(("query", SW_QUERIES[form])))
    assert params["format"] == params["output"] == params["results"]
    return accept, params["format"]


@pytest.mark.parametrize(("form", "return_format", "expected"), SW_CASES)
def test_sparqlwrapper(form: str, return_format: str, expected: str | None) -> None:
    accept, overrides = _sparqlwrapper_request(form, return_format)
    assert accept == "*/*" or accept in {a for a, *_ in CASES}
    offered = offered_for(form)
    for override in overrides:  # whichever of the repeated format= values the server reads
        chosen = negotiate(accept, offered, override=override)
        assert (chosen.name if chosen else None) == expected, (accept, override)


def test_parse_accept() -> None:
    parsed = parse_accept("text/*;q=0.5, */*;q=0.1, Text/Turtle; charset=UTF-8, application/json;q=0.5, bad, x/y;q=z")
    assert parsed == [
        ("text/turtle", 1.0, 2),
        ("application/json", 0.5, 2),
        ("text/*", 0.5, 1),
        ("*/*", 0.1, 0),
    ]
    assert parse_accept(None) == parse_accept("") == []
    assert parse_accept("*") == [("*/*", 1.0, 0)]


def test_offered_for_and_supports() -> None:
    assert offered_for("SELECT") == SOLUTION_FORMATS
    assert offered_for("ask") == BOOLEAN_FORMATS
    assert offered_for("construct") == offered_for("describe") == GRAPH_FORMATS
    assert SOLUTION_FORMATS[0].name == "json" and GRAPH_FORMATS[0].name == "turtle"
    assert all(supports(f, "solutions") for f in SOLUTION_FORMATS)
    assert [f.name for f in SOLUTION_FORMATS if supports(f, "boolean")] == ["json", "xml"]
    assert all(supports(f, "graph") and not supports(f, "solutions") for f in GRAPH_FORMATS)
    with pytest.raises(ValueError):
        offered_for("update")
    with pytest.raises(ValueError):
        supports(SOLUTION_FORMATS[0], "table")


def test_result_format_is_frozen() -> None:
    fmt = ResultFormat("x", "a/b", "solutions")
    with pytest.raises(AttributeError):
        fmt.name = "y"  # type: ignore[misc]


HTML_CASES = [
    (FIREFOX, True, "browser"),
    (CHROME, True, "Chrome"),
    (JAVA_URLCONNECTION, True, "Java lists text/html first"),
    ("text/html", True, "explicit"),
    ("application/xhtml+xml", True, "XHTML"),
    ("text/html, text/turtle", True, "tie: html mentioned first"),
    (None, False, "no Accept"),
    ("", False, "empty Accept"),
    ("*/*", False, "curl"),
    ("text/*", False, "text/*: data first"),
    (YASGUI_SELECT, False, "YASGUI"),
    (YASGUI_CONSTRUCT, False, "YASGUI CONSTRUCT"),
    (SW_JSON, False, "SPARQLWrapper"),
    (RDFLIB_STORE, False, "rdflib"),
    ("text/turtle", False, "Turtle"),
    ("text/turtle, text/html", False, "tie: turtle mentioned first"),
    ("text/html;q=0.5, text/turtle", False, "Turtle preferred"),
    ("text/html;q=0, */*", False, "HTML refused"),
    ("application/ld+json;q=0.9, text/html", True, "HTML preferred"),
]


@pytest.mark.parametrize(("accept", "expected", "why"), HTML_CASES, ids=[c[2] for c in HTML_CASES])
def test_wants_html(accept: str | None, expected: bool, why: str) -> None:
    assert wants_html(accept) is expected, why
