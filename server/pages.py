"""Plain HTML pages (every value escaped); the browse UI replaces them with rich ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from html import escape
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from plangraph.server.describe import Description
from plangraph.server.paths import local_href

STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;
vertical-align:top}th{width:22%;font-weight:600}code{font-size:90%}.iri{color:#666;font-size:85%}"""


def page(title: str, body: str, *, alternates: dict[str, str] | None = None) -> str:
    links = "".join(f'<link rel="alternate" type="{escape(t)}" href="{escape(h)}">'
                    for t, h in (alternates or {}).items())
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>{links}'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{STYLE}</style></head>'
            f"<body>{body}</body></html>")


class Linker:
    """Turns IRIs into links: minted ones to their path on this server, others as they are."""

    def __init__(self, base: str, labels: dict[str, str]) -> None:
        self.base, self.labels = base, labels

    def href(self, iri: str) -> str:
        return local_href(iri, self.base)

    def term(self, term: object) -> str:
        if isinstance(term, NamedNode):
            label = self.labels.get(term.value)
            shown = escape(label) if label else f"<code>{escape(term.value)}</code>"
            return f'<a href="{escape(self.href(term.value))}">{shown}</a>'
        if isinstance(term, Literal):
            lang = f' lang="{escape(term.language)}"' if term.language else ""
            return f"<span{lang}>{escape(term.value)}</span>"
        return f"<code>{escape(str(term))}</code>"


START_LINE = "https://w3id.org/plangraph/ontology#startLine"
END_LINE = "https://w3id.org/plangraph/ontology#endLine"
HAS_SOURCE = "http://www.w3.org/ns/oa#hasSource"
EXACT = "http://www.w3.org/ns/oa#exact"


def source_links(description: Description, linker: Linker) -> list[tuple[str, str, str]]:
    """(quote, line range, link into the source view) for every span described on the page."""
    facts: dict[str, dict[str, str]] = defaultdict(dict)
    for triple in description.outgoing:
        predicate = triple.predicate.value
        if predicate in (START_LINE, END_LINE, HAS_SOURCE, EXACT):
            facts[triple.subject.value][predicate] = triple.object.value  # type: ignore[union-attr]
    links = []
    for subject, fact in sorted(facts.items()):
        if START_LINE in fact and HAS_SOURCE in fact:
            quote = facts.get(subject + "-quote", {}).get(EXACT, "")
            first, last = fact[START_LINE], fact.get(END_LINE, fact[START_LINE])
            lines = first if first == last else f"{first}–{last}"
            links.append((quote, lines, f"{linker.href(fact[HAS_SOURCE])}/text#L{first}"))
    return links


def entity_page(iri: str, description: Description, linker: Linker, *, next_page: str | None,
                alternates: dict[str, str]) -> str:
    title = linker.labels.get(iri, iri)
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri"><code>{escape(iri)}</code></p>',
             "<p>" + " · ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for t, h in alternates.items()) + "</p>"]
    quotes = source_links(description, linker)
    if quotes:
        items = "".join(f'<li><q>{escape(q[:300])}</q> — <a class="source-link" href="{escape(h)}">dòng {escape(n)}</a>'
                        f"</li>" for q, n, h in quotes[:20])
        parts.append(f"<h2>Trích dẫn nguồn · Source quotes</h2><ul>{items}</ul>")
    by_subject: dict[str, list[Triple]] = defaultdict(list)
    for triple in description.outgoing:
        by_subject[triple.subject.value].append(triple)  # type: ignore[union-attr]
    for subject in description.subjects:
        rows = by_subject.get(subject, [])
        if not rows:
            continue
        anchor = escape(subject.split("#", 1)[-1])
        heading = "" if subject == iri else f'<h3 id="{anchor}">#{anchor}</h3>'
        parts.append(heading + _table(rows, linker, lambda t: t.predicate, lambda t: t.object))
    if description.incoming:
        parts.append(f"<h2>Liên kết đến · Incoming links ({len(description.incoming)} on this page)</h2>")
        parts.append(_table(list(description.incoming), linker, lambda t: t.predicate, lambda t: t.subject))
    if next_page:
        parts.append(f'<p><a rel="next" href="{escape(next_page)}">Trang sau · Next page</a></p>')
    return page(title, "\n".join(parts), alternates=alternates)


def _table(triples: list[Triple], linker: Linker, key: Callable[[Triple], Any], value: Callable[[Triple], Any]) -> str:
    grouped: dict[str, list[object]] = defaultdict(list)
    for triple in triples:
        grouped[key(triple).value].append(value(triple))
    rows = []
    for predicate in sorted(grouped):
        values = "<br>".join(linker.term(v) for v in grouped[predicate])
        count = len(grouped[predicate])
        rows.append(f"<tr><th>{linker.term(NamedNode(predicate))} ({count})</th><td>{values}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"
