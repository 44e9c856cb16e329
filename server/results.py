"""Serialise query results under a row cap, and say whether the cap cut them.

pyoxigraph's ``QuerySolutions.serialize`` writes every row; the endpoint must stop at ``max_rows``. So the
SPARQL result formats are written here, per the W3C specs, and graphs go through ``pyoxigraph.serialize``
fed by a capped iterator. At most ``max_rows + 1`` rows are ever read from the input (the extra one only
to learn that there was more). ``max_rows=None`` means no cap.

With ``max_bytes``, results are capped in bytes as well, with the same signal: a row whose text would take the
body past the cap is not written (graphs: the serialiser's output is checked between triples).

Truncation is signalled in SPARQL JSON by a top-level ``"truncated": true`` (other keys stay valid SPARQL
JSON; parsers ignore unknown members). XML, CSV, TSV and the RDF formats have no place for it that clients
would not choke on, so the caller must send ``X-SPARQL-Truncated: true`` from :attr:`Serialized.truncated`.

Decisions:

* ASK in CSV/TSV: the CSV/TSV spec defines no boolean form, so :func:`serialize_boolean` raises
  ``ValueError`` for them and :data:`plangraph.server.conneg.BOOLEAN_FORMATS` does not offer them (406).
* XML 1.0 cannot carry some code points at all, not even as character references (C0 controls except
  tab/LF/CR, U+FFFE, U+FFFF, lone surrogates). They are replaced by U+FFFD in SPARQL XML so the document
  stays well-formed; JSON, CSV and TSV carry them losslessly. CR is written ``&#13;`` so XML parsers do not
  normalise it away.
* TSV numbers and booleans: the abbreviated Turtle form (``5``, ``1.5``, ``1.0E3``, ``true``) when the
  lexical form matches the Turtle grammar, as the spec's examples and Oxigraph/Jena do; otherwise
  ``"lex"^^<datatype>``. Strings use ECHAR escapes (``\\t \\n \\r \\b \\f \\" \\\\``) and ``\\uXXXX`` for other
  controls and Unicode line separators, so one row is always one physical line.
* RDF 1.2 triple terms: JSON ``{"type": "triple", "value": {"subject", "predicate", "object"}}``, XML
  ``<triple><subject>…</subject>…</triple>``, TSV and CSV ``<<( s p o )>>`` in N-Triples term syntax.
  Base directions (``"x"@ar--rtl``) go out as ``its:dir`` in JSON and XML.
* RDF/XML cannot write a predicate IRI without an XML name at its end (``http://ex/a/``, ``urn:x:1``);
  pyoxigraph then emits broken XML, so :func:`serialize_graph` raises ``ValueError`` instead.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from plangraph.server import jsonld
from plangraph.server.conneg import ResultFormat, supports

__all__ = ["Serialized", "serialize_boolean", "serialize_graph", "serialize_solutions"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
T = TypeVar("T")

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PLAIN_DATATYPES = {XSD + "string", RDF + "langString", RDF + "dirLangString"}
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
ITS_NS = "http://www.w3.org/2005/11/its"

_TURTLE_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+)"),
    XSD + "boolean": re.compile(r"true|false"),
}
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ECHAR = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\b": "\\b", "\f": "\\f", '"': '\\"', "\\": "\\\\"}
_TSV_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f\x85\u2028\u2029]')
# Characters some line splitters (str.splitlines, codecs readers) break on: quote CSV fields holding them.
_CSV_NEEDS_QUOTES = re.compile('[,"\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]')
_XML_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_XML_LOCAL_NAME_AT_END = re.compile(f"[{_XML_NAME_START}][{_XML_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*$")

_GRAPH_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_PREFIXED_FORMATS = {"turtle", "trig", "rdfxml"}


@dataclass(frozen=True)
class Serialized:
    """A response body and what the caller needs to know about it."""

    body: bytes
    media_type: str  # with "; charset=utf-8"
    rows: int  # solutions or triples written
    truncated: bool


class _Capped(Generic[T]):
    """Iterates at most ``limit`` items; reads one more to know whether there was more.

    With ``max_bytes``, the body is capped too: a writer passes each row's text to :meth:`admit` before writing
    it, and a graph serialiser's output size is read through ``written`` before each triple is handed over.
    """

    def __init__(self, items: Iterable[T], limit: int | None, max_bytes: int | None = None,
                 written: Callable[[], int] | None = None) -> None:
        if limit is not None and limit < 0:
            raise ValueError(f"max_rows must be >= 0, not {limit}")
        self._items = items
        self._limit = limit
        self._max_bytes = max_bytes
        self._written = written
        self.bytes = 0
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            if self._limit is not None and self.count >= self._limit:
                self.truncated = True
                return
            if self._max_bytes is not None and self._written is not None and self._written() >= self._max_bytes:
                self.truncated = True
                return
            self.count += 1
            yield item

    def admit(self, text: str) -> bool:
        """Whether the row written as *text* still fits under the byte cap (if not, the result is truncated)."""
        if self._max_bytes is None:
            return True
        size = len(text) if text.isascii() else len(text.encode("utf-8"))  # isascii: a flag CPython keeps
        if self.bytes + size > self._max_bytes:
            self.truncated = True
            self.count -= 1
            return False
        self.bytes += size
        return True


class _CountingSink(io.BytesIO):
    """Where pyoxigraph writes a graph (it writes as it goes, 8 KiB at a time), counting what it wrote."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        return super().write(data)


