"""Size and nesting limits a query or update must meet before it reaches pyoxigraph.

pyoxigraph parses and plans recursively and with costs that grow faster than the text: measured with
pyoxigraph 0.5.13 in a worker's 8 MiB stack, 5,000 nested braces or parentheses, 10,000 ``UNION``\\ s, 5,000
``MINUS`` or ``BIND`` clauses, 10,000 ``||`` or ``+`` operands, or 1,000 nested ``CONCAT(``/``EXISTS {``
**crash the process** (SIGSEGV, stack overflow); 1,000 ``OPTIONAL``\\ s take 98 s to plan, 300 triple patterns
on one subject 50 s, 300 nested collections 18 s. So every text is measured first, in one linear pass of the
server's SPARQL lexer, and refused with a 400 that names the limit:

* **depth**: the deepest nesting of ``{``, ``(`` and ``[`` together (default 64);
* **operators**: everything that adds a node to the query's algebra — the ``.``, ``;`` and ``,`` between triple
  patterns, ``UNION``, ``OPTIONAL``, ``MINUS``, ``FILTER``, ``BIND``, ``VALUES``, ``GRAPH``, ``SERVICE``,
  ``EXISTS``, sub-``SELECT``\\ s, and the property-path and expression operators (default 256).

``VALUES`` rows, the quads of ``INSERT DATA``/``DELETE DATA`` and the terms of a triple pattern cost nothing:
a long list of values, or a large block of data to write, is fine.
"""

from __future__ import annotations

from dataclasses import dataclass

from plangraph.server.sparql_lexer import tokens

__all__ = ["Limits", "Shape", "limit_problem", "measure"]

_OPENING = frozenset("{([")
_CLOSING = frozenset("})]")
_KEYWORDS = frozenset({"union", "optional", "minus", "filter", "bind", "values", "graph", "service", "exists",
                       "select", "lateral"})
_SYMBOLS = frozenset({".", ";", ",", "||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^",
                      "!", "?"})


@dataclass(frozen=True)
class Limits:
    depth: int = 64
    operators: int = 256


@dataclass(frozen=True)
class Shape:
    depth: int
    operators: int


def measure(text: str, stop: Limits | None = None) -> Shape:
    """How deep *text* nests and how many operators it holds (see the module docstring); with *stop*, the
    count ends as soon as one of its limits is passed, so a huge text costs no more than a small one.

    >>> measure("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p 1 . ?s ?q -2 } FILTER(?o > 3 || !BOUND(?x)) }")
    Shape(depth=3, operators=9)
    >>> measure("SELECT * WHERE " + "{" * 5000 + "}" * 5000, Limits(depth=64))
    Shape(depth=65, operators=2)
    """
    depth = deepest = operators = 0
    previous = ""
    data: int | None = None  # the depth of the data block being read (VALUES rows, INSERT/DELETE DATA quads)
    before_data = False  # the next "{" opens a data block
    for token in tokens(text):
        if stop is not None and (deepest > stop.depth or operators > stop.operators):
            break
        source = token.text if token.kind != "iri" else ""
        word = source.lower() if token.kind == "word" else ""
        if token.kind == "other":
            if source in _OPENING:
                depth += 1
                deepest = max(deepest, depth)
                if before_data and source == "{":
                    data, before_data = depth, False
            elif source in _CLOSING:
                if data == depth:
                    data = None
                depth = max(0, depth - 1)
            elif data is None and source in _SYMBOLS and not (source in "+-" and _is_sign(text, token.end, previous)):
                operators += 1
        elif data is None and (word in _KEYWORDS or (word == "data" and previous in ("insert", "delete"))):
            operators += 1
            before_data = word in ("values", "data")
        previous = word or (source if token.kind == "other" else token.kind)
    return Shape(deepest, operators)


def _is_sign(text: str, end: int, previous: str) -> bool:
    """Whether the ``+``/``-`` ending at *end* is the sign of a number (``?x > -1``) rather than an operator."""
    follows_operand = previous in ("iri", "pname", "var", "string", ")", "]") or previous[:1].isdigit()
    return end < len(text) and text[end].isdigit() and not follows_operand


def limit_problem(text: str, limits: Limits) -> str | None:
    """Why *text* is refused before it reaches the engine, naming the limit; None when it is within them."""
    shape = measure(text, limits)
    if shape.depth > limits.depth:
        return (f"the request nests {{ }}, ( ) and [ ] {shape.depth} deep; the limit is {limits.depth} "
                "(PLANGRAPH_MAX_QUERY_DEPTH)")
    if shape.operators > limits.operators:
        return (f"the request has {shape.operators} operators (triple patterns, UNION, OPTIONAL, FILTER, path and "
                f"expression operators …); the limit is {limits.operators} (PLANGRAPH_MAX_QUERY_OPERATORS)")
    return None
