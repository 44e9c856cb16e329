"""RDF for the agents of one document graph: agencies, places, people, posts and signings.

Agencies are collected while the document is mapped (every surface form seen becomes an
``skos:altLabel``) and written once at the end, with their kind, place and parent organisation.
"""

from __future__ import annotations

import datetime as dt

from plangraph.ingest.map.graph import GraphBuilder
from plangraph.ingest.map.provenance import add_mention, derive
from plangraph.ingest.map.terms import (
    CONCEPT,
    CV,
    DCT,
    ELI,
    FOAF,
    ORG,
    PERSON,
    PG,
    PROV,
    RDF,
    RDFS,
    SKOS,
    WD,
    en,
    string,
    vi,
)
from plangraph.ingest.records import AgencyMention, Signature
from plangraph.ingest.understand.agencies import AgencyName, as_group, kind_name
from plangraph.ingest.understand.signers import role as role_key
from plangraph.language import places
from plangraph.language.lexicon import PLACE_NAMED_KINDS, WIKIDATA_AGENCIES
from plangraph.ontology.concepts import scheme
from plangraph.ontology.iris import Minter, fragment


class AgentNodes:
    def __init__(self, g: GraphBuilder, minter: Minter, scope: str, source: str, text: str,
                 date: dt.date | None = None) -> None:
        self.g, self.minter, self.scope, self.source, self.text = g, minter, scope, source, text
        self.date = date  # the document's date: a province named in it is the unit in force then
        self.labels: dict[str, AgencyName] = {}  # canonical name per agency IRI
        self.scopes: dict[str, str] = {}  # scope (place unit or "vn") per agency IRI
        self.surfaces: dict[str, set[str]] = {}  # every surface form seen per agency IRI

    def resolve(self, agency: AgencyName) -> AgencyName:
        """*agency* as this document means it: a provincial kind named without a place in a national
        document (``Sở Y tế`` in a Prime Minister's plan) is every province's agency of that kind."""
        if (self.scope == "vn" and agency.kind and not agency.group and not agency.place
                and scheme("agency-kind")[agency.kind].level == "province"):
            return as_group(agency, "province")
        return agency

    def org_for(self, agency: AgencyName, scope: str | None = None) -> str:
        """The IRI of *agency* (in *scope*, else where it belongs), remembered for :meth:`write_agencies`."""
        agency = self.resolve(agency)
        scope = scope or self.scope_of(agency)
        iri = self.org_iri(agency, scope)
        self.remember(iri, agency, scope)
        return iri

    def scope_of(self, agency: AgencyName) -> str:
        if agency.national:
            return "vn"
        named = places.unit_for(agency.place, self.date) if agency.place else None
        return named if named and named != self.scope and agency.kind else self.scope

    def org_iri(self, agency: AgencyName, scope: str) -> str:
        return self.minter.org(scope, agency.key)

    def remember(self, iri: str, agency: AgencyName, scope: str) -> None:
        self.labels.setdefault(iri, agency)
        self.scopes.setdefault(iri, scope)
        self.surfaces.setdefault(iri, set()).add(agency.surface)

    def agency_mention(self, subject: str, mention: AgencyMention, name: str) -> str:
        agency = self.resolve(mention.agency)
        scope = self.scope_of(agency)
        org = self.org_iri(agency, scope)
        self.remember(org, agency, scope)
        add_mention(self.g, subject, name, PG.AgencyMention, f"Nhắc đến {agency.canonical}", org,
                    self.source, self.text, mention.loc)
        return org

    def write_agencies(self) -> None:
        for iri, agency in sorted(self.labels.items()):
            self._org(iri, agency, self.scopes[iri], self.surfaces[iri])

    def _org(self, iri: str, agency: AgencyName, scope: str, surfaces: set[str]) -> None:
        if agency.group:
            self._group(iri, agency, scope, surfaces)
            return
        g = self.g
        for cls in (ORG.Organization, CV.PublicOrganisation, ELI.Organization, FOAF.Agent):
            g.add(iri, RDF.type, cls)
        g.add(iri, SKOS.prefLabel, vi(agency.canonical))
        named_with_place = scope == "vn" or agency.kind in PLACE_NAMED_KINDS
        label = agency.canonical if named_with_place else f"{agency.canonical} {places.province_label(scope)}"
        g.add(iri, RDFS.label, vi(label))
        for surface in sorted(surfaces - {agency.canonical}):
            g.add(iri, SKOS.altLabel, vi(surface))
        if scope != "vn":
            g.add(iri, DCT.spatial, self.place(scope))
        elif agency.kind in WIKIDATA_AGENCIES and agency.key == agency.kind:
            g.add(iri, SKOS.exactMatch, WD[WIKIDATA_AGENCIES[agency.kind]])
        if agency.kind:
            concept = scheme("agency-kind")[agency.kind]
            g.add(iri, ORG.classification, concept.iri)
            if concept.label_en:
                where = "" if scope == "vn" else f", {places.province_name(scope)}"
                g.add(iri, RDFS.label, en(f"{concept.label_en}{where}"))
            parent_kind = concept.parent
        else:
            parent_kind = "uy-ban-nhan-dan" if agency.canonical.startswith("Sở ") else None
        if parent_kind:
            parent_scope = "vn" if scheme("agency-kind")[parent_kind].level == "national" else scope
            parent = self.minter.org(parent_scope, parent_kind)
            g.add(iri, ORG.subOrganizationOf, parent)
            g.add(iri, ORG.transitiveSubOrganizationOf, parent)
            if parent not in self.labels:
                self.labels[parent] = kind_name(parent_kind, parent_scope)
                self.scopes[parent] = parent_scope
                self.surfaces[parent] = set()
                self._org(parent, self.labels[parent], parent_scope, set())

    def _group(self, iri: str, agency: AgencyName, scope: str, surfaces: set[str]) -> None:
        """Agencies named collectively: a foaf:Group (also an org:Organization, so agency lists and searches
        show it) with its kind and its members' level, and no parent or Wikidata item of its own."""
        g = self.g
        for cls in (ORG.Organization, FOAF.Group, FOAF.Agent):
            g.add(iri, RDF.type, cls)
        g.add(iri, SKOS.prefLabel, vi(agency.canonical))
        where = "" if scope == "vn" else f" ({places.province_name(scope)})"
        g.add(iri, RDFS.label, vi(agency.canonical + where))
        for surface in sorted(surfaces - {agency.canonical}):
            g.add(iri, SKOS.altLabel, vi(surface))
        if scope != "vn":
            g.add(iri, DCT.spatial, self.place(scope))
        for level in agency.levels:
            g.add(iri, PG.administrativeLevel, CONCEPT[f"administrative-level/{level}"])
        if agency.kind:
            concept = scheme("agency-kind")[agency.kind]
            g.add(iri, ORG.classification, concept.iri)
            if concept.label_en and agency.levels:
                levels = ", ".join(scheme("administrative-level")[level].label_en.lower() for level in agency.levels)
                g.add(iri, RDFS.label, en(f"{concept.label_en} ({levels}, collectively){where}"))

    def place(self, scope: str) -> str:
        """The place *scope* ("vn" or a place unit), named as in the place scheme (``ontology/places.ttl``,
        which also holds its validity and what it replaced)."""
        g = self.g
        iri = self.minter.place(scope)
        names = places.place_names(scope)
        for cls in (SKOS.Concept, ELI.AdministrativeArea, DCT.Location):
            g.add(iri, RDF.type, cls)
        g.add(iri, SKOS.inScheme, places.SCHEME)
        # One skos:prefLabel per node in a document graph, as for agencies (queries read it per graph);
        # the English name is an rdfs:label here and a prefLabel in the place scheme.
        g.add(iri, SKOS.prefLabel, vi(names.vi))
        g.add(iri, RDFS.label, vi(names.vi))
        g.add(iri, RDFS.label, en(names.en))
        g.add(iri, SKOS.notation, string(names.notation))
        for relation, qid in places.wikidata(scope):
            g.add(iri, SKOS[relation], WD[qid])
        return iri

    def signing(self, subject: str, signature: Signature, issuer: str, name: str) -> None:
        """The signature block of *subject*: who signed (resolved *name*), holding which post, for whom."""
        g = self.g
        person = self.minter.person(self.scope, name)
        node = fragment(subject, "signing")
        g.add(subject, PG.signature, node)
        g.add(subject, PG.signedBy, person)
        g.add(subject, PROV.wasAttributedTo, person)
        g.add(node, RDF.type, PG.Signing)
        g.add(node, RDF.type, PROV.Activity)
        g.add(node, RDFS.label, vi(f"Ký {signature.role_text.lower()} {name}".replace("  ", " ")))
        g.add(node, PROV.wasAssociatedWith, person)
        association = fragment(node, "association")
        g.add(node, PROV.qualifiedAssociation, association)
        g.add(association, RDF.type, PROV.Association)
        g.add(association, RDFS.label, vi(f"{name} ký văn bản"))
        g.add(association, PROV.agent, person)
        for key, target in signature.authorities:
            g.add(association, PROV.hadRole, CONCEPT[f"authority/{key}"])
            if key == "tm":
                g.add(node, PG.onBehalfOf, issuer)
            else:
                held = role_key(target)
                if held:
                    g.add(node, PG.signedFor, self.post(issuer, held))
        if signature.role:
            post = self.post(issuer, signature.role)
            g.add(node, PG.inCapacityOf, post)
            g.add(person, ORG.holds, post)
            g.add(post, ORG.heldBy, person)
        for cls in (PERSON.Person, FOAF.Person, PROV.Person, ELI.Person):
            g.add(person, RDF.type, cls)
        g.add(person, FOAF.name, string(name))
        g.add(person, RDFS.label, vi(name))
        if signature.name != name:
            g.add(person, SKOS.altLabel, vi(signature.name))
        derive(g, node, self.source, self.text, signature.loc)

    def post(self, org: str, role: str) -> str:
        g = self.g
        post = self.minter.post(org, role)
        concept = scheme("role")[role]
        org_label = self.labels[org].canonical if org in self.labels else ""
        g.add(post, RDF.type, ORG.Post)
        g.add(post, RDFS.label, vi(f"{concept.label_vi} {org_label}".strip()))
        g.add(post, ORG.postIn, org)
        g.add(org, ORG.hasPost, post)
        g.add(post, ORG.role, concept.iri)
        return post
