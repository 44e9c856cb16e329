"""Records → RDF: one named graph per source document, every fact with its provenance.

Standard superclasses and superproperties are asserted next to plangraph's own terms, so clients
without a reasoner (and ELI-, PROV- or schema.org-only clients) see them.
"""

from __future__ import annotations

import datetime as dt
import re

from plangraph.ingest.map.agent_nodes import AgentNodes
from plangraph.ingest.map.graph import GraphBuilder
from plangraph.ingest.map.provenance import add_mention, derive
from plangraph.ingest.map.relations import RelationWriter
from plangraph.ingest.map.terms import (
    CNT,
    CONCEPT,
    DCT,
    ELI,
    LANG_VIE,
    PG,
    PPLAN,
    PROV,
    QUDT,
    RDF,
    RDFS,
    SCHEMA,
    SPDX,
    TEXT_PLAIN,
    TIME,
    UNIT,
    date,
    decimal,
    en,
    gyear,
    integer,
    media_type,
    string,
    vi,
)
from plangraph.ingest.records import (
    Attachment,
    CitationMention,
    Located,
    Objective,
    ParsedDocument,
    Plan,
    SectionText,
    Signature,
    Subdivision,
    Task,
)
from plangraph.ingest.understand import indicators
from plangraph.ingest.understand.agencies import AgencyName, kind_name
from plangraph.ingest.understand.citations import Citation
from plangraph.ingest.understand.targets import Target
from plangraph.language.folding import slugify
from plangraph.language.periods import Period
from plangraph.ontology.concepts import scheme
from plangraph.ontology.iris import Minter, fragment

VERSION = "0.1.0"


LABEL_OPENING = 80  # characters of its text that label a section printed without a heading

