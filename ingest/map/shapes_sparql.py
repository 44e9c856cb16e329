"""The SHACL shapes compiled to SPARQL, run on an in-memory Oxigraph store: the same findings as pySHACL on
every constraint the shapes use, in a fraction of the time (no rdflib graph is built).

Each constraint of ``ontology/shapes.ttl`` becomes one SELECT over the document's quads whose rows are the focus
nodes (and value nodes) that violate it. Only the SHACL Core features the shapes use are compiled — targets
(class, subjects-of, a SPARQL target), ``minCount``, ``maxCount``, ``datatype``, ``nodeKind``, ``class``,
``languageIn``, ``minInclusive``, ``lessThanOrEquals``, ``or`` of simple shapes and a qualified value shape
with ``qualifiedMinCount`` — and a shape using anything else is an error at compile time, so the shapes cannot
grow a constraint this module would silently skip. ``tests/test_shapes_sparql.py`` checks that both
validators give the same findings on real graphs and on graphs broken against every constraint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import rdflib
from pyoxigraph import Quad, RdfFormat, Store
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from plangraph.ingest.map.validate import Finding, ValidationReport, finding_order
from plangraph.ontology import load_shapes_graph

_NODE_KEYS = {RDF.type, SH.property, SH.targetClass, SH.targetSubjectsOf, SH.target, SH.message, SH["or"],
              rdflib.RDFS.label, SH.severity}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH.languageIn,
                  SH.minInclusive, SH.lessThanOrEquals, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.message,
                  SH.severity}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query: its rows are ``?this`` (the focus node) of each violation."""

    severity: str  # "Violation" or "Warning"
    path: str
    message: str
    query: str


def _iri(node: rdflib.term.Node) -> str:
    if not isinstance(node, rdflib.URIRef):
        raise UnsupportedShape(f"expected an IRI, got {node!r}")
    return f"<{node}>"


def _message(shapes: rdflib.Graph, shape: rdflib.term.Node, fallback: str = "(no message)") -> str:
    messages = list(shapes.objects(shape, SH.message))
    english = [str(m) for m in messages if getattr(m, "language", None) == "en"]
    return (english or [str(m) for m in messages] or [fallback])[0]


