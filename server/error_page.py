"""Errors as pages for people: one template (``error.html``) with the site's bar and search box, in the page's
language, saying what went wrong, what was asked, and where to go from there.

For a page that does not exist — an unknown IRI, an unknown path — the nearest things that do are offered: the
closest existing resource above it (``…/281/kh-9`` → the decision ``…/281``) and the best search hits for the
words of its path. A SPARQL syntax error shows the query with the line marked and says, in the page's language,
what SPARQL expected there (:mod:`plangraph.server.sparql_errors`). Finding suggestions never fails the page.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote_plus, urlencode

from flask import Response, current_app, g, request
from pyoxigraph import NamedNode

from plangraph.server import paths
from plangraph.server.errors import Link
from plangraph.server.i18n import STRINGS, language, translate
from plangraph.server.sparql_errors import describe, read_syntax_error

log = logging.getLogger("plangraph.server")

MATCHES = 6  # search hits offered on a "not found" page
EDITOR_LINK_CHARS = 4000  # a query longer than this is not put into a link back to the editor
# Path segments that say where an IRI lives rather than what it names: left out of the words searched for.
_STRUCTURE = frozenset({"eli", "id", "source", "graph", "concept", "vn", "org", "person", "place", "text", "json",
                        "html"})
_WORD = re.compile(r"[^\W_]+")


def _known(iri: str) -> str | None:
    """The label of *iri* (its IRI when it has none) if the store knows it, else None."""
    from plangraph.server.browse import PREFIXES, select

    node = NamedNode(iri)
    if not select(f"SELECT ?k WHERE {{ {{ {node} ?k ?o }} UNION {{ ?s ?k {node} }} }} LIMIT 1"):
        return None
    labels = select(PREFIXES + f"SELECT ?label (LANG(?label) AS ?lang) WHERE {{ "
                    f"{node} rdfs:label|skos:prefLabel|dct:title ?label }}")
    wanted = language()
    ranked = sorted(labels, key=lambda row: (row.get("lang", "") not in (wanted, ""), row["label"]))
    return ranked[0]["label"] if ranked else iri


def _iri_of(path: str) -> str | None:
    """The IRI a path of this server stands for, when it is one this server mints or serves."""
    segments = path.strip("/").split("/")
    if segments[0] in paths.MINTED:
        return current_app.config["PLANGRAPH_BASE"] + path.strip("/").removesuffix(".json")
    if segments[0] == "concept":
        return paths.CONCEPT_BASE + "/".join(segments[1:]).removesuffix(".json")
    return None


def _nearest_above(path: str) -> list[dict[str, str]]:
    """The closest resource that exists above the IRI of *path* (its decision for a missing plan …)."""
    iri = _iri_of(path)
    if iri is None:
        return []
    parts = iri.rstrip("/").split("/")
    base_depth = len(current_app.config["PLANGRAPH_BASE"].rstrip("/").split("/")) + 1
    for cut in range(len(parts) - 1, base_depth, -1):
        candidate = "/".join(parts[:cut])
        try:
            label = _known(candidate)
        except ValueError:
            return []
        if label is not None:
            href = paths.local_href(candidate, current_app.config["PLANGRAPH_BASE"])
            return [{"label": label, "href": href or "", "detail": translate("error_above")}]
    return []


def search_words(path: str) -> str:
    """The words of *path* worth searching for (slugs split, structure segments left out).

    >>> search_words("/id/org/31/so-khoa-hoc-va-cong-ngh")
    '31 so khoa hoc va cong ngh'
    """
    words = [w for segment in path.strip("/").split("/") for w in _WORD.findall(segment.lower())
             if w not in _STRUCTURE]
    return " ".join(words[:12])


def _shared(a: str, b: str) -> int:
    """How many leading characters *a* and *b* share."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _search_hits(words: str, asked: str | None) -> list[dict[str, str]]:
    """The best search hits for *words*; those whose IRI is closest to the IRI *asked* for first (the same
    agency of the same province, a decree of the same year)."""
    from plangraph.server.browse import local_href
    from plangraph.server.search import index_for
    from plangraph.server.state import get_state

    if not words:
        return []
    results = index_for(get_state().snapshot()).search(words, limit=MATCHES)
    hits = sorted((hit for group in results.groups.values() for hit in group),
                  key=lambda h: (-_shared(h.iri, asked or ""), -h.score, h.label))
    return [{"label": hit.label, "href": local_href(hit.iri) or "", "detail": hit.detail} for hit in hits[:MATCHES]]


def _matches(status: int, links: tuple[Link, ...]) -> tuple[list[dict[str, str]], str]:
    """Existing pages near a missing one, and the words searched for them (not when the error already says
    where to go: a list's last page …)."""
    if status != 404 or links or request.method not in ("GET", "HEAD"):
        return [], ""
    words = search_words(request.path)
    found: list[dict[str, str]] = []
    try:
        found = _nearest_above(request.path)
        seen = {item["href"] for item in found}
        found += [hit for hit in _search_hits(words, _iri_of(request.path)) if hit["href"] not in seen]
    except Exception:  # a suggestion is a courtesy: the page says what went wrong without it
        log.warning("no suggestions for %s (request id %s)", request.path, g.get("request_id", ""), exc_info=True)
    return found[:MATCHES], words


def _syntax(message: str) -> dict[str, Any] | None:
    """The query around a SPARQL syntax error, its line marked, and what was expected there."""
    text = g.get("sparql_text")
    problem = read_syntax_error(message, text) if text else None
    if problem is None or text is None:
        return None
    lines = text.split("\n")
    first = max(1, problem.line - 3)
    shown = [{"number": n, "text": lines[n - 1], "marked": n == problem.line}
             for n in range(first, min(len(lines), problem.line + 2) + 1)]
    caret = "".join("\t" if ch == "\t" else " " for ch in lines[problem.line - 1][:problem.column - 1]) + "^" \
        if problem.line <= len(lines) else ""
    editor = "/editor?" + urlencode({"query": text}) if len(text) <= EDITOR_LINK_CHARS else None
    return {"explanation": describe(problem, language()), "lines": shown, "caret": caret, "editor_href": editor}


def _title(status: int) -> str:
    key = f"error_{status}"
    return translate(key) if key in STRINGS else f"{translate('error')} {status}"


def _explanation(status: int) -> str:
    key = f"error_{status}_explain"
    return translate(key) if key in STRINGS else translate("error_explain")


def asked() -> str:
    """The address asked for, as a person reads it (the query string decoded)."""
    query = unquote_plus(request.query_string.decode("utf-8", "replace"))
    return request.path + (f"?{query}" if query else "")


def render_error(status: int, message: str, links: tuple[Link, ...]) -> Response:
    """The error page: what went wrong, what was asked, and where to go from there."""
    from plangraph.server.browse import render

    matches, words = _matches(status, links)
    shown_links: list[dict[str, str]] = []
    for link in links:
        if all(shown["href"] != link.href for shown in shown_links):
            shown_links.append({"label": link.label if link.text else translate(link.label), "href": link.href})
    context = {
        "status": status, "title": _title(status), "explanation": _explanation(status), "message": message,
        "asked": f"{request.method} {asked()}", "links": shown_links, "matches": matches,
        "syntax": _syntax(message), "request_id": g.get("request_id", ""),
        "query": words,  # the search box in the bar, ready to search for the words of a missing page
    }
    response = render("error.html", context)
    response.status_code = status
    return response