def _media_type(fmt: ResultFormat) -> str:
    return f"{fmt.media_type}; charset=utf-8"


def _var_name(variable: str | ox.Variable) -> str:
    return variable.value if isinstance(variable, ox.Variable) else variable


def _datatype(literal: ox.Literal) -> str | None:
    """The datatype IRI to write, ``None`` for simple and language-tagged literals."""
    datatype = literal.datatype.value
    return None if datatype in _PLAIN_DATATYPES else datatype


def _direction(literal: ox.Literal) -> str | None:
    direction = literal.direction
    return None if direction is None else str(direction)


def _bindings(variables: Sequence[str], row: Sequence[Term | None]) -> Iterator[tuple[str, Term]]:
    for name, term in zip(variables, row, strict=False):
        if term is not None:
            yield name, term


# --- JSON -----------------------------------------------------------------------------------------------------


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {key: _json_term(part) for key, part in parts.items()}}
    result: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language is not None:
        result["xml:lang"] = term.language
    if (direction := _direction(term)) is not None:
        result["its:dir"] = direction
    if (datatype := _datatype(term)) is not None:
        result["datatype"] = datatype
    return result


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _solutions_json(variables: Sequence[str], rows: _Capped[Sequence[Term | None]], out: io.StringIO) -> None:
    out.write('{"head":{"vars":' + _dumps(list(variables)) + '},"results":{"bindings":[')
    keys = [_dumps(name) + ":" for name in variables]
    written: dict[Term, str] = {}  # a term's JSON, written once per answer: rows repeat IRIs and labels
    for index, row in enumerate(rows):
        parts = []
        for key, term in zip(keys, row, strict=False):
            if term is None:
                continue
            text = written.get(term)
            if text is None:
                text = written[term] = _dumps(_json_term(term))
            parts.append(key + text)
        text = ("," if index else "") + "{" + ",".join(parts) + "}"
        if not rows.admit(text):
            break
        out.write(text)
    out.write("]}")
    out.write(',"truncated":true}' if rows.truncated else "}")


# --- XML ------------------------------------------------------------------------------------------------------

_XML_ENTITIES = {"\r": "&#13;"}
_XML_ATTR_ENTITIES = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}


def _xml_text(value: str) -> str:
    return escape(_XML_INVALID.sub("\ufffd", value), _XML_ENTITIES)


