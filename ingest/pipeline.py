"""Files → blocks → records → quads → the store, all or nothing: the one module that knows all four stages.

Reading (:mod:`.read`) turns a file into typed blocks, understanding (:mod:`.understand`) blocks into
records, mapping (:mod:`.map`) records into the quads of one named graph, validated against the SHACL shapes.
Every file is read, understood, mapped and validated before the store is opened at all, so a bad file in a
batch leaves the store exactly as it was, down to the bytes on disk.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from plangraph.ingest import collector
from plangraph.ingest.errors import IngestError, RefusedDocument
from plangraph.ingest.map.mapping import map_document
from plangraph.ingest.map.shapes_sparql import compiled_checks, validate_nquads
from plangraph.ingest.map.validate import ValidationReport
from plangraph.ingest.read.formats import FORMATS, read_document
from plangraph.ingest.records import ParsedDocument
from plangraph.ingest.understand.document import understand
from plangraph.ontology import ONTOLOGY_IRI, ontology_files
from plangraph.ontology.iris import Minter
from plangraph.store import oxigraph
from plangraph.store.base import GraphStore, ReplaceResult, StagedGraph
from plangraph.store.snapshots import Scratch, SnapshotStore

log = logging.getLogger(__name__)


class Prepared:
    """One file ready to load: its parse, its graph (every quad is in it), the graph's N-Quads as the mapping
    wrote them and its validation report. The N-Quads are what travels from a reading process and is staged on
    disk; the quads as terms are parsed from them only when asked."""

    __slots__ = ("path", "doc", "graph", "nquads", "count", "report", "_quads")

    def __init__(self, path: Path, doc: ParsedDocument, graph: str, nquads: bytes, count: int,
                 report: ValidationReport | None) -> None:
        self.path, self.doc, self.graph, self.nquads, self.count, self.report = path, doc, graph, nquads, count, report
        self._quads: list[Quad] | None = None

    @property
    def quads(self) -> list[Quad]:
        if self._quads is None:
            self._quads = list(parse(self.nquads, format=RdfFormat.N_QUADS))
        return self._quads

    def __reduce__(self) -> tuple[Callable[..., Prepared], tuple[object, ...]]:
        # From a worker process the quads travel as N-Quads, ten times smaller and faster than pickled terms.
        return Prepared, (self.path, self.doc, self.graph, self.nquads, self.count, self.report)


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
    nquads = builder.nquads()
    report = validate_nquads(nquads) if validate else None
    return Prepared(path, doc, builder.graph.value, nquads, len(builder), report)


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


def reader_pool(jobs: int) -> ProcessPoolExecutor:
    """*jobs* processes that read documents, each with the collector set for reading."""
    import multiprocessing

    # workers forked from a clean server process, not from this one (which may run threads: a server, a test)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_reader_process, initargs=(os.getpid(),))


def _reader_process(reader_of: int) -> None:
    # Runs in each worker once this module (so every stage) is imported; the shapes are compiled before the
    # collector leaves what is alive out of its walks.
    compiled_checks()
    collector.reader_process()
    threading.Thread(target=_exit_with, args=(reader_of,), name="plangraph-reader-of", daemon=True).start()


def _exit_with(pid: int, every: float = 0.5) -> None:
    """End this reading process once the process it reads for is gone. A command killed outright (kill -9, the
    kernel out of memory) tells its workers nothing: each holds the pool's queue open itself and would wait for
    work forever, and keep the fork server alive beside it."""
    while _alive(pid) and not _zombie(pid):
        time.sleep(every)
    os._exit(1)


def _zombie(pid: int) -> bool:
    """True when *pid* has exited and only waits for its parent to collect it (Linux's /proc; False elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:].startswith(("Z", "X"))


def _outcomes(paths: Sequence[Path], minter: Minter, validate: bool, strict: bool, jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(paths) < 2 * jobs:  # a few files: starting workers would cost more than it saves
        for path in paths:
            with collector.reading():
                outcome = _prepare_one(path, minter, validate, strict)
            yield outcome
        return
    from functools import partial

    pool = reader_pool(jobs)
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


# Quads written in one batch after which the store is compacted: a bulk load leaves files whose keys overlap the
# store's, and every read looks in each. 0.3 M quads in two chunks: the GROUP BY over every rdf:type 37 → 30 ms
# (and the endpoint mix +11–16 % requests/s) for 0.8 s of compaction.
OPTIMIZE_AFTER = 250_000

def _compact_after(results: Sequence[ReplaceResult], store: GraphStore) -> None:
    """Compact *store* after a load that added at least :data:`OPTIMIZE_AFTER` quads, however many bulk loads it
    took. RocksDB merges some of the loaded files while the batch is read, not all: on the 720 documents of 5 M
    quads loaded in 26 chunks (67 files left), looking a task's plan up took 117 µs, 857 µs in a process just
    started, and 32 µs and 54 µs once compacted (30 files) — every page reads its rows by such lookups. An
    aggregate over the whole store (the mix's GROUP BY) was as fast either way, which is why this was once skipped;
    the compaction costs 10–13 s at 5 M quads."""
    if sum(r.added for r in results) >= OPTIMIZE_AFTER:
        store.optimize()


class Staging:
    """Prepared documents written to a scratch folder one by one, so a batch of any size holds one document in
    memory at a time; the store is opened only when every file of the batch has been read (all or nothing).

    The folder is made beside the store *beside* (``.store.staging-PID-XXXX``, on the store's disk, where a
    batch's size is already expected) when its parent exists, else in the temporary directory; a folder left by
    an ingest that was killed (its process gone) is removed by the next one.

    Given the store's *snapshots*, a large batch is loaded while it is still being read: once a bulk chunk's
    worth of quads is staged, a copy of the published snapshot is made in the folder and each chunk is loaded
    into it by a thread (Oxigraph's bulk loader uses one core; the readers use the others). :meth:`publish`
    then makes that copy the next version — the primary store is not opened before every file was read, and a
    batch that is refused leaves it as it was. A small batch, or one whose copy fell behind another writer, is
    loaded by :meth:`load` as before."""

    def __init__(self, beside: Path | None = None, *, snapshots: SnapshotStore | None = None) -> None:
        self._beside = beside
        self._dir: Path | None = None
        self.items: list[Staged] = []
        self._snapshots = snapshots
        self._early: _EarlyLoad | None = None
        self._queued = 0  # items handed to the early load
        self._waiting = 0  # quads staged and not yet handed to it

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
        self._waiting += staged.quads
        if self._snapshots is not None and self._waiting >= oxigraph.BULK_CHUNK:
            self._hand_over()
        return staged

    def _hand_over(self) -> None:
        """Give the staged items not yet loaded to the early load (started on the first call)."""
        if self._early is None:
            assert self._snapshots is not None and self._dir is not None
            self._early = _EarlyLoad(self._snapshots, self._dir / "store")
        self._early.put([StagedGraph(s.graph, s.file, s.quads) for s in self.items[self._queued:]])
        self._queued, self._waiting = len(self.items), 0

    def publish(self, progress: Callable[[int, Staged], None] | None = None) -> list[ReplaceResult] | None:
        """Finish the early load and publish it as the next version: the results of loading every item, as
        :meth:`load` returns them; None when there was no early load or it could not be used (then :meth:`load`
        writes the batch into the primary store)."""
        if self._early is None:
            return None
        if self._queued < len(self.items):
            self._hand_over()
        early, self._early = self._early, None
        results = early.finish(lambda i: progress(i, self.items[i - 1]) if progress else None)
        if results is None:
            return None
        assert self._snapshots is not None and early.scratch is not None
        if not early.scratch.store.changed:  # every graph as the store holds it already: nothing to publish
            early.abandon()
            return results
        _compact_after(results, early.scratch.store)
        if self._snapshots.adopt(early.scratch):
            return results
        early.abandon()
        return None

    def load(self, store: GraphStore, progress: Callable[[int, Staged], None] | None = None
             ) -> list[ReplaceResult]:
        """The ontology graph, then every staged document's graph, in one bulk load."""
        results = [store.replace_graph(str(ONTOLOGY_IRI), ontology_quads())]
        batch = [StagedGraph(staged.graph, staged.file, staged.quads) for staged in self.items]
        results += store.load_staged(batch, lambda i: progress(i, self.items[i - 1]) if progress else None)
        _compact_after(results, store)
        return results

    def close(self) -> None:
        if self._early is not None:
            self._early.abandon()
            self._early = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _EarlyLoad:
    """A thread loading chunks of staged graphs into a copy of the published snapshot, in the order given."""

    def __init__(self, snapshots: SnapshotStore, target: Path) -> None:
        self._snapshots, self._target = snapshots, target
        self._chunks: queue.Queue[list[StagedGraph] | None] = queue.Queue()
        self._stop = threading.Event()
        self.scratch: Scratch | None = None
        self.results: list[ReplaceResult] = []
        self.failed: BaseException | None = None
        self._loaded = 0
        self._progress: Callable[[int], None] | None = None
        self._thread = threading.Thread(target=self._run, name="plangraph-early-load", daemon=True)
        self._thread.start()

    def put(self, chunk: list[StagedGraph]) -> None:
        self._chunks.put(chunk)

    def finish(self, progress: Callable[[int], None] | None = None) -> list[ReplaceResult] | None:
        """Wait for every chunk to be loaded; the results, or None when the copy could not be made or loaded."""
        self._progress = progress
        self._chunks.put(None)
        self._thread.join()
        if self.failed is not None or self.scratch is None:
            if self.failed is not None:
                log.info("loading while reading failed (%s); the batch is loaded into the store instead", self.failed)
            self._discard()
            return None
        return self.results

    def abandon(self) -> None:
        """Stop after the chunk being loaded and remove the copy (the batch was refused)."""
        self._stop.set()
        self._chunks.put(None)
        self._thread.join()
        self._discard()

    def _discard(self) -> None:
        if self.scratch is not None:
            self.scratch.store.close()
            self.scratch = None
        shutil.rmtree(self._target, ignore_errors=True)

    def _run(self) -> None:
        try:
            self.scratch = self._snapshots.scratch(self._target)
            if self.scratch is None:
                return
            self.results.append(self.scratch.store.replace_graph(str(ONTOLOGY_IRI), ontology_quads()))
            while (chunk := self._chunks.get()) is not None and not self._stop.is_set():
                done = self._loaded
                self.results += self.scratch.store.load_staged(chunk, lambda i, done=done: self._tell(done + i))
                self._loaded += len(chunk)
        except BaseException as exc:  # noqa: BLE001 - reported by finish(), which falls back to the usual load
            self.failed = exc

    def _tell(self, index: int) -> None:
        if self._progress is not None:
            self._progress(index)


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
