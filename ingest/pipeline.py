"""Files → blocks → records → quads → the store, all or nothing: the one module that knows all four stages.

Reading (:mod:`.read`) turns a file into typed blocks, understanding (:mod:`.understand`) blocks into
records, mapping (:mod:`.map`) records into the quads of one named graph, validated against the SHACL shapes.
Every file is read, understood, mapped and validated before the store is opened at all, so a bad file in a
batch leaves the store exactly as it was, down to the bytes on disk.
"""

from __future__ import annotations

import os
import shutil
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from plangraph.ingest.errors import IngestError, RefusedDocument
from plangraph.ingest.map.mapping import map_document
from plangraph.ingest.map.shapes_sparql import validate_quads
from plangraph.ingest.map.validate import ValidationReport
from plangraph.ingest.read.formats import FORMATS, read_document
from plangraph.ingest.records import ParsedDocument
from plangraph.ingest.understand.document import understand
from plangraph.ontology import ONTOLOGY_IRI, ontology_files
from plangraph.ontology.iris import Minter
from plangraph.store.base import GraphStore, ReplaceResult, StagedGraph


class Prepared:
    """One file ready to load: its parse, its graph (every quad is in it) and its validation report.

    The quads are held as terms or as N-Quads, whichever came first, and turned into the other only when
    asked: a document prepared in a worker travels as N-Quads and is staged on disk as it came.
    """

    __slots__ = ("path", "doc", "graph", "report", "count", "_quads", "_nquads")

    def __init__(self, path: Path, doc: ParsedDocument, graph: str, quads: list[Quad] | None,
                 report: ValidationReport | None, *, nquads: bytes | None = None, count: int | None = None) -> None:
        if quads is None and nquads is None:
            raise ValueError("a prepared document needs its quads")
        self.path, self.doc, self.graph, self.report = path, doc, graph, report
        self._quads, self._nquads = quads, nquads
        self.count = len(quads) if quads is not None else count if count is not None else len(self.quads)

    @property
    def quads(self) -> list[Quad]:
        if self._quads is None:
            assert self._nquads is not None
            self._quads = list(parse(self._nquads, format=RdfFormat.N_QUADS))
        return self._quads

    @property
    def nquads(self) -> bytes:
        if self._nquads is None:
            self._nquads = serialize(self.quads, format=RdfFormat.N_QUADS)
        return self._nquads

    def __reduce__(self) -> tuple[Callable[..., Prepared], tuple[object, ...]]:
        # From a worker process the quads travel as N-Quads, ten times smaller and faster than pickled terms.
        return _prepared, (self.path, self.doc, self.graph, self.nquads, self.report, self.count)


def _prepared(path: Path, doc: ParsedDocument, graph: str, nquads: bytes, report: ValidationReport | None,
              count: int) -> Prepared:
    return Prepared(path, doc, graph, None, report, nquads=nquads, count=count)


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
    report = validate_quads(quads) if validate else None
    return Prepared(path, doc, builder.graph.value, quads, report)


