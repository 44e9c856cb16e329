"""Parameter values written into SPARQL text, where pyoxigraph's ``substitutions=`` cannot take them.

pyoxigraph binds a catalogue query's parameters as terms (SEP-0007), never pasted as text — except where a
query names an endpoint with a parameter (``SERVICE ?peer { … }``: Oxigraph does not substitute there), and
for an external engine, which has no substitutions at all. There the values are written into the text token by
token (the server's one SPARQL lexer finds the variables, so a ``?x`` inside a string or an IRI is left alone),
each as its N-Triples form, which escapes everything a term may hold:

- in a ``SELECT`` projection, ``?x`` becomes ``(<term> AS ?x)``: the variable stays in the results, bound —
  unless a sub-query of that ``SELECT`` projects ``?x`` too: it binds ``?x`` there, and the outer projection keeps
  ``?x`` as it is (binding it again with ``AS`` is an error);
- after ``GROUP BY`` or ``ORDER BY``, ``(<term>)`` (a bare term is not a condition there);
- anywhere else (patterns, ``SERVICE``, ``FILTER``, ``HAVING``, ``BIND`` expressions) the term itself;
- ``AS ?x`` (binding the parameter again) and a ``VALUES`` over it are errors: the query would mean otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode

from plangraph.server.sparql_lexer import tokens

Term = NamedNode | Literal

_CLAUSES = {"where", "from", "group", "order", "having", "limit", "offset", "values", "{", "}"}


class SubstitutionError(ValueError):
    """The query uses a parameter in a way a written value cannot keep its meaning."""


def substitute(query: str, values: Mapping[str, Term], *, only_services: bool = False) -> str:
    """*query* with the variables named in *values* written as terms (see the module docstring); with
    *only_services*, only a ``SERVICE ?x`` target is written.

    >>> substitute("SELECT ?a ?b WHERE { ?s <p> ?a } ORDER BY ?a", {"a": Literal("31")})
    'SELECT ("31" AS ?a) ?b WHERE { ?s <p> "31" } ORDER BY ("31")'
    >>> substitute("SELECT * { SERVICE ?peer { ?s ?p ?peer } }", {"peer": NamedNode("http://x.example/sparql")},
    ...            only_services=True)
    'SELECT * { SERVICE <http://x.example/sparql> { ?s ?p ?peer } }'
    """
    if not values:
        return query
    bound_below = _bound_by_subqueries(query, values)
    out: list[str] = []
    selects = -1  # SELECTs read so far, numbered as _bound_by_subqueries numbers them
    braces = 0
    owner: dict[int, int] = {}  # brace depth → the SELECT whose clauses are read at that depth
    last = 0
    state = ""  # "project" after SELECT, "order" after GROUP BY / ORDER BY, "" elsewhere
    depth = 0  # parentheses inside a projection: an expression there is not a projected variable
    previous = ""
    for token in tokens(query):
        word = token.text.lower() if token.kind in ("word", "other") else ""
        if word == "select":
            state, depth = "project", 0
            selects += 1
            owner[braces] = selects
        elif word == "values":
            state = "values"
        elif state == "values" and word == "{":
            state = ""
        elif state == "project" and word == "(":
            depth += 1
        elif state == "project" and word == ")":
            depth -= 1
        elif word == "by" and previous in ("group", "order"):
            state = "order"
        elif state in ("project", "order") and word in _CLAUSES and not (state == "order" and word == "by"):
            state = ""
        braces += (word == "{") - (word == "}")
        name = token.text[1:] if token.kind == "var" else ""
        if name in values and (not only_services or previous == "service"):
            if previous == "as":
                raise SubstitutionError(f"the parameter ?{name} is bound again (AS ?{name}) in the query")
            if state == "values":
                raise SubstitutionError(f"the parameter ?{name} is given its own VALUES in the query")
            term = str(values[name])
            if state in ("project", "order") and name in bound_below.get(owner.get(braces, -1), set()):
                written = token.text  # a sub-query of this SELECT binds it
            elif state == "project" and depth == 0:
                written = f"({term} AS {token.text})"
            elif state == "order":
                written = f"({term})"
            else:
                written = term
            out.append(query[last:token.start])
            out.append(written)
            last = token.end
        previous = word if token.kind in ("word", "other") else token.kind
    out.append(query[last:])
    return "".join(out)


def _bound_by_subqueries(query: str, values: Mapping[str, Term]) -> dict[int, set[str]]:
    """For each SELECT of *query* (numbered in order), the parameters that a SELECT nested in its group projects.

    >>> _bound_by_subqueries("SELECT ?a { { SELECT ?a { ?s ?p ?a } } }", {"a": Literal("x")})
    {0: {'a'}}
    """
    selects: list[tuple[int, set[str]]] = []  # (brace depth at the SELECT, the parameters it projects)
    nested: dict[int, list[int]] = {}  # a SELECT → the SELECTs read inside its group
    open_selects: list[int] = []  # SELECTs whose group has not closed yet
    braces, projecting, parens = 0, -1, 0
    for token in tokens(query):
        word = token.text.lower() if token.kind in ("word", "other") else ""
        if word == "select":
            for outer in open_selects:
                nested.setdefault(outer, []).append(len(selects))
            open_selects.append(len(selects))
            selects.append((braces, set()))
            projecting, parens = len(selects) - 1, 0
        elif word == "(" and projecting >= 0:
            parens += 1
        elif word == ")" and projecting >= 0:
            parens -= 1
        elif word in ("where", "{", "from"):
            projecting = -1
        if word == "{":
            braces += 1
        elif word == "}":
            braces -= 1
            while open_selects and braces <= selects[open_selects[-1]][0]:
                open_selects.pop()
        if token.kind == "var" and projecting >= 0 and parens == 0 and token.text[1:] in values:
            selects[projecting][1].add(token.text[1:])
    found = {outer: set().union(*(selects[i][1] for i in inner)) for outer, inner in nested.items()}
    return {outer: names for outer, names in found.items() if names}
