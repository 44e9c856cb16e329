"""Understanding one document: its blocks → a :class:`~plangraph.ingest.records.ParsedDocument`.

The header gives the identity (:mod:`.header`); the outline cuts the rest into preamble, body, closing and the
texts issued with the document (:mod:`.outline`). A body of articles, sections or items becomes a tree of
subdivisions (:mod:`.structure`); a plan — the document itself when it is one, a ``KẾ HOẠCH`` issued with it,
an annex holding a task table — is read by :mod:`.plans`; a directive, notice or dispatch whose body assigns
duties to named bodies has those duties read as the tasks of its body, which is then also its plan. Other
texts issued with it (a ``QUY ĐỊNH``, an annex) are attachments with their own structure. Every block is placed
somewhere or reported with the reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from plangraph.ingest.blocks import ContentBlock, Document, Heading, ListItem, Run, SignatureBlock, Table
from plangraph.ingest.errors import IngestError
from plangraph.ingest.records import Attachment, CitationMention, ParsedDocument, Plan, Relation, Signature, Unplaced
from plangraph.ingest.understand import signers
from plangraph.ingest.understand.citations import CitationContext
from plangraph.ingest.understand.coverage import code_coverage
from plangraph.ingest.understand.header import read_header
from plangraph.ingest.understand.locate import Locator
from plangraph.ingest.understand.mentions import Mentions
from plangraph.ingest.understand.outline import Attached, attached_kind, is_recipients_heading, outline
from plangraph.ingest.understand.plans import PlanParts, PlanReader, is_annex_heading, sections
from plangraph.ingest.understand.preamble import read_preamble, recipients
from plangraph.ingest.understand.relations import ATTACHED, NOTE, PLAN, PREAMBLE, TITLE, RelationReader
from plangraph.ingest.understand.structure import read_structure
from plangraph.ingest.understand.tasks.duties import read_duties
from plangraph.ingest.understand.tasks.table import find_header
from plangraph.language import columns, lexicon
from plangraph.language.folding import fold

# Types whose own body is a list of instructions to named bodies: their duties are tasks.
DIRECTIVE_TYPES = frozenset({"chi-thi", "cong-dien", "thong-bao", "cong-van", "nghi-quyet", "quyet-dinh", "ket-luan"})


class Understanding:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.blocks = document.blocks
        self.locate = Locator(document.source)
        self.unplaced: list[Unplaced] = []
        self._read_tables: dict[int, bool] = {}  # tables read as task or targets tables

    def read(self) -> ParsedDocument:
        document = self.document
        head = read_header(document)
        header = head.header
        self.document_type = header.doc_type
        context = CitationContext(None if header.issuer.scope == "vn" else header.province, header.date)
        self.mentions = Mentions(self.locate, context, header.symbol)
        source = document.source
        doc = ParsedDocument(name=source.name, sha256=source.sha256, text=source.text, line_count=len(source.lines),
                             header=header, layout=document.layout, original=source.original,
                             furniture=dict(Counter(f.reason for f in document.furniture if not f.listed)))
        parts = outline(self.blocks, head.body_start)
        preamble = read_preamble(self._at(parts.preamble), self.mentions, self._relations())
        doc.bases, doc.proposals, doc.proposer = preamble.bases, preamble.proposals, preamble.proposer
        doc.preamble_citations = preamble.cited
        # The title ("… thực hiện Kết luận số 210-KL/TW …") and what follows it before the body ("Văn bản này được
        # hợp nhất từ 04 Thông tư sau: …") name instruments too: the document cites them, and may say how it
        # relates to them.
        doc.preamble_citations.extend(self._cited([self.blocks[i] for i in head.title_at], doc.relations, TITLE))
        doc.preamble_citations.extend(self._cited([self.blocks[i] for i in head.after_title], doc.relations,
                                                  PREAMBLE))
        doc.relations.extend(preamble.relations)
        self._closing(doc, parts.closing)
        body = self._at(parts.body)
        attached = list(parts.attached)
        own_plan = header.doc_type in lexicon.PLAN_DOCTYPES and not _has_articles(body)
        if own_plan:
            annexes = [a for a in attached if self._holds_tasks(a)]
            extra = [b for a in annexes for b in self._at(a.heading + a.content)]
            attached = [a for a in attached if a not in annexes]
            parts_ = PlanParts(header.title or "", header.title_loc or header.loc)
            self._plan(doc, parts_, body + extra)
        else:
            structure = read_structure(body, self.locate, self.mentions, self._relations())
            doc.units = structure.units
            doc.preamble_citations.extend(structure.loose)
            doc.relations.extend(structure.loose_relations)
            self._report_tables(body)
            if header.doc_type in DIRECTIVE_TYPES and not any(self._is_plan(a) or self._holds_tasks(a)
                                                              for a in attached):
                self._directive_plan(doc, body)
        self._attachments(doc, attached, body)
        doc.preamble_citations.extend(self._cited(list(document.notes), doc.relations, NOTE))
        doc.signer_names = _resolve_signers(doc)
        doc.problems.extend(Unplaced(line, self.document.source.line(line).strip(), reason)
                            for line, reason in head.problems)
        doc.problems.extend(self._completeness(doc))
        doc.unlinked, doc.codes = code_coverage(doc, document)
        self._report(doc)
        return doc

    def _completeness(self, doc: ParsedDocument) -> list[Unplaced]:
        """Signs that the file stops short: a decision with no article or no signature, a plan with nothing in it,
        a task table whose last row is visibly cut. Reported; refused with ``--strict``."""
        source = self.document.source
        last = max((n for n, line in enumerate(source.lines, start=1) if line.strip()), default=1)
        found: list[Unplaced] = []

        def problem(line: int, reason: str) -> None:
            found.append(Unplaced(line, source.line(line).strip(), reason))

        if doc.header.doc_type == "quyet-dinh" and not doc.plans or doc.header.doc_type == "quyet-dinh":
            if not any(u.kind == "dieu" for u in _walk(doc.units)):
                problem(last, "truncated or not a decision: no article ('Điều 1. …') after the header")
            elif doc.signature is None:
                problem(last, "truncated: the decision ends without a signature block ('TM. … / KT. … / name')")
        for plan in doc.plans:
            if not plan.tasks and not plan.objectives:
                problem(plan.loc.first_line, f"plan {plan.index} has neither objectives nor a task table; the file "
                                             "may be truncated")
        ends_in_table = bool(self.blocks) and isinstance(self.blocks[-1], Table)
        if doc.plans and doc.plans[-1].tasks and doc.plans[-1].signature is None and ends_in_table:
            plan = doc.plans[-1]
            task = max(plan.tasks, key=lambda t: t.loc.end)
            cells = (task.text, task.period_text)
            incomplete = not task.leads or task.period is None or any(
                c.rstrip().endswith(("-", "–", ",")) for c in cells)
            others_signed = len(doc.plans) > 1 and all(p.signature is not None for p in doc.plans[:-1])
            if task.loc.last_line >= last and (incomplete or others_signed):
                problem(task.loc.last_line, f"truncated: the file ends inside the task table of plan {plan.index} "
                                            f"(task {task.number})")
        for table in (b for b in self.blocks if isinstance(b, Table)):
            heads = [[c.text for c in row] for row in table.rows()[:2]]
            if not self._read_tables.get(id(table)) and any(columns.looks_like_task_header(h) for h in heads):
                first = " | ".join(heads[0] if heads else [])
                problem(source.line_of(table.span[0]), f"a table the parser cannot read ({table.n_rows} rows; no "
                        f"task-table header such as 'STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian' above them): "
                        f"{first[:100]}")
        return found

    def _at(self, indexes: list[int]) -> list[ContentBlock]:
        return [self.blocks[i] for i in indexes]

    def _signature(self, block: ContentBlock) -> Signature | None:
        return signers.signature(block, self.locate) if isinstance(block, SignatureBlock) else None

    # --- closing ----------------------------------------------------------------------------------------
    def _closing(self, doc: ParsedDocument, indexes: list[int]) -> None:
        blocks = self._at(indexes)
        listing = False
        items: list[ContentBlock] = []
        for block in blocks:
            if isinstance(block, SignatureBlock):
                doc.signature = doc.signature or self._signature(block)
                listing = False
            elif is_recipients_heading(block):
                listing = True
            elif listing and isinstance(block, ListItem):
                items.append(block)
            else:
                listing = False
                self._unplaced(block, "text after the body, not part of the recipients or the signature")
        doc.recipients = recipients(items, self.mentions)

    # --- plans ------------------------------------------------------------------------------------------
    def _relations(self) -> RelationReader:
        """A reader of the relations stated in one part of the document (a list's introduction stays in it)."""
        return RelationReader(self.locate, self.document_type)

    def _plan(self, doc: ParsedDocument, parts: PlanParts, blocks: list[ContentBlock], relations: bool = True) -> Plan:
        """A plan read from *blocks*; *relations* False when its text is the body already read as units (whose
        relations those units hold)."""
        reader = PlanReader(len(doc.plans) + 1, self.locate, self.mentions, self._signature,
                            self._relations() if relations else None)
        plan = reader.read(parts, blocks)
        self.unplaced.extend(reader.unplaced)
        self._read_tables.update({id(t): True for t in reader.read_tables})
        doc.plans.append(plan)
        return plan

    def _cited(self, blocks: list[ContentBlock], relations: list[Relation] | None = None, context: str = TITLE
               ) -> list[CitationMention]:
        """The citations of *blocks*; with *relations*, the relations they state are added to it (a title's lines
        are read as one text: a title wraps anywhere)."""
        found = [m for block in blocks for m in self.mentions.citations(block.run, block.span)]
        if relations is None or not blocks:
            return found
        reader = self._relations()
        if context in {TITLE, PLAN}:
            run = Run.join([block.run for block in blocks], " ")
            span = (blocks[0].span[0], max(block.span[1] for block in blocks))
            relations.extend(reader.read(run, self.mentions.citations(run, span), context, span))
            return found
        for block in blocks:
            relations.extend(reader.read(block.run, self.mentions.citations(block.run, block.span), context,
                                         block.span))
        return found

    def _is_plan(self, attached: Attached) -> bool:
        return attached_kind(self.blocks[attached.start]) == "plan"

    def _holds_tasks(self, attached: Attached) -> bool:
        """An annex holding a task table (or a targets table): part of the plan, not a text of its own."""
        from plangraph.ingest.understand import target_tables

        return attached_kind(self.blocks[attached.start]) == "annex" and any(
            isinstance(b, Table) and (find_header(b) or target_tables.find_header(b))
            for b in self._at(attached.content))

    def _directive_plan(self, doc: ParsedDocument, body: list[ContentBlock]) -> None:
        """A directive whose body assigns duties to named bodies: those duties are the tasks of its body, read as
        its plan (a documented derivation: the plan is the body itself)."""
        duties = read_duties([b for b in body if not isinstance(b, Table)])
        if not duties.rows:
            return
        header = doc.header
        parts = PlanParts(header.title or header.symbol.id_local, header.title_loc or header.loc)
        self._plan(doc, parts, body, relations=False)

    # --- attachments ------------------------------------------------------------------------------------
    def _attachments(self, doc: ParsedDocument, attached: list[Attached], body: list[ContentBlock]) -> None:
        """Plans (a KẾ HOẠCH, or an annex holding a task table, with the annexes of task tables that follow it) and
        the other texts issued with the document."""
        counts: dict[str, int] = defaultdict(int)
        preface = _preface(body)  # for the first plan only
        index = 0
        while index < len(attached):
            item = attached[index]
            heading = self._at(item.heading)
            kind = attached_kind(heading[0])
            title, loc = self._title(heading)
            if kind == "plan" or self._holds_tasks(item):
                content = self._at(item.content)
                while index + 1 < len(attached) and self._holds_tasks(attached[index + 1]):
                    index += 1
                    content += self._at(attached[index].heading + attached[index].content)
                plan = self._plan(doc, PlanParts(title, loc, preface), content)
                plan.citations = self._cited(heading, plan.relations, PLAN)
                preface = []
                index += 1
                continue
            content = self._at(item.content)
            key = "phu-luc" if kind == "annex" else _attached_type(heading[0])
            counts[key] += 1
            structure = read_structure(content, self.locate, self.mentions, self._relations(), ATTACHED)
            signature = next((self._signature(b) for b in content if isinstance(b, SignatureBlock)), None)
            number = _annex_number(heading[0]) if kind == "annex" else ""
            attachment = Attachment(counts[key], key, number, title, loc, structure.units, signature,
                                    structure.tables)
            attachment.citations = self._cited(heading, attachment.relations, TITLE)
            if structure.loose:
                attachment.units.insert(0, _loose_unit(structure.loose, loc, structure.loose_relations))
            self._report_tables(content)
            doc.attachments.append(attachment)
            index += 1

    def _title(self, heading: list[ContentBlock]) -> tuple[str, object]:
        """An attached text's title (its heading without the type word and the note) and where it is printed."""
        from plangraph.ingest.understand.outline import is_attached_note

        words = [b.text for b in heading[1:] if not is_attached_note(b) and not b.text.startswith("(")]
        loc = self.locate.blocks(heading)
        title = " ".join(words).strip() or heading[0].text
        return title, loc

    # --- the report -------------------------------------------------------------------------------------
    def _report_tables(self, blocks: list[ContentBlock]) -> None:
        for block in blocks:
            if isinstance(block, Table) and not self._read_tables.get(id(block)):
                first = " | ".join(c.text for c in (block.rows()[0] if block.n_rows else []))[:100]
                self._unplaced(block, f"a table that is not a task or targets table ({block.n_rows} rows): kept as "
                                      f"part of the text around it, its cells not extracted", first)

    def _unplaced(self, block: ContentBlock, reason: str, text: str | None = None) -> None:
        self.unplaced.append(Unplaced(self.locate.source.line_of(block.span[0]), text or block.text[:160], reason))

    def _report(self, doc: ParsedDocument) -> None:
        for furniture in self.document.furniture:
            if furniture.listed:
                self.unplaced.append(Unplaced(self.locate.source.line_of(furniture.span[0]),
                                              furniture.run.text or self.document.source.line(
                                                  self.locate.source.line_of(furniture.span[0])).strip(),
                                              furniture.reason))
        for block in self.blocks:
            if isinstance(block, Table):
                for _, line, reason in block.doubts:
                    self.unplaced.append(Unplaced(line, self.document.source.line(line).strip(), reason))
        for note in doc.header.notes:
            self.unplaced.append(Unplaced(doc.header.loc.first_line, doc.header.symbol.id_local, note))
        reported = {(u.lineno, u.reason) for u in self.unplaced}
        self.unplaced.extend(p for p in doc.problems if (p.lineno, p.reason) not in reported)
        doc.unplaced = sorted(self.unplaced, key=lambda u: u.lineno)


def _walk(units: list) -> list:  # type: ignore[type-arg]
    out = []
    for unit in units:
        out.append(unit)
        out.extend(_walk(unit.children))
    return out


def _has_articles(blocks: list[ContentBlock]) -> bool:
    return any(isinstance(b, Heading) and b.marker and b.marker.kind == "dieu" for b in blocks)


def _preface(body: list[ContentBlock]) -> list[ContentBlock]:
    """The sections of a plan approved in the decision's own article (``Điều 1. Phê duyệt Đề án … với những nội
    dung chính sau đây: I. QUAN ĐIỂM … II. MỤC TIÊU … V. TỔ CHỨC THỰC HIỆN …``): its objectives and the duties it
    assigns are read for the plan in the annex, while the article keeps the text."""
    cut = sections(body)
    if not any(s.role == "objectives" for s in cut):
        return []
    return [b for s in cut if s.heading is not None for b in (s.heading, *s.blocks)]


def _attached_type(block: ContentBlock) -> str:
    """The doctype key of an attached text's heading (``QUY ĐỊNH`` → ``quy-dinh``); ``van-ban`` when none fits."""
    from plangraph.ontology.concepts import by_label

    words = fold(block.text).split()
    for size in range(min(4, len(words)), 0, -1):
        concept = by_label("doctype").get(" ".join(words[:size]))
        if concept is not None:
            return concept.key
    return "van-ban"


def _annex_number(block: ContentBlock) -> str:
    words = block.text.split()
    return words[2] if len(words) > 2 and fold(words[1]) == "so" else (words[1].rstrip(".:") if len(words) > 1 and
                                                                        not words[1][:1].islower() else "")


def _loose_unit(loose: list, loc: object, relations: list[Relation]):  # type: ignore[no-untyped-def]
    from plangraph.ingest.records import Subdivision

    return Subdivision("doan", "", "", "", loc, [], list(loose), list(relations))  # type: ignore[arg-type]


def _signatures(doc: ParsedDocument) -> list[Signature]:
    found = [doc.signature] + [plan.signature for plan in doc.plans] + [a.signature for a in doc.attachments]
    return [s for s in found if s is not None]


def _resolve_signers(doc: ParsedDocument) -> dict[str, str]:
    by_role: dict[str | None, list[str]] = defaultdict(list)
    for signature in _signatures(doc):
        if signature.name:
            by_role[signature.role].append(signature.name)
    resolved: dict[str, str] = {}
    for names in by_role.values():
        resolved.update(signers.resolve_names(names))
    return resolved


def understand(document: Document) -> ParsedDocument:
    """The records of *document*; raises IngestError for what is not an official document or is a draft."""
    return Understanding(document).read()


__all__ = ["IngestError", "is_annex_heading", "understand"]
