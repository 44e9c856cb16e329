"""The vocabulary terms' labels read from the ontology's files."""

from __future__ import annotations

from rdflib import RDFS, SKOS, Literal

from plangraph.ontology import ontology_graph
from plangraph.server.labels import _ontology, term_label


def test_the_labels_are_the_ontology_graphs_own() -> None:
    """Read with pyoxigraph's parser (fast), they are what rdflib reads in the ontology graph: rdfs:label, else
    skos:prefLabel, in Vietnamese and English."""
    expected: dict[str, dict[str, str]] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for subject, label in ontology_graph().subject_objects(predicate):
            if isinstance(label, Literal) and label.language in ("vi", "en"):
                expected.setdefault(str(subject), {})[label.language] = str(label)
    assert _ontology() == expected
    assert len(expected) > 100


def test_a_term_takes_its_label_in_the_language_asked() -> None:
    task = "https://w3id.org/plangraph/ontology#Task"
    assert term_label(task, "en") == "Task"
    assert term_label(task, "vi") == "Nhiệm vụ"
    assert term_label("http://schema.org/agent", "en") == "lead agency"
