"""Tracing queries behind the entity pages: the tasks that cite or carry out an instrument, the tasks an
agency leads or joins, a plan's objectives, targets and task table, a decision's plans and basis, and
the incoming links of any node grouped by property. Every fact is matched inside ``GRAPH ?g`` (each
document graph also describes the shared nodes it mentions), so nothing is counted twice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pyoxigraph import NamedNode

from plangraph.store.dialect import Dialect
from plangraph.store.export import SPARQL_PREFIXES

PREFIXES = SPARQL_PREFIXES

Select = Callable[[str], list[dict[str, str]]]


def ref(iri: str) -> str:
    """*iri* as a SPARQL IRI reference; raises ValueError for anything that is not a valid IRI."""
    return str(NamedNode(iri))


# {selection} binds ?task (and may bind ?relation); the rest describes each task as its plan prints it.
# The description is a LATERAL join (Oxigraph's extension, proposed for SPARQL 1.2): evaluated once per selected
# task with ?task and ?g bound. As plain (nested) OPTIONALs beside the selection, Oxigraph evaluates the optional
# groups unbound and joins them afterwards, which made an agency page 20 times slower (bench/bench_pages.py).
# The other queries below use LATERAL for the same reason. Each has a portable form for the engines without
# LATERAL (Virtuoso, any engine not identified; plangraph.store.dialect): the same description in the graph
# pattern that selects, its required patterns first and its OPTIONALs after them, so that each OPTIONAL extends
# rows whose ?task (or ?target, ?objective) is already bound: the same rows.
TASKS_LATERAL = PREFIXES + """SELECT ?task ?relation ?position ?number ?group ?groupNumber ?groupTitle
       ?groupPosition ?text ?plan ?planLabel ?planNumber ?decision ?decisionLabel ?city ?cityCode ?cityName
       ?period ?begin ?end ?line ?endLine ?source
WHERE {
  GRAPH ?g { %(selection)s ?task a pg:Task . }  # the task's own graph (a VALUES block alone would bind every graph)
  LATERAL { GRAPH ?g {
    ?task pplan:isStepOfPlan ?plan .
    OPTIONAL { ?task schema:position ?position }
    OPTIONAL { ?task eli:number ?number }
    OPTIONAL { ?task rdfs:label ?text FILTER(LANGMATCHES(LANG(?text), "vi")) }
    OPTIONAL { ?task pg:taskGroup ?group .
               OPTIONAL { ?group eli:number ?groupNumber } OPTIONAL { ?group rdfs:label ?groupTitle }
               OPTIONAL { ?group schema:position ?groupPosition } }
    OPTIONAL { ?plan rdfs:label ?planLabel FILTER(LANGMATCHES(LANG(?planLabel), "vi")) }
    OPTIONAL { ?plan eli:number ?planNumber }
    OPTIONAL { ?plan eli:is_part_of ?decision .
               OPTIONAL { ?decision rdfs:label ?decisionLabel FILTER(LANGMATCHES(LANG(?decisionLabel), "vi")) }
               OPTIONAL { ?decision eli:jurisdiction ?city .
                          OPTIONAL { ?city skos:notation ?cityCode } OPTIONAL { ?city skos:prefLabel ?cityName } } }
    OPTIONAL { ?task dct:temporal ?interval .
               OPTIONAL { ?interval rdfs:label ?period }
               OPTIONAL { ?interval time:hasBeginning/time:inXSDgYear ?begin }
               OPTIONAL { ?interval time:hasEnd/time:inXSDgYear ?end } }
    OPTIONAL { ?task prov:wasDerivedFrom ?span . ?span pg:startLine ?line .
               OPTIONAL { ?span pg:endLine ?endLine } OPTIONAL { ?span oa:hasSource ?source } }
  } }
}"""

TASKS_PORTABLE = PREFIXES + """SELECT ?task ?relation ?position ?number ?group ?groupNumber ?groupTitle
       ?groupPosition ?text ?plan ?planLabel ?planNumber ?decision ?decisionLabel ?city ?cityCode ?cityName
       ?period ?begin ?end ?line ?endLine ?source
