"""The shapes compiled to SPARQL give pySHACL's findings: on real graphs, and on small graphs broken against every
constraint the shapes hold (values removed, doubled, of another datatype, language or node kind, types removed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize
from rdflib.namespace import RDF, SH
from support import SEED, corpus_file

from plangraph.ingest.map.shapes_sparql import UnsupportedShape, compile_shapes, validate_nquads, validate_quads
from plangraph.ingest.map.validate import to_rdflib, validate_graph
from plangraph.ingest.pipeline import prepare
from plangraph.ontology import load_shapes_graph
from plangraph.ontology.iris import Minter

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = NamedNode(str(RDF.type))
NAMING = {TYPE, NamedNode(str(rdflib.RDFS.label))}


def findings(report) -> set[tuple[str, str, str, str]]:
    return {(f.severity, f.focus, f.path, f.message) for f in report.findings}


def agree(quads: list[Quad]) -> set[tuple[str, str, str, str]]:
    expected = findings(validate_graph(to_rdflib(quads)))
    assert findings(validate_quads(quads)) == expected
    assert findings(validate_nquads(serialize(quads, format=RdfFormat.N_QUADS))) == expected
    return expected


RELATIONS = Path(__file__).parent / "data" / "relations" / "qd-99-2025.txt"  # amends, repeals, replaces, dates


@pytest.fixture(scope="module")
def seed_quads() -> list[Quad]:
    return prepare(SEED, Minter(), validate=False).quads


@pytest.fixture(scope="module")
def relation_quads() -> list[Quad]:
    return prepare(RELATIONS, Minter(), validate=False).quads


@pytest.mark.parametrize("path", [SEED, "09", "10", RELATIONS], ids=["seed", "09", "10", "relations"])
def test_same_findings_on_real_graphs(path: Path | str) -> None:
    source = path if isinstance(path, Path) else corpus_file(path)
    agree(prepare(source, Minter(), validate=False).quads)


def sample(quads: list[Quad]) -> list[Quad]:
    """A small graph of the seed: a node of every class the shapes target and the document, the nodes they point
    at with all their triples, and the types and labels of the nodes those point at."""
    classes = {str(o) for o in load_shapes_graph().objects(None, SH.targetClass)}
    keep: set[str] = set()
    for cls in sorted(classes):
        keep.update(sorted({q.subject.value for q in quads if q.predicate == TYPE and q.object.value == cls})[:1])
    keep.update(q.subject.value for q in quads if q.predicate.value.endswith("#id_local"))
    keep |= {q.object.value for q in quads if q.subject.value in keep and isinstance(q.object, NamedNode)}
    edge = {q.object.value for q in quads if q.subject.value in keep and isinstance(q.object, NamedNode)} - keep
    return [q for q in quads if q.subject.value in keep or (q.subject.value in edge and q.predicate in NAMING)]


def relations_sample(quads: list[Quad]) -> list[Quad]:
    """One relation statement with its source span and quote, and the texts dated in force or no longer in force
    (the seed has neither): what the seed's sample lacks."""
    statement = sorted(q.subject.value for q in quads if q.predicate == TYPE and q.object.value.endswith(
        "#RelationStatement"))[0]
    dated = {q.subject.value for q in quads if q.predicate.value.endswith(("#first_date_entry_in_force",
                                                                           "#date_no_longer_in_force"))}
    keep = {statement, *dated}
    keep |= {q.object.value for q in quads if q.subject.value == statement and q.predicate.value.endswith("#hasTarget")}
    keep |= {q.object.value for q in quads if q.subject.value in keep and q.predicate.value.endswith("#hasSelector")}
    return [q for q in quads if q.subject.value in keep]


def focus_paths() -> list[tuple[str, str]]:
    """(class, path) for every property constraint of a shape that targets a class."""
    shapes = load_shapes_graph()
    pairs = set()
    for shape, cls in shapes.subject_objects(SH.targetClass):
        for prop in shapes.objects(shape, SH.property):
            pairs.add((str(cls), str(shapes.value(prop, SH.path))))
            if (other := shapes.value(prop, SH.lessThanOrEquals)) is not None:
                pairs.add((str(cls), str(other)))
        for alternatives in shapes.objects(shape, SH["or"]):
            for path in shapes.transitive_objects(alternatives, None):
                if (path, RDF.type, None) not in shapes and (None, SH.path, path) in shapes:
                    pairs.add((str(cls), str(path)))
    pairs |= {("http://data.europa.eu/eli/ontology#LegalResource", str(p))
              for prop in shapes.objects(rdflib.URIRef("https://w3id.org/plangraph/shapes#DocumentShape"), SH.property)
              for p in shapes.objects(prop, SH.path)}
    pairs.add(("*", "http://www.w3.org/2000/01/rdf-schema#label"))  # every typed IRI needs a Vietnamese label
    return sorted(pairs)


VALUES = {"string": Literal("x"), "english": Literal("x", language="en"),
          "zero": Literal("0", datatype=NamedNode(XSD + "integer")),
          "big decimal": Literal("99999", datatype=NamedNode(XSD + "decimal")),
          "IRI": NamedNode("https://example.org/nothing")}


def mutations(quads: list[Quad], cls: str, path: str) -> list[list[Quad]]:
    predicate = NamedNode(path)
    typed = sorted({q.subject.value for q in quads if q.predicate == TYPE and (cls == "*" or q.object.value == cls)})
    holders = [s for s in typed if any(q.subject.value == s and q.predicate == predicate for q in quads)]
    if not holders:
        return []
    node = NamedNode(holders[0])
    values = [q for q in quads if q.subject == node and q.predicate == predicate]
    without = [q for q in quads if not (q.subject == node and q.predicate == predicate)]
    graph = values[0].graph_name
    out = [without]
    out += [[*quads, Quad(node, predicate, value, graph)] for value in VALUES.values()]
    out += [[*without, Quad(node, predicate, value, graph)] for value in VALUES.values()]
    out += [[q for q in quads if not (q.subject == v.object and q.predicate == TYPE)]
            for v in values[:1] if isinstance(v.object, NamedNode)]
    return out


def test_same_findings_on_graphs_broken_against_every_constraint(seed_quads: list[Quad],
                                                                relation_quads: list[Quad]) -> None:
    base = sample(seed_quads) + relations_sample(relation_quads)
    agree(base)
    raised: set[tuple[str, str]] = set()
    cases = 0
    for cls, path in focus_paths():
        for broken in mutations(base, cls, path):
            raised |= {(f[2], f[3]) for f in agree(broken)}
            cases += 1
    checks = compile_shapes(load_shapes_graph())
    never = {(c.path, c.message) for c in checks} - raised
    # every constraint was broken at least once, and both validators said so
    assert cases > 100 and not never, sorted(never)


def test_a_shape_with_a_feature_not_compiled_is_an_error() -> None:
    shapes = rdflib.Graph()
    shape = rdflib.URIRef("https://example.org/S")
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, rdflib.URIRef("https://example.org/C")))
    shapes.add((shape, SH.closed, rdflib.Literal(True)))
    with pytest.raises(UnsupportedShape, match="closed"):
        compile_shapes(shapes)
