"""The list queries that read restated shared nodes once (sub-select DISTINCT) answer exactly what the plain
forms answer: the same items in the same order, the same counts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pyoxigraph import Store

from plangraph.server import facets
from plangraph.server.list_specs import AGENCIES, CITES, INSTRUMENTS

PLAIN = {  # the forms before: each restatement of a shared node read once per graph
    "agencies": replace(AGENCIES, order_pattern="OPTIONAL { ?k1 schema:agent ?item } "
                                                "OPTIONAL { ?item skos:prefLabel ?k2 }"),
    "instruments": replace(
        INSTRUMENTS, order_pattern=f"OPTIONAL {{ ?k1 {CITES} ?item }} OPTIONAL {{ ?item eli:id_local ?k2 }}",
        fields=tuple(replace(f, pattern={
            "citing_tasks": f"?value a pg:Task ; {CITES} ?item",
            "citing_documents": f"?_c {CITES} ?item . ?_c eli:is_part_of* ?value . ?value eli:is_realized_by ?_e",
        }.get(f.key, f.pattern)) for f in INSTRUMENTS.fields)),
}


def _rows(seed: Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in seed.query(query, use_default_graph_as_union=True)]


@pytest.mark.parametrize("spec", [AGENCIES, INSTRUMENTS], ids=lambda s: s.name)
def test_the_distinct_forms_answer_as_the_plain_ones(seed: Store, spec: facets.ListSpec) -> None:
    plain = PLAIN[spec.name]
    page = _rows(seed, facets.page_query(spec, [], limit=200, offset=0))
    assert len(page) > 5
    assert page == _rows(seed, facets.page_query(plain, [], limit=200, offset=0))
    items = [row[0][1:-1] for row in page]
    assert sorted(_rows(seed, facets.rows_query(spec, items))) == sorted(_rows(seed, facets.rows_query(plain, items)))


OLD_INCOMING_PAGE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?subject (MIN(?vi) AS ?label) (MIN(?en) AS ?labelEn) WHERE {
  ?subject %(property)s %(node)s FILTER(!STRSTARTS(STR(?subject), %(fragments)s))
  OPTIONAL { ?subject rdfs:label ?viLabel FILTER(LANGMATCHES(LANG(?viLabel), "vi")) }
  OPTIONAL { ?subject skos:prefLabel ?viName FILTER(LANGMATCHES(LANG(?viName), "vi")) }
  OPTIONAL { ?subject rdfs:label ?enLabel FILTER(LANGMATCHES(LANG(?enLabel), "en")) }
  OPTIONAL { ?subject skos:prefLabel ?enName FILTER(LANGMATCHES(LANG(?enName), "en")) }
  BIND(STR(COALESCE(?viLabel, ?viName)) AS ?vi)
  BIND(STR(COALESCE(?enLabel, ?enName)) AS ?en)
} GROUP BY ?subject ORDER BY ?subject LIMIT %(limit)d OFFSET %(offset)d"""


def test_incoming_links_name_each_subject_as_the_four_optionals_did(seed: Store) -> None:
    """The page of subjects linking to a node, each with its names, as the form with four OPTIONALs side by side
    gave them — for the nodes most linked to (agencies, documents, instruments, plans), every property, two pages."""
    from plangraph.server import tracing

    def select(query: str) -> list[dict[str, str]]:
        result = seed.query(query, use_default_graph_as_union=True)
        return [{v.value: row[v].value for v in result.variables if row[v] is not None} for row in result]

    busiest = select("SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } "
                     "GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 25")
    compared = named = 0
    for node in (row["o"] for row in busiest):
        for prop, count in tracing.incoming_counts(select, node):
            for offset in (0, 20):
                values = {"node": f"<{node}>", "property": f"<{prop}>", "limit": 20, "offset": offset,
                          "fragments": tracing._literal(node.split("#")[0] + "#")}
                before = [{"iri": row["subject"], "vi": row.get("label", ""), "en": row.get("labelEn", "")}
                          for row in select(OLD_INCOMING_PAGE % values)]
                now = tracing.incoming_page(select, node, prop, limit=20, offset=offset)
                assert now == before, (node, prop, offset)
                # all of them read unsorted, sorted and paged here: the engine's page
                assert tracing.incoming_page(select, node, prop, limit=20, offset=offset, count=count) == before
                compared += count > offset
                named += sum(bool(row["vi"] or row["en"]) for row in now)
    assert compared > 30 and named > 100


def test_the_labels_of_list_values_are_those_a_values_block_of_predicates_gave(seed: Store) -> None:
    """``FILTER(?p IN …)`` (each value's triples read by the value) answers what ``VALUES ?p`` did (Oxigraph read
    the whole store for that form)."""
    nodes = [row[0][1:-1] for row in _rows(seed, "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } "
                                                 "GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 120")]
    names = " ".join(f"<{n}>" for n in facets.NAMES)
    values = " ".join(f"<{n}>" for n in nodes)
    before = f"""SELECT DISTINCT ?value ?p ?label (LANG(?label) AS ?lang) WHERE {{
      VALUES ?value {{ {values} }} VALUES ?p {{ {names} }} ?value ?p ?label }}"""
    rows = sorted(_rows(seed, facets.labels_query(nodes)))
    assert rows == sorted(_rows(seed, before)) and len(rows) > 100
