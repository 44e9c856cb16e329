"""A large batch loaded while it is read: into a copy of the published snapshot, published at the end only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import SEED, corpus_file, run_cli

from plangraph.ingest.pipeline import Staging, prepare
from plangraph.ontology.iris import Minter
from plangraph.store import oxigraph
from plangraph.store.snapshots import Scratch, SnapshotStore

FILES = [SEED, *(corpus_file(n) for n in ("02", "08", "09", "10"))]


def export(store: Path) -> list[str]:
    code, out, err = run_cli("export", "--store", str(store))
    assert code == 0, err
    return sorted(out.splitlines())


def ingest(store: Path, *files: Path) -> tuple[int, str]:
    code, _, err = run_cli("ingest", "--store", str(store), "--jobs", "1", *map(str, files))
    return code, err


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Copies made for an early load (their folders), the chunk made small: it starts after the first document."""
    monkeypatch.setattr(oxigraph, "BULK_CHUNK", 5_000)
    made: list[Path] = []
    scratch = SnapshotStore.scratch

    def counted(self: SnapshotStore, target: Path) -> Scratch | None:
        made.append(target)
        return scratch(self, target)

    monkeypatch.setattr(SnapshotStore, "scratch", counted)
    return made


def test_loading_while_reading_gives_the_store_a_late_load_gives(tmp_path: Path, small_chunks: list[Path]) -> None:
    late, early = tmp_path / "late", tmp_path / "early"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(oxigraph, "BULK_CHUNK", 10**9)  # loaded into the primary store after reading, as before
        assert ingest(late, SEED)[0] == 0 and ingest(late, *FILES[1:])[0] == 0
    assert not small_chunks
    code, err = ingest(early, *FILES)
    assert code == 0, err
    assert len(small_chunks) == 1
    assert export(early) == export(late)
    assert SnapshotStore(early).snapshot_names() == ["v000001"]
    assert SnapshotStore(late).snapshot_names() == ["v000002"]
    changes = json.loads((SnapshotStore(early).root / "v000001.changes.json").read_text())
    assert changes["after"] is None and len(changes["graphs"]) == 6  # the ontology and five documents
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_batch_loaded_early_onto_a_store_adds_to_what_it_held(tmp_path: Path, small_chunks: list[Path]) -> None:
    store = tmp_path / "store"
    assert ingest(store, SEED)[0] == 0
    code, err = ingest(store, *FILES[1:])
    assert code == 0, err
    assert SnapshotStore(store).snapshot_names() == ["v000002"]
    whole = tmp_path / "whole"
    assert ingest(whole, *FILES)[0] == 0
    assert export(store) == export(whole)


def test_a_refusal_after_the_early_load_began_leaves_the_store_as_it_was(tmp_path: Path,
                                                                         small_chunks: list[Path]) -> None:
    store = tmp_path / "store"
    assert ingest(store, SEED)[0] == 0
    before = tree(store.with_name("store.snapshots")), tree(store)
    bad = tmp_path / "zz-bad.txt"
    bad.write_text("hello\n", encoding="utf-8")
    code, err = ingest(store, *FILES[1:], bad)  # the bad file is read last, after three chunks were loaded
    assert code != 0 and "nothing was written to the store" in err
    assert len(small_chunks) == 2  # the early load had begun (a copy for the first ingest too)
    assert (tree(store.with_name("store.snapshots")), tree(store)) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_write_published_meanwhile_is_kept_and_the_batch_written_after_it(tmp_path: Path,
                                                                             small_chunks: list[Path]) -> None:
    store = tmp_path / "store"
    snapshots = SnapshotStore(store)
    minter = Minter()
    with Staging(store, snapshots=snapshots) as staging:
        for path in FILES[1:]:
            staging.add(prepare(path, minter))
        assert ingest(store, SEED)[0] == 0  # another writer publishes v000001 while the batch is staged
        assert staging.publish() is None  # the copy is of an older state: not published
        with snapshots.writer() as writer:
            results = staging.load(writer)
    assert sum(result.changed for result in results) == 4  # the four documents (the ontology was there)
    whole = tmp_path / "whole"
    assert ingest(whole, *FILES)[0] == 0
    assert export(store) == export(whole)


