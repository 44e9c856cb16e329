"""Deterministic IRIs under a configurable base: the same thing gets the same IRI in every graph.

Documents follow an ELI-style template with the issuer in the path, because a number such as
``281/QĐ-UBND`` is unique only within one issuer and year::

    {base}eli/vn/{issuer}/{type}/{year}/{number}     e.g. eli/vn/ubnd-31/qd/2016/281, eli/vn/cp/nd/2014/40
    {base}id/org/{scope}/{key}                       e.g. id/org/31/so-khoa-hoc-va-cong-nghe, id/org/vn/chinh-phu
    {base}id/person/{scope}/{name}, {base}id/place/{unit}, {base}id/programme/{scope}/{name}

A scope is ``"vn"`` or a place unit (``"31"``, ``"82/2025"``, see ``places``); agencies, people and
programmes are scoped by its code alone (``id/org/82/…``), places by the whole unit (``id/place/82/2025``).
    {base}source/{sha256 prefix}, {base}graph/vn/{issuer}/{type}/{year}/{number}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from plangraph.language.folding import slugify
from plangraph.language.places import code_of
from plangraph.ontology.concepts import scheme

DEFAULT_BASE = "https://w3id.org/plangraph/"


class Identified(Protocol):
    """What identifies a document: a citation of it (``plangraph.ingest``) or any record with these fields."""

    @property
    def doc_type(self) -> str: ...  # doctype concept key
    @property
    def number(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def issuer(self) -> str: ...  # issuer abbreviation ("UBND", "CP", "TTg")
    @property
    def scope(self) -> str: ...  # "vn" or a place unit
    @property
    def id_local(self) -> str: ...
    @property
    def title(self) -> str | None: ...


@dataclass(frozen=True)
class DocumentId:
    """A document's identity given field by field (the ontology's own references, e.g. the merger's legal basis)."""

    doc_type: str
    number: str | None
    year: int | None
    issuer: str
    scope: str
    id_local: str
    title: str | None = None


def issuer_segment(citation: Identified) -> str:
    """The issuer part of an ELI path: ``cp``, ``ttg``, ``ubnd-31``, ``skhcn-31``."""
    base = slugify(citation.issuer)
    return base if citation.scope == "vn" else f"{base}-{code_of(citation.scope)}"


@dataclass(frozen=True)
class Minter:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.startswith(("http://", "https://")) or not self.base.endswith("/"):
            raise ValueError(f"IRI base must be an http(s) IRI ending in '/': {self.base!r}")

    def document_path(self, citation: Identified) -> str:
        type_segment = slugify(scheme("doctype")[citation.doc_type].notations[0]
                               if scheme("doctype")[citation.doc_type].notations else citation.doc_type)
        year = str(citation.year) if citation.year else "undated"
        number = citation.number or slugify(citation.title or citation.id_local)
        return f"vn/{issuer_segment(citation)}/{type_segment}/{year}/{number}"

    def document(self, citation: Identified) -> str:
        return f"{self.base}eli/{self.document_path(citation)}"

    def graph(self, citation: Identified) -> str:
        return f"{self.base}graph/{self.document_path(citation)}"

    def org(self, scope: str, key: str) -> str:
        return f"{self.base}id/org/{code_of(scope)}/{key}"

    def post(self, org: str, role: str) -> str:
        return f"{org}/post/{role}"

    def person(self, scope: str, name: str) -> str:
        return f"{self.base}id/person/{code_of(scope)}/{slugify(name)}"

    def place(self, unit: str) -> str:
        return f"{self.base}id/place/{unit}"

    def programme(self, scope: str, name: str) -> str:
        return f"{self.base}id/programme/{code_of(scope)}/{slugify(name)}"

    def source(self, sha256: str) -> str:
        return f"{self.base}source/{sha256[:16]}"

    def software(self) -> str:
        return f"{self.base}id/software/plangraph"


def fragment(iri: str, name: str) -> str:
    """A node described together with *iri*: ``…/kh-1#src``, or ``…#cite-1-src`` under a fragment."""
    return f"{iri}-{name}" if "#" in iri else f"{iri}#{name}"
