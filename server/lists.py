"""List pages with facets and paging: ``/documents``, ``/plans``, ``/tasks``, ``/agencies``,
``/instruments`` and their ``.json`` twins.

``?lead=IRI&period=2016-2020`` keeps the items having every given value (repeat a facet to ask for
several values at once); each facet value shows how many of the kept items have it, and links to
the list with that value added (or removed, when it is selected). ``?page=N&size=M`` pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, request

from plangraph.queries import instruments
from plangraph.server import facets
from plangraph.server.browse import local_href, render, revalidated_pages, select
from plangraph.server.errors import Link, ProtocolError
from plangraph.server.facets import Field, ListSpec, Selection
from plangraph.server.i18n import language, translate
from plangraph.server.list_specs import SPECS
from plangraph.server.state import get_state

blueprint = Blueprint("lists", __name__)
revalidated_pages(blueprint)  # ETag and Last-Modified; 304 when the client's copy is current

PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
FACET_VALUES = 30  # values shown per facet, most frequent first
RESERVED = ("page", "size", "lang")


@dataclass
class View:
    """A list request, read and checked: which facet values, which page."""

    spec: ListSpec
    selection: Selection = field(default_factory=list)
    page: int = 1
    size: int = PAGE_SIZE

    def url(self, *, add: tuple[Field, str] | None = None, remove: tuple[Field, str] | None = None,
            page: int = 1) -> str:
        pairs = [(f.key, v) for f, v in self.selection if (f, v) != remove]
        if add is not None:
            pairs.append((add[0].key, add[1]))
        if page != 1:
            pairs.append(("page", str(page)))
        if self.size != PAGE_SIZE:
            pairs.append(("size", str(self.size)))
        if request.args.get("lang") in ("vi", "en"):
            pairs.append(("lang", request.args["lang"]))
        return request.path + ("?" + urlencode(pairs) if pairs else "")


def _number(name: str, default: int, largest: int) -> int:
    given = request.args.get(name)
    if given is None:
        return default
    if not (given.isascii() and given.isdigit() and len(given) <= 9) or not 1 <= int(given) <= largest:
        raise ProtocolError(400, f"{name} must be a whole number from 1 to {largest}, not {given[:50]!r}")
    return int(given)


def read_view(spec: ListSpec) -> View:
    """The request's facets and page; a parameter this list does not know or a value its facet
    cannot hold is a 400 that says which."""
    for key in request.args:
        if key not in RESERVED and spec.facet(key) is None:
            known = ", ".join(f.key for f in spec.facets)
            raise ProtocolError(400, f"unknown parameter {key[:50]!r}: the facets of /{spec.name} are {known}",
                                links=_ways_on(key))
    selection: Selection = []
    for key, value in request.args.items(multi=True):
        facet = spec.facet(key)
        if facet is None:
            continue
        try:
            if facet.code and "://" not in value:
                value = _place_code(value)
            elif facet.key == "instrument" and "://" not in value:
                value = _instrument_iri(value)
            if (facet, value) in selection:
                continue
            try:
                facets.term(facet, value)
            except facets.FacetValueError as exc:
                raise ProtocolError(400, f"bad value for facet {key!r}: {exc}") from None
        except ProtocolError as exc:
            raise ProtocolError(exc.status, exc.message, exc.headers, links=_ways_on(key, value)) from None
        selection.append((facet, value))
    try:
        return View(spec, selection, _number("page", 1, 10**6), _number("size", PAGE_SIZE, MAX_PAGE_SIZE))
    except ProtocolError as exc:
        raise ProtocolError(exc.status, exc.message, links=_ways_on("page") + _ways_on("size")[:1]) from None


def _ways_on(key: str, value: str | None = None) -> tuple[Link, ...]:
    """From a list asked with a bad *key* (=*value*): the same list without it, and the list unfiltered."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if not (k == key and value in (None, v))]
    without = request.path + ("?" + urlencode(kept) if kept else "")
    return (Link("error_without_value", without), Link("error_unfiltered", request.path.removesuffix(".json")))


