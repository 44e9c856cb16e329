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
    """Each line as segments: plain text, or a highlighted span linking to its entity."""
    lines: list[dict[str, Any]] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = offset, offset + len(line)
        inside = sorted((s for s in spans if s.start < end and s.end > start and s.end - s.start < 400),
                        key=lambda s: (s.start, -(s.end - s.start)))
        segments, cursor = [], start
        for span in inside:
            left, right = max(span.start, cursor), min(span.end, end)
            if left >= right:
                continue
            if left > cursor:
                segments.append({"text": text[cursor:left]})
            segments.append({"text": text[left:right], "href": span.href, "label": span.label})
            cursor = right
        if cursor < end:
            segments.append({"text": text[cursor:end]})
        lines.append({"number": number, "segments": segments})
        offset = end + 1
    return lines


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