WHERE {
  GRAPH ?g {
    %(selection)s
    ?task a pg:Task ; pplan:isStepOfPlan ?plan .
    OPTIONAL { ?task schema:position ?position }
    OPTIONAL { ?task eli:number ?number }
    OPTIONAL { ?task rdfs:label ?text FILTER(LANGMATCHES(LANG(?text), "vi")) }
    OPTIONAL { ?task pg:taskGroup ?group .
               OPTIONAL { ?group eli:number ?groupNumber } OPTIONAL { ?group rdfs:label ?groupTitle }
               OPTIONAL { ?group schema:position ?groupPosition } }
    OPTIONAL { ?plan rdfs:label ?planLabel FILTER(LANGMATCHES(LANG(?planLabel), "vi")) }
    OPTIONAL { ?plan eli:number ?planNumber }
    OPTIONAL { ?plan eli:is_part_of ?decision .
               OPTIONAL { ?decision rdfs:label ?decisionLabel FILTER(LANGMATCHES(LANG(?decisionLabel), "vi")) }
               OPTIONAL { ?decision eli:jurisdiction ?city .
                          OPTIONAL { ?city skos:notation ?cityCode } OPTIONAL { ?city skos:prefLabel ?cityName } } }
    OPTIONAL { ?task dct:temporal ?interval .
               OPTIONAL { ?interval rdfs:label ?period }
               OPTIONAL { ?interval time:hasBeginning/time:inXSDgYear ?begin }
               OPTIONAL { ?interval time:hasEnd/time:inXSDgYear ?end } }
    OPTIONAL { ?task prov:wasDerivedFrom ?span . ?span pg:startLine ?line .
               OPTIONAL { ?span pg:endLine ?endLine } OPTIONAL { ?span oa:hasSource ?source } }
  }
}"""
TASKS = {Dialect.LATERAL: TASKS_LATERAL, Dialect.SPARQL11: TASKS_PORTABLE}

# The keys of document order (see document_order) of every task {selection} binds: enough to choose the tasks a
# page shows before describing them. An agency's page described all the 18,840 tasks it leads (6 s at 5 M quads)
# to show the first 200.
_ORDER_KEYS_SELECT = """SELECT DISTINCT ?task ?position ?group ?groupPosition ?plan ?planNumber ?decision ?cityCode
WHERE {"""
_ORDER_KEYS_BODY = """?task a pg:Task ; pplan:isStepOfPlan ?plan .
    OPTIONAL { ?task schema:position ?position }
    OPTIONAL { ?task pg:taskGroup ?group . OPTIONAL { ?group schema:position ?groupPosition } }
    OPTIONAL { ?plan eli:number ?planNumber }
    OPTIONAL { ?plan eli:is_part_of ?decision .
               OPTIONAL { ?decision eli:jurisdiction ?city . OPTIONAL { ?city skos:notation ?cityCode } } }"""
ORDER_KEYS_LATERAL = (PREFIXES + _ORDER_KEYS_SELECT + """
  GRAPH ?g { %(selection)s }
  LATERAL { GRAPH ?g {
    """ + _ORDER_KEYS_BODY + """
  } }
}""")
ORDER_KEYS_PORTABLE = (PREFIXES + _ORDER_KEYS_SELECT + """
  GRAPH ?g {
    %(selection)s
    """ + _ORDER_KEYS_BODY + """
  }
}""")
ORDER_KEYS = {Dialect.LATERAL: ORDER_KEYS_LATERAL, Dialect.SPARQL11: ORDER_KEYS_PORTABLE}

# Lead (schema:agent) and participating (schema:participant) agencies of the same tasks.
AGENTS_LATERAL = PREFIXES + """SELECT DISTINCT ?task ?role ?agent ?name WHERE {
  GRAPH ?g { %(selection)s }
  LATERAL { GRAPH ?g {
    ?task a pg:Task .
    { ?task schema:agent ?agent BIND("lead" AS ?role) } UNION
    { ?task schema:participant ?agent BIND("participant" AS ?role) }
    OPTIONAL { ?agent skos:prefLabel ?name }
  } }
}"""

AGENTS_PORTABLE = PREFIXES + """SELECT DISTINCT ?task ?role ?agent ?name WHERE {
  GRAPH ?g {
    %(selection)s
    ?task a pg:Task .
    { ?task schema:agent ?agent BIND("lead" AS ?role) } UNION
    { ?task schema:participant ?agent BIND("participant" AS ?role) }
    OPTIONAL { ?agent skos:prefLabel ?name }
  }
}"""
AGENTS = {Dialect.LATERAL: AGENTS_LATERAL, Dialect.SPARQL11: AGENTS_PORTABLE}

# The words that cite an instrument inside each task, with their line.
CITATION_QUOTES_LATERAL = PREFIXES + """SELECT DISTINCT ?task ?quote ?line ?endLine ?source WHERE {
  GRAPH ?g {
    ?mention a pg:CitationMention ; oa:hasBody %(instrument)s ; pg:mentionedIn ?task ; oa:hasTarget ?target .
    ?task a pg:Task .
    ?target pg:startLine ?line .
  }
  LATERAL { GRAPH ?g {
    OPTIONAL { ?target pg:endLine ?endLine } OPTIONAL { ?target oa:hasSource ?source }
    OPTIONAL { ?target oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
  } }
}"""

CITATION_QUOTES_PORTABLE = PREFIXES + """SELECT DISTINCT ?task ?quote ?line ?endLine ?source WHERE {
  GRAPH ?g {
    ?mention a pg:CitationMention ; oa:hasBody %(instrument)s ; pg:mentionedIn ?task ; oa:hasTarget ?target .
    ?task a pg:Task .
    ?target pg:startLine ?line .
    OPTIONAL { ?target pg:endLine ?endLine } OPTIONAL { ?target oa:hasSource ?source }
    OPTIONAL { ?target oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
  }
}"""
CITATION_QUOTES = {Dialect.LATERAL: CITATION_QUOTES_LATERAL, Dialect.SPARQL11: CITATION_QUOTES_PORTABLE}

CITED = PREFIXES + """SELECT DISTINCT ?task ?relation ?instrument ?label WHERE {
  GRAPH ?g {
    %(selection)s
    ?task a pg:Task .
    { ?task eli:applies ?instrument BIND("applies" AS ?relation) } UNION
    { ?task eli:cites ?instrument BIND("cites" AS ?relation) }
    OPTIONAL { ?instrument rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "vi")) }
  }
}"""

OBJECTIVES_LATERAL = PREFIXES + """SELECT DISTINCT ?objective ?position ?text ?line ?source ?target ?indicator
       ?value ?minValue ?maxValue ?unitText ?year ?comparator ?targetType ?targetLine