def test_no_copy_while_another_writer_may_hold_unpublished_changes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert ingest(store, SEED)[0] == 0
    snapshots = SnapshotStore(store)
    (snapshots.root / "WRITING").write_text("1\n")
    assert snapshots.scratch(tmp_path / "copy") is None
    assert not (tmp_path / "copy").exists()


def test_an_ingest_killed_while_it_loads_early_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    """kill -9 of a real ``plangraph ingest`` (the chunk made small so the batch loads while it is read) at spread
    moments: before the copy, while chunks load into it, around the adoption and the commit. The store exports
    the old or the new state, never part of the batch; the next ingest removes what the killed one left."""
    import random
    import subprocess
    import sys
    import time

    base = tmp_path / "base"
    assert ingest(base, SEED)[0] == 0
    old = export(base)
    full = tmp_path / "full"
    shutil.copytree(base, full)
    shutil.copytree(base.with_name("base.snapshots"), full.with_name("full.snapshots"))
    script = ("import sys; from plangraph.store import oxigraph; oxigraph.BULK_CHUNK = 5_000; "
              "from plangraph.cli import main; sys.argv = ['plangraph', *sys.argv[1:]]; main()")

    def start(store: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", script, "ingest", "--store", str(store), "--jobs", "1",
                                 *map(str, FILES[1:])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    began = time.monotonic()
    assert start(full).wait() == 0
    whole = time.monotonic() - began
    new = export(full)
    assert new != old
    rng = random.Random(14)
    states = []
    for trial in range(6):
        store = tmp_path / f"trial-{trial}"
        shutil.copytree(base, store)
        shutil.copytree(base.with_name("base.snapshots"), store.with_name(f"trial-{trial}.snapshots"))
        process = start(store)
        time.sleep(whole * (0.3 + 0.75 * trial / 5) * rng.uniform(0.9, 1.1))
        loading = any(tmp_path.glob(f".trial-{trial}.staging-*/store"))  # the copy being loaded
        process.kill()
        process.wait()
        exported = export(store)
        assert exported in (old, new), f"trial {trial}: part of the batch was published"
        states.append(("new" if exported == new else "old") + (" while loading" if loading else ""))
        code, err = ingest(store, *FILES[1:])
        assert code == 0, err
        assert export(store) == new
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".trial-{trial}.staging-")]
    assert "old while loading" in states and "old" in states, states  # kills before and during the early load


def test_a_large_batch_is_compacted_into_fewer_files_holding_the_same_quads(tmp_path: Path,
                                                                            small_chunks: list[Path]) -> None:
    """A bulk load leaves files whose keys overlap (each read looks in every one): a batch of OPTIMIZE_AFTER
    quads or more is compacted before it is published, however many bulk loads it took (RocksDB merges only some
    of them while the batch is read)."""
    from plangraph.ingest import pipeline
    from plangraph.store.oxigraph import OxigraphStore

    def files(store: Path) -> int:
        current = SnapshotStore(store).current()
        assert current is not None
        return len(list(current.path.glob("*.sst")))

    compacted: list[int] = []
    optimize = OxigraphStore.optimize

    def counted(self: OxigraphStore) -> None:
        compacted.append(self.bulk_loads)
        optimize(self)

    stores = {}
    for name, after in (("kept", 10**9), ("compacted", 10_000)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pipeline, "OPTIMIZE_AFTER", after)
            patch.setattr(oxigraph, "BULK_CHUNK", 3_000)  # the corpus documents in four loads or more
            patch.setattr(OxigraphStore, "optimize", counted)
            stores[name] = tmp_path / name.replace(" ", "-")
            code, err = ingest(stores[name], *FILES)
            assert code == 0, err
    assert len(small_chunks) == 2  # each batch loaded while read, in several chunks
    assert len(compacted) == 1 and compacted[0] >= 4  # the second batch only, loaded in four chunks or more
    assert files(stores["compacted"]) < files(stores["kept"])
    assert export(stores["compacted"]) == export(stores["kept"])
