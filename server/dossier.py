"""The dossier of a legal text, as a researcher asks about it: its status as far as the graph knows (and what it
does not know), its relations in both directions grouped as the legal portals list them, each with the clause that
states it, a timeline of its events, and where it is carried out (the bodies whose texts carry it out or cite it,
their tasks, the kinds of agency that lead them, their deadlines).

Everything is read from relation statements (``pg:RelationStatement``, one per clause that states a relation) and
from the documents' tasks, inside ``GRAPH ?g`` so that nothing is counted twice. Pure functions of a *select*
(SPARQL text → rows) and an IRI; the entity page adds hrefs and renders it (``_dossier.html``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from plangraph.server.tracing import PREFIXES as TRACING_PREFIXES
from plangraph.server.tracing import Select, concept_names, ref
from plangraph.store.dialect import Dialect

PREFIXES = TRACING_PREFIXES + "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"

ELI = "http://data.europa.eu/eli/ontology#"
PG = "https://w3id.org/plangraph/ontology#"

# The portals' relation lists (vbpl.vn, thuvienphapluat.vn "lược đồ"): one group per relation and direction.
# Key → (property, direction); the group's title is the interface string "rel_<key>".
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("amended_by", ELI + "amends", "in"), ("partly_repealed_by", ELI + "changes", "in"),
    ("repealed_by", ELI + "repeals", "in"), ("replaced_by", PG + "replaces", "in"),
    ("corrected_by", ELI + "corrects", "in"), ("guided_by", ELI + "ensures_implementation_of", "in"),
    ("consolidated_by", ELI + "consolidates", "in"), ("carried_out_by", PG + "carriesOut", "in"),
    ("amends", ELI + "amends", "out"), ("partly_repeals", ELI + "changes", "out"), ("repeals", ELI + "repeals", "out"),
    ("replaces", PG + "replaces", "out"), ("corrects", ELI + "corrects", "out"),
    ("guides", ELI + "ensures_implementation_of", "out"), ("consolidates", ELI + "consolidates", "out"),
    ("carries_out", PG + "carriesOut", "out"),
)

# Statements acting on the instrument or one of its parts ("in"), or made by it or one of its units ("out"): each
# branch starts from the instrument (a sub-select of its parts or units), then reads the statements LATERAL.
RELATIONS_LATERAL = PREFIXES + """SELECT DISTINCT ?statement ?direction ?relation ?other ?otherNumber ?otherLabel
       ?otherDate ?statedIn ?statedInNumber ?unit ?target ?line ?quote ?source
WHERE {
  {
    { SELECT ?g ?actedOn WHERE { GRAPH ?g { ?actedOn eli:is_part_of* %(x)s } } }
    LATERAL { GRAPH ?g {
      ?statement rdf:object ?actedOn ;
                 a pg:RelationStatement ;
                 rdf:subject ?acting ;
                 rdf:predicate ?relation .
      ?acting eli:is_part_of* ?other .
      ?other eli:id_local ?otherNumber .
    } }
    BIND("in" AS ?direction)
  } UNION {
    { SELECT ?g ?acting WHERE { GRAPH ?g { ?acting eli:is_part_of* %(x)s } } }
    LATERAL { GRAPH ?g {
      ?statement rdf:subject ?acting ;
                 a pg:RelationStatement ;
                 rdf:object ?actedOn ;
                 rdf:predicate ?relation .
      FILTER(isIRI(?actedOn))
      ?actedOn eli:is_part_of* ?other .
      ?other eli:id_local ?otherNumber .
    } }
    BIND("out" AS ?direction)
  }
  FILTER(?other != %(x)s)
  LATERAL { GRAPH ?g {
    OPTIONAL { ?other rdfs:label ?otherLabel FILTER(LANGMATCHES(LANG(?otherLabel), "vi")) }
    OPTIONAL { ?other eli:date_document ?otherDate }
    ?statement pg:mentionedIn ?unit ;
               oa:hasTarget ?target .
    ?target pg:startLine ?line ;
            oa:hasSource ?source ;
            oa:hasSelector ?selector .
    ?selector a oa:TextQuoteSelector ;
              oa:exact ?quote .
    ?statedIn eli:is_realized_by/eli:is_embodied_by ?source .
    OPTIONAL { ?statedIn eli:id_local ?statedInNumber }
  } }
}
ORDER BY ?direction ?relation ?otherDate ?otherNumber ?statedInNumber ?line"""

# The same without LATERAL (plangraph.store.dialect): a sub-query finds the statements, the chains of parts
# (eli:is_part_of*) followed in the union of the graphs, where every engine answers paths alike (Virtuoso drops or
# unbinds the zero-length step of a path inside GRAPH ?g, and repeats rows); each graph stating a part states its
# chain up to the whole text, so the chains are the same. Each path starts from one bound end (the parts of the
# instrument in a sub-query of their own, the unit of a statement): Virtuoso loses rows of a path joining two
# variables other patterns bind. The clauses are then read in the statement's graph, required patterns first and
# OPTIONALs after; no FILTER sits beside a BIND in a UNION branch (Virtuoso's compiler fails on it).
RELATIONS_PORTABLE = PREFIXES + """SELECT DISTINCT ?statement ?direction ?relation ?other ?otherNumber ?otherLabel
       ?otherDate ?statedIn ?statedInNumber ?unit ?target ?line ?quote ?source