WHERE {
  GRAPH ?g { %(plan)s pg:hasObjective ?objective . }
  LATERAL { GRAPH ?g {
    OPTIONAL { ?objective schema:position ?position }
    OPTIONAL { ?objective rdfs:label ?text FILTER(LANGMATCHES(LANG(?text), "vi")) }
    OPTIONAL { ?objective prov:wasDerivedFrom ?span . ?span pg:startLine ?line .
               OPTIONAL { ?span oa:hasSource ?source } }
    OPTIONAL {
      ?objective pg:hasTarget ?target .
      OPTIONAL { ?target pg:indicatorText ?indicator }
      OPTIONAL { ?target schema:value ?value } OPTIONAL { ?target schema:minValue ?minValue }
      OPTIONAL { ?target schema:maxValue ?maxValue } OPTIONAL { ?target schema:unitText ?unitText }
      OPTIONAL { ?target pg:targetTime/time:inXSDgYear ?year }
      OPTIONAL { ?target pg:comparator ?comparator }
      OPTIONAL { ?target pg:targetType ?targetType }
      OPTIONAL { ?target prov:wasDerivedFrom/pg:startLine ?targetLine }
    }
  } }
}"""

OBJECTIVES_PORTABLE = PREFIXES + """SELECT DISTINCT ?objective ?position ?text ?line ?source ?target ?indicator
       ?value ?minValue ?maxValue ?unitText ?year ?comparator ?targetType ?targetLine
