"""RDF namespaces as pyoxigraph term factories, and literal helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pyoxigraph import Literal, NamedNode


class Namespace:
    """``EX.term`` → ``NamedNode(base + "term")``."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):  # copy, pickle and friends probe for dunders: not terms
            raise AttributeError(name)
        node = NamedNode(self.base + name)
        setattr(self, name, node)  # the next lookup finds the term without calling here
        return node

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.base + name)


PG = Namespace("https://w3id.org/plangraph/ontology#")
CONCEPT = Namespace("https://w3id.org/plangraph/concept/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
PPLAN = Namespace("http://purl.org/net/p-plan#")
SCHEMA = Namespace("http://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
TIME = Namespace("http://www.w3.org/2006/time#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PERSON = Namespace("http://www.w3.org/ns/person#")
OA = Namespace("http://www.w3.org/ns/oa#")
CNT = Namespace("http://www.w3.org/2011/content#")
CV = Namespace("http://data.europa.eu/m8g/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
WD = Namespace("http://www.wikidata.org/entity/")
SPDX = Namespace("http://spdx.org/rdf/terms#")

RFC5147 = NamedNode("http://tools.ietf.org/rfc/rfc5147")
LANG_VIE = NamedNode("http://publications.europa.eu/resource/authority/language/VIE")
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
TEXT_PLAIN = NamedNode(MEDIA_TYPES + "text/plain")


def media_type(name: str) -> NamedNode:
    """The IANA registry IRI of a media type such as ``application/pdf``."""
    return NamedNode(MEDIA_TYPES + name)


def vi(text: str) -> Literal:
    return Literal(text, language="vi")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def string(text: str) -> Literal:
    return Literal(text)


def integer(value: int) -> Literal:
    """An xsd:integer. Oxigraph stores derived types (positiveInteger, …) as xsd:integer anyway, so
    plangraph writes xsd:integer and states the bounds in its shapes."""
    return Literal(str(value), datatype=XSD.integer)


def decimal(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form ("850", "2.5"), as Oxigraph stores it."""
    text = format(value.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def gyear(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)
