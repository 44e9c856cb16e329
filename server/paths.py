"""Where an IRI that plangraph serves lives on this server: minted IRIs under the configured base,
concepts and ontology terms under their fixed namespaces."""

from __future__ import annotations

from plangraph.ontology import ONTOLOGY_IRI
from plangraph.server.links import safe_href

CONCEPT_BASE = "https://w3id.org/plangraph/concept/"
MINTED = ("eli", "id", "source", "graph")


def local_paths(base: str) -> dict[str, str]:
    """IRI prefixes this server answers for → their path here."""
    return {CONCEPT_BASE: "/concept/", str(ONTOLOGY_IRI) + "#": "/ontology#", str(ONTOLOGY_IRI): "/ontology",
            **{f"{base}{segment}/": f"/{segment}/" for segment in MINTED}}


def local_href(iri: str, base: str) -> str | None:
    """The path of *iri* on this server, or *iri* itself when it is an http(s) IRI served elsewhere, or None
    when it may not be a link at all (``javascript:…``, ``urn:…``: shown as text)."""
    for prefix, path in local_paths(base).items():
        if iri.startswith(prefix):
            return path + iri[len(prefix):]
    return safe_href(iri) if "://" in iri else None


def is_iri(value: str) -> bool:
    """Whether *value* is an absolute IRI pyoxigraph accepts as a named node."""
    from pyoxigraph import NamedNode

    if ":" not in value:
        return False
    try:
        NamedNode(value)
    except ValueError:
        return False
    return True
