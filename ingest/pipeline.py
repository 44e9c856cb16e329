"""Files → blocks → records → quads → the store, all or nothing: the one module that knows all four stages.

Reading (:mod:`.read`) turns a file into typed blocks, understanding (:mod:`.understand`) blocks into
records, mapping (:mod:`.map`) records into the quads of one named graph, validated against the SHACL shapes.
Every file is read, understood, mapped and validated before the store is opened at all, so a bad file in a
batch leaves the store exactly as it was, down to the bytes on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from plangraph.ingest.errors import IngestError, RefusedDocument
from plangraph.ingest.map.mapping import map_document
from plangraph.ingest.map.validate import ValidationReport, to_rdflib, validate_graph
from plangraph.ingest.read.formats import read_document
from plangraph.ingest.records import ParsedDocument
from plangraph.ingest.understand.document import understand
from plangraph.ontology import ONTOLOGY_IRI, load_ontology_graph
from plangraph.ontology.iris import Minter
from plangraph.store.base import GraphStore, ReplaceResult


@dataclass(frozen=True)
class Prepared:
    """One file ready to load: its parse, its graph and its validation report."""

    path: Path
    doc: ParsedDocument
    graph: str
    quads: list[Quad]
    report: ValidationReport | None


def parse_file(path: Path) -> ParsedDocument:
    """Read and understand one file: its records (nothing mapped, nothing written)."""
    return understand(read_document(path))


def refuse_problems(doc: ParsedDocument) -> None:
    """``--strict``: refuse a document with any problem the report lists (no number or date printed, a table the
    parser cannot read, a file that stops short), naming the first."""
    if not doc.problems:
        return
    first = min(doc.problems, key=lambda u: u.lineno)
    if first.reason.startswith("a table the parser cannot read"):
        raise RefusedDocument(doc.name, first.lineno, first.reason, first.text or None, doc)
    raise IngestError(doc.name, first.lineno, first.reason, first.text or None)


def prepare(path: Path, minter: Minter, *, validate: bool = True, strict: bool = False) -> Prepared:
    """Read, understand, map and (optionally) validate one file; raises IngestError for bad input (and, with
    *strict*, for a document with a problem its report would list)."""
    doc = parse_file(path)
    if strict:
        refuse_problems(doc)
    builder = map_document(doc, minter)
    quads = builder.quads()
    report = validate_graph(to_rdflib(quads)) if validate else None
    return Prepared(path, doc, builder.graph.value, quads, report)


def prepare_all(paths: Sequence[Path], minter: Minter, *, validate: bool = True, strict: bool = False,
                progress: Callable[[int, Prepared], None] | None = None) -> list[Prepared]:
    """Prepare every file, stopping at the first error; two files of one document are an error too."""
    prepared: list[Prepared] = []
    seen: dict[str, Path] = {}
    for index, path in enumerate(paths, start=1):
        item = prepare(path, minter, validate=validate, strict=strict)
        if item.graph in seen:
            raise IngestError(path.name, item.doc.header.loc.first_line,
                              f"same document as {seen[item.graph].name} ({item.doc.header.symbol.id_local}); "
                              "ingest one of them")
        seen[item.graph] = path
        prepared.append(item)
        if progress:
            progress(index, item)
    return prepared


def ontology_quads() -> list[Quad]:
    """The ontology, concept schemes and agency kinds as quads of the ontology graph."""
    data = load_ontology_graph().serialize(format="nt", encoding="utf-8")
    graph = NamedNode(str(ONTOLOGY_IRI))
    return [Quad(t.subject, t.predicate, t.object, graph) for t in parse(data, format=RdfFormat.N_TRIPLES)]


def load(store: GraphStore, prepared: Sequence[Prepared]) -> list[ReplaceResult]:
    """Write the ontology graph and one graph per document; each replacement is atomic."""
    results = [store.replace_graph(str(ONTOLOGY_IRI), ontology_quads())]
    results.extend(store.replace_graph(item.graph, item.quads) for item in prepared)
    return results