def _place_code(code: str) -> str:
    """A place given by its code (``31``, ``VN``), as the comparison pages take it: the code as the store writes
    it, which keeps the items of every place documents of this store are issued for under it (two units can
    share a code: Hải Phòng before and after the 2025 merger is 31)."""
    from plangraph.server.compare import cities

    for city in cities():
        if city["code"].casefold() == code.strip().casefold():
            return str(city["code"])
    known = ", ".join(dict.fromkeys(city["code"] for city in cities()[:20]))
    raise ProtocolError(400, f"city: no document of this store is issued for the place with code {code[:20]!r} "
                             f"(codes: {known})")


def _codes() -> facets.Codes:
    """Each place code → the places documents of this store are issued for under it."""
    from plangraph.server.compare import cities

    found: dict[str, tuple[str, ...]] = {}
    for city in cities():
        found[str(city["code"])] = (*found.get(str(city["code"]), ()), str(city["iri"]))
    return found


def _code_label(code: str) -> str:
    """The places a code names, for the chip of a selected code: ``Thành phố Hải Phòng (31)``."""
    from plangraph.server.compare import cities

    names = list(dict.fromkeys(str(city["name"]) for city in cities() if city["code"] == code))
    return f"{' / '.join(names) or code} ({code})"


def _instrument_iri(spelling: str) -> str:
    """An instrument given by its number in any spelling (``nđ 40/2014``), as the query API takes it: the IRI of
    the instrument of this store it names (see :mod:`plangraph.queries.instruments`)."""
    try:
        found = instruments.resolve(spelling, select)
    except instruments.InstrumentNotFound as exc:
        raise ProtocolError(400, f"instrument: {exc}") from None
    if len(found.iris) > 1:
        raise ProtocolError(400, f"instrument: {found.id_local} is the number of {len(found.iris)} instruments "
                                 f"({', '.join(found.iris)}); give the IRI of one")
    return found.iris[0]


def _cells(spec: ListSpec, items: list[str]) -> dict[str, dict[str, list[dict[str, str]]]]:
    """item → field → its values (value, language, extra), and counts as one value."""
    found: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    if items:
        for row in select(facets.rows_query(spec, items)):
            found[row["item"]][row["field"]].append(row)
    return found


def _labels(iris: set[str]) -> facets.Candidates:
    candidates: facets.Candidates = defaultdict(list)
    if iris:
        for row in select(facets.labels_query(sorted(iris))):
            candidates[row["value"]].append((row["p"], row["label"], row.get("lang", "")))
    return candidates


def _shown(f: Field, value: str, labels: facets.Candidates, lang: str) -> str:
    if facets.is_code(f, value):
        return _code_label(value)
    if f.kind == "iri":
        return facets.choose_label(labels.get(value, []), f.names, lang) or value
    return translate(f.translate + value) if f.translate else value


def _source_href(source: str, line: str | None) -> str:
    """The source view of *source*, at *line* if given (as quotes on entity pages link to it)."""
    return local_href(source) + "/text" + (f"#L{line}" if line else "")


def _row(spec: ListSpec, item: str, cells: dict[str, list[dict[str, str]]], labels: facets.Candidates,
         lang: str) -> dict[str, Any]:
    label = facets.choose_text([(c["value"], c.get("lang", "")) for c in cells.get("label", [])], lang)
    row: dict[str, Any] = {"iri": item, "href": local_href(item), "label": " / ".join(label) or item, "cells": {}}
    for f in (f for f in spec.fields if f.column):
        values = cells.get(f.key, [])
        if f.kind == "count":
            row["cells"][f.key] = int(values[0]["count"]) if values else 0
        elif f.kind == "source":
            row["cells"][f.key] = [{"href": _source_href(v["value"], v.get("extra")), "line": v.get("extra")}
                                   for v in values]
        elif f.kind == "iri":
            iris = sorted({v["value"] for v in values})
            row["cells"][f.key] = sorted(({"iri": i, "href": local_href(i), "label": _shown(f, i, labels, lang)}
                                          for i in iris), key=lambda v: v["label"])
        else:
            texts = facets.choose_text([(v["value"], v.get("lang", "")) for v in values], lang)
            row["cells"][f.key] = [{"value": v, "label": _shown(f, v, labels, lang)} for v in texts]
    return row


