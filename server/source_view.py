"""The source view: a document's text with line numbers, every extracted span highlighted and linked to
the entity read from it. Reached from every quote (``…/text#L68``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request

from plangraph.server.browse import local_href, render, select
from plangraph.server.errors import error_response

blueprint = Blueprint("source", __name__)

SPANS = """PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX cnt: <http://www.w3.org/2011/content#>
PREFIX schema: <http://schema.org/>
SELECT ?entity ?label ?start ?end WHERE {
  VALUES ?source { <%s> }
  ?sr oa:hasSource ?source ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
  { ?entity prov:wasDerivedFrom ?sr } UNION { ?m oa:hasTarget ?sr ; oa:hasBody ?entity }
  OPTIONAL { ?entity rdfs:label ?label FILTER(lang(?label) = "vi") }
}"""
TEXT = """PREFIX cnt: <http://www.w3.org/2011/content#> PREFIX schema: <http://schema.org/>
SELECT ?text ?name WHERE { <%s> cnt:chars ?text OPTIONAL { <%s> schema:name ?name } }"""


@dataclass
class Span:
    start: int
    end: int
    href: str
    label: str


def _lines(text: str, spans: list[Span]) -> list[dict[str, Any]]:
    """Each line as segments: plain text, or highlighted text linking to the innermost entity read from it.

    Spans nest (a citation inside a task row): the line is cut at every span boundary, and each piece links
    to the narrowest span covering it, with its depth and the wider spans around it as context."""
    lines: list[dict[str, Any]] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = offset, offset + len(line)
        inside = [s for s in spans if s.start < end and s.end > start and s.end - s.start < 400]
        cuts = sorted({start, end, *(max(start, min(end, p)) for s in inside for p in (s.start, s.end))})
        segments: list[dict[str, Any]] = []
        for left, right in zip(cuts, cuts[1:], strict=False):
            covering = sorted((s for s in inside if s.start <= left and s.end >= right),
                              key=lambda s: (s.end - s.start, s.href))
            piece = text[left:right]
            if not covering:
                segments.append({"text": piece})
                continue
            innermost = covering[0]
            segments.append({"text": piece, "href": innermost.href, "label": innermost.label,
                             "depth": len(covering), "within": [s.label for s in covering[1:]]})
        lines.append({"number": number, "segments": _merged(segments)})
        offset = end + 1
    return lines


def _merged(segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Neighbouring pieces with the same link and depth become one segment."""
    merged: list[dict[str, Any]] = []
    for segment in segments:
        previous = merged[-1] if merged else None
        if previous and {k: v for k, v in previous.items() if k != "text"} == \
                {k: v for k, v in segment.items() if k != "text"}:
            previous["text"] += segment["text"]
        else:
            merged.append(dict(segment))
    return merged


@blueprint.route("/source/<key>/text", methods=["GET"])
@blueprint.route("/source/<key>/text.json", methods=["GET"], endpoint="text_json")
def text(key: str) -> Response:
    if not key.isalnum():
        return error_response(404, "no such source")
    iri = f"{current_app.config['PLANGRAPH_BASE']}source/{key}"
    rows = select(TEXT % (iri, iri))
    if not rows:
        return error_response(404, f"no source text <{iri}>")
    body, name = rows[0]["text"], rows[0].get("name", key)
    spans = [Span(int(r["start"]), int(r["end"]), local_href(r["entity"]), r.get("label", r["entity"]))
             for r in select(SPANS % iri)]
    context = {"source": iri, "source_href": local_href(iri), "name": name, "line_count": body.count("\n") + 1,
               "highlight": request.args.get("line"), "lines": _lines(body, spans)}
    return render("source.html", context)