WHERE {
  GRAPH ?g {
    %(plan)s pg:hasObjective ?objective .
    OPTIONAL { ?objective schema:position ?position }
    OPTIONAL { ?objective rdfs:label ?text FILTER(LANGMATCHES(LANG(?text), "vi")) }
    OPTIONAL { ?objective prov:wasDerivedFrom ?span . ?span pg:startLine ?line .
               OPTIONAL { ?span oa:hasSource ?source } }
    OPTIONAL {
      ?objective pg:hasTarget ?target .
      OPTIONAL { ?target pg:indicatorText ?indicator }
      OPTIONAL { ?target schema:value ?value } OPTIONAL { ?target schema:minValue ?minValue }
      OPTIONAL { ?target schema:maxValue ?maxValue } OPTIONAL { ?target schema:unitText ?unitText }
      OPTIONAL { ?target pg:targetTime/time:inXSDgYear ?year }
      OPTIONAL { ?target pg:comparator ?comparator }
      OPTIONAL { ?target pg:targetType ?targetType }
      OPTIONAL { ?target prov:wasDerivedFrom/pg:startLine ?targetLine }
    }
  }
}"""
OBJECTIVES = {Dialect.LATERAL: OBJECTIVES_LATERAL, Dialect.SPARQL11: OBJECTIVES_PORTABLE}
# The names of concepts (agency kinds, comparators …), read for the concepts a page found: joined to the rows that
# found them, a row whose concept is unbound meets every name of the store (a plan's objective without a target:
# 0.7 s for one plan at 5 M quads).
CONCEPT_NAMES = PREFIXES + """SELECT ?concept (MIN(?vi0) AS ?vi) (MIN(?en0) AS ?en) WHERE {
  VALUES ?concept { %(concepts)s }
  OPTIONAL { ?concept skos:prefLabel ?vi0 FILTER(LANGMATCHES(LANG(?vi0), "vi")) }
  OPTIONAL { ?concept skos:prefLabel ?en0 FILTER(LANGMATCHES(LANG(?en0), "en")) }
} GROUP BY ?concept ORDER BY ?concept"""

DOCUMENT = PREFIXES + """SELECT DISTINCT ?date ?number ?title ?issuer ?issuerName ?signer ?signerName ?city ?cityName
WHERE {
  GRAPH ?g {
    %(document)s eli:is_realized_by ?expression .
    OPTIONAL { %(document)s eli:date_document ?date }
    OPTIONAL { %(document)s eli:id_local ?number }
    OPTIONAL { %(document)s dct:title ?title }
    OPTIONAL { %(document)s eli:passed_by ?issuer . OPTIONAL { ?issuer skos:prefLabel ?issuerName } }
    OPTIONAL { %(document)s pg:signedBy ?signer . OPTIONAL { ?signer rdfs:label ?signerName } }
    OPTIONAL { %(document)s eli:jurisdiction ?city . OPTIONAL { ?city skos:prefLabel ?cityName } }
  }
}"""

DOCUMENT_PLANS = PREFIXES + """SELECT ?plan ?number ?title (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  GRAPH ?g {
    ?plan a pg:ActionPlan ; eli:is_part_of %(document)s .
    OPTIONAL { ?plan eli:number ?number }
    OPTIONAL { ?plan rdfs:label ?title FILTER(LANGMATCHES(LANG(?title), "vi")) }
    OPTIONAL { ?task pplan:isStepOfPlan ?plan }
  }
} GROUP BY ?plan ?number ?title"""

BASIS = PREFIXES + """SELECT DISTINCT ?relation ?basis ?label ?date WHERE {
  GRAPH ?g {
    { %(document)s eli:based_on ?basis BIND("based_on" AS ?relation) } UNION
    { %(document)s pg:proposal ?basis BIND("proposal" AS ?relation) }
    OPTIONAL { ?basis rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "vi")) }
    OPTIONAL { ?basis eli:date_document ?date }
  }
} ORDER BY ?relation ?date ?basis"""

INCOMING_COUNTS = """SELECT ?property (COUNT(DISTINCT ?subject) AS ?count) WHERE {
  ?subject ?property %(node)s FILTER(!STRSTARTS(STR(?subject), %(fragments)s))
} GROUP BY ?property ORDER BY DESC(?count) ?property"""

# The subjects linking to a node through one property, all of them unsorted (INCOMING_ALL: sorted and paged here
# when there are at most SORTED_HERE), or one page of them in IRI order (INCOMING_PAGE). Oxigraph decodes both terms
# of every comparison of an ORDER BY from its dictionary: 18,840 subjects of schema:agent took 1.3 s to sort at
# 5 M quads, where reading them all took 0.12 s and sorting them in Python 5 ms.
INCOMING_ALL = """SELECT DISTINCT ?subject WHERE {
  ?subject %(property)s %(node)s FILTER(!STRSTARTS(STR(?subject), %(fragments)s))
}"""
INCOMING_PAGE = INCOMING_ALL + " ORDER BY ?subject LIMIT %(limit)d OFFSET %(offset)d"
SORTED_HERE = 20_000  # subjects: above, the engine sorts and pages them (the rows of a page query are kept)

# Each subject's label: its rdfs:label, else its skos:prefLabel, in the language; the least one when it has
# several (a choice every engine makes alike, where SAMPLE would take whichever the engine meets first).
# The page of subjects first, then each one's four names (the least, as a string) read on their own: a subject's
# names are restated by every document graph that mentions it, and four OPTIONALs side by side multiplied the
# restatements (an agency's page at 5 M quads passed 200 s on one group). The names are those the four OPTIONALs
# gave: the least Vietnamese label, else the least Vietnamese preferred name; the same in English.
_INCOMING_NAME = """  OPTIONAL { SELECT ?subject (MIN(STR(?_n)) AS ?%(name)s) WHERE { %(subjects)s
    ?subject %(predicate)s ?_n FILTER(LANGMATCHES(LANG(?_n), "%(lang)s")) } GROUP BY ?subject }"""
INCOMING_NAMES = ("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?subject (COALESCE(?viLabel, ?viName) AS ?label) (COALESCE(?enLabel, ?enName) AS ?labelEn) WHERE {
  %(subjects)s
""" + "\n".join(
    _INCOMING_NAME % {"name": name, "predicate": predicate, "lang": lang, "subjects": "%(subjects)s"}
    for name, predicate, lang in (("viLabel", "rdfs:label", "vi"), ("viName", "skos:prefLabel", "vi"),
                                  ("enLabel", "rdfs:label", "en"), ("enName", "skos:prefLabel", "en")))
    + "\n}")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _year(value: str | None) -> int | None:
    try:
        return int(value[:4]) if value else None
    except ValueError:
        return None