def _planned(spec: ListSpec, selection: facets.Selection, codes: facets.Codes) -> tuple[facets.Selection, bool]:
    """The selection in the order its items are read, and whether they are checked against the list one by one
    (:func:`plangraph.server.facets.planned`): from how many items each value keeps and the list holds."""
    if not selection:
        return selection, True
    sizes = {int(row["i"]): int(row["n"]) for row in select(facets.sizes_query(spec, selection, codes))}
    listed = int(select(facets.total_query(spec, []))[0]["n"])  # the unfiltered page's count, kept per snapshot
    return facets.planned(selection, sizes, listed)


def build(view: View) -> dict[str, Any]:
    """The page's context: the rows of this page, the facets with their counts, the paging links."""
    spec, lang = view.spec, language()
    codes = _codes()
    selection, checked = _planned(spec, view.selection, codes)
    total = int(select(facets.total_query(spec, selection, codes, checked=checked))[0]["n"])
    pages = max(1, -(-total // view.size))
    if view.page > pages:
        raise ProtocolError(404, f"there is no page {view.page}: /{spec.name} has {pages} page(s) of {view.size}",
                            links=(Link("error_last_page", view.url(page=pages)),
                                   Link("error_first_page", view.url())))
    offset = (view.page - 1) * view.size
    items = [row["item"] for row in select(facets.page_query(spec, selection, limit=view.size, offset=offset,
                                                             codes=codes, checked=checked))]
    cells = _cells(spec, items)
    counted: dict[str, list[tuple[str, int]]] = defaultdict(list)
    query = facets.facet_query(spec, selection, per_facet=FACET_VALUES, codes=codes, checked=checked)
    for row in select(query) if query else []:
        counted[row["facet"]].append((row["value"], int(row["count"])))
    iris = {i for f in spec.facets if f.kind == "iri" for i, _ in counted[f.key]}
    iris |= {v for f, v in view.selection if f.kind == "iri" and not facets.is_code(f, v)}
    for item_cells in cells.values():
        iris |= {c["value"] for f in spec.fields if f.kind == "iri" for c in item_cells.get(f.key, [])}
    labels = _labels(iris)
    selected = [{"facet": f.key, "value": v, "label": _shown(f, v, labels, lang), "remove": view.url(remove=(f, v))}
                for f, v in view.selection]
    facet_list = []
    for f in spec.facets:
        values = []
        for value, count in counted[f.key][:FACET_VALUES]:
            chosen = (f, value) in view.selection
            values.append({"value": value, "label": _shown(f, value, labels, lang), "count": count,
                           "selected": chosen,
                           "href": view.url(remove=(f, value)) if chosen else view.url(add=(f, value))})
        values.sort(key=lambda v: (-v["count"], v["label"]))
        facet_list.append({"key": f.key, "values": values, "truncated": len(counted[f.key]) > FACET_VALUES})
    return {
        "list": spec.name, "total": total, "page": view.page, "pages": pages, "size": view.size,
        "first": offset + 1 if items else 0, "last": offset + len(items),
        "prev": view.url(page=view.page - 1) if view.page > 1 else None,
        "next": view.url(page=view.page + 1) if view.page < pages else None,
        "selected": selected, "facets": facet_list,
        "columns": [{"key": f.key, "kind": f.kind} for f in spec.fields if f.column],
        "rows": [_row(spec, item, cells.get(item, {}), labels, lang) for item in items],
    }


def show(name: str) -> Response:
    view = read_view(SPECS[name])
    if view.selection:
        context = build(view)
    else:  # the unfiltered pages are dataset-wide figures: computed once per snapshot
        key = f"list:{request.path}:{view.page}:{view.size}:{language()}:{request.args.get('lang')}"
        context = get_state().per_version(key, lambda: build(view))
    return render("list.html", context)


for _name in SPECS:
    blueprint.add_url_rule(f"/{_name}", _name, show, methods=["GET"], defaults={"name": _name})
    blueprint.add_url_rule(f"/{_name}.json", f"{_name}_json", show, methods=["GET"], defaults={"name": _name})
