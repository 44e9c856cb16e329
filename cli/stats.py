"""What the store holds, counted with SPARQL."""

from __future__ import annotations

from typing import Any

from plangraph.store.base import GraphStore

PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX person: <http://www.w3.org/ns/person#>
PREFIX schema: <http://schema.org/>
"""

COUNTS: dict[str, str] = {
    "source documents": "?x a pg:SourceText",
    "documents (issued or cited)": "?x eli:id_local ?id",
    "plans": "?x a pg:ActionPlan",
    "objectives": "?x a pg:Objective",
    "targets": "?x a pg:Target",
    "tasks": "?x a pg:Task",
    "lead agencies": "?t a pg:Task ; schema:agent ?x",
    "agencies": "?x a org:Organization",
    "people": "?x a person:Person",
    "citation mentions": "?x a pg:CitationMention",
}


def collect_stats(store: GraphStore) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for name, pattern in COUNTS.items():
        rows = list(store.query(f"{PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"))
        figures[name] = int(rows[0]["n"].value)
    graphs = {}
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                           use_default_graph_as_union=False):
        graphs[row["g"].value] = int(row["n"].value)
    figures["named graphs"] = graphs
    figures["quads"] = sum(graphs.values())
    return figures


def format_stats(figures: dict[str, Any]) -> str:
    width = max(len(name) for name in figures)
    lines = [f"{name:<{width}}  {value}" for name, value in figures.items() if not isinstance(value, dict)]
    lines.append("named graphs:")
    lines.extend(f"  {count:>7}  {graph}" for graph, count in figures["named graphs"].items())
    return "\n".join(lines)
