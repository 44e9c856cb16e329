"""Signature blocks (``TM. … / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name``) and signer-name resolution."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from plangraph.ingest.blocks import SignatureBlock
from plangraph.ingest.records import Signature
from plangraph.ingest.understand.locate import Locator
from plangraph.language.folding import fold
from plangraph.ontology.concepts import by_label, by_notation

_AUTHORITY = re.compile(r"^(?P<marker>TM|KT|Q|TL|TUQ)\s*[.:]\s*(?P<rest>.+)$")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]*(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]*){1,4}$")


def authority(text: str) -> tuple[str, str] | None:
    """``"KT: CHỦ TỊCH"`` → ``("kt", "CHỦ TỊCH")``; None if the line is no authority marker."""
    match = _AUTHORITY.match(text)
    if not match:
        return None
    concept = by_notation("authority").get(fold(match["marker"]))
    return (concept.key, match["rest"].strip()) if concept else None


def role(text: str) -> str | None:
    """Role concept key of a post as printed (``PHÓ CHỦ TỊCH`` → ``pho-chu-tich``)."""
    concept = by_label("role").get(fold(text).strip(" ."))
    return concept.key if concept else None


def is_name(text: str) -> bool:
    """A person's name: 2–5 capitalised words, nothing else."""
    return bool(_NAME.match(text)) and fold(text) == fold(text).strip() and not text.isupper()


def signature(block: SignatureBlock, locate: Locator) -> Signature:
    """The authorities, post and name of a signature block (its lines as the reading stage cut them)."""
    authorities: list[tuple[str, str]] = []
    role_key, role_text, name = None, "", ""
    for line in block.lines:
        text = line.text
        if marker := authority(text):
            authorities.append(marker)
        elif role_key is None and role(text):
            role_key, role_text = role(text), text
        elif is_name(text):
            name = text
    return Signature(tuple(authorities), role_key, role_text, name, locate.block(block))


def _tokens(name: str) -> list[str]:
    return fold(name).split()


def same_person(a: str, b: str) -> bool:
    """Two printings of one name: same length, given name equal, at most one other word differing."""
    ta, tb = _tokens(a), _tokens(b)
    if len(ta) != len(tb) or len(ta) < 2 or ta[-1] != tb[-1]:
        return False
    return sum(x != y for x, y in zip(ta, tb, strict=True)) <= 1


def resolve_names(printed: Sequence[str]) -> dict[str, str]:
    """Map every printed signer name to one resolved spelling per person.

    Within one document, printings of the same post's signer that differ by OCR noise (diacritics,
    one mangled word) are one person; the resolved spelling is the most frequent printing, ties going
    to the earliest.
    """
    counts = Counter(printed)
    order = {name: i for i, name in reversed(list(enumerate(printed)))}
    clusters: list[list[str]] = []
    for name in sorted(counts, key=lambda n: order[n]):
        home = next((c for c in clusters if any(same_person(name, other) for other in c)), None)
        if home is None:
            clusters.append([name])
        else:
            home.append(name)
    resolved: dict[str, str] = {}
    for cluster in clusters:
        best = max(cluster, key=lambda n: (counts[n], -order[n]))
        resolved.update({name: best for name in cluster})
    return resolved