def _full_number(row: dict[str, str]) -> str:
    """The task's number qualified by its group's (``I.3``), as the catalogue query prints it."""
    number = row.get("number", "")
    return f"{row['groupNumber']}.{number}" if row.get("groupNumber") else number


def tasks(select: Select, selection: str, *, dialect: Dialect) -> list[dict[str, Any]]:
    """The tasks bound to ?task by the graph pattern *selection*, one dict each, with their agencies; the
    queries are written in the store's *dialect*."""
    rows = select(dialect.pick(TASKS) % {"selection": selection})
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        task = found.setdefault(row["task"], {
            "iri": row["task"], "position": int(row.get("position", "0")), "number": row.get("number", ""),
            "full_number": _full_number(row),
            "text": row.get("text", ""), "relations": [],
            "group": {"iri": row["group"], "number": row.get("groupNumber", ""), "title": row.get("groupTitle", ""),
                      "position": int(row.get("groupPosition", "0"))} if row.get("group") else None,
            "plan": {"iri": row["plan"], "label": row.get("planLabel", row["plan"]), "number": row.get("planNumber")},
            "decision": {"iri": row["decision"], "label": row.get("decisionLabel", row["decision"])}
            if row.get("decision") else None,
            "city": {"iri": row["city"], "code": row.get("cityCode", ""), "label": row.get("cityName", row["city"])}
            if row.get("city") else None,
            "period": row.get("period"), "begin": _year(row.get("begin")), "end": _year(row.get("end")),
            "line": int(row["line"]) if row.get("line") else None,
            "end_line": int(row["endLine"]) if row.get("endLine") else None, "source": row.get("source"),
            "leads": [], "participants": []})
        if row.get("relation") and row["relation"] not in task["relations"]:
            task["relations"].append(row["relation"])
    for row in select(dialect.pick(AGENTS) % {"selection": selection}):
        if row["task"] in found:
            key = "leads" if row["role"] == "lead" else "participants"
            entry = {"iri": row["agent"], "label": row.get("name", row["agent"])}
            if entry not in found[row["task"]][key]:
                found[row["task"]][key].append(entry)
    for task in found.values():
        task["relations"].sort()
        task["leads"].sort(key=lambda a: a["label"])
        task["participants"].sort(key=lambda a: a["label"])
    return sorted(found.values(), key=document_order)


