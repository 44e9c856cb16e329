"""The protocol's update dataset (``using-graph-uri``, ``using-named-graph-uri``) applied to an update.

pyoxigraph's ``update()`` takes no dataset, so the parameters become ``USING`` / ``USING NAMED``
clauses in front of the ``WHERE`` of every modify operation (SPARQL 1.1 Protocol §2.2.3). An update
that already names its dataset (``USING`` or ``WITH``) together with the parameters is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from plangraph.server.errors import ProtocolError

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class _Keyword:
    word: str  # upper case
    start: int
    end: int
    depth: int


def _string_end(text: str, pos: int) -> int:
    quote = text[pos]
    long_form = text.startswith(quote * 3, pos)
    i = pos + (3 if long_form else 1)
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif (long_form and text.startswith(quote * 3, i)) or (not long_form and text[i] == quote):
            return i + (3 if long_form else 1)
        else:
            i += 1
    return len(text)


def _keywords(text: str) -> tuple[list[_Keyword], dict[int, int]]:
    """Keywords outside strings, IRIs and comments with their brace depth, and each '{' → its '}'."""
    found: list[_Keyword] = []
    closing: dict[int, int] = {}
    stack: list[int] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline + 1
        elif char in "'\"":
            pos = _string_end(text, pos)
        elif char == "<" and (iri := _IRI.match(text, pos)):
            pos = iri.end()
        elif char == "{":
            stack.append(pos)
            pos += 1
        elif char == "}":
            if stack:
                closing[stack.pop()] = pos
            pos += 1
        elif char in "?$:" or (char.isalpha() and pos and (text[pos - 1].isalnum() or text[pos - 1] in "?$:_")):
            word = _WORD.match(text, pos + (1 if char in "?$" else 0))
            pos = word.end() if word else pos + 1
        elif word := _WORD.match(text, pos):
            end = word.end()
            if end < len(text) and text[end] == ":":  # a prefixed name, not a keyword
                pos = end + 1
                continue
            found.append(_Keyword(word.group().upper(), pos, end, len(stack)))
            pos = end
        else:
            pos += 1
    return found, closing


def apply_dataset(update: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """*update* with the protocol dataset written into each operation as USING clauses."""
    for iri in (*default_graphs, *named_graphs):
        try:
            NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, f"not an IRI: {iri!r}") from None
    keywords, closing = _keywords(update)
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
            brace = update.find("{", keyword.end)
            if brace < 0 or brace not in closing:
                continue
            pattern = update[brace:closing[brace] + 1]
            edits.append((keyword.start, closing[brace] + 1, f"{pattern} {clauses} WHERE {pattern}"))
        else:
            edits.append((keyword.start, keyword.start, f"{clauses} "))
    for start, end, replacement in sorted(edits, reverse=True):
        update = update[:start] + replacement + update[end:]
    return update
