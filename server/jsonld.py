"""JSON-LD as people and programs read it: compacted against one published ``@context``.

The context (:data:`CONTEXT`) is served at ``/context.jsonld`` and names the vocabularies plangraph uses as
prefixes (``eli:``, ``pg:``, ``schema:`` …). Every JSON-LD document the server writes refers to it by URL and
is compacted against it: one node object per subject in ``@graph``, its properties and types written as
compact IRIs (``eli:id_local``, ``@type: eli:LegalResource``), a value alone where there is one and a list
where there are several, plain strings for ``xsd:string`` literals, ``{"@value", "@language"}`` or
``{"@value", "@type": "xsd:date"}`` otherwise, node IRIs in full. Expanding the document with the context
gives back exactly the triples that were written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from plangraph.store.export import PREFIXES as EXPORT_PREFIXES

__all__ = ["CONTEXT", "CONTEXT_PATH", "compact", "context_document"]

CONTEXT_PATH = "/context.jsonld"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Every vocabulary the data, the ontology and the dataset's description use (each IRI ends in "#" or "/",
# so each is a prefix in JSON-LD 1.1 as well as 1.0).
CONTEXT: dict[str, str] = {
    **EXPORT_PREFIXES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "cnt": "http://www.w3.org/2011/content#",
    "cv": "http://data.europa.eu/m8g/",
    "person": "http://www.w3.org/ns/person#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "spdx": "http://spdx.org/rdf/terms#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


def context_document() -> dict[str, Any]:
    """The document served at :data:`CONTEXT_PATH`."""
    return {"@context": dict(sorted(CONTEXT.items()))}


_BY_LENGTH = sorted(CONTEXT.items(), key=lambda item: -len(item[1]))


def compact_iri(iri: str) -> str:
    """``eli:id_local`` for the IRI of eli:id_local; the IRI itself when no prefix writes it safely.

    >>> compact_iri("http://data.europa.eu/eli/ontology#LegalResource")
    'eli:LegalResource'
    >>> compact_iri("https://w3id.org/plangraph/eli/vn/cp/nd/2014/40")
    'https://w3id.org/plangraph/eli/vn/cp/nd/2014/40'
    """
    for prefix, namespace in _BY_LENGTH:
        local = iri[len(namespace):]
        # a suffix starting with "//" would read as a network path; a ":" could make it look like another IRI
        if iri.startswith(namespace) and local and not local.startswith("//") and ":" not in local:
            return f"{prefix}:{local}"
    return iri


def _node(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Any:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _node(term)}
    datatype = term.datatype.value
    if term.language:
        value: dict[str, str] = {"@value": term.value, "@language": term.language}
        if term.direction is not None:
            value["@direction"] = str(term.direction)
        return value
    if datatype in (XSD_STRING, LANG_STRING, DIR_LANG_STRING):
        return term.value
    return {"@value": term.value, "@type": compact_iri(datatype)}


def compact(triples: Iterable[ox.Triple], context: str | None) -> dict[str, Any]:
    """The triples as a compacted JSON-LD document whose ``@context`` is the URL *context* (or, when None, the
    context itself, inline). Raises ``ValueError`` for an RDF 1.2 triple term, which JSON-LD cannot write."""
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        if not isinstance(triple.subject, ox.NamedNode | ox.BlankNode) or isinstance(triple.object, ox.Triple):
            raise ValueError("JSON-LD cannot write an RDF 1.2 triple term")
        subject = _node(triple.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            key, value = "@type", compact_iri(triple.object.value)
        else:
            key, value = compact_iri(triple.predicate.value), _value(triple.object)
        present = node.get(key)
        if present is None:
            node[key] = value
        elif isinstance(present, list):
            if value not in present:
                present.append(value)
        elif present != value:
            node[key] = [present, value]
    graph = [{"@id": node.pop("@id"), **({"@type": node.pop("@type")} if "@type" in node else {}), **node}
             for node in nodes.values()]
    return {"@context": context if context is not None else context_document()["@context"], "@graph": graph}


def size(triple: ox.Triple, new_subject: bool) -> int:
    """About how many bytes *triple* adds to a document :func:`dumps` writes (a little more, unless it repeats a
    value): its key and value as written and their indentation, and the node object it opens when its subject is
    *new_subject*. The byte cap on JSON-LD results counts with it."""
    try:
        value = json.dumps(_value(triple.object), ensure_ascii=False, indent=1)  # type: ignore[arg-type]
    except AttributeError:  # a triple term: not written
        return 0
    added = len(compact_iri(triple.predicate.value).encode("utf-8")) + len(value.encode("utf-8")) \
        + 3 * (value.count("\n") + 1) + 10
    if new_subject:
        added += len(str(triple.subject).encode("utf-8")) + 16
    return added


def dumps(triples: Iterable[ox.Triple], context: str | None) -> bytes:
    return json.dumps(compact(triples, context), ensure_ascii=False, indent=1).encode("utf-8")