def first_tasks(select: Select, selection: str, limit: int, *, dialect: Dialect) -> tuple[int, list[dict[str, Any]]]:
    """How many tasks the graph pattern *selection* binds to ?task, and the first *limit* of them in document order,
    described as :func:`tasks` describes them. Only the keys of document order are read for all of them; the
    description, for the ones shown."""
    keys: dict[str, tuple[Any, ...]] = {}
    for row in select(dialect.pick(ORDER_KEYS) % {"selection": selection}):
        key = document_order(_order_fields(row))
        if row["task"] not in keys or key < keys[row["task"]]:
            keys[row["task"]] = key
    if len(keys) <= limit:
        return len(keys), tasks(select, selection, dialect=dialect)
    chosen = sorted(keys, key=keys.__getitem__)[:limit]
    values = " ".join(ref(task) for task in chosen)
    return len(keys), tasks(select, f"VALUES ?task {{ {values} }} {selection}", dialect=dialect)


def _order_fields(row: dict[str, str]) -> dict[str, Any]:
    """The fields :func:`document_order` reads, from a row of ORDER_KEYS (as :func:`tasks` fills them)."""
    return {"iri": row["task"], "position": int(row.get("position", "0")),
            "group": {"position": int(row.get("groupPosition", "0"))} if row.get("group") else None,
            "plan": {"iri": row["plan"], "number": row.get("planNumber")},
            "decision": {"iri": row["decision"]} if row.get("decision") else None,
            "city": {"code": row.get("cityCode", "")}}


def document_order(task: dict[str, Any]) -> tuple[Any, ...]:
    """Cities, then decisions and plans, then the task table's own order."""
    group = task["group"] or {"position": 0}
    plan_number = task["plan"]["number"] or ""
    return ((task["city"] or {}).get("code", ""), (task["decision"] or {}).get("iri", ""),
            int(plan_number) if plan_number.isdigit() else 0, task["plan"]["iri"], group["position"],
            task["position"], task["iri"])