def _xml_attr(value: str) -> str:
    return quoteattr(_XML_INVALID.sub("\ufffd", value), _XML_ATTR_ENTITIES)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{key}>{_xml_term(part)}</{key}>" for key, part in parts) + "</triple>"
    attributes = ""
    if term.language is not None:
        attributes += f" xml:lang={_xml_attr(term.language)}"
    if (direction := _direction(term)) is not None:
        attributes += f' xmlns:its="{ITS_NS}" its:dir={_xml_attr(direction)}'
    if (datatype := _datatype(term)) is not None:
        attributes += f" datatype={_xml_attr(datatype)}"
    return f"<literal{attributes}>{_xml_text(term.value)}</literal>"


def _xml_head(variables: Sequence[str]) -> str:
    names = "".join(f"<variable name={_xml_attr(name)}/>" for name in variables)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}"><head>{names}</head>'


def _solutions_xml(variables: Sequence[str], rows: _Capped[Sequence[Term | None]], out: io.StringIO) -> None:
    out.write(_xml_head(variables) + "\n<results>\n")
    for row in rows:
        bindings = "".join(
            f"<binding name={_xml_attr(name)}>{_xml_term(term)}</binding>" for name, term in _bindings(variables, row)
        )
        text = f"<result>{bindings}</result>\n"
        if not rows.admit(text):
            break
        out.write(text)
    out.write("</results>\n</sparql>\n")


# --- CSV and TSV ----------------------------------------------------------------------------------------------


def _nt_string(value: str) -> str:
    escaped = _TSV_ESCAPE.sub(lambda m: _ECHAR.get(m.group(), f"\\u{ord(m.group()):04X}"), value)
    return f'"{escaped}"'


def _tsv_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    if term.language is not None:
        direction = _direction(term)
        return f"{_nt_string(term.value)}@{term.language}" + (f"--{direction}" if direction else "")
    datatype = _datatype(term)
    if datatype is None:
        return _nt_string(term.value)
    bare = _TURTLE_BARE.get(datatype)
    if bare is not None and bare.fullmatch(term.value):
        return term.value
    return f"{_nt_string(term.value)}^^<{datatype}>"


def _csv_value(term: Term) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return _tsv_term(term)  # blank node "_:label", triple term "<<( s p o )>>"


def _csv_field(value: str) -> str:
    if _CSV_NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def _solutions_csv(variables: Sequence[str], rows: _Capped[Sequence[Term | None]], out: io.StringIO) -> None:
    out.write(",".join(_csv_field(name) for name in variables) + "\r\n")
    for row in rows:
        values = dict(_bindings(variables, row))
        text = ",".join(_csv_field(_csv_value(values[n])) if n in values else "" for n in variables) + "\r\n"
        if not rows.admit(text):
            break
        out.write(text)


def _solutions_tsv(variables: Sequence[str], rows: _Capped[Sequence[Term | None]], out: io.StringIO) -> None:
    out.write("\t".join(f"?{name}" for name in variables) + "\n")
    for row in rows:
        values = dict(_bindings(variables, row))
        text = "\t".join(_tsv_term(values[n]) if n in values else "" for n in variables) + "\n"
        if not rows.admit(text):
            break
        out.write(text)


_SOLUTION_WRITERS: dict[str, Callable[[Sequence[str], _Capped[Sequence[Term | None]], io.StringIO], None]] = {
    "json": _solutions_json,
    "xml": _solutions_xml,
    "csv": _solutions_csv,
    "tsv": _solutions_tsv,
}


# --- public API -----------------------------------------------------------------------------------------------


