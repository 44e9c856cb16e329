"""Content negotiation for the SPARQL endpoint: pick a result format from Accept and ``?format=``.

Pure functions, no web framework. The endpoint offers :data:`SOLUTION_FORMATS` to SELECT,
:data:`BOOLEAN_FORMATS` to ASK and :data:`GRAPH_FORMATS` to CONSTRUCT/DESCRIBE (see :func:`offered_for`),
calls :func:`negotiate` and answers 406 when it returns ``None``.

Rules, in order:

1. an override (``?format=``, ``?output=``, ``?results=``) that names an offered format wins. It may be a
   short name (``json``, ``ttl``, ``rdf+xml``, ``n-triples`` ...) or media types (SPARQLWrapper repeats
   the Accept value there, e.g. ``application/ld+json,application/x-json+ld``). Unknown or not offered
   for this query form: ignored, Accept decides.
2. no Accept (or none of it parsable), or ``*/*``: the first offered format (SPARQL JSON, Turtle).
3. otherwise each offered format gets the q of the most specific media range matching its media type, or
   one of its aliases named exactly (``q=0`` refuses it; an alias cannot revive a refused canonical type).
   The best q wins, then the more specific match, then the earlier mention in Accept, then the offer order.
   Parameters other than ``q`` are ignored; malformed entries are dropped.

A format chosen through an alias is still served with its canonical media type (``Accept:
application/json`` gets ``application/sparql-results+json`` for SELECT, ``application/ld+json`` for
CONSTRUCT), as Fuseki and Virtuoso do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BOOLEAN_FORMATS",
    "GRAPH_FORMATS",
    "HTML",
    "SOLUTION_FORMATS",
    "ResultFormat",
    "negotiate",
    "offered_for",
    "parse_accept",
    "supports",
    "wants_html",
]


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation the endpoint can produce."""

    name: str  # short name used by ?format=
    media_type: str  # canonical media type, sent as Content-Type
    kind: str  # "solutions" (SELECT/ASK), "graph" (CONSTRUCT/DESCRIBE), "dataset" (also fine for graphs)
    aliases: tuple[str, ...] = ()  # other media types a client may ask it by


JSON = ResultFormat("json", "application/sparql-results+json", "solutions", ("application/json",))
XML = ResultFormat("xml", "application/sparql-results+xml", "solutions", ("application/xml", "text/xml"))
CSV = ResultFormat("csv", "text/csv", "solutions")
TSV = ResultFormat("tsv", "text/tab-separated-values", "solutions")

TURTLE = ResultFormat(
    "turtle",
    "text/turtle",
    "graph",
    # Turtle is a subset of N3, so it is a correct answer to an N3 request.
    ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3"),
)
NTRIPLES = ResultFormat("ntriples", "application/n-triples", "graph", ("text/plain",))
JSONLD = ResultFormat("jsonld", "application/ld+json", "graph", ("application/json", "application/x-json+ld"))
RDFXML = ResultFormat("rdfxml", "application/rdf+xml", "graph", ("application/xml", "text/xml"))
NQUADS = ResultFormat("nquads", "application/n-quads", "dataset")
TRIG = ResultFormat("trig", "application/trig", "dataset")

SOLUTION_FORMATS: tuple[ResultFormat, ...] = (JSON, XML, CSV, TSV)
# The SPARQL 1.1 CSV/TSV spec defines no boolean form, so ASK offers JSON and XML only: Accept: text/csv
# on an ASK query negotiates to None (406) rather than to an invented body.
BOOLEAN_FORMATS: tuple[ResultFormat, ...] = (JSON, XML)
GRAPH_FORMATS: tuple[ResultFormat, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG)

# Not a result format: the linked-data page. Only used by wants_html.
HTML = ResultFormat("html", "text/html", "page", ("application/xhtml+xml",))

_OFFERED_FOR = {
    "select": SOLUTION_FORMATS,
    "ask": BOOLEAN_FORMATS,
    "construct": GRAPH_FORMATS,
    "describe": GRAPH_FORMATS,
}

# Override words -> candidate format names, the first one offered wins ("json" is SPARQL JSON for SELECT and
# JSON-LD for CONSTRUCT, "xml" is SPARQL XML or RDF/XML).
_OVERRIDE_WORDS: dict[str, tuple[str, ...]] = {
    "json": ("json", "jsonld"),
    "srj": ("json",),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml",),
    "csv": ("csv",),
    "tsv": ("tsv",),
    "turtle": ("turtle",),
    "ttl": ("turtle",),
    "n3": ("turtle",),
    "rdf": ("rdfxml",),
    "rdf+xml": ("rdfxml",),
    "rdfxml": ("rdfxml",),
    "rdf/xml": ("rdfxml",),
    "owl": ("rdfxml",),
    "json-ld": ("jsonld",),
    "jsonld": ("jsonld",),
    "nt": ("ntriples",),
    "ntriples": ("ntriples",),
    "n-triples": ("ntriples",),
    "nq": ("nquads",),
    "nquads": ("nquads",),
    "n-quads": ("nquads",),
    "trig": ("trig",),
}

AcceptEntry = tuple[str, float, int]