def instrument_tasks(select: Select, iri: str, limit: int, *, dialect: Dialect) -> tuple[int, list[dict[str, Any]]]:
    """How many tasks cite or apply the instrument, and the first *limit* in document order with the words that
    cite it."""
    node = ref(iri)
    # Not a UNION of the two: joined to the task's type after it, Oxigraph read every task of the store first.
    selection = f'VALUES (?citing ?relation) {{ (eli:applies "applies") (eli:cites "cites") }} ?task ?citing {node} .'
    count, found = first_tasks(select, selection, limit, dialect=dialect)
    quotes: dict[str, list[dict[str, Any]]] = {}
    for row in select(dialect.pick(CITATION_QUOTES) % {"instrument": node}):
        quotes.setdefault(row["task"], []).append({
            "quote": row.get("quote", ""), "line": int(row["line"]),
            "end_line": int(row.get("endLine", row["line"])), "source": row.get("source")})
    for task in found:
        task["quotes"] = sorted(quotes.get(task["iri"], []), key=lambda q: (q["line"], q["quote"]))
    return count, found


def agency_tasks(select: Select, iri: str, role: str, limit: int, *, dialect: Dialect
                 ) -> tuple[int, list[dict[str, Any]]]:
    """How many tasks the agency leads (``lead``, schema:agent) or joins (``participant``, schema:participant),
    and the first *limit* of them in document order."""
    predicate = "schema:agent" if role == "lead" else "schema:participant"
    return first_tasks(select, f"?task {predicate} {ref(iri)} .", limit, dialect=dialect)


def plan_tasks(select: Select, iri: str, *, dialect: Dialect) -> list[dict[str, Any]]:
    return tasks(select, f"?task pplan:isStepOfPlan {ref(iri)} .", dialect=dialect)


def task_summary(select: Select, iri: str, *, dialect: Dialect) -> dict[str, Any] | None:
    """The task as its plan's table prints it, with the instruments it cites or applies."""
    found = tasks(select, f"VALUES ?task {{ {ref(iri)} }}", dialect=dialect)
    if not found:
        return None
    task = found[0]
    cited: dict[str, dict[str, Any]] = {}
    for row in select(CITED % {"selection": f"VALUES ?task {{ {ref(iri)} }}"}):
        entry = cited.setdefault(row["instrument"], {"iri": row["instrument"],
                                                     "label": row.get("label", row["instrument"]), "relations": []})
        entry["relations"] = sorted({*entry["relations"], row["relation"]})
    task["instruments"] = sorted(cited.values(), key=lambda c: c["label"])
    return task


def objectives(select: Select, iri: str, *, dialect: Dialect) -> list[dict[str, Any]]:
    """A plan's objectives in order, each with its structured targets."""
    found: dict[str, dict[str, Any]] = {}
    for row in select(dialect.pick(OBJECTIVES) % {"plan": ref(iri)}):
        objective = found.setdefault(row["objective"], {
            "iri": row["objective"], "position": int(row.get("position", "0")), "text": row.get("text", ""),
            "line": int(row["line"]) if row.get("line") else None, "source": row.get("source"), "targets": {}})
        if row.get("target") and row["target"] not in objective["targets"]:
            objective["targets"][row["target"]] = {
                "iri": row["target"], "indicator": row.get("indicator", ""), "value": row.get("value"),
                "min": row.get("minValue"), "max": row.get("maxValue"), "unit": row.get("unitText", ""),
                "year": row.get("year"), "comparator": row.get("comparator"), "comparator_label": {"vi": "", "en": ""},
                "type": row.get("targetType"), "line": int(row["targetLine"]) if row.get("targetLine") else None}
    names = concept_names(select, {t["comparator"] for o in found.values() for t in o["targets"].values()
                                   if t["comparator"]})
    for target in (t for o in found.values() for t in o["targets"].values()):
        name = names.get(target["comparator"] or "", {})
        target["comparator_label"].update(vi=name.get("vi", ""), en=name.get("en", ""))
    ordered = sorted(found.values(), key=lambda o: (o["position"], o["iri"]))
    for objective in ordered:
        objective["targets"] = sorted(objective["targets"].values(), key=lambda t: (t["line"] or 0, t["iri"]))
    return ordered