WHERE {
  {
    SELECT DISTINCT ?g ?statement ?direction ?relation ?other WHERE {
      {
        { SELECT DISTINCT ?actedOn WHERE { ?actedOn eli:is_part_of* %(x)s } }
        GRAPH ?g {
          ?statement a pg:RelationStatement ;
                     rdf:object ?actedOn ;
                     rdf:subject ?acting ;
                     rdf:predicate ?relation .
        }
        ?acting eli:is_part_of* ?other .
        BIND("in" AS ?direction)
      } UNION {
        { SELECT DISTINCT ?acting WHERE { ?acting eli:is_part_of* %(x)s } }
        GRAPH ?g {
          ?statement a pg:RelationStatement ;
                     rdf:subject ?acting ;
                     rdf:object ?actedOn ;
                     rdf:predicate ?relation .
          FILTER(isIRI(?actedOn))
        }
        ?actedOn eli:is_part_of* ?other .
        BIND("out" AS ?direction)
      }
    }
  }
  FILTER(?other != %(x)s)
  GRAPH ?g {
    ?other eli:id_local ?otherNumber .
    ?statement pg:mentionedIn ?unit ;
               oa:hasTarget ?target .
    ?target pg:startLine ?line ;
            oa:hasSource ?source ;
            oa:hasSelector ?selector .
    ?selector a oa:TextQuoteSelector ;
              oa:exact ?quote .
    ?statedIn eli:is_realized_by/eli:is_embodied_by ?source .
    OPTIONAL { ?statedIn eli:id_local ?statedInNumber }
    OPTIONAL { ?other rdfs:label ?otherLabel FILTER(LANGMATCHES(LANG(?otherLabel), "vi")) }
    OPTIONAL { ?other eli:date_document ?otherDate }
  }
}
ORDER BY ?direction ?relation ?otherDate ?otherNumber ?statedInNumber ?line"""
RELATIONS = {Dialect.LATERAL: RELATIONS_LATERAL, Dialect.SPARQL11: RELATIONS_PORTABLE}

# The parts of the instrument a unit acts on ("Sửa đổi, bổ sung khoản 2 Điều 5 …": …/dieu-5/khoan-2). The parts are
# found first and the units acting on each read LATERAL: in one group Oxigraph read every amending unit of every
# graph first (110-190 ms a page at 5 M quads, against under 1 ms).
PARTS_LATERAL = PREFIXES + """SELECT DISTINCT ?unit ?part WHERE {
  { SELECT DISTINCT ?g ?part WHERE { GRAPH ?g { ?part eli:is_part_of+ %(x)s } } }
  LATERAL { GRAPH ?g {
    VALUES ?onPart { eli:amends eli:repeals eli:ensures_implementation_of }
    ?unit ?onPart ?part .
    FILTER NOT EXISTS { ?unit eli:is_realized_by ?expression }
  } }
}
ORDER BY ?unit ?part"""
PARTS_PORTABLE = PREFIXES + """SELECT DISTINCT ?unit ?part WHERE {
  GRAPH ?g {
    VALUES ?onPart { eli:amends eli:repeals eli:ensures_implementation_of }
    ?unit ?onPart ?part .
    ?part eli:is_part_of+ %(x)s .
    FILTER NOT EXISTS { ?unit eli:is_realized_by ?expression }
  }
}
ORDER BY ?unit ?part"""
PARTS = {Dialect.LATERAL: PARTS_LATERAL, Dialect.SPARQL11: PARTS_PORTABLE}

DATES = PREFIXES + """SELECT DISTINCT ?relation ?date ?statedIn ?statedInNumber ?target ?line ?quote ?source
WHERE {
  GRAPH ?g {
    ?statement a pg:RelationStatement ;
               rdf:subject %(x)s ;
               rdf:predicate ?relation ;
               rdf:object ?date ;
               oa:hasTarget ?target .
    FILTER(?relation IN (eli:first_date_entry_in_force, eli:date_no_longer_in_force))
    ?target pg:startLine ?line ;
            oa:hasSource ?source ;
            oa:hasSelector ?selector .
    ?selector a oa:TextQuoteSelector ;
              oa:exact ?quote .
    ?statedIn eli:is_realized_by/eli:is_embodied_by ?source .
    OPTIONAL { ?statedIn eli:id_local ?statedInNumber }
  }
}
ORDER BY ?relation ?date ?statedInNumber ?line"""

ISSUED = PREFIXES + """SELECT (MIN(?date) AS ?issued) (COUNT(DISTINCT ?g) AS ?graphs) WHERE {
  GRAPH ?g { %(x)s eli:id_local ?number . OPTIONAL { %(x)s eli:date_document ?date } }
}"""

# The texts that carry the instrument out: a document or a text it names says so (pg:carriesOut), or a document's
# tasks do (eli:applies, rolled up to the document); with their issuer, place and date.
CARRYING = """{ ?text pg:carriesOut %(x)s . BIND("stated" AS ?how) }
    UNION
    { ?text eli:applies %(x)s ; eli:id_local ?someNumber . FILTER NOT EXISTS { ?text pg:carriesOut %(x)s }
      BIND("tasks" AS ?how) }"""

_TEXT_FACTS = """?text eli:id_local ?textNumber .
    OPTIONAL { ?text rdfs:label ?textLabel FILTER(LANGMATCHES(LANG(?textLabel), "vi")) }
    OPTIONAL { ?text eli:date_document ?textDate }
    OPTIONAL { ?text eli:passed_by ?body . ?body skos:prefLabel ?bodyName }
    OPTIONAL { ?text eli:jurisdiction ?place . ?place skos:notation ?city .
               OPTIONAL { ?place skos:prefLabel ?cityName } }
    BIND(xsd:boolean(EXISTS { ?text eli:is_realized_by ?expression }) AS ?ingested)  # cast: Virtuoso answers 1"""
