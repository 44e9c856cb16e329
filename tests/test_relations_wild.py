"""Legal relations of wild documents against hand annotations (``tests/data/wild/relations/*.yaml``).

Each annotation lists what the document's own words state — which texts it amends, repeals, replaces, guides,
consolidates or carries out, what it states of two texts it names, and the dates in force — each with the line
that states it, read from the document by hand (not from plangraph's output). The document is read, mapped and its
relation statements (``pg:RelationStatement``) compared with the annotation: precision and recall over all
annotated documents, every miss and every extra listed on failure.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pyoxigraph import Store
from support import PREFIXES, SHARED

from plangraph.ingest.pipeline import prepare
from plangraph.ontology.iris import Minter

WILD = SHARED / "wild"
ANNOTATIONS = sorted((Path(__file__).parent / "data" / "wild" / "relations").glob("*.yaml"))
PRECISION, RECALL = 0.95, 0.85

KINDS = {
    "http://data.europa.eu/eli/ontology#amends": "amends",
    "http://data.europa.eu/eli/ontology#repeals": "repeals",
    "http://data.europa.eu/eli/ontology#changes": "repeals",  # a part repealed, the part not named
    "https://w3id.org/plangraph/ontology#replaces": "replaces",
    "http://data.europa.eu/eli/ontology#corrects": "corrects",
    "http://data.europa.eu/eli/ontology#ensures_implementation_of": "guides",
    "http://data.europa.eu/eli/ontology#consolidates": "consolidates",
    "https://w3id.org/plangraph/ontology#carriesOut": "carries-out",
    "http://data.europa.eu/eli/ontology#first_date_entry_in_force": "in-force",
}

Key = tuple[str, str, str]  # (kind, subject, target or date)


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split()).upper()


@dataclass
class Outcome:
    name: str
    expected: dict[Key, int]  # key → line
    found: dict[Key, int]
    until_expected: dict[str, str]  # target → date no longer in force
    until_found: dict[str, str]


def wild_path(name: str) -> Path:
    if not WILD.is_dir():
        pytest.skip(f"the wild documents are not beside the checkout (expected {WILD})")
    path = WILD / name if (WILD / name).exists() else WILD / "congbao" / name
    assert path.exists(), f"{name} is annotated but not in {WILD}"
    return path


def read(annotation: dict[str, Any]) -> Outcome:
    prepared = prepare(wild_path(annotation["file"]), Minter(), validate=False)
    store = Store()
    store.extend(prepared.quads)
    doc = Minter().document(prepared.doc.header.symbol)
    rows = store.query(PREFIXES + """
        SELECT ?s ?p ?o ?sid ?oid ?line WHERE {
          ?st a pg:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
              oa:hasTarget/pg:startLine ?line .
          OPTIONAL { ?s eli:id_local ?sid }
          OPTIONAL { ?o eli:id_local ?oid }
        }""", use_default_graph_as_union=True)
    found: dict[Key, int] = {}
    until: dict[str, str] = {}
    for row in rows:
        subject = "self" if row["s"].value == doc or row["s"].value.startswith(doc + "/") else \
            norm(row["sid"].value if row["sid"] else row["s"].value)
        if row["p"].value.endswith("#date_no_longer_in_force"):
            until[norm(row["sid"].value if row["sid"] else row["s"].value)] = row["o"].value
            continue
        kind = KINDS[row["p"].value]
        target = row["o"].value if kind == "in-force" else norm(row["oid"].value if row["oid"] else row["o"].value)
        key = (kind, subject, target)
        found[key] = min(found.get(key, 10**9), int(row["line"].value))
    expected: dict[Key, int] = {}
    until_expected: dict[str, str] = {}
    for item in annotation["relations"]:
        subject = "self" if item["subject"] == "self" else norm(str(item["subject"]))
        target = str(item["date"]) if item["kind"] == "in-force" else norm(str(item["target"]))
        expected[(item["kind"], subject, target)] = item["line"]
        if "until" in item:
            until_expected[norm(str(item["target"]))] = str(item["until"])
    return Outcome(annotation["file"], expected, found, until_expected, until)


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return [read(yaml.safe_load(path.read_text(encoding="utf-8"))) for path in ANNOTATIONS]


def test_at_least_ten_documents_are_annotated() -> None:
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["file"] for p in ANNOTATIONS]
    assert len(set(names)) >= 10
    kinds = {item["kind"] for p in ANNOTATIONS for item in yaml.safe_load(p.read_text(encoding="utf-8"))["relations"]}
    assert kinds >= {"amends", "repeals", "replaces", "guides", "consolidates", "carries-out", "in-force"}


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        for key in sorted(set(o.expected) - set(o.found)):
            lines.append(f"missed {o.name}:{o.expected[key]} {key}")
        for key in sorted(set(o.found) - set(o.expected)):
            lines.append(f"extra  {o.name}:{o.found[key]} {key}")
    return "\n".join(lines)


def test_relations_of_annotated_documents(outcomes: list[Outcome]) -> None:
    expected = sum(len(o.expected) for o in outcomes)
    found = sum(len(o.found) for o in outcomes)
    right = sum(len(set(o.expected) & set(o.found)) for o in outcomes)
    precision, recall = right / found, right / expected
    score = f"precision {precision:.3f} ({right}/{found}), recall {recall:.3f} ({right}/{expected})"
    assert precision >= PRECISION and recall >= RECALL, f"{score}\n{report(outcomes)}"


def test_dates_no_longer_in_force(outcomes: list[Outcome]) -> None:
    """A repeal the document dates ("… hết hiệu lực kể từ ngày Quyết định này có hiệu lực") dates the repealed text;
    one it does not date leaves the date unsaid."""
    for o in outcomes:
        found = {target: day for target, day in o.until_found.items()}
        for target, day in o.until_expected.items():
            if any(k[2] == target and k[1] == "self" for k in o.found):
                assert found.get(target) == day, f"{o.name}: {target} no longer in force {found.get(target)}, not {day}"
        dated = {k[2] for k in o.expected if k[0] in {"repeals", "replaces"}} - set(o.until_expected)
        assert not (dated & set(found)), f"{o.name}: dates no text states: {sorted(dated & set(found))}"
