"""Provenance of extracted facts: PROV-O derivation to a Web Annotation specific resource with a quote,
a character-position and an RFC 5147 line selector over the NFC source text."""

from __future__ import annotations

from pyoxigraph import NamedNode

from plangraph.ingest.map.graph import GraphBuilder
from plangraph.ingest.map.terms import DCT, OA, PG, PROV, RDF, RDFS, RFC5147, integer, string, vi
from plangraph.ingest.records import Located
from plangraph.ontology.iris import fragment

CONTEXT_CHARS = 32


def add_specific_resource(g: GraphBuilder, node: str, source: str, text: str, loc: Located) -> str:
    """Describe *node* as the span *loc* of the source text; returns *node*."""
    lines = f"{loc.first_line}" if loc.first_line == loc.last_line else f"{loc.first_line}–{loc.last_line}"
    g.add(node, RDF.type, OA.SpecificResource)
    g.add(node, RDFS.label, vi(f"Nguồn: dòng {lines}"))
    g.add(node, OA.hasSource, source)
    g.add(node, PG.startLine, integer(loc.first_line))
    g.add(node, PG.endLine, integer(loc.last_line))
    quote, position, line_range = fragment(node, "quote"), fragment(node, "position"), fragment(node, "lines")
    for selector in (quote, position, line_range):
        g.add(node, OA.hasSelector, selector)
    g.add(quote, RDF.type, OA.TextQuoteSelector)
    g.add(quote, RDFS.label, vi(f"Trích dẫn dòng {lines}"))
    g.add(quote, OA.exact, string(loc.exact))
    g.add(quote, OA.prefix, string(text[max(0, loc.start - CONTEXT_CHARS):loc.start]))
    g.add(quote, OA.suffix, string(text[loc.end:loc.end + CONTEXT_CHARS]))
    g.add(position, RDF.type, OA.TextPositionSelector)
    g.add(position, RDFS.label, vi(f"Ký tự {loc.start}–{loc.end}"))
    g.add(position, OA.start, integer(loc.start))
    g.add(position, OA.end, integer(loc.end))
    g.add(line_range, RDF.type, OA.FragmentSelector)
    g.add(line_range, RDFS.label, vi(f"Dòng {lines}"))
    g.add(line_range, DCT.conformsTo, RFC5147)
    # RFC 5147 counts line positions from 0 between lines: lines a..b (1-based) are "line=a-1,b".
    g.add(line_range, RDF.value, string(f"line={loc.first_line - 1},{loc.last_line}"))
    return node


def derive(g: GraphBuilder, entity: str, source: str, text: str, loc: Located) -> None:
    """``entity prov:wasDerivedFrom <entity#src>``, the span it was read from."""
    g.add(entity, PROV.wasDerivedFrom, add_specific_resource(g, fragment(entity, "src"), source, text, loc))


def add_mention(g: GraphBuilder, subject: str, name: str, kind: NamedNode, label: str, body: str, source: str,
                text: str, loc: Located) -> None:
    """A Web Annotation ``subject#name`` saying that *subject*'s text names *body* at *loc*."""
    node = fragment(subject, name)
    for cls in (kind, PG.Mention, OA.Annotation):
        g.add(node, RDF.type, cls)
    g.add(node, RDFS.label, vi(label))
    g.add(node, OA.motivatedBy, OA.identifying)
    g.add(node, OA.hasBody, body)
    g.add(node, PG.mentionedIn, subject)
    g.add(node, OA.hasTarget, add_specific_resource(g, fragment(node, "src"), source, text, loc))