class DocumentMapper:
    def __init__(self, doc: ParsedDocument, minter: Minter) -> None:
        self.doc, self.minter = doc, minter
        self.decision = minter.document(doc.header.symbol)
        self.g = GraphBuilder(minter.graph(doc.header.symbol))
        self.source = minter.source(doc.sha256)
        self.scope = doc.header.issuer.scope
        self.agents = AgentNodes(self.g, minter, self.scope, self.source, doc.text, doc.header.date)
        self.task_nodes: set[str] = set()
        self.unit_nodes: set[str] = set()
        self.described: set[str] = set()  # cited instruments described so far
        self.cited_dates: dict[str, set[dt.date]] = {}  # the dates the document gives each cited instrument
        self.relations = RelationWriter(self.g, self.decision, doc.header.date, self.source, doc.text,
                                        self._described, self._subdivision)

    # --- entry point -------------------------------------------------------------------------------
    def build(self) -> GraphBuilder:
        self._source_text()
        self._decision()
        for plan in self.doc.plans:
            self._plan(plan)
        self.relations.write()
        self.agents.write_agencies()
        for iri, dates in self.cited_dates.items():
            if len(dates) == 1:  # mentions dating one instrument differently leave its date unsaid
                self.g.add(iri, ELI.date_document, date(next(iter(dates))))
        return self.g

    def _signer(self, signature: Signature) -> str:
        return self.doc.signer_names.get(signature.name, signature.name)

    def _derive(self, entity: str, loc: Located) -> None:
        derive(self.g, entity, self.source, self.doc.text, loc)

    # --- source ----------------------------------------------------------------------------------
    def _source_text(self) -> None:
        g, doc = self.g, self.doc
        g.add(self.source, RDF.type, PG.SourceText)
        g.add(self.source, RDF.type, ELI.Format)
        g.add(self.source, RDF.type, CNT.ContentAsText)
        g.add(self.source, RDFS.label, vi(f"Văn bản nguồn {doc.name}"))
        g.add(self.source, SCHEMA.name, string(doc.name))
        g.add(self.source, CNT.chars, string(doc.text))
        g.add(self.source, CNT.characterEncoding, string("UTF-8"))
        g.add(self.source, ELI.media_type, TEXT_PLAIN)
        g.add(self.source, PG.sha256, string(doc.sha256))
        run, software = f"{self.source}/extraction", self.minter.software()
        g.add(run, RDF.type, PROV.Activity)
        g.add(run, RDFS.label, vi(f"Trích xuất dữ liệu từ {doc.name}"))
        g.add(run, PROV.used, self.source)
        g.add(run, PROV.wasAssociatedWith, software)
        g.add(software, RDF.type, PROV.SoftwareAgent)
        g.add(software, RDFS.label, vi("plangraph"))
        g.add(software, SCHEMA.softwareVersion, string(VERSION))
        graph = self.g.graph.value
        g.add(graph, RDF.type, PROV.Entity)
        g.add(graph, RDFS.label, vi(f"Đồ thị của {self._doc_label(doc.header.symbol)}"))
        g.add(graph, PROV.wasDerivedFrom, self.source)
        g.add(graph, PROV.wasGeneratedBy, run)
        if doc.original:
            self._original_file(run)

    def _original_file(self, run: str) -> None:
        """The .docx/.pdf/.html/.tsv file the source text was extracted from: name, media type, SHA-256."""
        g, original = self.g, self.doc.original
        assert original is not None
        node = self.minter.source(original.sha256)
        fmt = media_type(original.media_type)
        g.add(node, RDF.type, PROV.Entity)
        g.add(node, RDFS.label, vi(f"Tệp gốc {original.name}"))
        g.add(node, SCHEMA.name, string(original.name))
        g.add(node, DCT.format, fmt)
        g.add(node, ELI.media_type, fmt)
        checksum = fragment(node, "sha256")
        g.add(node, SPDX.checksum, checksum)
        g.add(checksum, RDF.type, SPDX.Checksum)
        g.add(checksum, RDFS.label, vi(f"SHA-256 của tệp {original.name}"))
        g.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        g.add(checksum, SPDX.checksumValue, string(original.sha256))
        g.add(self.source, PROV.wasDerivedFrom, node)
        g.add(self.source, DCT.format, TEXT_PLAIN)
        g.add(run, PROV.used, node)

    # --- the decision ------------------------------------------------------------------------------
    def _decision(self) -> None:
        g, doc, d = self.g, self.doc, self.decision
        header = doc.header
        self._instrument(header.symbol, d, header.doc_type)
        issuer = self.agents.org_for(header.issuer.name, header.issuer.scope)
        g.add(d, ELI.passed_by, issuer)
        if header.date:
            g.add(d, ELI.date_document, date(header.date))
        if header.title:
            g.add(d, DCT.title, vi(header.title))
        expression = f"{d}/vie"
        g.add(d, ELI.is_realized_by, expression)
        g.add(expression, RDF.type, ELI.LegalExpression)
        g.add(expression, RDFS.label, vi(f"{self._doc_label(header.symbol)} (tiếng Việt)"))
        g.add(expression, ELI.language, LANG_VIE)
        g.add(expression, ELI.realizes, d)
        if header.title:
            g.add(expression, ELI.title, vi(header.title))
        g.add(expression, ELI.is_embodied_by, self.source)
        g.add(self.source, ELI.embodies, expression)
        self._derive(d, header.loc)
        self.relations.add(d, doc.relations)
        for index, mention in enumerate(doc.bases, start=1):
            target = self._cite(d, mention, f"basis-{index}")
            g.add(d, ELI.based_on, target)
        for index, mention in enumerate(doc.proposals, start=1):
            target = self._cite(d, mention, f"proposal-{index}")
            g.add(d, PG.proposal, target)
            g.add(d, ELI.cites, target)
        if doc.proposer:
            proposer = self.agents.agency_mention(d, doc.proposer, "proposer-1")
            g.add(d, ELI.responsibility_of_agent, proposer)
            for mention in doc.proposals:
                if mention.citation.issuer_kind == doc.proposer.agency.kind:
                    g.add(self.minter.document(mention.citation), ELI.passed_by, proposer)
        self._units(d, d, doc.units)
        for index, mention in enumerate(doc.preamble_citations, start=1):
            g.add(d, ELI.cites, self._cite(d, mention, f"cite-{index}"))
        for index, recipient in enumerate(doc.recipients, start=1):
            node = fragment(d, f"recipient-{index}")
            g.add(d, PG.recipient, node)
            g.add(node, RDF.type, PG.RecipientEntry)
            g.add(node, RDF.type, PROV.Entity)
            g.add(node, RDFS.label, vi(recipient.text))
            if recipient.agency:
                g.add(node, PG.recipientAgent, self.agents.org_for(recipient.agency))
            self._derive(node, recipient.loc)
        if doc.signature:
            self.agents.signing(d, doc.signature, issuer, self._signer(doc.signature))
        for attachment in doc.attachments:
            self._attachment(attachment, issuer)

    # --- structure ----------------------------------------------------------------------------------------
    def _units(self, document: str, parent: str, units: list[Subdivision]) -> None:
        """Subdivisions as ELI subdivisions: an article directly under its document (``…/dieu-5``, unique in it),
        every other unit under its parent (``…/chuong-ii``, ``…/dieu-5/khoan-2/diem-a``)."""
        taken: dict[str, int] = {}
        unnumbered = 0
        for unit in units:
            if unit.number:
                segment = f"{unit.kind}-{unit_slug(unit.number)}"
            else:
                unnumbered += 1
                segment = f"{unit.kind}-{unnumbered}"
            base = document if unit.kind == "dieu" else parent
            node = f"{base}/{segment}"
            taken[node] = taken.get(node, 0) + 1
            if taken[node] > 1 or node in self.unit_nodes:  # a number printed twice (a slip, a quoted unit): both kept
                node = f"{node}-{taken[node]}"
                while node in self.unit_nodes:
                    node = f"{node}-"
            self.unit_nodes.add(node)
            label = f"{scheme('subdivision')[unit.kind].label_vi} {unit.number}".strip()
            self._subdivision(node, parent, unit.kind, unit.number or str(unnumbered), label)
            g = self.g
            if unit.title:
                g.add(node, DCT.title, vi(unit.title))
            if unit.text:
                g.add(node, SCHEMA.text, vi(unit.text))
            self._derive(node, unit.loc)
            for index, mention in enumerate(unit.citations, start=1):
                g.add(node, ELI.cites, self._cite(node, mention, f"cite-{index}"))
            self.relations.add(node, unit.relations)
            self._units(document, node, unit.children)

    def _attachment(self, attachment: Attachment, issuer: str) -> None:
        """A text issued with the document (a regulation, an annex): a resource of its own, part of the document."""
        g, d = self.g, self.decision
        node = f"{d}/{attachment.kind}-{attachment.index}"
        concept = scheme("doctype").get(attachment.kind)
        if concept is not None:
            g.add(node, RDF.type, ELI.LegalResource)
            g.add(node, ELI.type_document, concept.iri)
            g.add(node, RDFS.label, vi(f"{concept.label_vi} {attachment.title}"[:300]))
            g.add(node, ELI.is_part_of, d)
            g.add(d, ELI.has_part, node)
        else:
            label = f"Phụ lục {attachment.number}".strip() if attachment.kind == "phu-luc" else attachment.title
            self._subdivision(node, d, "phu-luc" if attachment.kind == "phu-luc" else "van-ban-kem-theo",
                              attachment.number or str(attachment.index), label or f"Phụ lục {attachment.index}")
        if attachment.title:
            g.add(node, DCT.title, vi(attachment.title))
        g.add(node, SCHEMA.position, integer(attachment.index))
        self._derive(node, attachment.loc)
        for k, mention in enumerate(attachment.citations, start=1):
            g.add(node, ELI.cites, self._cite(node, mention, f"cite-{k}"))
        self.relations.add(node, attachment.relations)
        self._units(node, node, attachment.units)
        if attachment.signature:
            self.agents.signing(node, attachment.signature, issuer, self._signer(attachment.signature))

    # --- instruments ---------------------------------------------------------------------------------
    def _doc_label(self, citation: Citation) -> str:
        if citation.title:
            return citation.title
        return f"{scheme('doctype')[citation.doc_type].label_vi} {citation.id_local}"

    def _instrument(self, citation: Citation, iri: str, doc_type: str | None = None) -> None:
        g = self.g
        if citation.date and iri != self.decision:  # the document's own date is its header's
            self.cited_dates.setdefault(iri, set()).add(citation.date)
        if iri in self.described:
            return  # its first mention describes it: one number as printed, one label
        self.described.add(iri)
        concept = scheme("doctype")[doc_type or citation.doc_type]
        g.add(iri, RDF.type, ELI.LegalResource)
        g.add(iri, ELI.type_document, concept.iri)
        g.add(iri, ELI.id_local, string(citation.id_local))
        g.add(iri, RDFS.label, vi(f"{concept.label_vi} {citation.id_local}" if not citation.title
                                  else citation.title))
        if concept.label_en:
            g.add(iri, RDFS.label, en(f"{concept.label_en} {citation.id_local}" if not citation.title
                                      else citation.id_local))
        if citation.number:
            g.add(iri, ELI.number, string(citation.number))
        g.add(iri, ELI.jurisdiction, self.agents.place(citation.scope))
        if citation.issuer_kind:
            org = self.agents.org_for(kind_name(citation.issuer_kind, citation.scope), citation.scope)
            g.add(iri, ELI.passed_by, org)
        elif citation.issuer:
            # An issuer known only by the abbreviation in the symbol (``30-TB/TGV``): an agency of that name.
            abbr = AgencyName(surface=citation.issuer, canonical=citation.issuer, key=slugify(citation.issuer),
                              kind=None, national=citation.scope == "vn")
            g.add(iri, ELI.passed_by, self.agents.org_for(abbr, citation.scope))

    def _described(self, citation: Citation) -> str:
        """The IRI of a cited instrument, described in this graph (the document itself is described already)."""
        iri = self.minter.document(citation)
        if iri != self.decision:
            self._instrument(citation, iri)
        return iri

    def _cite(self, subject: str, mention: CitationMention, name: str) -> str:
        """An instrument node for *mention* and the mention annotation; returns the instrument IRI."""
        citation = mention.citation
        target = self.minter.document(citation)
        if target != self.decision:
            self._instrument(citation, target)
        add_mention(self.g, subject, name, PG.CitationMention, f"Trích dẫn {citation.id_local}", target,
                    self.source, self.doc.text, mention.loc)
        return target

    # --- plans, objectives, targets -----------------------------------------------------------------------
    def _plan(self, plan: Plan) -> None:
        g = self.g
        p = f"{self.decision}/kh-{plan.index}"
        title = plan.title
        label = f"Kế hoạch {title[:1].lower()}{title[1:]}" if title.startswith("Hoạt động") else title
        self._subdivision(p, self.decision, "ke-hoach", str(plan.index), label)
        for cls in (PG.ActionPlan, PROV.Plan, PPLAN.Plan):
            g.add(p, RDF.type, cls)
        g.add(p, DCT.title, vi(title))
        self._derive(p, plan.loc)
        for k, mention in enumerate(plan.citations, start=1):
            g.add(p, ELI.cites, self._cite(p, mention, f"cite-{k}"))
        self.relations.add(p, plan.relations)
        if plan.programme:
            programme = self.minter.programme(self.scope, plan.programme)
            for cls in (PG.Programme, PROV.Plan, PPLAN.Plan):
                g.add(programme, RDF.type, cls)
            g.add(programme, RDFS.label, vi(plan.programme))
            g.add(programme, DCT.spatial, self.agents.place(self.scope))
            g.add(p, PG.forProgramme, programme)
            g.add(p, PPLAN.isSubPlanOfPlan, programme)
        if plan.period:
            g.add(p, DCT.temporal, self._interval(fragment(p, "period"), plan.period))
        for objective in plan.objectives:
            self._objective(p, objective)
        for group in plan.groups:
            node = f"{p}/nhom-{group.index}"
            # A nested group (section "I" of part "A") is part of its parent group, which is part of the plan.
            parent = f"{p}/nhom-{group.parent.index}" if group.parent else p
            self._subdivision(node, parent, "nhom-nhiem-vu", group.number, group.title or f"Nhóm {group.number}")
            g.add(node, RDF.type, PG.TaskGroup)
            g.add(node, SCHEMA.position, integer(group.index))
            self._derive(node, group.loc)
        for task in plan.tasks:
            self._task(p, task)
        for section in plan.sections:
            self._section_text(p, section)
        if plan.signature:
            issuer = self.agents.org_for(self.doc.header.issuer.name, self.scope)
            self.agents.signing(p, plan.signature, issuer, self._signer(plan.signature))

    def _section_text(self, plan: str, section: SectionText) -> None:
        """A section kept as its paragraphs: the section and each paragraph a subdivision with its lines."""
        node = f"{plan}/phan-{section.index}"
        # A section printed without a heading (the plan's opening text) is labelled by its opening words.
        opening = section.paragraphs[0].loc.exact if section.paragraphs else ""
        label = section.heading or (opening[:LABEL_OPENING] + ("…" if len(opening) > LABEL_OPENING else ""))
        self._subdivision(node, plan, "phan", section.number, label or f"Phần {section.index}")
        self.g.add(node, RDF.type, PG.PlanSection)
        self.g.add(node, SCHEMA.position, integer(section.index))
        self._derive(node, section.loc)
        for index, paragraph in enumerate(section.paragraphs, start=1):
            child = f"{node}/doan-{index}"
            self._subdivision(child, node, "doan", str(index), paragraph.loc.exact)
            self.g.add(child, SCHEMA.position, integer(index))
            self._derive(child, paragraph.loc)
            for k, mention in enumerate(paragraph.citations, start=1):
                self.g.add(child, ELI.cites, self._cite(child, mention, f"cite-{k}"))
            self.relations.add(child, paragraph.relations)

    def _objective(self, plan: str, objective: Objective) -> None:
        g = self.g
        node = f"{plan}/muc-tieu-{objective.index}"
        g.add(plan, PG.hasObjective, node)
        g.add(node, RDF.type, PG.Objective)
        g.add(node, RDF.type, PROV.Entity)
        g.add(node, RDFS.label, vi(objective.text))
        g.add(node, SCHEMA.position, integer(objective.index))
        self._derive(node, objective.loc)
        for index, target in enumerate(objective.targets, start=1):
            self._target(node, f"{node}/chi-tieu-{index}", target, objective)

    def _target(self, objective: str, node: str, target: Target, owner: Objective) -> None:
        g = self.g
        g.add(objective, PG.hasTarget, node)
        for cls in (PG.Target, SCHEMA.QuantitativeValue, QUDT.QuantityValue):
            g.add(node, RDF.type, cls)
        g.add(node, RDFS.label, vi(_target_label(target)))
        g.add(node, PG.indicatorText, string(target.indicator_text))
        g.add(node, PG.indicator, indicators.match(target.indicator_text, target.unit_text))
        if target.value is not None:
            g.add(node, SCHEMA.value, decimal(target.value))
            g.add(node, QUDT.numericValue, decimal(target.value))
        if target.min_value is not None:
            g.add(node, SCHEMA.minValue, decimal(target.min_value))
        if target.max_value is not None:
            g.add(node, SCHEMA.maxValue, decimal(target.max_value))
        if target.unit_text:
            g.add(node, SCHEMA.unitText, vi(target.unit_text))
        if target.unit:
            g.add(node, QUDT.unit, UNIT.PERCENT if target.unit == "percent" else CONCEPT[f"unit/{target.unit}"])
        g.add(node, PG.comparator, CONCEPT[f"comparator/{target.comparator}"])
        g.add(node, PG.targetType, CONCEPT[f"target-type/{target.target_type}"])
        if target.target_year:
            g.add(node, PG.targetTime, self._instant(fragment(node, "year"), target.target_year))
        if target.baseline_start:
            period = Period(text=f"{target.baseline_start}-{target.baseline_end}",
                            start_year=target.baseline_start, end_year=target.baseline_end)
            g.add(node, PG.baselinePeriod, self._interval(fragment(node, "baseline"), period))
        phrase = owner.text[target.start:target.end]
        loc = owner.loc
        index = self.doc.text.find(phrase, loc.start, loc.end) if phrase else -1
        if index >= 0:
            loc = Located(loc.first_line, loc.last_line, index, index + len(phrase), phrase)
        self._derive(node, loc)

    # --- tasks ------------------------------------------------------------------------------------
    def _task(self, plan: str, task: Task) -> None:
        g = self.g
        group_part = f"{task.group.index}." if task.group else ""
        node = f"{plan}/nhiem-vu-{group_part}{task.number}"
        if node in self.task_nodes:  # a number printed twice in one group (two tables, a slip): keep both tasks
            node = f"{node}-{task.position}"
        self.task_nodes.add(node)
        parent = f"{plan}/nhom-{task.group.index}" if task.group else plan
        self._subdivision(node, parent, "nhiem-vu", task.number, task.text)
        for cls in (PG.Task, PPLAN.Step, SCHEMA.Action):
            g.add(node, RDF.type, cls)
        if task.group:
            g.add(node, PG.taskGroup, parent)
        g.add(node, PPLAN.isStepOfPlan, plan)
        g.add(node, SCHEMA.name, vi(task.text))
        g.add(node, SCHEMA.position, integer(task.position))
        self._derive(node, task.loc)
        for index, mention in enumerate(task.leads, start=1):
            g.add(node, SCHEMA.agent, self.agents.agency_mention(node, mention, f"lead-{index}"))
        for index, mention in enumerate(task.partners, start=1):
            g.add(node, SCHEMA.participant, self.agents.agency_mention(node, mention, f"partner-{index}"))
        if task.lead_note:
            g.add(node, PG.agentNote, vi(task.lead_note))
        if task.partner_note:
            g.add(node, PG.participantNote, vi(task.partner_note))
        if task.period:
            g.add(node, DCT.temporal, self._interval(fragment(node, "period"), task.period))
        if task.result:
            g.add(node, PG.expectedResult, vi(task.result))
        if task.funding:
            g.add(node, PG.fundingText, vi(task.funding))
        for index, mention in enumerate(task.citations):
            target = self._cite(node, mention, f"cite-{index + 1}")
            g.add(node, ELI.cites, target)
            if index in task.applies:
                g.add(node, ELI.applies, target)
                g.add(self.decision, ELI.applies, target)  # rolled up: the document carries out what its tasks do
        self.relations.add(node, task.relations, unit=False)

    def _subdivision(self, node: str, parent: str, kind: str, number: str, label: str) -> None:
        """A part of *parent*; *number* as printed ("" if none), *label* never empty (the shapes require one)."""
        g = self.g
        g.add(node, RDF.type, ELI.LegalResourceSubdivision)
        g.add(node, RDF.type, ELI.LegalResource)
        g.add(node, ELI.type_subdivision, CONCEPT[f"subdivision/{kind}"])
        if number:  # as printed; text before a plan's first heading has none
            g.add(node, ELI.number, string(number))
        if label:
            g.add(node, RDFS.label, vi(label))
        g.add(node, ELI.is_part_of, parent)
        g.add(parent, ELI.has_part, node)

    # --- time ---------------------------------------------------------------------------------------
    def _instant(self, node: str, year: int) -> str:
        self.g.add(node, RDF.type, TIME.Instant)
        self.g.add(node, RDFS.label, vi(str(year)))
        self.g.add(node, TIME.inXSDgYear, gyear(year))
        return node

    def _interval(self, node: str, period: Period) -> str:
        g = self.g
        g.add(node, RDF.type, TIME.Interval)
        g.add(node, RDF.type, TIME.ProperInterval)
        g.add(node, RDFS.label, vi(period.text))
        if period.start_year:
            g.add(node, TIME.hasBeginning, self._instant(fragment(node, "start"), period.start_year))
        if period.end_year:
            g.add(node, TIME.hasEnd, self._instant(fragment(node, "end"), period.end_year))
        if period.start_date:
            g.add(fragment(node, "start"), TIME.inXSDDate, date(period.start_date))
        if period.end_date:
            g.add(fragment(node, "end"), TIME.inXSDDate, date(period.end_date))
        if period.schedule:
            g.add(node, PG.schedule, CONCEPT[f"schedule/{period.schedule}"])
        return node

def unit_slug(number: str) -> str:
    """A printed unit number as an IRI segment: ``II`` → ``ii``, ``5a`` → ``5a``, ``đ`` → ``dd`` (not ``d``,
    which is another point).

    >>> unit_slug("II"), unit_slug("đ"), unit_slug("d"), unit_slug("1.2")
    ('ii', 'dd', 'd', '1.2')
    """
    text = number.strip().lower().replace("đ", "dd")
    return re.sub(r"[^a-z0-9.]+", "-", slugify(text) if not text.isascii() else text).strip("-") or "0"


def _target_label(target: Target) -> str:
    if target.value is not None:
        amount = f"{target.value}"
    else:
        amount = f"{target.min_value}–{target.max_value}"
    when = f" ({target.target_year})" if target.target_year else ""
    return f"{target.indicator_text}: {amount} {target.unit_text}{when}".strip()


def map_document(doc: ParsedDocument, minter: Minter) -> GraphBuilder:
    """The named graph of *doc*."""
    return DocumentMapper(doc, minter).build()
