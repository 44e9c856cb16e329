"""The preamble: legal bases (``Căn cứ …``), the proposal (``Xét đề nghị … Tờ trình …``) and who proposed,
what the document carries out (``Thực hiện …``), and the recipients (``Nơi nhận``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.ingest.blocks import ContentBlock, ListItem, Paragraph
from plangraph.ingest.records import AgencyMention, CitationMention, Recipient, Relation
from plangraph.ingest.understand.agencies import normalize_agency
from plangraph.ingest.understand.mentions import Mentions
from plangraph.ingest.understand.relations import PREAMBLE, RelationReader

_BASIS = re.compile(r"^Căn cứ\b", re.IGNORECASE)
_PROPOSAL = re.compile(r"^(?:Xét|Theo) (?:đề nghị|Tờ trình|tờ trình)\b", re.IGNORECASE)
_PROPOSER = re.compile(r"đề nghị của\s+(?:(?:ông|bà)\s+)?(?:(?:Phó\s+)?(?:Giám đốc|Chánh Văn phòng|Trưởng ban|"
                       r"Chủ tịch|Bộ trưởng|Thủ trưởng|Vụ trưởng|Cục trưởng|Tổng Cục trưởng)\s+)?(?P<who>.+?)"
                       r"(?:\s+(?:tại|theo)\s+(?:Tờ trình|Văn bản|Công văn)|\s*[.;,]?\s*$)", re.IGNORECASE)
_RECIPIENT_ITEM = re.compile(r"^[-–+•]?\s*(?P<text>.+?)\s*[;.,]?$")


@dataclass
class Preamble:
    bases: list[CitationMention] = field(default_factory=list)
    proposals: list[CitationMention] = field(default_factory=list)
    proposer: AgencyMention | None = None
    cited: list[CitationMention] = field(default_factory=list)  # named in the preamble otherwise ("Thực hiện …")
    relations: list[Relation] = field(default_factory=list)  # stated in it ("Căn cứ Luật … được sửa đổi bởi …")


def read_preamble(blocks: list[ContentBlock], mentions: Mentions, relations: RelationReader | None = None
                  ) -> Preamble:
    found = Preamble()
    for block in blocks:
        text = block.text
        cited = mentions.citations(block.run, block.span)
        if _BASIS.match(text):
            found.bases.extend(cited)
        elif _PROPOSAL.match(text):
            found.proposals.extend(cited)
            who = _PROPOSER.search(text)
            if who and found.proposer is None:
                found.proposer = mentions.agency(block.run, who["who"], block.span)
        else:
            found.cited.extend(cited)
        if relations is not None:
            found.relations.extend(relations.read(block.run, cited, PREAMBLE, block.span))
    return found


def recipients(blocks: list[ContentBlock], mentions: Mentions) -> list[Recipient]:
    """The lines of a ``Nơi nhận`` list, each resolved to an agency where it names one."""
    out = []
    for block in blocks:
        if not isinstance(block, (ListItem, Paragraph)):
            continue
        text = block.body.text if isinstance(block, ListItem) else block.text
        match = _RECIPIENT_ITEM.match(text.strip())
        if not match:
            continue
        printed = match["text"]
        agency = normalize_agency(printed)
        loc = mentions.locate.substring(block.run, printed, fallback=block.span)
        out.append(Recipient(printed, agency if agency.kind else None, loc))
    return out
