"""The dataset's description for people (``/void``, and ``/void.json``): the facts of the VoID/DCAT description
(``/.well-known/void``) — title, licence, publisher, last change, size, classes, properties, the graph of each
document with its dump — laid out as a page in the interface's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plangraph.server.jsonld import CONTEXT, CONTEXT_PATH, compact_iri
from plangraph.server.statistics import Statistics
from plangraph.server.void import DESCRIPTIONS, TITLES, Publication, dump_url, modified_at, vocabularies

# Licences a reader knows by name (anything else is shown as its IRI).
LICENCE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/": "ODbL 1.0",
    "http://opendatacommons.org/licenses/pddl/1.0/": "PDDL 1.0",
}
PREFIX_OF = {namespace: prefix for prefix, namespace in CONTEXT.items()}
FORMATS = (("Turtle", "text/turtle"), ("JSON-LD", "application/ld+json"), ("N-Triples", "application/n-triples"),
           ("RDF/XML", "application/rdf+xml"))


def _terms(pairs: tuple[tuple[str, int], ...], href: Callable[[str], str | None]) -> list[dict[str, Any]]:
    return [{"iri": iri, "name": compact_iri(iri), "href": href(iri), "count": count}
            for iri, count in sorted(pairs, key=lambda pair: (-pair[1], pair[0]))]


def void_context(stats: Statistics, publication: Publication, *, version: int, created: float, lang: str,
                 href: Callable[[str], str | None]) -> dict[str, Any]:
    root = publication.root
    other = "en" if lang == "vi" else "vi"
    return {
        "title": TITLES[lang], "other_title": TITLES[other], "description": DESCRIPTIONS[lang],
        "license": {"iri": publication.license, "name": LICENCE_NAMES.get(publication.license, publication.license)},
        "publisher": {"name": publication.publisher,
                      "href": publication.publisher if publication.publisher_is_iri else f"{root}/"},
        "modified": modified_at(created), "version": version,
        "counts": {"triples": stats.triples, "quads": stats.quads, "subjects": stats.subjects,
                   "classes": len(stats.classes), "properties": len(stats.properties), "graphs": len(stats.graphs)},
        "endpoint": "/sparql", "dump": "/dump", "context": CONTEXT_PATH,
        "formats": [{"name": name, "href": f"/.well-known/void?format={name.lower().replace('/', '').replace('-', '')}",
                     "type": media} for name, media in FORMATS],
        "vocabularies": [{"iri": iri, "prefix": PREFIX_OF[iri]} for iri in vocabularies(stats)],
        "classes": _terms(stats.classes, href),
        "properties": _terms(stats.properties, href),
        "graphs": [{"iri": graph, "href": href(graph), "triples": count, "dump": dump_url("", graph)}
                   for graph, count in stats.graphs],
        "query": "",
    }
