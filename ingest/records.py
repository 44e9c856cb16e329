"""Typed records: the contract between understanding (blocks → records) and mapping (records → quads).

The mapping reads only these; every fact that came from the text carries where it was read (:class:`Located`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plangraph.ingest.read.source import OriginalFile
from plangraph.ingest.understand.agencies import AgencyName
from plangraph.ingest.understand.citations import Citation
from plangraph.ingest.understand.targets import Target
from plangraph.language.periods import Period


@dataclass(frozen=True)
class Located:
    """Where a fact was read: 1-based line range and the exact source slice [start, end)."""

    first_line: int
    last_line: int
    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class CitationMention:
    citation: Citation
    loc: Located


@dataclass(frozen=True)
class Relation:
    """A legal relation or a date in force, as one clause of the document states it.

    ``subject`` is the text that acts: None for the text stating it (the document, rolled up from the innermost
    unit that states it), or an instrument it names ("Nghị định số 21/2024/NĐ-CP … sửa đổi, bổ sung …"). ``target``
    is the text acted on (None for a date in force of the subject). ``parts`` names the articles, clauses and points
    of the target acted on where printed, each a path (``(("dieu", "5"), ("khoan", "2"))``); ``partial`` says only
    part of it is acted on (named or not). ``date`` is the day the subject enters into force (``in-force``) or the
    target ceases to be in force (a repeal or replacement), with ``date_rule`` saying where it comes from:
    ``"stated"``, ``"signed"`` (the day of signing or adoption: the document's own date) or ``"own-entry"`` (the day
    the stating document enters into force).
    """

    kind: str  # amends, repeals, replaces, corrects, guides, consolidates, carries-out, in-force
    subject: CitationMention | None
    target: CitationMention | None
    loc: Located  # the clause that states it
    wording: str  # the verb or phrase as printed ("sửa đổi, bổ sung", "có hiệu lực thi hành")
    parts: tuple[tuple[tuple[str, str], ...], ...] = ()
    partial: bool = False
    date: dt.date | None = None
    date_rule: str = ""
    cue: Located | None = None  # the wording, when printed outside the clause (a list's introduction)


@dataclass(frozen=True)
class AgencyMention:
    agency: AgencyName
    loc: Located


@dataclass(frozen=True)
class Issuer:
    """The body that issued the document: an agency kind in a place (``scope`` "vn" if national)."""

    name: AgencyName
    scope: str


@dataclass(frozen=True)
class Header:
    doc_type: str  # doctype concept key
    symbol: Citation  # the document's own number, parsed like any citation
    date: dt.date | None  # None when the document states no date anywhere (reported)
    place: str | None
    title: str | None
    issuer: Issuer
    loc: Located  # the number as printed (label and value)
    title_loc: Located | None
    province: str | None = None  # pre-2025 code of the province the header names (issuer or place line)
    issuer_lines: tuple[str, ...] = ()  # the issuing body as printed, parent first (two-level issuers)
    notes: tuple[str, ...] = ()  # what the header lacks or where a part was found, for the report


@dataclass
class Subdivision:
    """A unit of a document's structure: Phần, Chương, Mục, Điều, Khoản, Điểm, or a numbered or unnumbered
    part of a text that is not legislation (a directive's items). ``text`` is the unit's whole text, its
    children's included; ``citations`` are those printed in its own paragraphs (not in its children)."""

    kind: str  # subdivision concept key: "chuong", "dieu", "khoan", "diem", "doan" …
    number: str  # as printed ("5", "II", "a"); "" when unnumbered
    title: str  # the heading's title ("Phạm vi điều chỉnh"); "" when none
    text: str
    loc: Located
    children: list[Subdivision] = field(default_factory=list)
    citations: list[CitationMention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)  # stated in its own paragraphs
    quoted: bool = False  # text quoted from another document (an amendment's new wording), not this one's unit


@dataclass
class Attachment:
    """A text issued with the document (``QUY ĐỊNH … ban hành kèm theo``) or an annex (``PHỤ LỤC I``) that is
    not read as a plan: a resource of its own, part of the document."""

    index: int  # 1-based among attachments of the same kind
    kind: str  # doctype key of an attached text ("quy-dinh", "quy-che", …) or "phu-luc"
    number: str  # as printed ("I" of "PHỤ LỤC I"); "" when none
    title: str
    loc: Located
    units: list[Subdivision] = field(default_factory=list)
    signature: Signature | None = None
    unread_tables: int = 0  # tables whose content is not extracted (reported)
    citations: list[CitationMention] = field(default_factory=list)  # named in its title and note
    relations: list[Relation] = field(default_factory=list)  # stated in its title


@dataclass(frozen=True)
class Recipient:
    text: str
    agency: AgencyName | None
    loc: Located


@dataclass(frozen=True)
class Signature:
    authorities: tuple[tuple[str, str], ...]  # (authority key "tm"/"kt"/…, what follows it as printed)
    role: str | None  # role concept key of the signer's post ("pho-chu-tich")
    role_text: str
    name: str  # as printed
    loc: Located


@dataclass(frozen=True)
class Objective:
    index: int
    text: str
    targets: tuple[Target, ...]
    loc: Located


@dataclass
class TextPart:
    """A paragraph kept as printed, with the instruments it cites."""

    loc: Located
    citations: list[CitationMention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass
class SectionText:
    """A section of a plan kept as its printed paragraphs (I. MỤC ĐÍCH, YÊU CẦU; V. TỔ CHỨC THỰC HIỆN …): text the
    parser draws no structured facts from, still in the graph, each paragraph with its lines to quote."""

    index: int
    number: str  # as printed, e.g. "V"; empty when the heading has none
    heading: str
    loc: Located
    paragraphs: list[TextPart] = field(default_factory=list)


@dataclass(frozen=True)
class TaskGroup:
    index: int
    number: str  # as printed, e.g. "II"
    title: str
    loc: Located
    parent: TaskGroup | None = None  # the enclosing group (part "A" around section "I")


@dataclass
class Task:
    position: int  # 1-based order in the plan's table
    number: str
    group: TaskGroup | None
    text: str
    loc: Located
    leads: list[AgencyMention] = field(default_factory=list)
    partners: list[AgencyMention] = field(default_factory=list)
    lead_note: str = ""  # words of the lead cell naming no agency ("trình Hội đồng nhân dân cùng cấp")
    partner_note: str = ""  # likewise for the partners' cell ("cơ quan, đơn vị liên quan")
    period: Period | None = None
    period_text: str = ""
    result: str = ""
    funding: str = ""
    citations: list[CitationMention] = field(default_factory=list)
    applies: set[int] = field(default_factory=set)  # indexes into citations that the task carries out
    relations: list[Relation] = field(default_factory=list)  # what its text states of texts it names


@dataclass
class Plan:
    index: int
    title: str
    programme: str | None
    period: Period | None
    loc: Located
    objectives: list[Objective] = field(default_factory=list)
    groups: list[TaskGroup] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    signature: Signature | None = None
    sections: list[SectionText] = field(default_factory=list)
    citations: list[CitationMention] = field(default_factory=list)  # named in its title ("thực hiện Kết luận số …")
    relations: list[Relation] = field(default_factory=list)  # stated in its title


@dataclass(frozen=True)
class Unplaced:
    """A source line the parser read but could not place, with the reason (reported, never dropped)."""

    lineno: int
    text: str
    reason: str


@dataclass
class ParsedDocument:
    name: str
    sha256: str
    text: str
    line_count: int
    header: Header
    bases: list[CitationMention] = field(default_factory=list)
    proposals: list[CitationMention] = field(default_factory=list)
    proposer: AgencyMention | None = None
    units: list[Subdivision] = field(default_factory=list)  # the body's structure (articles, chapters, items)
    attachments: list[Attachment] = field(default_factory=list)
    preamble_citations: list[CitationMention] = field(default_factory=list)  # cited in the preamble, not as a basis
    relations: list[Relation] = field(default_factory=list)  # stated in its title, preamble and notes
    recipients: list[Recipient] = field(default_factory=list)
    signature: Signature | None = None
    plans: list[Plan] = field(default_factory=list)
    signer_names: dict[str, str] = field(default_factory=dict)  # printed name → resolved name
    unplaced: list[Unplaced] = field(default_factory=list)
    layout: str = "plain"  # the text shape recognised (see read.layouts)
    furniture: dict[str, int] = field(default_factory=dict)  # lines left out as page furniture, per reason
    original: OriginalFile | None = None  # the .docx/.pdf/.html/.tsv file the text was extracted from
    unlinked: list[Unplaced] = field(default_factory=list)  # instrument codes printed but not linked, with why
    problems: list[Unplaced] = field(default_factory=list)  # what ``--strict`` refuses (no number, a cut file, …)
    codes: int = 0  # instrument codes printed in the document's own text (its header and furniture aside)