def _severity(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    value = shapes.value(shape, SH.severity)
    return str(value).rsplit("#", 1)[-1] if value is not None else "Violation"


def _check_keys(shapes: rdflib.Graph, shape: rdflib.term.Node, allowed: set[rdflib.URIRef]) -> None:
    unknown = {p for p in shapes.predicates(shape) if p not in allowed}
    if unknown:
        raise UnsupportedShape(f"shape {shape} uses {', '.join(sorted(map(str, unknown)))}")


def _targets(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    parts = [f"{{ ?this a {_iri(c)} }}" for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"{{ SELECT DISTINCT ?this WHERE {{ ?this {_iri(p)} ?target_value }} }}"
              for p in shapes.objects(shape, SH.targetSubjectsOf)]
    for target in shapes.objects(shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or shapes.value(target, SH.select) is None:
            raise UnsupportedShape(f"shape {shape}: only SPARQL targets with sh:select are compiled")
        parts.append(f"{{ {shapes.value(target, SH.select)} }}")
    if not parts:
        raise UnsupportedShape(f"shape {shape} has no target")
    return " UNION ".join(parts)


def _value_test(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """A shape that constrains a single value node ``?v``, as a SPARQL expression true when it conforms."""
    tests = []
    for key, value in shapes.predicate_objects(shape):
        if key == SH.languageIn:
            tags = " || ".join(f'langMatches(lang(?v), "{tag}")' for tag in Collection(shapes, value))
            tests.append(f"(isLiteral(?v) && ({tags}))")
        elif key == SH.datatype:
            tests.append(f"(isLiteral(?v) && datatype(?v) = {_iri(value)})")
        elif key == SH.nodeKind and value == SH.IRI:
            tests.append("isIRI(?v)")
        else:
            raise UnsupportedShape(f"value shape {shape} uses {key}")
    return " && ".join(tests) or "true"


def _count(target: str, path: str, test: str, comparison: str) -> str:
    """The focus nodes whose distinct values (passing *test*) number *comparison* (``"< 1"``, ``"> 2"`` …).

    The bounds the shapes use most, at least one and at most one, are asked without counting: no such value,
    or two different ones (a third of the time of grouping every focus node)."""
    value = f"?this {path} ?v" + (f" FILTER({test})" if test != "true" else "")
    if comparison == "< 1":
        return f"SELECT DISTINCT ?this WHERE {{ {{ {target} }} FILTER NOT EXISTS {{ {value} }} }}"
    if comparison == "> 1" and test == "true":
        return (f"SELECT DISTINCT ?this WHERE {{ {{ {target} }} ?this {path} ?v . ?this {path} ?w "
                "FILTER(!sameTerm(?v, ?w)) }")
    return (f"SELECT ?this WHERE {{ {{ {target} }} OPTIONAL {{ {value} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {comparison})")


def _property_checks(shapes: rdflib.Graph, prop: rdflib.term.Node, target: str) -> list[Check]:
    _check_keys(shapes, prop, _PROPERTY_KEYS)
    path_node = shapes.value(prop, SH.path)
    if path_node is None:
        raise UnsupportedShape(f"property shape {prop} has no sh:path")
    path = _iri(path_node)
    severity, message = _severity(shapes, prop), _message(shapes, prop)
    queries: list[str] = []
    each_value = f"{{ {target} }} ?this {path} ?v ."
    for key, value in shapes.predicate_objects(prop):
        if key == SH.minCount:
            queries.append(_count(target, path, "true", f"< {int(value)}"))
        elif key == SH.maxCount:
            queries.append(_count(target, path, "true", f"> {int(value)}"))
        elif key == SH.datatype:
            queries.append(f"SELECT ?this ?v WHERE {{ {each_value} "
                           f"FILTER(!isLiteral(?v) || datatype(?v) != {_iri(value)}) }}")
        elif key == SH.nodeKind:
            if value != SH.IRI:
                raise UnsupportedShape(f"{prop}: only sh:nodeKind sh:IRI is compiled")
            queries.append(f"SELECT ?this ?v WHERE {{ {each_value} FILTER(!isIRI(?v)) }}")
        elif key == SH["class"]:
            queries.append(f"SELECT ?this ?v WHERE {{ {each_value} FILTER NOT EXISTS {{ "
                           f"?v <{RDF.type}>/<{rdflib.RDFS.subClassOf}>* {_iri(value)} }} }}")
        elif key == SH.languageIn:
            tags = " || ".join(f'langMatches(lang(?v), "{tag}")' for tag in Collection(shapes, value))
            queries.append(f"SELECT ?this ?v WHERE {{ {each_value} FILTER(!isLiteral(?v) || !({tags})) }}")
        elif key == SH.minInclusive:
            queries.append(f"SELECT ?this ?v WHERE {{ {each_value} "
                           f"FILTER(!COALESCE(?v >= {value.n3()}, false)) }}")
        elif key == SH.lessThanOrEquals:
            queries.append(f"SELECT ?this ?v WHERE {{ {each_value} ?this {_iri(value)} ?w . "
                           f"FILTER(!COALESCE(?v <= ?w, false)) }}")
        elif key == SH.qualifiedValueShape:
            minimum = shapes.value(prop, SH.qualifiedMinCount)
            if minimum is None:
                raise UnsupportedShape(f"{prop}: a qualified value shape needs sh:qualifiedMinCount")
            queries.append(_count(target, path, _value_test(shapes, value), f"< {int(minimum)}"))
    return [Check(severity, str(path_node), message, query) for query in queries]


def _conforms(shapes: rdflib.Graph, member: rdflib.term.Node) -> str:
    """A member of ``sh:or`` as an expression over ``?this``: a property shape with ``minCount 1``, or a shape
    whose ``sh:property`` are such."""
    props = list(shapes.objects(member, SH.property))
    if props:
        return "(" + " && ".join(_conforms(shapes, p) for p in props) + ")"
    keys = set(shapes.predicates(member))
    if keys != {SH.path, SH.minCount} or int(shapes.value(member, SH.minCount)) != 1:  # type: ignore[arg-type]
        raise UnsupportedShape(f"sh:or member {member}: only 'sh:path P ; sh:minCount 1' members are compiled")
    return f"EXISTS {{ ?this {_iri(shapes.value(member, SH.path))} ?any }}"  # type: ignore[arg-type]


def compile_shapes(shapes: rdflib.Graph) -> list[Check]:
    """Every constraint of every node shape in *shapes*, as a query."""
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        _check_keys(shapes, shape, _NODE_KEYS)
        target = _targets(shapes, shape)
        for alternatives in shapes.objects(shape, SH["or"]):
            any_of = " || ".join(_conforms(shapes, m) for m in Collection(shapes, alternatives))
            checks.append(Check(_severity(shapes, shape), "", _message(shapes, shape),
                                f"SELECT ?this WHERE {{ {{ {target} }} FILTER(!({any_of})) }}"))
        for prop in shapes.objects(shape, SH.property):
            checks.extend(_property_checks(shapes, prop, target))
    return checks


@cache
def compiled_checks() -> tuple[Check, ...]:
    return tuple(compile_shapes(load_shapes_graph()))


def validate_quads(quads: Iterable[Quad]) -> ValidationReport:
    """The findings of the shapes on the triples of *quads* (graph names dropped), as pySHACL would report them."""
    store = Store()
    store.extend(quads)
    return _validate(store)


def validate_nquads(data: bytes) -> ValidationReport:
    """:func:`validate_quads` of a document's N-Quads as ``GraphBuilder.nquads`` writes them: its terms were
    checked when they were made, so they are read without checking them again (a third cheaper)."""
    store = Store()
    store.load(data, format=RdfFormat.N_QUADS, lenient=True)
    return _validate(store)


def _validate(store: Store) -> ValidationReport:
    findings: set[Finding] = set()
    for check in compiled_checks():
        for row in store.query(check.query, use_default_graph_as_union=True):
            focus = row["this"]
            findings.add(Finding(check.severity, focus.value if focus is not None else "", check.path, check.message))
    ordered = tuple(sorted(findings, key=finding_order))
    return ValidationReport(not any(f.severity == "Violation" for f in ordered), ordered)
