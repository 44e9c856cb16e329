"""The ontology read by pyoxigraph's parser (:mod:`plangraph.ontology.index`) gives the readers exactly what the
rdflib graph of the same files gives, in the same order (the first concept to claim a label wins it)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import rdflib
from rdflib.namespace import SKOS

from plangraph.ingest.understand import indicators
from plangraph.ontology import ontology_graph
from plangraph.ontology.concepts import CONCEPT_BASE, PG, Concept, scheme


def _key(node: object, name: str) -> str | None:
    prefix = f"{CONCEPT_BASE}{name}/"
    return str(node)[len(prefix):] if node is not None and str(node).startswith(prefix) else None


def _label(graph: rdflib.Graph, node: rdflib.term.Node, lang: str) -> str:
    return next((str(v) for v in graph.objects(node, SKOS.prefLabel)
                 if isinstance(v, rdflib.Literal) and v.language == lang), "")


def rdflib_scheme(name: str) -> dict[str, Concept]:
    graph = ontology_graph()
    found = {}
    for node in graph.subjects(SKOS.inScheme, rdflib.URIRef(f"{CONCEPT_BASE}{name}")):
        key = _key(node, name)
        if key is None:
            continue
        found[key] = Concept(
            scheme=name, key=key, label_vi=_label(graph, node, "vi"), label_en=_label(graph, node, "en"),
            notations=tuple(sorted(str(n) for n in graph.objects(node, SKOS.notation))),
            alt_labels=tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel))),
            parent=_key(graph.value(node, rdflib.URIRef(PG + "parentKind")), name),
            level=_key(graph.value(node, rdflib.URIRef(PG + "administrativeLevel")), "administrative-level"))
    return found


def scheme_names() -> list[str]:
    graph = ontology_graph()
    return sorted({str(s)[len(CONCEPT_BASE):] for s in graph.objects(None, SKOS.inScheme)
                   if str(s).startswith(CONCEPT_BASE)})


def test_every_scheme_reads_as_through_rdflib() -> None:
    names = scheme_names()
    assert {"doctype", "agency-kind", "indicator"} <= set(names)
    for name in names:
        theirs = list(rdflib_scheme(name).items())
        if not theirs:  # a scheme of nodes minted elsewhere (places): not a scheme of concepts to look up
            with pytest.raises(LookupError):
                scheme(name)
            continue
        assert list(scheme(name).items()) == theirs, name


def test_indicator_patterns_read_as_through_rdflib() -> None:
    graph = ontology_graph()
    expected = []
    for concept in sorted(graph.subjects(SKOS.inScheme, rdflib.URIRef(CONCEPT_BASE + indicators.SCHEME))):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, prop):
                if isinstance(label, rdflib.Literal) and label.language == "vi":
                    compiled = indicators._compile(str(label))
                    if compiled:
                        expected.append((str(concept), compiled[0].pattern, compiled[1]))
    ours = [(p.concept, p.regex.pattern, p.weight) for p in indicators._patterns()]
    assert expected and ours == expected


def test_the_ingest_command_does_not_import_pyshacl() -> None:
    """An ingest validates with the shapes compiled to SPARQL: importing pySHACL would only slow every run."""
    probe = "import sys, plangraph.cli.commands; print('pyshacl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
