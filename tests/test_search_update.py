"""The search index brought up to date graph by graph holds exactly the rows a whole build of the same snapshot
writes: after a document is ingested again with other words, after a graph adds a name to an agency others'
tasks show, after a new document, after a graph is dropped; and an update through SPARQL (any graph may have
changed) builds it whole unless its text names the graphs it writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from support import BASE, CORPUS, SEED, run_cli

from plangraph.server import search
from plangraph.server.search import build_index, ensure_index, index_path, open_index
from plangraph.server.search_update import previous_index
from plangraph.store.snapshots import Pin, SnapshotStore, changes_of, pin_snapshot

AGENCY = f"{BASE}id/org/31/so-khoa-hoc-va-cong-nghe"
SEED_GRAPH = f"{BASE}graph/vn/ubnd-31/qd/2016/281"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
OTHER = CORPUS / "10_sonla_qd254_kehoach_bmnn_markdown.txt"


def _rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        numbers: dict[int, list[tuple[str, ...]]] = {}
        for entry, *number in db.execute("SELECT entry, number, years, codes, words FROM numbers ORDER BY rowid"):
            numbers.setdefault(entry, []).append(tuple(number))
        return sorted((kind, iri, label, detail, names, keys, body, tuple(numbers.get(rowid, ())))
                      for rowid, kind, iri, label, detail, names, keys, body in
                      db.execute("SELECT rowid, kind, iri, label, detail, names, keys, body FROM entries"))


pins: list[Pin] = []


def _check_updated_like_whole(snapshots: SnapshotStore, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the current snapshot's index from the previous one (a whole build would fail the test) and compare
    it with a whole build of the same snapshot."""
    snapshot = snapshots.current()
    assert snapshot is not None
    assert previous_index(snapshot.path) is not None, changes_of(snapshot.path)
    pins.append(pin_snapshot(snapshot.path))  # as the server's query workers do: it stays while the next write
    with monkeypatch.context() as patched:
        def refuse(*_: object) -> None:
            raise AssertionError("built whole, not from the previous index")

        patched.setattr(search, "build_index", refuse)
        updated = ensure_index(snapshot)
    whole = tmp / f"whole-{snapshot.version}.sqlite"
    with pin_snapshot(snapshot.path) as pin:
        build_index(pin.store, whole)
    assert _rows(updated) == _rows(whole)
    return updated


def test_the_index_follows_each_write_graph_by_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    snapshots = SnapshotStore(store)
    first = snapshots.current()
    assert first is not None
    ensure_index(first)
    pins.append(pin_snapshot(first.path))  # as the server's query workers do: the previous snapshot stays on disk
    try:
        # 1. the same document again, one task and the plan's title in other words
        text = SEED.read_text(encoding="utf-8")
        changed = text.replace("Xây dựng và tổ chức thực hiện Kế hoạch phát triển nhân lực",
                               "Xây dựng và triển khai Kế hoạch phát triển nguồn nhân lực")
        assert changed != text
        edited = tmp_path / "edited" / SEED.name
        edited.parent.mkdir()
        edited.write_text(changed, encoding="utf-8")
        assert run_cli("ingest", "--store", str(store), str(edited))[0] == 0
        assert changes_of(snapshots.current().path)[1] == [SEED_GRAPH]  # type: ignore[union-attr]
        index = _check_updated_like_whole(snapshots, tmp_path, monkeypatch)
        with open_index(index) as opened:
            assert opened.search("trien khai ke hoach phat trien nguon nhan luc", kinds={"task"}).total

        # 2. a graph that gives the agency another name: the tasks it leads show it in their entries
        with snapshots.writer() as writer:
            writer.write_graph(NamedNode("http://example.org/names"),
                               [Quad(NamedNode(AGENCY), NamedNode(ALT_LABEL), Literal("Sở KHCN-ĐMST", language="vi"))],
                               replace=True)
        index = _check_updated_like_whole(snapshots, tmp_path, monkeypatch)
        with open_index(index) as opened:
            assert len(opened.search("khcn dmst", kinds={"task"}).groups.get("task", [])) > 5

        # 3. a new document beside it
        if OTHER.is_file():
            assert run_cli("ingest", "--store", str(store), str(OTHER))[0] == 0
            _check_updated_like_whole(snapshots, tmp_path, monkeypatch)

        # 4. the seed's graph dropped
        with snapshots.writer() as writer:
            writer.drop_graph(NamedNode(SEED_GRAPH))
        index = _check_updated_like_whole(snapshots, tmp_path, monkeypatch)
        with open_index(index) as opened:
            assert not opened.search("trien khai ke hoach phat trien nguon nhan luc", kinds={"task"}).total
    finally:
        for pin in pins:
            pin.close()
        pins.clear()


def test_an_update_through_sparql_is_followed_graph_by_graph_when_its_text_names_the_graphs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    snapshots = SnapshotStore(store)
    first = snapshots.current()
    assert first is not None
    ensure_index(first)
    pins.append(pin_snapshot(first.path))
    try:
        with snapshots.writer() as writer:  # the graph it writes is in its text: followed graph by graph
            writer.update(f'INSERT DATA {{ GRAPH <http://example.org/g> {{ <{AGENCY}> <{ALT_LABEL}> "X Y Z"@vi }} }}')
        assert changes_of(snapshots.current().path)[1] == ["http://example.org/g"]  # type: ignore[union-attr]
        index = _check_updated_like_whole(snapshots, tmp_path, monkeypatch)
        with open_index(index) as opened:
            assert opened.search("x y z", kinds={"task"}).total
        with snapshots.writer() as writer:  # a variable graph: any graph may have changed, built whole
            writer.update(f"DELETE {{ GRAPH ?g {{ <{AGENCY}> <{ALT_LABEL}> ?o }} }} "
                          f"WHERE {{ GRAPH ?g {{ <{AGENCY}> <{ALT_LABEL}> ?o }} }}")
        snapshot = snapshots.current()
        assert snapshot is not None and changes_of(snapshot.path) == (None, None)
        assert previous_index(snapshot.path) is None
        assert index_path(snapshot.path) == ensure_index(snapshot)
        with open_index(index_path(snapshot.path)) as opened:
            assert not opened.search("x y z", kinds={"task"}).total
    finally:
        for pin in pins:
            pin.close()
        pins.clear()


def test_an_ingest_with_no_server_carries_the_index_forward(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0, err
    snapshots = SnapshotStore(store)
    first = snapshots.current()
    assert first is not None
    with pin_snapshot(first.path) as pin:  # as a server does at start-up; then the server stops
        build_index(pin.store, index_path(first.path))
    monkeypatch.setattr(search, "build_index", lambda *_: pytest.fail("built whole, not carried forward"))
    code, _, err = run_cli("ingest", "--store", str(store), str(OTHER))
    assert code == 0, err
    assert "search index brought up to date" in err
    second = snapshots.current()
    assert second is not None and second.version == first.version + 1
    assert not first.path.exists()  # collected by the next write: nothing pins it once the ingest is done
    monkeypatch.undo()
    whole = tmp_path / "whole.sqlite"
    with pin_snapshot(second.path) as pin:
        build_index(pin.store, whole)
    assert _rows(index_path(second.path)) == _rows(whole)


def test_an_ingest_with_no_index_to_carry_builds_none(tmp_path: Path) -> None:
    store = tmp_path / "store"
    for path in (SEED, OTHER):
        code, _, err = run_cli("ingest", "--store", str(store), str(path))
        assert code == 0, err
        assert "search index" not in err
    current = SnapshotStore(store).current()
    assert current is not None and not index_path(current.path).exists()