def offered_for(query_form: str) -> tuple[ResultFormat, ...]:
    """The formats offered to a query form: ``select``, ``ask``, ``construct`` or ``describe``."""
    try:
        return _OFFERED_FOR[query_form.lower()]
    except KeyError:
        raise ValueError(f"unknown query form {query_form!r}") from None


def supports(fmt: ResultFormat, kind: str) -> bool:
    """Whether ``fmt`` can carry a result of ``kind``: ``solutions``, ``boolean`` or ``graph``."""
    if kind == "solutions":
        return fmt in SOLUTION_FORMATS
    if kind == "boolean":
        return fmt in BOOLEAN_FORMATS
    if kind == "graph":
        return fmt.kind in ("graph", "dataset")
    raise ValueError(f"unknown result kind {kind!r}")


def _specificity(media_range: str) -> int:
    if media_range == "*/*":
        return 0
    return 1 if media_range.endswith("/*") else 2


def _media_range(raw: str) -> str | None:
    """Lower-case ``type/subtype`` or ``None`` when malformed; a bare ``*`` (old Java clients) means ``*/*``."""
    value = raw.strip().lower()
    if value == "*":
        return "*/*"
    kind, slash, sub = value.partition("/")
    if not slash or not kind or not sub or "/" in sub or (kind == "*" and sub != "*"):
        return None
    return value


def _quality(params: list[str]) -> float | None:
    """The q parameter clamped to [0, 1]; 1 when absent, ``None`` when unparsable."""
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0.0 <= q <= 1.0 else None
    return 1.0


def _parse_entries(header: str | None) -> list[tuple[str, float, int, int]]:
    """``(range, q, specificity, position)`` in header order; malformed entries dropped."""
    entries = []
    for position, item in enumerate((header or "").split(",")):
        raw, *params = item.split(";")
        media_range = _media_range(raw)
        q = _quality(params)
        if media_range is not None and q is not None:
            entries.append((media_range, q, _specificity(media_range), position))
    return entries


def parse_accept(header: str | None) -> list[AcceptEntry]:
    """Parse an Accept header into ``(media range, q, specificity)``, best first.

    Media ranges are lower-cased and stripped of parameters; specificity is 0 for ``*/*``, 1 for ``type/*``,
    2 for ``type/subtype``. Sorted by q then specificity, both descending; ties keep header order. Entries
    with a malformed range or q are dropped.
    """
    entries = sorted(_parse_entries(header), key=lambda e: (-e[1], -e[2], e[3]))
    return [(media_range, q, specificity) for media_range, q, specificity, _ in entries]


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def _match(entries: list[tuple[str, float, int, int]], media_type: str) -> tuple[float, int, int] | None:
    """The most specific (then earliest) range matching ``media_type`` as ``(q, specificity, -position)``."""
    matching = [(spec, -position, q) for media_range, q, spec, position in entries if _matches(media_range, media_type)]
    if not matching:
        return None
    specificity, neg_position, q = max(matching)
    return q, specificity, neg_position


def _rank(entries: list[tuple[str, float, int, int]], fmt: ResultFormat) -> tuple[float, int, int] | None:
    """How much the client wants ``fmt``: the best match over its media types, ``None`` if not acceptable."""
    canonical = _match(entries, fmt.media_type)
    if canonical is not None and canonical[0] == 0 and canonical[1] == 2:
        return None  # the canonical media type explicitly refused: an alias cannot bring it back
    # An alias counts only when named exactly: text/* must not pick SPARQL XML through text/xml.
    named_aliases = [m for m in (_match(entries, alias) for alias in fmt.aliases) if m is not None and m[1] == 2]
    best = max([m for m in (canonical, *named_aliases) if m is not None], default=None)
    return best if best is not None and best[0] > 0 else None


def _by_override(override: str | None, offered: Sequence[ResultFormat]) -> ResultFormat | None:
    value = (override or "").strip().lower()
    if not value:
        return None
    by_name = {fmt.name: fmt for fmt in offered}
    for name in _OVERRIDE_WORDS.get(value, ()):
        if name in by_name:
            return by_name[name]
    if "/" in value:  # media type(s), as SPARQLWrapper sends them
        return _by_accept(value, offered)
    return None


def _by_accept(accept: str | None, offered: Sequence[ResultFormat]) -> ResultFormat | None:
    entries = _parse_entries(accept)
    if not entries:  # no Accept, or nothing parsable in it: anything goes
        return offered[0] if offered else None
    ranked = []
    for index, fmt in enumerate(offered):
        rank = _rank(entries, fmt)
        if rank is not None:
            ranked.append((rank, -index, fmt))
    return max(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


def negotiate(
    accept: str | None, offered: Sequence[ResultFormat], *, override: str | None = None
) -> ResultFormat | None:
    """The format to answer with, or ``None`` when nothing offered is acceptable (406)."""
    return _by_override(override, offered) or _by_accept(accept, offered)


def wants_html(accept: str | None) -> bool:
    """Whether the client prefers an HTML page to any RDF or SPARQL results format (browsers do, curl does not).

    HTML competes last in offer order, so ``*/*`` or a missing Accept picks data, and an explicit
    ``text/html`` wins ties with data types mentioned after it.
    """
    if not (accept or "").strip():
        return False
    offered = (*SOLUTION_FORMATS, *GRAPH_FORMATS, HTML)
    return _by_accept(accept, offered) is HTML