_TEXTS_SELECT = PREFIXES + """SELECT DISTINCT ?text ?textNumber ?textLabel ?textDate ?how ?body ?bodyName ?city
       ?cityName ?ingested
WHERE {
"""
# The texts are selected first and each one's facts read LATERAL: in one group Oxigraph read the number, title,
# issuer and place of every text of every graph before joining them to the few that carry the instrument out
# (~550 ms a page at 5 M quads, against a few).
TEXTS_LATERAL = _TEXTS_SELECT + """  { SELECT DISTINCT ?g ?text ?how WHERE { GRAPH ?g { """ + CARRYING + """ } } }
  LATERAL { GRAPH ?g {
    """ + _TEXT_FACTS + """
  } }
}
ORDER BY ?textDate ?textNumber ?text"""
TEXTS_PORTABLE = _TEXTS_SELECT + """  GRAPH ?g {
    """ + CARRYING + """
    """ + _TEXT_FACTS + """
  }
}
ORDER BY ?textDate ?textNumber ?text"""
TEXTS = {Dialect.LATERAL: TEXTS_LATERAL, Dialect.SPARQL11: TEXTS_PORTABLE}

# Per carrying-out text and kind of lead: its tasks, those citing the instrument as what they carry out, deadlines.
# The texts are selected first; each one's tasks are read LATERAL (beside the selection, Oxigraph would read every
# task of every graph first). Without LATERAL (plangraph.store.dialect) the tasks are joined to the texts: the
# group read for each text starts with its required patterns, so the join gives the same rows.
TASKS_LATERAL = PREFIXES + """SELECT ?text ?kind (COUNT(DISTINCT ?task) AS ?tasks)
       (COUNT(DISTINCT ?applying0) AS ?applying) (MIN(COALESCE(STR(?end), "9999")) AS ?first)
       (MAX(COALESCE(STR(?end), "0000")) AS ?last)
WHERE {
  { SELECT DISTINCT ?g ?text WHERE { GRAPH ?g { """ + CARRYING + """ } } }
  LATERAL { GRAPH ?g {
    ?plan eli:is_part_of ?text .
    ?task pplan:isStepOfPlan ?plan .
    OPTIONAL { ?task schema:agent ?agency . ?agency org:classification ?kind }
    OPTIONAL { ?task dct:temporal/time:hasEnd/time:inXSDgYear ?end }
    OPTIONAL { ?task eli:applies %(x)s BIND(?task AS ?applying0) }
  } }
}
GROUP BY ?text ?kind
ORDER BY ?text DESC(?tasks) ?kind"""
TASKS_PORTABLE = TASKS_LATERAL.replace("  LATERAL { GRAPH ?g {\n", "  GRAPH ?g {\n") \
    .replace("  } }\n}\nGROUP BY", "  }\n}\nGROUP BY")
