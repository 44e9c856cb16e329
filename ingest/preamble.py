"""The decision body: ``Căn cứ`` clauses, the proposal (``Xét đề nghị … Tờ trình``), articles,
recipients (``Nơi nhận``) and the signature block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.ingest import locate, signers
from plangraph.ingest.understand.agencies import normalize_agency
from plangraph.ingest.understand.citations import CitationContext, find_citations
from plangraph.ingest.records import AgencyMention, Article, CitationMention, Recipient, Signature
from plangraph.ingest.text import strip_markdown
from plangraph.ingest.view import TextView

_BASIS = re.compile(r"^Căn cứ\b", re.IGNORECASE)
_PROPOSAL = re.compile(r"^(Xét|Theo) đề nghị\b", re.IGNORECASE)
_PROPOSER = re.compile(r"đề nghị của\s+(?:(?:ông|bà)\s+)?(?:(?:Phó\s+)?(?:Giám đốc|Chánh Văn phòng|Trưởng ban|"
                       r"Chủ tịch|Bộ trưởng|Thủ trưởng)\s+)?(?P<who>.+?)(?:\s+(?:tại|theo)\s+(?:Tờ trình|Văn bản|"
                       r"Công văn)|\s*[.;,]?\s*$)", re.IGNORECASE)
_ARTICLE = re.compile(r"^Điều\s+(?P<n>\d+)\s*[.:]?\s*(?P<text>.*)$")
_ENACTING = re.compile(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|BAN HÀNH KẾ HOẠCH)\s*:\s*$")
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*$", re.IGNORECASE)
_RECIPIENT_ITEM = re.compile(r"^[-–+•]\s*(?P<text>.+?)\s*[;.,]?$")


@dataclass
class Body:
    bases: list[CitationMention] = field(default_factory=list)
    proposals: list[CitationMention] = field(default_factory=list)
    proposer: AgencyMention | None = None
    articles: list[Article] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    signature: Signature | None = None
    consumed: set[int] = field(default_factory=set)


def is_recipients_heading(line: str) -> bool:
    return bool(_RECIPIENTS.match(strip_markdown(line)))


def citation_mentions(source: TextView, lineno: int, context: CitationContext) -> list[CitationMention]:
    """Citations in one raw line, located to the character."""
    raw = source.line(lineno)
    return [CitationMention(c, locate.offsets(source, lineno, c.start, c.end))
            for c in find_citations(raw, context)]


def signature_at(source: TextView, lineno: int) -> tuple[Signature, int] | None:
    """The signature block starting at logical line *lineno* and its last logical line, if there is one."""
    block = signers.parse_block(source.lines, lineno)
    if block is None:
        return None
    loc = locate.lines(source, block.first_line, block.last_line)
    return Signature(block.authorities, block.role, block.role_text, block.name, loc), block.last_line


def parse_body(source: TextView, first: int, last: int, context: CitationContext) -> Body:
    """Read lines *first*..*last* (1-based, inclusive) of a decision's body."""
    body = Body()
    lineno = first
    article: _OpenArticle | None = None
    in_recipients = False
    while lineno <= last:
        text = strip_markdown(source.line(lineno))
        if not text:
            lineno += 1
            continue
        found = signature_at(source, lineno) if body.signature is None else None
        if found:
            body.signature, block_last = found
            body.consumed.update(range(lineno, block_last + 1))
            lineno = block_last + 1
            in_recipients = False
            continue
        if article and (_ARTICLE.match(text) or _RECIPIENTS.match(text)):
            body.articles.append(_article(source, article))
            article = None
        if _ENACTING.match(text):
            pass  # the enacting formula ("QUYẾT ĐỊNH:") carries no fact of its own
        elif _BASIS.match(text):
            body.bases.extend(citation_mentions(source, lineno, context))
        elif _PROPOSAL.match(text):
            _read_proposal(source, lineno, text, context, body)
        elif match := _ARTICLE.match(text):
            article = _OpenArticle(int(match["n"]), lineno, lineno, [match["text"]])
        elif _RECIPIENTS.match(text):
            in_recipients = True
        elif in_recipients and (item := _RECIPIENT_ITEM.match(text)):
            body.recipients.append(_recipient(source, lineno, item["text"]))
        elif article:
            article.parts.append(text)
            article.last = lineno
        else:
            lineno += 1
            continue
        body.consumed.add(lineno)
        lineno += 1
    if article:
        body.articles.append(_article(source, article))
    return body


@dataclass
class _OpenArticle:
    number: int
    first: int
    last: int
    parts: list[str]


def _article(source: TextView, article: _OpenArticle) -> Article:
    text = " ".join(p for p in article.parts if p)
    return Article(article.number, text, locate.lines(source, article.first, article.last))


def _read_proposal(source: TextView, lineno: int, text: str, context: CitationContext,
                   body: Body) -> None:
    body.proposals.extend(citation_mentions(source, lineno, context))
    who = _PROPOSER.search(text)
    if who:
        agency = normalize_agency(who["who"])
        body.proposer = AgencyMention(agency, locate.substring(source, lineno, lineno, who["who"]))


def _recipient(source: TextView, lineno: int, text: str) -> Recipient:
    agency = normalize_agency(text)
    return Recipient(text, agency if agency.kind else None, locate.substring(source, lineno, lineno, text))
