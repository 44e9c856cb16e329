"""Comparison pages: cities side by side, tasks per agency kind per city, instruments several cities cite,
targets per indicator per city and year (``/compare…`` and their ``.json`` twins).

Each page runs the catalogue queries the API serves (``/api/queries/<name>``), bound the same way, so a page
shows exactly the rows its "same data" link returns; the pages only group and align them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request

from plangraph.queries import ParameterError
from plangraph.server import dossier
from plangraph.server.api import catalogue
from plangraph.server.browse import PREFIXES, local_href, render, revalidated_pages, select
from plangraph.server.errors import Link, ProtocolError
from plangraph.server.federation import check_peers
from plangraph.server.i18n import counted, language, translate
from plangraph.server.settings import flag
from plangraph.server.state import get_state
from plangraph.server.tracing import ref

blueprint = Blueprint("compare", __name__)
revalidated_pages(blueprint)

CITIES = PREFIXES + """SELECT ?place ?code (MIN(?name0) AS ?name)
       (COUNT(DISTINCT ?document) AS ?documents) (COUNT(DISTINCT ?task) AS ?tasks)
WHERE {
  GRAPH ?g {
    ?document eli:is_realized_by ?expression ; eli:jurisdiction ?place .
    ?place skos:notation ?code .
    OPTIONAL { ?place skos:prefLabel ?name0 }
    OPTIONAL { ?task a pg:Task ; pplan:isStepOfPlan/eli:is_part_of ?document }
  }
} GROUP BY ?place ?code ORDER BY DESC(?tasks) ?code ?place"""
HUB = (Link("error_compare", "/compare"),)  # where a comparison asked for wrongly can start again
MAX_INSTRUMENTS = 30  # shared instruments expanded city by city on /compare/instruments
MAX_CARRIED = 20  # instruments ranked by the bodies carrying them out, on /compare
# Tasks listed per kind and side on a side-by-side page; the rest are counted and linked (a filtered task list,
# or the query's JSON): two national-scale sides listed every task — a 2.8 MB page of 2,750 tasks at 5 M quads.
SHOWN_PER_KIND = 10
SHOWN_INSTRUMENTS = 15  # instruments listed per group (cited by both, by one only), most cited first


def saved(name: str, params: dict[str, str]) -> list[dict[str, str]]:
    """Rows of catalogue query *name* with *params* bound as the query API binds them."""
    query = catalogue()[name]
    try:
        bindings = query.bindings(params)
    except ParameterError as exc:
        raise ProtocolError(400, str(exc)) from None
    text = query.text_for(get_state().dialect().lateral)  # the text that runs is the one checked
    check_peers(text, {v.value: t for v, t in bindings.items()},
                tuple(current_app.config["PLANGRAPH_SERVICE_ALLOW"].split()),
                    flag(current_app.config["PLANGRAPH_SERVICE_ALLOW_PRIVATE"]))
    return query.tidy(select(text, tuple((v.value, term) for v, term in bindings.items())))


def api_href(name: str, params: dict[str, str]) -> str:
    given = {k: v for k, v in params.items() if v}
    return f"/api/queries/{name}" + ("?" + urlencode(given) if given else "")


def cities() -> list[dict[str, Any]]:
    """Every place that documents are issued for (a province code, or VN for national bodies), busiest first."""
    rows = get_state().per_version("compare-cities", lambda: select(CITIES))
    return [{"code": r["code"], "name": r.get("name", r["code"]), "iri": r["place"], "href": local_href(r["place"]),
             "documents": int(r["documents"]), "tasks": int(r["tasks"])} for r in rows]


def choices(places: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One choice per code for the forms, which compare by code: the busiest place's name, with the tasks and
    documents of every place that has the code (Hải Phòng of 2016 and Hải Phòng of 2025 are both 31, and the
    form had offered 31 twice, each with its own count, while the page counts both)."""
    merged: dict[str, dict[str, Any]] = {}
    for place in places:
        seen = merged.get(place["code"])
        if seen is None:
            merged[place["code"]] = dict(place)
        else:  # a task or document is issued for one place, so nothing is counted twice
            seen["tasks"] += place["tasks"]
            seen["documents"] += place["documents"]
    return sorted(merged.values(), key=lambda c: (-c["tasks"], c["code"]))


