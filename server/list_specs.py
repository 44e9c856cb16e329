"""What each browse list shows: its items, their order, columns and facets (see :mod:`plangraph.server.facets`)."""

from __future__ import annotations

from plangraph.server.facets import ID_LOCAL, RDFS_LABEL, TITLE, Field, ListSpec

CITES = "eli:cites|eli:based_on|eli:applies"
PLACE_CODE = "skos:notation"  # a place facet takes a code: every place with it (Hải Phòng 2016 and 2025 are 31)

TASKS = ListSpec(
    name="tasks",
    base="?item a pg:Task .",
    label=Field("label", "?item rdfs:label ?value", "text"),
    fields=(
        Field("plan", "?item pplan:isStepOfPlan ?value", facet=True, names=(TITLE, RDFS_LABEL)),
        Field("section", "?item pg:taskGroup ?value", facet=True, names=(RDFS_LABEL,)),
        Field("lead", "?item schema:agent ?value", facet=True),
        Field("period", "?item dct:temporal/rdfs:label ?value", "text", facet=True),
        Field("instrument", "?item eli:cites|eli:applies ?value", facet=True, names=(RDFS_LABEL, ID_LOCAL)),
        Field("city", "?item pplan:isStepOfPlan/eli:is_part_of/eli:jurisdiction ?value", facet=True, column=False,
              code=PLACE_CODE),
        # Counted over the distinct (agency, kind) pairs: every document graph restates its agencies' kinds, and
        # the path over the union of graphs read each restatement (1.8 s against 0.05 s at 1 M quads).
        Field("kind", "?item schema:agent/org:classification ?value", facet=True, column=False,
              counting="{ SELECT DISTINCT ?item ?_agent WHERE { ?item schema:agent ?_agent } } "
                       "{ SELECT DISTINCT ?_agent ?value WHERE { ?_agent org:classification ?value } }",
              # and the tasks of one kind through its agencies, each read once (the path read each kind's
              # restatement per task: 3.5 s for the 18,840 tasks of one kind at 5 M quads, against 8 ms)
              keeping="{ SELECT DISTINCT ?_agent WHERE { ?_agent org:classification ?value } } "
                      "?item schema:agent ?_agent"),
        Field("source", "?item prov:wasDerivedFrom ?_s . ?_s oa:hasSource ?value ; pg:startLine ?extra", "source"),
    ),
    # Document order: the decision, the plan's number in it, the task's position in the plan.
    order_pattern="OPTIONAL { ?item pplan:isStepOfPlan ?_p . ?_p eli:is_part_of ?k1 OPTIONAL { ?_p eli:number ?k2 } }"
                  " OPTIONAL { ?item schema:position ?k3 }",
    order_select="(MIN(STR(?k1)) AS ?s1) (MIN(xsd:integer(?k2)) AS ?s2) (MIN(?k3) AS ?s3)",
    order_by="?s1 ?s2 ?s3",
)

DOCUMENTS = ListSpec(
    name="documents",
    base="?item eli:is_realized_by ?_e .",
    label=Field("label", "?item rdfs:label ?value", "text"),
    fields=(
        Field("number", "?item eli:id_local ?value", "text"),
        Field("date", "?item eli:date_document ?value", "text"),
        Field("issuer", "?item eli:passed_by ?value", facet=True),
        Field("title", "?item dct:title ?value", "text"),
        Field("plans", "?value a pg:ActionPlan ; eli:is_part_of ?item", "count"),
        Field("tasks", "?value pplan:isStepOfPlan/eli:is_part_of ?item", "count"),
        Field("city", "?item eli:jurisdiction ?value", facet=True, code=PLACE_CODE),
        Field("year", "?item eli:date_document ?_d BIND(SUBSTR(STR(?_d), 1, 4) AS ?value)", "text", facet=True,
              column=False),
        Field("type", "?item eli:type_document ?value", facet=True, column=False),
        Field("source", "?item eli:is_realized_by/eli:is_embodied_by ?value . ?value a pg:SourceText", "source"),
    ),
    order_pattern="OPTIONAL { ?item eli:date_document ?k1 } OPTIONAL { ?item eli:id_local ?k2 }",
    order_select="(MAX(STR(?k1)) AS ?s1) (MIN(?k2) AS ?s2)",
    order_by="DESC(?s1) ?s2",
)