# What a folder given to ingest is read for: the suffixes of every input format; its READMEs are not documents.
INPUT_SUFFIXES = frozenset({".txt", ".md", ".markdown", *(x for fmt in FORMATS for x in fmt.suffixes)})
_NOT_DOCUMENTS = ("readme", "changelog", "license", "licence")


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """The files to ingest: each file as given, and every input file under each folder, recursively, in order
    of path (hidden files and a folder's README, CHANGELOG or LICENSE aside)."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                continue
            if child.suffix.lower() in INPUT_SUFFIXES and not child.stem.lower().startswith(_NOT_DOCUMENTS):
                found.append(child)
    return found


@dataclass(frozen=True)
class Outcome:
    """One file's fate: prepared, or refused with the error that names file, line and reason; and the time it
    took to read, understand, map and validate."""

    path: Path
    prepared: Prepared | None
    error: IngestError | None
    seconds: float


def _prepare_one(path: Path, minter: Minter, validate: bool, strict: bool) -> Outcome:
    started = perf_counter()
    try:
        return Outcome(path, prepare(path, minter, validate=validate, strict=strict), None, perf_counter() - started)
    except IngestError as exc:
        return Outcome(path, None, exc, perf_counter() - started)
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            AssertionError) as exc:  # a fault of ours: the file is refused with it, the batch goes on
        error = IngestError(path.name, 1, f"internal error while reading this file ({type(exc).__name__}: "
                                          f"{exc}); please report it with the file")
        return Outcome(path, None, error, perf_counter() - started)


def _outcomes(paths: Sequence[Path], minter: Minter, validate: bool, strict: bool, jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(paths) < 2 * jobs:  # a few files: starting workers would cost more than it saves
        yield from (_prepare_one(path, minter, validate, strict) for path in paths)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    # workers forked from a clean server process, not from this one (which may run threads: a server, a test)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver"))
    work = partial(_prepare_one, minter=minter, validate=validate, strict=strict)
    ahead = 4 * jobs  # files in flight: enough to keep every worker busy, few enough to keep memory flat
    try:  # in the order given, each as soon as it and those before it are done
        pending = deque(pool.submit(work, path) for path in paths[:ahead])
        for path in paths[ahead:]:
            yield pending.popleft().result()
            pending.append(pool.submit(work, path))
        while pending:
            yield pending.popleft().result()
    finally:  # a caller that stops early (the first refusal) does not wait for the rest
        pool.shutdown(wait=False, cancel_futures=True)


def prepare_each(paths: Sequence[Path], minter: Minter, *, validate: bool = True,
                 strict: bool = False, jobs: int = 1) -> Iterator[Outcome]:
    """Prepare every file, whatever the others' fate, in the order given — across *jobs* processes when more than
    one (the outcomes are those of a serial run); two files of one document: the second is refused."""
    seen: dict[str, Path] = {}
    for outcome in _outcomes(paths, minter, validate, strict, jobs):
        item = outcome.prepared
        if item is not None and item.graph in seen:
            error = IngestError(outcome.path.name, item.doc.header.loc.first_line,
                                f"same document as {seen[item.graph].name} ({item.doc.header.symbol.id_local}); "
                                "ingest one of them")
            outcome = Outcome(outcome.path, None, error, outcome.seconds)
        elif item is not None:
            seen[item.graph] = outcome.path
        yield outcome


def prepare_all(paths: Sequence[Path], minter: Minter, *, validate: bool = True, strict: bool = False,
                progress: Callable[[int, Prepared], None] | None = None, jobs: int = 1) -> list[Prepared]:
    """Prepare every file, stopping at the first error; two files of one document are an error too."""
    prepared: list[Prepared] = []
    for index, outcome in enumerate(prepare_each(paths, minter, validate=validate, strict=strict, jobs=jobs),
                                     start=1):
        if outcome.error is not None:
            raise outcome.error
        assert outcome.prepared is not None
        prepared.append(outcome.prepared)
        if progress:
            progress(index, outcome.prepared)
    return prepared


def ontology_quads() -> list[Quad]:
    """The ontology, concept schemes and agency kinds as quads of the ontology graph (the Turtle files parsed by
    Oxigraph, as the store will hold them)."""
    graph = NamedNode(str(ONTOLOGY_IRI))
    quads: list[Quad] = []
    for resource in ontology_files():
        data = resource.read_bytes()
        quads.extend(Quad(t.subject, t.predicate, t.object, graph) for t in parse(data, format=RdfFormat.TURTLE))
    return quads


@dataclass(frozen=True)
class Staged:
    """A prepared document set aside on disk until the batch is loaded: what loading needs, not its records."""

    path: Path
    graph: str
    file: Path
    quads: int


OPTIMIZE_AFTER = 1_000_000  # quads written in one batch after which the store is compacted


class Staging:
    """Prepared documents written to a scratch folder one by one, so a batch of any size holds one document in
    memory at a time; the store is opened only when every file of the batch has been read (all or nothing).

    The folder is made beside the store *beside* (``.store.staging-PID-XXXX``, on the store's disk, where a
    batch's size is already expected) when its parent exists, else in the temporary directory; a folder left by
    an ingest that was killed (its process gone) is removed by the next one."""

    def __init__(self, beside: Path | None = None) -> None:
        self._beside = beside
        self._dir: Path | None = None
        self.items: list[Staged] = []

    def _folder(self) -> Path:
        import tempfile

        if self._dir is None:
            beside = self._beside
            if beside is not None and beside.parent.is_dir():
                prefix = f".{beside.name}.staging-"
                _remove_abandoned(beside.parent, prefix)
                self._dir = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=beside.parent))
            else:
                self._dir = Path(tempfile.mkdtemp(prefix=f"plangraph-ingest-{os.getpid()}-"))
        return self._dir

    def add(self, item: Prepared) -> Staged:
        file = self._folder() / f"{len(self.items):06d}.nq"
        file.write_bytes(item.nquads)
        staged = Staged(item.path, item.graph, file, item.count)
        self.items.append(staged)
        return staged

    def load(self, store: GraphStore, progress: Callable[[int, Staged], None] | None = None
             ) -> list[ReplaceResult]:
        """The ontology graph, then every staged document's graph, in one bulk load."""
        results = [store.replace_graph(str(ONTOLOGY_IRI), ontology_quads())]
        batch = [StagedGraph(staged.graph, staged.file, staged.quads) for staged in self.items]
        results += store.load_staged(batch, lambda i: progress(i, self.items[i - 1]) if progress else None)
        if sum(r.added for r in results) >= OPTIMIZE_AFTER:
            store.optimize()
        return results

    def close(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove the staging folders in *folder* whose ingest process is gone (killed before it could clean up)."""
    for candidate in folder.glob(prefix + "*"):
        pid = candidate.name.removeprefix(prefix).split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(candidate, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
