"""The protocol's update dataset (``using-graph-uri``, ``using-named-graph-uri``) applied to an update.

pyoxigraph's ``update()`` takes no dataset, so the parameters become ``USING`` / ``USING NAMED``
clauses in front of the ``WHERE`` of every modify operation (SPARQL 1.1 Protocol §2.2.3). An update
that already names its dataset (``USING`` or ``WITH``) together with the parameters is an error. The
endpoint checks the rewritten text — the text that runs — with its limits and SERVICE/LOAD guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from plangraph.server.errors import ProtocolError
from plangraph.server.sparql_lexer import tokens


@dataclass(frozen=True)
class _Keyword:
    word: str  # upper case
    start: int
    end: int
    depth: int


def _keywords(text: str) -> tuple[list[_Keyword], dict[int, int], list[int]]:
    """Keywords with their brace depth, each '{' → its '}', and where every '{' is — read by the server's one
    SPARQL lexer, so strings, IRIs and comments (ending at CR or LF) are skipped exactly as pyoxigraph skips them."""
    found: list[_Keyword] = []
    closing: dict[int, int] = {}
    opening: list[int] = []
    stack: list[int] = []
    for token in tokens(text):
        source = text[token.start : token.end]
        if token.kind == "other" and source == "{":
            stack.append(token.start)
            opening.append(token.start)
        elif token.kind == "other" and source == "}":
            if stack:
                closing[stack.pop()] = token.start
        elif token.kind == "word":
            found.append(_Keyword(source.upper(), token.start, token.end, len(stack)))
    return found, closing, opening


def apply_dataset(update: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """*update* with the protocol dataset written into each operation as USING clauses."""
    for iri in (*default_graphs, *named_graphs):
        try:
            NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, f"not an IRI: {iri!r}") from None
    keywords, closing, opening = _keywords(update)
    top = [k for k in keywords if k.depth == 0]
    if any(k.word in ("USING", "WITH") for k in top):
        raise ProtocolError(400, "the update names its own dataset (USING or WITH) and the request also sends "
                                 "using-graph-uri / using-named-graph-uri; send one or the other")
    clauses = " ".join([f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs])
    edits: list[tuple[int, int, str]] = []
    for index, keyword in enumerate(top):
        if keyword.word != "WHERE":
            continue
        previous = top[index - 1].word if index else ""
        if previous == "DELETE":  # DELETE WHERE { P } has no USING: spell it out as DELETE { P } USING … WHERE { P }
            brace = next((b for b in opening if b > keyword.end), -1)
            if brace < 0 or brace not in closing:
                continue
            pattern = update[brace:closing[brace] + 1]
            edits.append((keyword.start, closing[brace] + 1, f"{pattern} {clauses} WHERE {pattern}"))
        else:
            edits.append((keyword.start, keyword.start, f"{clauses} "))
    for start, end, replacement in sorted(edits, reverse=True):
        update = update[:start] + replacement + update[end:]
    return update
