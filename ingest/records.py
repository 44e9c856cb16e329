"""Typed records the parser produces; the RDF mapping reads only these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plangraph.ingest.agencies import AgencyName
from plangraph.ingest.citations import Citation
from plangraph.ingest.periods import Period
from plangraph.ingest.source import OriginalFile
from plangraph.ingest.targets import Target


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
    date: dt.date
    place: str | None
    title: str | None
    issuer: Issuer
    loc: Located  # the number line
    title_loc: Located | None
    province: str | None = None  # pre-2025 code of the province the header names (issuer or place line)


@dataclass(frozen=True)
class Article:
    number: int
    text: str
    loc: Located


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
class SectionText:
    """A section of a plan kept as its printed paragraphs (I. MỤC ĐÍCH, YÊU CẦU; V. TỔ CHỨC THỰC HIỆN …): text the
    parser draws no structured facts from, still in the graph, each paragraph with its lines to quote."""

    index: int
    number: str  # as printed, e.g. "V"; empty when the heading has none
    heading: str
    loc: Located
    paragraphs: list[Located] = field(default_factory=list)


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
    articles: list[Article] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    signature: Signature | None = None
    plans: list[Plan] = field(default_factory=list)
    signer_names: dict[str, str] = field(default_factory=dict)  # printed name → resolved name
    unplaced: list[Unplaced] = field(default_factory=list)
    layout: str = "plain"  # the text shape recognised (see layout_detect)
    furniture: dict[str, int] = field(default_factory=dict)  # lines left out as page furniture, per reason
    original: OriginalFile | None = None  # the .docx/.pdf/.html/.tsv file the text was extracted from