def concept_names(select: Select, concepts: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each concept's least Vietnamese and least English skos:prefLabel (``{"vi": …, "en": …}``, either absent)."""
    chosen = sorted(concepts)
    if not chosen:
        return {}
    rows = select(CONCEPT_NAMES % {"concepts": " ".join(ref(c) for c in chosen)})
    return {row["concept"]: {k: row[k] for k in ("vi", "en") if k in row} for row in rows}


def document_summary(select: Select, iri: str) -> dict[str, Any] | None:
    """An ingested decision: number, date, issuer, signer, its plans and its legal basis."""
    node = ref(iri)
    rows = select(DOCUMENT % {"document": node})
    if not rows:
        return None
    row = rows[0]
    plans = [{"iri": p["plan"], "number": p.get("number", ""), "label": p.get("title", p["plan"]),
              "tasks": int(p["tasks"])} for p in select(DOCUMENT_PLANS % {"document": node})]
    plans.sort(key=lambda p: (int(p["number"]) if p["number"].isdigit() else 0, p["iri"]))
    basis = [{"iri": b["basis"], "label": b.get("label", b["basis"]), "relation": b["relation"], "date": b.get("date")}
             for b in select(BASIS % {"document": node})]
    def linked(key: str, name: str) -> dict[str, str] | None:
        return {"iri": row[key], "label": row.get(name, row[key])} if row.get(key) else None

    return {"number": row.get("number"), "date": row.get("date"), "title": row.get("title"),
            "issuer": linked("issuer", "issuerName"), "signer": linked("signer", "signerName"),
            "city": linked("city", "cityName"), "plans": plans, "basis": basis}


def incoming_counts(select: Select, iri: str) -> list[tuple[str, int]]:
    """(property, number of distinct subjects) of the links pointing at *iri* from other nodes."""
    rows = select(INCOMING_COUNTS % {"node": ref(iri), "fragments": _literal(iri.split("#")[0] + "#")})
    return [(row["property"], int(row["count"])) for row in rows]


def incoming_page(select: Select, iri: str, prop: str, *, limit: int, offset: int,
                  count: int | None = None) -> list[dict[str, str]]:
    """One page of the distinct subjects linking to *iri* through *prop*, in IRI order (code points), with
    labels. Given their *count* (from :func:`incoming_counts`) and at most :data:`SORTED_HERE` of them, they are
    read unsorted and sorted here."""
    parameters = {"node": ref(iri), "property": ref(prop), "limit": limit, "offset": offset,
                  "fragments": _literal(iri.split("#")[0] + "#")}
    if count is not None and count <= SORTED_HERE:
        subjects = sorted({row["subject"] for row in select(INCOMING_ALL % parameters)})[offset:offset + limit]
    else:
        subjects = [row["subject"] for row in select(INCOMING_PAGE % parameters)]
    if not subjects:
        return []
    values = "VALUES ?subject { " + " ".join(ref(subject) for subject in subjects) + " }"
    names = {row["subject"]: row for row in select(INCOMING_NAMES % {"subjects": values})}
    return [{"iri": subject, "vi": names.get(subject, {}).get("label", ""),
             "en": names.get(subject, {}).get("labelEn", "")} for subject in subjects]


def group_by_city_and_plan(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks (already in document order) as cities → plans → tasks."""
    cities: list[dict[str, Any]] = []
    for task in found:
        city = task["city"] or {"iri": "", "code": "", "label": ""}
        if not cities or cities[-1]["iri"] != city["iri"]:
            cities.append({**city, "plans": []})
        plans = cities[-1]["plans"]
        if not plans or plans[-1]["iri"] != task["plan"]["iri"]:
            plans.append({**task["plan"], "decision": task["decision"], "tasks": []})
        plans[-1]["tasks"].append(task)
    return cities


def group_by_heading(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A plan's tasks under their group headings, as the document prints the table."""
    groups: list[dict[str, Any]] = []
    for task in found:
        group = task["group"] or {"iri": "", "number": "", "title": "", "position": 0}
        if not groups or groups[-1]["iri"] != group["iri"]:
            groups.append({**group, "tasks": []})
        groups[-1]["tasks"].append(task)
    return groups