TASKS = {Dialect.LATERAL: TASKS_LATERAL, Dialect.SPARQL11: TASKS_PORTABLE}


def _totals(query: str) -> str:
    """The same per text, whatever the kinds: a task led by agencies of two kinds counts once."""
    return query.replace("SELECT ?text ?kind", "SELECT ?text").replace("GROUP BY ?text ?kind", "GROUP BY ?text") \
        .replace("ORDER BY ?text DESC(?tasks) ?kind", "ORDER BY ?text")


TOTALS = {dialect: _totals(query) for dialect, query in TASKS.items()}

# Documents that only cite the instrument (no relation, no task carrying it out), by issuer. The unit citing it is
# followed up to its document in the union of the graphs, in a sub-query (as RELATIONS_PORTABLE does, for the same
# reasons), so that every engine answers alike; the mentions are counted there, so that each document's facts are
# read once, not once per mention (an instrument cited 420 times: 340 → 135 ms at 5 M quads). The facts are read
# LATERAL where the store can: Oxigraph otherwise read every document of every graph first (~550 ms a page).
_CITING_SELECT = PREFIXES + """SELECT ?document ?number ?date ?body ?bodyName ?city ?cityName
       (SUM(?mentions) AS ?citations)
WHERE {
  {
    SELECT ?g ?document (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {
      GRAPH ?g {
        ?mention a pg:CitationMention ;
                 oa:hasBody %(x)s ;
                 pg:mentionedIn ?unit .
      }
      ?unit eli:is_part_of* ?document .
    }
    GROUP BY ?g ?document
  }
"""
_CITING_FACTS = """?document eli:is_realized_by ?expression ;
              eli:id_local ?number .
    FILTER NOT EXISTS { ?document pg:carriesOut|eli:applies %(x)s }
    OPTIONAL { ?document eli:date_document ?date }
    OPTIONAL { ?document eli:passed_by ?body . ?body skos:prefLabel ?bodyName }
    OPTIONAL { ?document eli:jurisdiction ?place . ?place skos:notation ?city .
               OPTIONAL { ?place skos:prefLabel ?cityName } }"""
