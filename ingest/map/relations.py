"""Relations and dates in force → RDF: the ELI triple on the innermost unit that states it, rolled up to the
document, and a statement node with the clause that states it.

Properties (ELI, or plangraph subproperties of ELI; the superproperty is asserted too, for clients without a
reasoner):

========================  =========================================================================================
relation                  triples
========================  =========================================================================================
amends                    ``eli:amends`` the text and each part named (``…/dieu-5/khoan-2``); ``eli:changes`` the text
repeals (whole text)      ``eli:repeals`` and ``eli:changes``; the repealed text's ``eli:date_no_longer_in_force``
                          when the clause dates it
repeals (part of it)      ``eli:repeals`` each part named, ``eli:changes`` the text
replaces (whole text)     ``pg:replaces`` ⊑ ``eli:repeals``, ``eli:repeals``, ``eli:changes``; its date as for a repeal
replaces (part of it)     an amendment (a form, an annex, words replaced): as ``amends``
corrects                  ``eli:corrects``
guides                    ``eli:ensures_implementation_of`` (the text and each part named)
consolidates              ``eli:consolidates``
carries-out               ``pg:carriesOut`` ⊑ ``eli:applies``, and ``eli:applies``
in-force                  ``eli:first_date_entry_in_force`` of the text (the earliest the document states)
========================  =========================================================================================

A relation the document states of itself is said of the innermost unit that states it and of the document (of
the document alone when a task's text states it: a task does not replace a plan); one it states of two
instruments it names is said of those. Each relation gets a ``pg:RelationStatement``
(``rdf:Statement`` and ``oa:Annotation``): ``rdf:subject``/``rdf:predicate``/``rdf:object`` of its main triple,
``pg:mentionedIn`` the unit, ``oa:hasTarget`` the clause (and the introduction of a list, when its verb is printed
there). Derived dates, documented: ``kể từ ngày ký`` (or ``ban hành``, ``được thông qua``) is the document's own
date; a repeal ``kể từ ngày <X> này có hiệu lực`` dates the repealed text by the document's entry into force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from plangraph.ingest.map.graph import GraphBuilder
from plangraph.ingest.map.provenance import add_specific_resource
from plangraph.ingest.map.terms import ELI, OA, PG, RDF, RDFS, date, vi
from plangraph.ingest.records import Relation
from plangraph.ingest.understand.citations import Citation
from plangraph.ontology.concepts import scheme
from plangraph.ontology.iris import fragment

LABELS_VI = {
    "amends": "Sửa đổi, bổ sung", "repeals": "Bãi bỏ", "replaces": "Thay thế", "corrects": "Đính chính",
    "guides": "Quy định chi tiết, hướng dẫn", "consolidates": "Hợp nhất", "carries-out": "Thực hiện",
    "in-force": "Có hiệu lực", "changes": "Sửa đổi một phần",
}


@dataclass
class _Stated:
    holder: str
    relation: Relation
    unit: bool = True  # whether the holder is a unit of the text a relation of the document is said of too


@dataclass
class RelationWriter:
    """Collects the relations of one document's units, then writes them (a repeal dated by the document's entry
    into force needs every statement of that date first)."""

    g: GraphBuilder
    document: str  # the document's IRI
    document_date: dt.date | None
    source: str
    text: str
    instrument: Callable[[Citation], str]  # describes a cited instrument, returns its IRI
    subdivision: Callable[[str, str, str, str, str], None]  # (node, parent, kind, number, label)
    stated: list[_Stated] = field(default_factory=list)

    def add(self, holder: str, relations: list[Relation], *, unit: bool = True) -> None:
        """The relations stated in *holder*; with ``unit=False`` (a task) what it says of the document ("Kế hoạch
        này thay thế …" read into a plan's last duty) is said of the document alone, not of the task."""
        self.stated.extend(_Stated(holder, r, unit) for r in relations)

    # --- writing ------------------------------------------------------------------------------------------
    def write(self) -> None:
        entries: dict[str, list[tuple[dt.date, _Stated]]] = {}
        ends: dict[str, list[tuple[dt.date, _Stated]]] = {}
        own_entry = self._own_entry()
        counts: dict[str, int] = {}
        for item in self.stated:
            r = item.relation
            if r.kind == "in-force":
                subject = self.instrument(r.subject.citation) if r.subject else self.document
                when = self._date(r.date, r.date_rule, own_entry)
                if when is not None:
                    entries.setdefault(subject, []).append((when, item))
                continue
            counts[item.holder] = counts.get(item.holder, 0) + 1
            self._relation(item, f"rel-{counts[item.holder]}", own_entry, ends)
        for subject, dated in entries.items():  # the first date any part enters into force
            when, item = min(dated, key=lambda x: x[0])
            self.g.add(subject, ELI.first_date_entry_in_force, date(when))
            counts[item.holder] = counts.get(item.holder, 0) + 1
            self._statement(item, f"rel-{counts[item.holder]}", subject, ELI.first_date_entry_in_force, date(when))
        for target, dated in ends.items():  # the last date any part ceases to be in force
            when, item = max(dated, key=lambda x: x[0])
            self.g.add(target, ELI.date_no_longer_in_force, date(when))
            counts[item.holder] = counts.get(item.holder, 0) + 1
            self._statement(item, f"rel-{counts[item.holder]}", target, ELI.date_no_longer_in_force, date(when))

    def _own_entry(self) -> dt.date | None:
        """The day the document enters into force, as it states it (the earliest date it gives)."""
        found = [self._date(s.relation.date, s.relation.date_rule, None) for s in self.stated
                 if s.relation.kind == "in-force" and s.relation.subject is None]
        dates = [d for d in found if d is not None]
        return min(dates) if dates else None

    def _date(self, stated: dt.date | None, rule: str, own_entry: dt.date | None) -> dt.date | None:
        if rule == "stated":
            return stated
        if rule == "signed":
            return self.document_date
        if rule == "own-entry":
            return own_entry
        return None

    def _relation(self, item: _Stated, name: str, own_entry: dt.date | None,
                  ends: dict[str, list[tuple[dt.date, _Stated]]]) -> None:
        r, g = item.relation, self.g
        assert r.target is not None
        target = self.instrument(r.target.citation)
        subjects = [self.instrument(r.subject.citation)] if r.subject else \
            list(dict.fromkeys([item.holder, self.document] if item.unit else [self.document]))
        parts = [self._part(target, path) for path in r.parts]
        kind = "amends" if r.kind == "replaces" and r.partial else r.kind
        triples: list[tuple[NamedNode, str]] = []  # (property, object) said of each subject
        if kind == "amends":
            triples += [(ELI.amends, target), *((ELI.amends, p) for p in parts), (ELI.changes, target)]
            main = ELI.amends
        elif kind in {"repeals", "replaces"} and r.partial:
            triples += [*((ELI.repeals, p) for p in parts), (ELI.changes, target)]
            main = ELI.changes
        elif kind in {"repeals", "replaces"}:
            triples += [(ELI.repeals, target), (ELI.changes, target)]
            main = ELI.repeals
            if kind == "replaces":
                triples.append((PG.replaces, target))
                main = PG.replaces
            when = self._date(r.date, r.date_rule, own_entry)
            if when is not None:
                ends.setdefault(target, []).append((when, item))
        elif kind == "corrects":
            triples.append((ELI.corrects, target))
            main = ELI.corrects
        elif kind == "guides":
            triples += [(ELI.ensures_implementation_of, target),
                        *((ELI.ensures_implementation_of, p) for p in parts)]
            main = ELI.ensures_implementation_of
        elif kind == "consolidates":
            triples.append((ELI.consolidates, target))
            main = ELI.consolidates
        elif kind == "carries-out":
            triples += [(PG.carriesOut, target), (ELI.applies, target)]
            main = PG.carriesOut
        else:
            raise ValueError(f"unknown relation {r.kind!r}")
        for subject in subjects:
            for prop, obj in triples:
                g.add(subject, prop, obj)
        self._statement(item, name, subjects[0], main, target)

    def _part(self, target: str, path: tuple[tuple[str, str], ...]) -> str:
        """The node of a part of *target* (``…/dieu-5``, ``…/dieu-5/khoan-2``), described as the mapper describes
        the units of a document, so that it is the same node when that document is read too."""
        from plangraph.ingest.map.mapping import unit_slug

        parent = target
        for kind, number in path:
            node = f"{parent}/{kind}-{unit_slug(number)}"
            self.subdivision(node, parent, kind, number, f"{scheme('subdivision')[kind].label_vi} {number}")
            parent = node
        return parent

    def _statement(self, item: _Stated, name: str, subject: str, predicate: NamedNode,
                   obj: str | object) -> None:
        g, r = self.g, item.relation
        node = fragment(item.holder, name)
        for cls in (PG.RelationStatement, RDF.Statement, OA.Annotation):
            g.add(node, RDF.type, cls)
        label = LABELS_VI.get(r.kind, r.kind)
        what = r.target.citation.id_local if r.target else (obj.value if hasattr(obj, "value") else "")
        if r.subject is not None:
            label = f"{r.subject.citation.id_local}: {label.lower()}"
        g.add(node, RDFS.label, vi(f"{label} {what}".strip()))
        g.add(node, RDF.subject, subject)
        g.add(node, RDF.predicate, predicate)
        g.add(node, RDF.object, obj)  # type: ignore[arg-type]
        # No oa:hasBody: the object is rdf:object, so a statement never counts as a mention of a text.
        g.add(node, OA.motivatedBy, OA.linking)
        g.add(node, PG.mentionedIn, item.holder)
        g.add(node, OA.hasTarget, add_specific_resource(g, fragment(node, "src"), self.source, self.text, r.loc))
        if r.cue is not None and not (r.loc.start <= r.cue.start and r.cue.end <= r.loc.end):
            g.add(node, OA.hasTarget, add_specific_resource(g, fragment(node, "cue"), self.source, self.text, r.cue))