def _one_per_code(places: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One column per code, the busiest place of each: what is read by code (a city's targets) is shown once
    even when two units share the code."""
    seen: set[str] = set()
    kept = []
    for place in places:
        if place["code"] not in seen:
            seen.add(place["code"])
            kept.append(place)
    return kept


def _dataset_wide(page: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The context of a page without parameters: it depends only on the data and the language, so it is built
    once per store snapshot (a page with parameters is built per request, so they cannot fill the cache)."""
    return get_state().per_version(f"compare:{page}:{language()}", build)


def _city(code: str, known: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for city in known:
        if city["code"] == code:
            return city
    codes = ", ".join(c["code"] for c in known) or "none"
    raise ProtocolError(400, f"{name}: no document of this store is issued for the place with code {code[:20]!r} "
                             f"(codes with documents: {codes})", links=HUB)


def _args(allowed: tuple[str, ...]) -> dict[str, str]:
    for key in request.args:
        if key not in (*allowed, "lang"):
            raise ProtocolError(400, f"unknown parameter {key[:50]!r}: this page takes {', '.join(allowed)}",
                                links=HUB)
    return {key: request.args.get(key, "").strip()[:200] for key in allowed}


def _label(row: dict[str, str], vi: str, en: str) -> str | None:
    return (row.get(en) or row.get(vi)) if language() == "en" else (row.get(vi) or row.get(en))


def _task(row: dict[str, str]) -> dict[str, Any]:
    return {"iri": row["task"], "href": local_href(row["task"]), "number": row.get("taskNumber"),
            "text": row.get("taskText", ""), "leads": row.get("leads", ""), "period": row.get("period"),
            "plan": {"iri": row["plan"], "href": local_href(row["plan"]), "title": row.get("planTitle")},
            "decision": row.get("decisionNumber"), "line": row.get("line")}


def _kind_groups(rows: list[dict[str, str]], sides_of: Callable[[dict[str, str]], tuple[str, ...]],
                 task_of: Callable[[dict[str, str]], dict[str, Any]],
                 more_href: Callable[[str | None, str], str]) -> list[dict[str, Any]]:
    """Tasks grouped by the kind of their lead agency, each kind with side A's and side B's tasks (*sides_of*
    says which a row's task belongs to); kinds both sides have come first, then the busiest; leads of no known
    kind last. The page lists each side's first :data:`SHOWN_PER_KIND` tasks (its JSON twin every one): ``hidden``
    says how many more there are and ``more`` where all are (*more_href* of the kind and side)."""
    groups: dict[str, dict[str, Any]] = {}
    listed: set[tuple[str, str, str]] = set()  # (kind, side, task): each task once per side of a kind, first row kept
    for row in rows:
        key = row.get("kind", "")
        group = groups.setdefault(key, {"kind": key or None, "href": local_href(key) if key else None,
                                        "label": _label(row, "kindLabel", "kindLabelEn") or key or None,
                                        "a": [], "b": []})
        for side in sides_of(row):
            if (key, side, row["task"]) not in listed:
                listed.add((key, side, row["task"]))
                group[side].append(task_of(row))
    for group in groups.values():
        group["shared"] = bool(group["a"] and group["b"])
        group["count"] = {side: len(group[side]) for side in ("a", "b")}
        group["hidden"] = {side: max(0, len(group[side]) - SHOWN_PER_KIND) for side in ("a", "b")}
        group["more"] = {side: more_href(group["kind"], side) for side in ("a", "b") if group["hidden"][side]}
    return sorted(groups.values(), key=lambda g: (g["kind"] is None, not g["shared"],
                                                  -(g["count"]["a"] + g["count"]["b"]), g["label"] or ""))


def _by_kind(rows: list[dict[str, str]], a: str, b: str, more_href: Callable[[str | None, str], str]
             ) -> list[dict[str, Any]]:
    """Two cities' tasks by kind of lead (one city against itself: both columns)."""
    def sides(row: dict[str, str]) -> tuple[str, ...]:
        return ("a", "b") if row["city"] == a == b else ("a",) if row["city"] == a else ("b",)

    return _kind_groups(rows, sides, _task, more_href)


_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def _periods(rows: list[dict[str, str]], a: str, b: str) -> list[dict[str, Any]]:
    """Tasks per period as printed, for cities *a* and *b*: periods in the order of their first year
    (periods without a year after them, tasks with no period last). A task with two periods counts in each."""
    seen: dict[str | None, dict[str, set[str]]] = {}
    for row in rows:
        period = row.get("period") or None
        sides = seen.setdefault(period, {"a": set(), "b": set()})
        if row["city"] == a:
            sides["a"].add(row["task"])
        if row["city"] == b:  # one city against itself: both columns
            sides["b"].add(row["task"])

    def key(period: str | None) -> tuple[int, str, str]:
        year = _YEAR.search(period or "")
        return (2 if period is None else 0 if year else 1, year[0] if year else "", period or "")
    return [{"period": p, "label": p or translate("compare_no_period"), "a": len(seen[p]["a"]),
             "b": len(seen[p]["b"])} for p in sorted(seen, key=key)]


def _instruments(rows: list[dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    split: dict[str, list[dict[str, Any]]] = {"both": [], "only_a": [], "only_b": []}
    for row in rows:
        item = {"iri": row["instrument"], "href": local_href(row["instrument"]), "number": row.get("number"),
                "label": row.get("label") or row.get("number") or row["instrument"],
                "citations_a": int(row["citationsA"]), "tasks_a": int(row["tasksA"]),
                "citations_b": int(row["citationsB"]), "tasks_b": int(row["tasksB"])}
        key = "both" if item["citations_a"] and item["citations_b"] else "only_a" if item["citations_a"] else "only_b"
        split[key].append(item)
    return split


def _value(row: dict[str, str]) -> str:
    if row.get("value"):
        amount = row["value"]
    elif row.get("minValue") or row.get("maxValue"):
        amount = f"{row.get('minValue', '…')}–{row.get('maxValue', '…')}"
    else:
        amount = "?"
    return f"{amount} {row.get('unitText', '')}".strip()


def _indicator_key(row: dict[str, str]) -> str:
    return row.get("indicatorConcept") or "text:" + " ".join(row.get("indicatorText", "").lower().split())


def _targets(rows_by_city: dict[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    """Targets per indicator (its concept when the scheme knows the wording, else its text), per city."""
    indicators: dict[str, dict[str, Any]] = {}
    for code, rows in rows_by_city.items():
        for row in rows:
            key = _indicator_key(row)
            concept = row.get("indicatorConcept")
            entry = indicators.setdefault(key, {
                "concept": concept, "href": local_href(concept) if concept else None,
                "label": _label(row, "indicatorLabel", "indicatorLabelEn") or row.get("indicatorText", ""),
                "cities": defaultdict(list)})
            entry["cities"][code].append({
                "iri": row["target"], "href": local_href(row["target"]), "value": _value(row),
                "year": row.get("year"), "comparator": _label(row, "comparatorLabel", "comparatorLabelEn"),
                "text": row.get("indicatorText"), "line": row.get("line"), "quote": row.get("quote")})
    ordered = sorted(indicators.values(), key=lambda e: (-len(e["cities"]), e["concept"] is None, e["label"].lower()))
    for entry in ordered:
        entry["cities"] = dict(entry["cities"])
    return ordered


@blueprint.route("/compare", methods=["GET"])
@blueprint.route("/compare.json", methods=["GET"], endpoint="hub_json")
def hub() -> Response:
    """Pick two cities (and a topic) to set side by side; links to the other comparisons."""
    args = _args(("a", "b", "topic"))
    known = cities()
    offered = choices(known)
    a = args["a"] or (offered[0]["code"] if offered else "")
    b = args["b"] or (offered[1]["code"] if len(offered) > 1 else a)
    bars = [{"label": f"{c['name']} ({c['code']})", "value": c["tasks"],
             "href": "/tasks?" + urlencode({"city": c["iri"]}),
             "documents": counted(c["documents"], "documents_short")} for c in known]
    carried = _dataset_wide("carried", _most_carried_out)
    return render("compare.html", {"view": "hub", "cities": known, "choices": offered, "a": a, "b": b,
                                   "topic": args["topic"], "bars": bars, "carried": carried})


def _most_carried_out() -> dict[str, Any]:
    """The instruments carried out by the most bodies (catalogue query most-carried-out), the first ones charted."""
    rows = saved("most-carried-out", {"min_bodies": "1"})
    ranked = [{"iri": r["instrumentIri"], "href": local_href(r["instrumentIri"]), "number": r["instrument"],
               "label": r.get("label") or r["instrument"], "bodies": int(r["bodies"]), "texts": int(r["texts"]),
               "tasks": int(r["tasks"]),
               "compare_href": "/compare/carrying?" + urlencode({"instrument": r["instrumentIri"]})}
              for r in rows[:MAX_CARRIED]]
    bars = [{"label": r["number"], "value": r["bodies"], "href": r["href"],
             "texts": counted(r["texts"], "documents_short")} for r in ranked]
    return {"instruments": ranked, "bars": bars, "more": max(0, len(rows) - MAX_CARRIED),
            "api": api_href("most-carried-out", {"min_bodies": "1"})}


@blueprint.route("/compare/carrying", methods=["GET"])
@blueprint.route("/compare/carrying.json", methods=["GET"], endpoint="carrying_json")
def carrying() -> Response:
    """Two bodies that carry out the same instrument, their tasks aligned by the kind of agency that leads them."""
    args = _args(("instrument", "a", "b"))
    if not args["instrument"]:
        raise ProtocolError(400, "give an instrument: /compare/carrying?instrument=<its IRI> (see /compare)")
    try:
        iri = ref(args["instrument"])[1:-1]
    except ValueError:
        raise ProtocolError(400, "instrument: not an IRI") from None
    found = dossier.carried_out(select, iri, dialect=get_state().dialect())
    bodies = [{"iri": b["body"]["iri"], "name": b["body"]["name"], "city": (b["city"] or {}).get("name"),
               "href": local_href(b["body"]["iri"]), "tasks": b["tasks"], "texts": [t["number"] for t in b["texts"]]}
              for b in found["bodies"] if b["body"]]
    number = next((r["n"] for r in select(PREFIXES + f"SELECT ?n WHERE {{ GRAPH ?g {{ {ref(iri)} eli:id_local ?n }} }} "
                                                    "ORDER BY ?n LIMIT 1")), None)
    if number is None:
        raise ProtocolError(404, f"nothing is known about <{iri}>")
    known = {b["iri"] for b in bodies}
    a = args["a"] or (bodies[0]["iri"] if bodies else "")
    b = args["b"] or (bodies[1]["iri"] if len(bodies) > 1 else a)
    for key, value in (("a", a), ("b", b)):
        if value and value not in known:
            raise ProtocolError(400, f"{key}: this body carries out no text of {number}; the bodies that do are "
                                     f"listed on /compare/carrying?{urlencode({'instrument': iri})}")
    params = {"instrument": number, "a": a, "b": b}
    rows = saved("carrying-out-compared", params) if a and b else []
    kinds = _aligned(rows, api_href("carrying-out-compared", params))
    by_iri = {x["iri"]: x for x in bodies}
    return render("compare.html", {
        "view": "carrying", "shown_per_kind": SHOWN_PER_KIND,
        "instrument": {"iri": iri, "href": local_href(iri), "number": number},
        "bodies": bodies, "a": a, "b": b, "body_a": by_iri.get(a), "body_b": by_iri.get(b), "kinds": kinds,
        "task_counts": {side: len({r["task"] for r in rows if r["side"] == side}) for side in ("a", "b")},
        "bars": [{"label": g["label"] if g["kind"] else translate("compare_no_lead_kind"), "a": g["count"]["a"],
                  "b": g["count"]["b"], "href": f"#kind-{i}"} for i, g in enumerate(kinds)],
        "api": api_href("carrying-out-compared", params),
    })


def _aligned(rows: list[dict[str, str]], api: str) -> list[dict[str, Any]]:
    """The tasks of two bodies carrying out one instrument, by kind of lead (each row names its side)."""
    def task(row: dict[str, str]) -> dict[str, Any]:
        return {"iri": row["task"], "href": local_href(row["task"]), "number": row.get("taskNumber"),
                "text": row.get("taskText", ""), "leads": row.get("leads", ""), "period": row.get("period"),
                "decision": row.get("textNumber"), "line": None, "names_it": row.get("namesIt") == "true"}

    return _kind_groups(rows, lambda row: (row["side"],), task, lambda kind, side: api)


@blueprint.route("/compare/cities", methods=["GET"])
@blueprint.route("/compare/cities.json", methods=["GET"], endpoint="cities_json")
def side_by_side() -> Response:
    """Two cities' tasks on one topic, aligned by the kind of agency that leads them; the instruments
    either cites; their targets per indicator."""
    args = _args(("a", "b", "topic"))
    known = choices(cities())
    if not args["a"] or not args["b"]:
        raise ProtocolError(400, "give two place codes: /compare/cities?a=31&b=82 (see /compare for the codes)",
                            links=HUB)
    city_a, city_b = _city(args["a"], known, "a"), _city(args["b"], known, "b")
    params = {"a": city_a["code"], "b": city_b["code"], "topic": args["topic"]}
    task_rows = saved("compare-cities", params)
    codes = {"a": city_a["code"], "b": city_b["code"]}

    def more_href(kind: str | None, side: str) -> str:
        """The task list of that city and kind; with a topic, or tasks of no kind, the query's whole answer."""
        if kind is None or params["topic"]:
            return api_href("compare-cities", params)
        return "/tasks?" + urlencode({"city": codes[side], "kind": kind})

    kinds = _by_kind(task_rows, city_a["code"], city_b["code"], more_href)
    instrument_params = {"a": city_a["code"], "b": city_b["code"]}
    instruments = _instruments(saved("common-instruments", instrument_params))
    targets = _targets({c["code"]: saved("targets-by-indicator", {"city": c["code"]}) for c in (city_a, city_b)})
    counted = {side: len({row["task"] for row in task_rows if row["city"] == city["code"]})
               for side, city in (("a", city_a), ("b", city_b))}
    periods = _periods(task_rows, city_a["code"], city_b["code"])
    swap = "/compare/cities?" + urlencode({k: v for k, v in (("a", city_b["code"]), ("b", city_a["code"]),
                                                               ("topic", args["topic"])) if v})
    return render("compare.html", {
        "view": "cities", "cities": known, "choices": known, "a": city_a["code"], "b": city_b["code"],
        "topic": args["topic"], "shown_per_kind": SHOWN_PER_KIND, "shown_instruments": SHOWN_INSTRUMENTS,
        "city_a": city_a, "city_b": city_b, "task_counts": counted, "kinds": kinds, "instruments": instruments,
        "targets": targets, "swap": swap, "periods": periods,
        "bars": {"kinds": [{"label": g["label"] if g["kind"] else translate("compare_no_kind"), "a": g["count"]["a"],
                            "b": g["count"]["b"], "href": f"#kind-{i}"} for i, g in enumerate(kinds)],
                 "periods": [{"label": p["label"], "a": p["a"], "b": p["b"], "href": f"#period-{i}"}
                             for i, p in enumerate(periods)]},
        "api": {"tasks": api_href("compare-cities", params),
                "instruments": api_href("common-instruments", instrument_params),
                "targets": [api_href("targets-by-indicator", {"city": c["code"]}) for c in (city_a, city_b)]},
    })


@blueprint.route("/compare/kinds", methods=["GET"])
@blueprint.route("/compare/kinds.json", methods=["GET"], endpoint="kinds_json")
def kinds() -> Response:
    """Tasks per agency kind per city: one row per kind, one column per city, each count linking to the
    task list filtered to that city and kind."""
    _args(())
    return render("compare.html", _dataset_wide("kinds", _kinds))


def _kinds() -> dict[str, Any]:
    """The matrix, one column per place: two units can share a code (Hải Phòng before and after the 2025
    merger is 31), so cells are keyed by the place's IRI, never by its code."""
    rows = saved("tasks-by-agency-kind", {})
    # Cells are keyed by the place itself: two places may share a code (a province before and after 2025).
    columns = [c for c in cities() if any(r.get("place") == c["iri"] for r in rows)]
    matrix: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row.get("kind", "")
        entry = matrix.setdefault(key, {"kind": key or None, "href": local_href(key) if key else None,
                                        "label": _label(row, "kindLabel", "kindLabelEn"), "cells": {}, "total": 0})
        place = row["place"]
        query = [("city", place)] + ([("kind", key)] if key else [])
        entry["cells"][place] = {"tasks": int(row["tasks"]), "agencies": int(row["agencies"]), "code": row["city"],
                                 "href": "/tasks?" + urlencode(query) if place else None}
        entry["total"] += int(row["tasks"])
    ordered = sorted(matrix.values(), key=lambda e: (e["kind"] is None, -len(e["cells"]), -e["total"],
                                                     e["label"] or ""))
    return {"view": "kinds", "columns": columns, "rows": ordered, "heat": _heat_cells(ordered, columns),
            "api": {"kinds": api_href("tasks-by-agency-kind", {})}}


def _heat_cells(rows: list[dict[str, Any]], columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kind × place matrix as one record per filled cell, for :func:`plangraph.server.charts.heat_map`."""
    cells = []
    for row in rows:
        label = (row["label"] or row["kind"]) if row["kind"] else translate("compare_no_kind")
        for column in columns:
            cell = row["cells"].get(column["iri"])
            if cell:
                cells.append({"row": row["kind"] or "", "column": column["iri"], "value": cell["tasks"],
                              "href": cell["href"], "kind": label, "kind_href": row["href"],
                              "city": column["name"], "city_title": f"{column['name']} ({column['code']})",
                              "city_href": column["href"]})
    return cells


@blueprint.route("/compare/instruments", methods=["GET"])
@blueprint.route("/compare/instruments.json", methods=["GET"], endpoint="instruments_json")
def instruments() -> Response:
    """The instruments that documents of several places cite, each with every citing city's decisions and
    what their tasks assign to whom."""
    min_cities = _args(("min_cities",))["min_cities"] or "2"
    if min_cities == "2":
        return render("compare.html", _dataset_wide("instruments", lambda: _instruments_context(min_cities)))
    return render("compare.html", _instruments_context(min_cities))


def _instruments_context(min_cities: str) -> dict[str, Any]:
    shared = saved("shared-instruments", {"min_cities": min_cities})
    items = []
    for row in shared[:MAX_INSTRUMENTS]:
        number = row.get("number")
        per_city = saved("cities-citing", {"instrument": number}) if number else []
        items.append({"iri": row["instrument"], "href": local_href(row["instrument"]), "number": number,
                      "label": row.get("label") or number or row["instrument"], "cities": int(row["cities"]),
                      "city_codes": row.get("cityCodes", ""), "citations": int(row["citations"]),
                      "api": api_href("cities-citing", {"instrument": number or ""}),
                      "rows": [{"city": r.get("cityName") or r["cityCode"], "code": r["cityCode"],
                                "decision": r.get("decisionNumber"), "href": local_href(r["decision"]),
                                "date": r.get("date"), "citations": int(r["citations"]), "tasks": int(r["tasks"]),
                                "assignments": [a for a in r.get("assignments", "").split(" | ") if a]}
                               for r in per_city]})
    return {"view": "instruments", "min_cities": min_cities, "instruments": items,
            "truncated": len(shared) > MAX_INSTRUMENTS,
            "api": {"instruments": api_href("shared-instruments", {"min_cities": min_cities})}}


@blueprint.route("/compare/targets", methods=["GET"])
@blueprint.route("/compare/targets.json", methods=["GET"], endpoint="targets_json")
def targets() -> Response:
    """Targets per indicator per city and year: indicators set by the most cities first."""
    indicator = _args(("indicator",))["indicator"]
    if not indicator:
        return render("compare.html", _dataset_wide("targets", lambda: _targets_context(indicator)))
    return render("compare.html", _targets_context(indicator))


def _targets_context(indicator: str) -> dict[str, Any]:
    rows = saved("targets-by-indicator", {"indicator": indicator})
    by_city: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_city[row["city"]].append(row)
    columns = _one_per_code(c for c in cities() if c["code"] in by_city)  # targets are read by code
    api = {"targets": api_href("targets-by-indicator", {"indicator": indicator})}
    return {"view": "targets", "indicator": indicator, "columns": columns, "rows": _targets(by_city), "api": api}