_CITING_END = """
}
GROUP BY ?document ?number ?date ?body ?bodyName ?city ?cityName
ORDER BY ?city ?date ?number"""
CITING_PORTABLE = _CITING_SELECT + "  GRAPH ?g {\n    " + _CITING_FACTS + "\n  }" + _CITING_END
CITING_LATERAL = _CITING_SELECT + "  LATERAL { GRAPH ?g {\n    " + _CITING_FACTS + "\n  } }" + _CITING_END
CITING = {Dialect.LATERAL: CITING_LATERAL, Dialect.SPARQL11: CITING_PORTABLE}


def _year(value: str | None) -> int | None:
    """A deadline year; the sentinels that stand for no deadline in an aggregate (an unbound value would make
    MIN and MAX unbound for the whole group) are None.

    >>> _year("2026"), _year("9999"), _year("0000"), _year(None)
    (2026, None, None, None)
    """
    try:
        year = int(str(value)[:4]) if value else None
    except ValueError:
        return None
    return None if year in (0, 9999) else year


def relations(select: Select, iri: str, *, dialect: Dialect) -> list[dict[str, Any]]:
    """Every relation of *iri* in both directions, one per statement, with its clause (and a list's introduction)."""
    found: dict[str, dict[str, Any]] = {}
    for row in select(dialect.pick(RELATIONS) % {"x": ref(iri)}):
        entry = found.setdefault(row["statement"], {
            "direction": row["direction"], "relation": row["relation"],
            "other": {"iri": row["other"], "number": row.get("otherNumber"), "label": row.get("otherLabel"),
                      "date": row.get("otherDate")},
            "stated_in": {"iri": row["statedIn"], "number": row.get("statedInNumber")},
            "unit": row["unit"], "quotes": []})
        quote = {"line": int(row["line"]), "quote": row["quote"], "source": row["source"],
                 "introduction": row["target"].endswith("-cue"),
                 "stated_in": {"iri": row["statedIn"], "number": row.get("statedInNumber")}}
        if quote not in entry["quotes"]:
            entry["quotes"].append(quote)
    parts: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in select(dialect.pick(PARTS) % {"x": ref(iri)}):
        parts[row["unit"]].append({"iri": row["part"], "label": part_label(iri, row["part"])})
    for entry in found.values():
        entry["quotes"].sort(key=lambda q: (not q["introduction"], q["line"]))
        entry["parts"] = parts.get(entry["unit"], []) if entry["direction"] == "in" else []
    return list(found.values())


def part_label(whole: str, part: str) -> str:
    """A part of a text named from its path as the mapper mints it: ``…/dieu-5/khoan-2`` → "Điều 5, khoản 2".

    >>> part_label("https://x/eli/vn/cp/nd/2014/40", "https://x/eli/vn/cp/nd/2014/40/dieu-5/khoan-2/diem-dd")
    'Điều 5, khoản 2, điểm đ'
    """
    from plangraph.ontology.concepts import scheme

    names = []
    for segment in part[len(whole):].strip("/").split("/"):
        kind, _, number = segment.partition("-")
        concept = scheme("subdivision").get(kind)
        label = concept.label_vi if concept else kind
        names.append(f"{label if not names else label.lower()} {number.replace('dd', 'đ')}".strip())
    return ", ".join(names)


