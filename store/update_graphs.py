"""Which graphs a SPARQL update can write, told from its text: so that after an update the search index is brought
up to date graph by graph (see :mod:`plangraph.server.search_update`) instead of built whole.

Only what the text says for certain: the graph of every ``INSERT DATA``/``DELETE DATA`` quad, the templates of
``DELETE``/``INSERT … WHERE`` (``WITH`` naming the graph of their triples), the targets of ``LOAD``, ``CLEAR``,
``DROP``, ``CREATE``, ``ADD``, ``COPY`` and ``MOVE`` (and ``MOVE``'s source). ``""`` stands for the default graph.
A variable in a template's graph, ``CLEAR ALL``/``NAMED``, a relative graph IRI, an update over 8 kB or one this parser
reads otherwise than Oxigraph does: ``None``, any graph may have changed.
"""

from __future__ import annotations

from typing import Any

# Longer updates (a bulk INSERT DATA) are not read twice — rdflib's parser takes 0.27 s for 10 kB, 12 s for 87 kB
# — and count as any graph changed.
MAX_PARSED = 8 * 1024


def graphs_written(update: str) -> set[str] | None:
    """The graphs *update* can write (``""``: the default graph), or None when the text does not tell.

    >>> sorted(graphs_written("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> 1 } }"))
    ['http://g']
    >>> sorted(graphs_written("WITH <http://w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    ['http://w']
    >>> graphs_written("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }") is None
    True
    """
    if len(update) > MAX_PARSED:
        return None
    try:
        from rdflib.plugins.sparql.algebra import translateUpdate
        from rdflib.plugins.sparql.parser import parseUpdate

        operations = translateUpdate(parseUpdate(update)).algebra
    except Exception:  # noqa: BLE001 - a text Oxigraph accepts and rdflib does not: unknown, not an error
        return None
    found: set[str] = set()
    for operation in operations:
        graphs = _of(operation)
        if graphs is None:
            return None
        found |= graphs
    return found


def _of(operation: Any) -> set[str] | None:
    # rdflib's CompValue.get(key, x) is not dict.get(key, default): its fields are read with dict.get.
    name = operation.name
    if name in {"InsertData", "DeleteData", "DeleteWhere"}:
        return _template(operation, None)
    if name == "Modify":
        with_graph = dict.get(operation, "withClause")
        found: set[str] = set()
        for clause in (dict.get(operation, "delete"), dict.get(operation, "insert")):
            if clause is not None:
                graphs = _template(clause, with_graph)
                if graphs is None:
                    return None
                found |= graphs
        return found
    if name in {"Load", "Clear", "Drop", "Create"}:
        return _graph(dict.get(operation, "graphiri", "DEFAULT"))
    if name in {"Add", "Copy", "Move"}:
        source, target = operation["graph"]
        written = _graph(target)
        moved = _graph(source) if name == "Move" else set()
        return None if written is None or moved is None else written | moved
    return None


def _template(part: Any, with_graph: Any) -> set[str] | None:
    found: set[str] = set()
    for graph in dict.get(part, "quads") or {}:
        named = _graph(graph)
        if named is None:
            return None
        found |= named
    if dict.get(part, "triples"):
        named = _graph(with_graph) if with_graph is not None else {""}
        if named is None:
            return None
        found |= named
    return found


def _graph(graph: Any) -> set[str] | None:
    from rdflib.term import URIRef

    if graph is None or graph == "DEFAULT":
        return {""}
    if isinstance(graph, URIRef) and ":" in str(graph) and str(graph).split(":", 1)[0].isascii():
        return {str(graph)}
    return None  # ALL, NAMED, a variable, a relative IRI