def serialize_solutions(
    variables: Sequence[str | ox.Variable],
    rows: Iterable[Sequence[Term | None]],
    fmt: ResultFormat,
    *,
    max_rows: int | None,
    max_bytes: int | None = None,
) -> Serialized:
    """Write SELECT solutions (``None`` = unbound) in a SPARQL results format, stopping after ``max_rows``, or
    before the row that would take the rows past ``max_bytes`` (the head and tail are a few bytes more)."""
    writer = _SOLUTION_WRITERS.get(fmt.name)
    if writer is None or not supports(fmt, "solutions"):
        raise ValueError(f"{fmt.name} is not a SPARQL solutions format")
    names = [_var_name(variable) for variable in variables]
    capped = _Capped(rows, max_rows, max_bytes)
    out = io.StringIO()
    writer(names, capped, out)
    return Serialized(out.getvalue().encode("utf-8"), _media_type(fmt), capped.count, capped.truncated)


def serialize_boolean(value: bool, fmt: ResultFormat) -> Serialized:
    """Write an ASK result. Only JSON and XML define one (see :data:`conneg.BOOLEAN_FORMATS`)."""
    literal = "true" if value else "false"
    if fmt.name == "json" and supports(fmt, "boolean"):
        body = '{"head":{},"boolean":' + literal + "}"
    elif fmt.name == "xml" and supports(fmt, "boolean"):
        body = _xml_head(()) + f"<boolean>{literal}</boolean></sparql>\n"
    else:
        raise ValueError(f"{fmt.name} has no boolean form (SPARQL CSV/TSV define none)")
    return Serialized(body.encode("utf-8"), _media_type(fmt), 1, False)


def _check_rdfxml(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    for triple in triples:
        if not _XML_LOCAL_NAME_AT_END.search(triple.predicate.value):
            raise ValueError(f"RDF/XML cannot write predicate <{triple.predicate.value}>: no XML name at its end")
        yield triple


def serialize_graph(
    triples: Iterable[ox.Triple],
    fmt: ResultFormat,
    *,
    max_rows: int | None,
    prefixes: dict[str, str] | None = None,
    max_bytes: int | None = None,
    jsonld_context: str | None = None,
) -> Serialized:
    """Write CONSTRUCT/DESCRIBE triples in an RDF format, stopping after ``max_rows`` triples, or once the body
    has reached ``max_bytes`` (checked between triples; pyoxigraph writes 8 KiB at a time, so the body ends at
    most that much and one triple past it, plus the format's closing).

    ``prefixes`` are used by Turtle, TriG and RDF/XML. N-Quads and TriG get the triples in the default graph.
    JSON-LD is compacted against the published context (:mod:`plangraph.server.jsonld`), referred to by the URL
    ``jsonld_context`` (inline when None); its byte cap counts what each triple adds to the document.
    Raises ``ValueError`` for a non-graph format and for what the format cannot express (see module doc).
    """
    rdf_format = _GRAPH_RDF_FORMATS.get(fmt.name)
    if rdf_format is None or not supports(fmt, "graph"):
        raise ValueError(f"{fmt.name} is not an RDF graph format")
    if fmt.name == "jsonld":
        written = [len(jsonld.dumps([], jsonld_context))]
        kept: list[ox.Triple] = []
        subjects: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
        capped_triples = _Capped(triples, max_rows, max_bytes, lambda: written[0])
        for triple in capped_triples:
            kept.append(triple)
            written[0] += jsonld.size(triple, triple.subject not in subjects)
            subjects.add(triple.subject)
        return Serialized(jsonld.dumps(kept, jsonld_context), _media_type(fmt), capped_triples.count,
                          capped_triples.truncated)
    sink = _CountingSink()
    capped = _Capped(triples, max_rows, max_bytes, lambda: sink.size)
    stream: Iterable[ox.Triple] = _check_rdfxml(capped) if fmt.name == "rdfxml" else capped
    ox.serialize(stream, sink, format=rdf_format, prefixes=prefixes if fmt.name in _PREFIXED_FORMATS else None)
    return Serialized(sink.getvalue(), _media_type(fmt), capped.count, capped.truncated)