def grouped(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """*found* in the portals' groups, in their order, one item per other text (with every clause that states the
    relation, and the parts acted on); empty groups left out."""
    groups = []
    for key, prop, direction in GROUPS:
        items: dict[str, dict[str, Any]] = {}
        for r in found:
            if r["relation"] != prop or r["direction"] != direction:
                continue
            item = items.setdefault(r["other"]["iri"], {"other": r["other"], "quotes": [], "parts": []})
            item["quotes"].extend(q for q in r["quotes"] if q not in item["quotes"])
            item["parts"].extend(p for p in r["parts"] if p not in item["parts"])
        if items:
            groups.append({"key": key, "direction": direction, "items": list(items.values())})
    return groups


def dates(select: Select, iri: str) -> dict[str, list[dict[str, Any]]]:
    """The dates in force and no longer in force stated of *iri*, each with the clause and the document stating it."""
    out: dict[str, list[dict[str, Any]]] = {"in_force": [], "ceases": []}
    for row in select(DATES % {"x": ref(iri)}):
        key = "in_force" if row["relation"].endswith("first_date_entry_in_force") else "ceases"
        item = {"date": row["date"], "stated_in": {"iri": row["statedIn"], "number": row.get("statedInNumber")},
                "line": int(row["line"]), "quote": row["quote"], "source": row["source"]}
        if not any(i["date"] == item["date"] and i["stated_in"] == item["stated_in"] for i in out[key]):
            out[key].append(item)
    return out


def status(found: list[dict[str, Any]], stated: dict[str, list[dict[str, Any]]], today: dt.date) -> dict[str, Any]:
    """What the graph knows of the text's force, and what it does not: ``state`` is ``repealed``, ``ceasing``
    (a repeal dated in the future), ``amended``, ``in_force``, ``not_yet`` or ``unknown``."""
    incoming = [r for r in found if r["direction"] == "in"]
    whole = [r for r in incoming if r["relation"] in {ELI + "repeals", PG + "replaces"}]
    changed = [r for r in incoming if r["relation"] in {ELI + "amends", ELI + "changes", ELI + "corrects"}]
    in_force = sorted({d["date"] for d in stated["in_force"]})
    ceases = sorted({d["date"] for d in stated["ceases"]})
    first = in_force[0] if in_force else None
    end = ceases[-1] if ceases else None
    if whole or end:
        state = "ceasing" if end and end > today.isoformat() else "repealed"
    elif first and first > today.isoformat():
        state = "not_yet"
    elif changed:
        state = "amended"
    elif first:
        state = "in_force"
    else:
        state = "unknown"
    unknown = []
    if not in_force:
        unknown.append("no_entry_date")
    if (whole or end) and not end:
        unknown.append("no_end_date")
    if len(in_force) > 1:
        unknown.append("several_entry_dates")
    return {"state": state, "in_force": in_force, "ceases": ceases, "repealed_by": whole, "changed_by": changed,
            "unknown": unknown}


def carried_out(select: Select, iri: str, *, dialect: Dialect) -> dict[str, Any]:
    """Where *iri* is carried out: the texts that carry it out by body (with their tasks by kind of lead and
    deadlines), and the documents that only cite it."""
    texts: dict[str, dict[str, Any]] = {}
    for row in select(dialect.pick(TEXTS) % {"x": ref(iri)}):
        text = texts.setdefault(row["text"], {
            "iri": row["text"], "number": row["textNumber"], "label": row.get("textLabel"),
            "date": row.get("textDate"), "how": set(), "ingested": row.get("ingested") == "true",
            "body": {"iri": row.get("body"), "name": row.get("bodyName")} if row.get("body") else None,
            "city": {"code": row.get("city"), "name": row.get("cityName")} if row.get("city") else None,
            "tasks": 0, "applying": 0, "kinds": [], "first": None, "last": None})
        text["how"].add(row["how"])
    task_rows = select(dialect.pick(TASKS) % {"x": ref(iri)}) if texts else []
    labels = concept_names(select, {row["kind"] for row in task_rows if row.get("kind")})  # agency kinds' names
    for row in task_rows:
        found = labels.get(row.get("kind") or "", {})
        if row["text"] in texts:
            texts[row["text"]]["kinds"].append({"iri": row.get("kind"), "label": found.get("vi"),
                                                "label_en": found.get("en"), "tasks": int(row["tasks"])})
    for row in select(dialect.pick(TOTALS) % {"x": ref(iri)}) if texts else []:
        text = texts.get(row["text"])
        if text is None:
            continue
        text["tasks"], text["applying"] = int(row["tasks"]), int(row["applying"])
        text["first"], text["last"] = _year(row.get("first")), _year(row.get("last"))
    bodies: dict[str, dict[str, Any]] = {}
    for text in texts.values():
        key = (text["body"] or {}).get("iri") or text["iri"]
        body = bodies.setdefault(key, {"body": text["body"], "city": text["city"], "texts": [], "tasks": 0,
                                       "applying": 0, "kinds": defaultdict(int), "kind_labels": {}, "first": None,
                                       "last": None, "how": set()})
        body["texts"].append(text)
        body["tasks"] += text["tasks"]
        body["applying"] += text["applying"]
        body["how"] |= text["how"]
        for kind in text["kinds"]:
            name = kind["iri"] or ""
            body["kinds"][name] += kind["tasks"]
            body["kind_labels"][name] = {"vi": kind["label"], "en": kind["label_en"]}
        for key, pick in (("first", min), ("last", max)):
            if text[key] is not None:
                body[key] = text[key] if body[key] is None else pick(body[key], text[key])
    rows = []
    for body in bodies.values():
        kinds = sorted(body["kinds"].items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append({**body, "how": sorted(body["how"]),
                     "kinds": [{"iri": k or None, "label": body["kind_labels"][k], "tasks": n} for k, n in kinds]})
    rows.sort(key=lambda b: (-b["tasks"], -len(b["texts"]), (b["city"] or {}).get("code") or "",
                             (b["body"] or {}).get("name") or ""))
    for text in texts.values():
        text["how"] = sorted(text["how"])
    citing = [{"document": {"iri": r["document"], "number": r["number"], "date": r.get("date")},
               "body": {"iri": r.get("body"), "name": r.get("bodyName")} if r.get("body") else None,
               "city": {"code": r.get("city"), "name": r.get("cityName")} if r.get("city") else None,
               "citations": int(r["citations"])} for r in select(dialect.pick(CITING) % {"x": ref(iri)})]
    return {"bodies": rows, "texts": sorted(texts.values(), key=lambda t: (t["date"] or "", t["number"])),
            "citing": citing, "task_count": sum(b["tasks"] for b in rows)}


def timeline(issued: str | None, found: list[dict[str, Any]], stated: dict[str, list[dict[str, Any]]],
             carrying: dict[str, Any]) -> list[dict[str, Any]]:
    """The events of the text in date order: issued, in force, changed (by the changing text's date), no longer in
    force, and each text carrying it out; an event without a date is left out (it cannot be placed)."""
    events = []
    if issued:
        events.append({"date": issued, "kind": "issued", "other": None})
    for item in stated["in_force"]:
        events.append({"date": item["date"], "kind": "in_force", "other": item["stated_in"]})
    for item in stated["ceases"]:
        events.append({"date": item["date"], "kind": "ceases", "other": item["stated_in"]})
    seen = set()
    for r in found:
        if r["direction"] != "in" or r["relation"] == PG + "carriesOut" or not r["other"]["date"]:
            continue
        kind = {ELI + "amends": "amended", ELI + "changes": "partly_repealed", ELI + "repeals": "repealed",
                PG + "replaces": "replaced", ELI + "corrects": "corrected", ELI + "ensures_implementation_of": "guided",
                ELI + "consolidates": "consolidated"}[r["relation"]]
        key = (kind, r["other"]["iri"])
        if key not in seen:
            seen.add(key)
            events.append({"date": r["other"]["date"], "kind": kind, "other": r["other"]})
    for text in carrying["texts"]:
        if text["date"]:
            events.append({"date": text["date"], "kind": "carried_out", "other": text})
    events.sort(key=lambda e: (e["date"], e["kind"]))
    return events


def build(select: Select, iri: str, today: dt.date | None = None, *, dialect: Dialect) -> dict[str, Any]:
    """The dossier of *iri*, its queries written in the store's *dialect*."""
    found = relations(select, iri, dialect=dialect)
    stated = dates(select, iri)
    issued_rows = select(ISSUED % {"x": ref(iri)})
    issued = issued_rows[0].get("issued") if issued_rows else None
    carrying = carried_out(select, iri, dialect=dialect)
    return {"status": status(found, stated, today or dt.date.today()), "dates": stated, "issued": issued,
            "groups": grouped(found), "relation_count": len(found), "carried_out": carrying,
            "timeline": timeline(issued, found, stated, carrying),
            "graphs": int(issued_rows[0].get("graphs", 0)) if issued_rows else 0}
