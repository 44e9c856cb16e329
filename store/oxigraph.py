"""The embedded pyoxigraph store on disk."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from plangraph.ontology.errors import PlangraphError
from plangraph.store.base import ReplaceResult, StagedGraph, canonical
from plangraph.store.dialect import Dialect, probe_store, resolve
from plangraph.store.update_graphs import graphs_written

BULK_CHUNK = 200_000  # quads per bulk load: few files on disk, memory bounded whatever the batch


class StoreError(PlangraphError, OSError):
    """The store cannot be opened or written; ``reason`` says why in a few words when the disk refused."""

    reason: str = ""


class OxigraphStore:
    """A pyoxigraph :class:`~pyoxigraph.Store` in a directory.

    Open it only when there is something to read or write: opening for writing already touches the
    files, and a refused ingest must leave the store byte-for-byte as it was.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.changed = False  # set before anything is written: a failed write may have changed the store
        # The named graphs written ("" = the default graph); None once an update may have written any graph.
        # Published beside the snapshot, so the search index can be brought up to date graph by graph.
        self.changed_graphs: set[str] | None = set()
        self.bulk_loads = 0  # calls of the bulk loader since the store was opened
        try:
            self._store: Store | None = Store.read_only(str(path)) if read_only else Store(str(path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports locks and corruption as RuntimeError
            raise StoreError(f"cannot open the store at {path}: {exc}") from None

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _db(self) -> Store:
        if self._store is None:
            raise StoreError(f"the store at {self.path} is closed")
        return self._store

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> ReplaceResult:
        node = NamedNode(graph)
        wanted = canonical(Quad(q.subject, q.predicate, q.object, node) for q in quads)
        current = self.graph_quads(graph)
        if current == wanted:
            return ReplaceResult(graph, changed=False, removed=0, added=0)
        # Readers never read this store while it is written (they read the published snapshot), so the old graph
        # is removed and the new one added in two transactions; a crash between them is rolled back like any
        # unpublished write.
        self.changed = True
        self._touch(graph)
        if current:
            self._db.remove_graph(node)
        self._db.extend(wanted)
        return ReplaceResult(graph, changed=True, removed=len(current), added=len(wanted))

    def load_staged(self, graphs: Sequence[StagedGraph], progress: Callable[[int], None] | None = None
                    ) -> list[ReplaceResult]:
        """Make each graph hold exactly the quads of its staged file — a batch of any size through Oxigraph's
        bulk loader, which parses the files itself and writes sorted files straight to disk, so memory stays
        flat. A graph the store already holds is compared first and left alone when unchanged. Not atomic per
        graph: only for a writer whose batch is published at once (the snapshot store's commit point)."""
        results: list[ReplaceResult] = []
        chunk: list[Path] = []
        size = 0
        for index, staged in enumerate(graphs, start=1):
            node = NamedNode(staged.graph)
            removed = 0
            if self._db.contains_named_graph(node):
                wanted = canonical(parse(path=str(staged.file), format=RdfFormat.N_QUADS))
                current = self.graph_quads(staged.graph)
                if current == wanted:
                    results.append(ReplaceResult(staged.graph, changed=False, removed=0, added=0))
                    continue
                self._db.remove_graph(node)
                removed = len(current)
            self.changed = True
            self._touch(staged.graph)
            chunk.append(staged.file)
            size += staged.quads
            results.append(ReplaceResult(staged.graph, changed=True, removed=removed, added=staged.quads))
            if size >= BULK_CHUNK:
                self._bulk(chunk)
                chunk, size = [], 0
            if progress:
                progress(index)
        self._bulk(chunk)
        return results

    def _touch(self, graph: str) -> None:
        if self.changed_graphs is not None:
            self.changed_graphs.add(graph)

    def _bulk(self, files: Sequence[Path]) -> None:
        if files:
            self.bulk_loads += 1
            with _Concatenated(files) as data:
                self._db.bulk_load(data, format=RdfFormat.N_QUADS, lenient=True)  # written by our own serializer

    def optimize(self) -> None:
        """Compact the files a large load left (queries on a freshly bulk-loaded store run several times faster)."""
        self.changed = True
        self._db.optimize()

    def graph_quads(self, graph: str) -> set[Quad]:
        return set(self._db.quads_for_pattern(None, None, None, NamedNode(graph)))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, NamedNode))

    def quads(self) -> Iterator[Quad]:
        return iter(self._db.quads_for_pattern(None, None, None, None))

    def query(self, sparql: str, **options: Any) -> Any:
        options.setdefault("use_default_graph_as_union", True)
        return self._db.query(sparql, **options)

    def raw_query(self, sparql: str, **options: Any) -> Any:
        """Run a SPARQL query with exactly the given dataset options (no union default)."""
        return self._db.query(sparql, **options)

    def own_graphs(self) -> tuple[str, ...]:
        """None: every graph of the embedded store is data."""
        return ()

    def dialect(self) -> Dialect:
        """pyoxigraph's: ``lateral`` (probed), unless ``PLANGRAPH_STORE_DIALECT`` says otherwise."""
        return resolve(None, lambda: probe_store(self._db.query))

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction."""
        self.changed = True
        written = graphs_written(sparql)  # None: any graph, as far as the text tells
        self.changed_graphs = None if written is None or self.changed_graphs is None else self.changed_graphs | written
        self._db.update(sparql, base_iri=base_iri)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        return bool(self._db.contains_named_graph(graph))

    def quads_in(self, graph: NamedNode | DefaultGraph) -> Iterator[Quad]:
        return iter(self._db.quads_for_pattern(None, None, None, graph))

    def quads_matching(self, subject: Any = None, predicate: Any = None, obj: Any = None) -> Iterator[Quad]:
        """Quads of any graph matching the pattern (None is a wildcard)."""
        return iter(self._db.quads_for_pattern(subject, predicate, obj, None))

    def drop_graph(self, graph: NamedNode | DefaultGraph) -> None:
        self.changed = True
        self._touch(graph.value if isinstance(graph, NamedNode) else "")
        if isinstance(graph, DefaultGraph):
            self._db.clear_graph(graph)
        else:
            self._db.remove_graph(graph)

    def write_graph(self, graph: NamedNode | DefaultGraph, quads: Sequence[Quad], *, replace: bool) -> None:
        """Add *quads* to *graph* (clearing it first when *replace*), in one transaction."""
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        target = "DEFAULT" if isinstance(graph, DefaultGraph) else f"GRAPH {graph}"
        inside = body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}"
        clear = f"CLEAR SILENT {target} ;\n" if replace else ""
        self.changed = True
        self._touch(graph.value if isinstance(graph, NamedNode) else "")
        create = "" if isinstance(graph, DefaultGraph) else f"CREATE SILENT GRAPH {graph} ;\n"
        self._db.update(f"{clear}{create}INSERT DATA {{\n{inside}\n}}")

    def __len__(self) -> int:
        return len(self._db)

    def backup(self, target: Path) -> None:
        """A consistent checkpoint of the store in *target* (hard links on the same file system)."""
        try:
            self._db.backup(str(target))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot snapshot {self.path} into {target}: {exc}") from None

    def flush(self) -> None:
        self._db.flush()

    def close(self) -> None:
        """Release the database (RocksDB closes when the last reference goes)."""
        self._store = None


class _Concatenated(io.RawIOBase):
    """Several files read as one stream (N-Quads files, each ending with a newline, concatenate to N-Quads)."""

    def __init__(self, files: Sequence[Path]) -> None:
        self._files = list(files)
        self._current: BinaryIO | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._current is None:
                if not self._files:
                    return 0
                self._current = self._files.pop(0).open("rb")
            count = self._current.readinto(buffer)
            if count:
                return count
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        super().close()



def embedded_dialect(setting: str | None = None) -> Dialect:
    """The dialect of the embedded store, without opening one: pyoxigraph's, probed on an empty store in
    memory (the same engine), unless *setting* (default ``PLANGRAPH_STORE_DIALECT``) says otherwise."""
    return resolve(setting, lambda: probe_store(Store().query))


def open_store(path: Path, *, read_only: bool = False, must_exist: bool = False) -> OxigraphStore:
    """Open the store at *path*; with *must_exist*, a missing store is an error, not a new empty one."""
    if (must_exist or read_only) and not (path / "CURRENT").exists():
        raise StoreError(f"no store at {path}: run 'plangraph ingest --store {path} FILE…' first")
    if not read_only:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store directory {path}: {exc.strerror or exc}") from None
    return OxigraphStore(path, read_only=read_only)