PLANS = ListSpec(
    name="plans",
    base="?item a pg:ActionPlan .",
    label=Field("label", "?item rdfs:label ?value", "text"),
    fields=(
        Field("decision", "?item eli:is_part_of ?value", facet=True, names=(RDFS_LABEL, ID_LOCAL)),
        Field("city", "?item eli:is_part_of/eli:jurisdiction ?value", facet=True, code=PLACE_CODE),
        Field("period", "?item dct:temporal/rdfs:label ?value", "text"),
        Field("objectives", "?item pg:hasObjective ?value", "count"),
        Field("tasks", "?value pplan:isStepOfPlan ?item", "count"),
    ),
    order_pattern="OPTIONAL { ?item eli:is_part_of ?k1 } OPTIONAL { ?item eli:number ?k2 }",
    order_select="(MIN(STR(?k1)) AS ?s1) (MIN(xsd:integer(?k2)) AS ?s2)",
    order_by="?s1 ?s2",
)

AGENCIES = ListSpec(
    name="agencies",
    base="?item a org:Organization .",
    label=Field("label", "?item skos:prefLabel ?value", "text"),
    fields=(
        Field("kind", "?item org:classification ?value", facet=True),
        Field("city", "?item dct:spatial ?value", facet=True, code=PLACE_CODE),
        Field("led", "?value schema:agent ?item", "count"),
        Field("participated", "?value schema:participant ?item", "count"),
    ),
    # The name read once per agency: every document graph restates it, and beside the tasks an agency leads the
    # restatements multiplied (42.8 s against 0.15 s at 5 M quads).
    order_pattern="OPTIONAL { ?k1 schema:agent ?item } "
                  "OPTIONAL { { SELECT DISTINCT ?item ?k2 WHERE { ?item skos:prefLabel ?k2 } } }",
    order_select="(COUNT(DISTINCT ?k1) AS ?s1) (MIN(STR(?k2)) AS ?s2)",
    order_by="DESC(?s1) ?s2",
)

INSTRUMENTS = ListSpec(
    name="instruments",
    base=f"{{ ?_x {CITES} ?item }} UNION {{ ?item eli:is_realized_by ?_e }}",
    label=Field("label", "?item rdfs:label ?value", "text"),
    fields=(
        Field("number", "?item eli:id_local ?value", "text"),
        Field("type", "?item eli:type_document ?value", facet=True),
        Field("issuer", "?item eli:passed_by ?value", facet=True),
        Field("date", "?item eli:date_document ?value", "text"),
        Field("status", f'{{ ?item eli:is_realized_by ?_e BIND("ingested" AS ?value) }} UNION '
                        f'{{ ?_x {CITES} ?item FILTER NOT EXISTS {{ ?item eli:is_realized_by ?_e }} '
                        f'BIND("cited" AS ?value) }}', "text", facet=True, translate="status_",
              choices=("ingested", "cited")),
        Field("jurisdiction", "?item eli:jurisdiction ?value", facet=True, column=False, code=PLACE_CODE),
        # The citations read once each (a sub-select DISTINCT) before the join: the same counts, 0.06 s and 0.36 s
        # for a page of 50 at 5 M quads against 41 s and 1.8 s.
        Field("citing_tasks", f"{{ SELECT DISTINCT ?value ?item WHERE {{ ?value {CITES} ?item }} }} ?value a pg:Task",
              "count"),
        Field("citing_documents", f"{{ SELECT DISTINCT ?_c ?item WHERE {{ ?_c {CITES} ?item }} }} "
                                  "?_c eli:is_part_of* ?value . ?value eli:is_realized_by ?_e", "count"),
    ),
    # The number read once per instrument: each citing document restates it (3.7 s against 0.03 s at 5 M quads).
    order_pattern=f"OPTIONAL {{ ?k1 {CITES} ?item }} "
                  "OPTIONAL { { SELECT DISTINCT ?item ?k2 WHERE { ?item eli:id_local ?k2 } } }",
    order_select="(COUNT(DISTINCT ?k1) AS ?s1) (MIN(STR(?k2)) AS ?s2)",
    order_by="DESC(?s1) ?s2",
)

SPECS = {spec.name: spec for spec in (DOCUMENTS, PLANS, TASKS, AGENCIES, INSTRUMENTS)}
