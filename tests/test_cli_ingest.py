"""The ingest, export, validate and stats commands against a real on-disk store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from support import SEED, corpus_file, run_cli


def export(store: Path, fmt: str = "nquads") -> bytes:
    code, out, err = run_cli("export", "--store", str(store), "--format", fmt)
    assert code == 0, err
    return out.encode("utf-8")


def test_reingesting_the_same_file_changes_nothing(seed_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    first = export(store)
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0
    assert "(unchanged)" in err
    assert export(store) == first
    assert export(seed_store_path) == first  # and it is the same graph as any other build of the seed


def test_reingest_after_a_change_replaces_the_graph_atomically(tmp_path: Path) -> None:
    store = tmp_path / "store"
    edited = tmp_path / SEED.name
    edited.write_text(SEED.read_text(encoding="utf-8").replace("Sở Tài chính", "Sở Tư pháp"), encoding="utf-8")
    assert run_cli("ingest", "--store", str(store), str(edited))[0] == 0
    assert b"/id/org/31/so-tu-phap>" in export(store)
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0 and "(replaced)" in err
    data = export(store)
    assert b"/id/org/31/so-tu-phap>" not in data and b"/id/org/31/so-tai-chinh>" in data
    code, out, _ = run_cli("stats", "--store", str(store), "--json")
    assert json.loads(out)["tasks"] == 66  # the old graph's tasks are gone, not added to


@pytest.mark.parametrize("fmt, parser", [("nquads", "nquads"), ("trig", "trig"), ("turtle", "turtle"),
                                         ("jsonld", "json-ld")])
def test_export_formats_parse_back(seed_store_path: Path, fmt: str, parser: str) -> None:
    data = export(seed_store_path, fmt)
    if parser in {"nquads", "trig", "json-ld"}:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=parser)
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281" in graphs
        assert "https://w3id.org/plangraph/ontology" in graphs
    else:
        graph = rdflib.Graph().parse(data=data, format=parser)
        assert (None, rdflib.URIRef("http://data.europa.eu/eli/ontology#id_local"),
                rdflib.Literal("281/QĐ-UBND")) in graph


def test_export_is_deterministic_and_writes_files(seed_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.trig"
    code, _, err = run_cli("export", "--store", str(seed_store_path), "--format", "trig", "-o", str(out))
    assert code == 0 and "statements" in err
    assert out.read_bytes() == export(seed_store_path, "trig")


def test_stats(seed_store_path: Path) -> None:
    code, out, _ = run_cli("stats", "--store", str(seed_store_path), "--json")
    assert code == 0
    figures = json.loads(out)
    assert (figures["plans"], figures["tasks"], figures["lead agencies"], figures["people"]) == (5, 66, 16, 1)
    assert figures["quads"] == sum(figures["named graphs"].values())
    code, text, _ = run_cli("stats", "--store", str(seed_store_path))
    assert "tasks" in text and "66" in text


def test_validate_store_and_files(seed_store_path: Path) -> None:
    code, out, _ = run_cli("validate", "--store", str(seed_store_path))
    assert code == 0 and "conforms" in out
    code, out, _ = run_cli("validate", str(SEED))
    assert code == 0 and SEED.name in out


def test_commands_on_a_missing_store_say_so(tmp_path: Path) -> None:
    for command in ("stats", "export", "validate"):
        code, _, err = run_cli(command, "--store", str(tmp_path / "nowhere"))
        assert code == 2
        assert "no store at" in err and "Traceback" not in err
    assert not (tmp_path / "nowhere").exists()


def test_store_option_defaults_to_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANGRAPH_STORE", str(tmp_path / "from-env"))
    assert run_cli("ingest", str(SEED))[0] == 0
    assert (tmp_path / "from-env" / "CURRENT").exists()


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), "--base", "http://example.org/pg/", str(SEED))[0] == 0
    assert b"<http://example.org/pg/eli/vn/ubnd-31/qd/2016/281>" in export(store)
    code, _, err = run_cli("ingest", "--store", str(tmp_path / "other"), "--base", "not-an-iri", str(SEED))
    assert code == 2 and "IRI base" in err


def test_installed_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "plangraph"
    result = subprocess.run([str(script), "ingest", "--store", str(tmp_path / "s"), str(SEED)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "[1/1] 000_0bb30dab4872855a.txt: 281/QĐ-UBND" in result.stderr


def test_report_lists_unplaced_lines(tmp_path: Path) -> None:
    code, out, _ = run_cli("ingest", "--store", str(tmp_path / "s"), "--report", "--details", str(SEED))
    assert code == 0
    assert "tasks: 66" in out
    assert "128: separator row, skipped" in out


def test_files_read_in_parallel_give_what_a_serial_read_gives(tmp_path: Path) -> None:
    from plangraph.ingest.pipeline import prepare_each
    from plangraph.ontology.iris import Minter

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = [SEED, corpus_file("02"), empty, corpus_file("09"), SEED]
    serial = list(prepare_each(files, Minter(), validate=False, jobs=1))
    parallel = list(prepare_each(files, Minter(), validate=False, jobs=2))
    assert [o.path for o in parallel] == files
    for one, other in zip(serial, parallel, strict=True):
        assert str(one.error) == str(other.error)
        assert (one.prepared is None) == (other.prepared is None)
        if one.prepared and other.prepared:
            assert sorted(map(str, one.prepared.quads)) == sorted(map(str, other.prepared.quads))
    assert "empty.txt:1: file is empty" in str(parallel[2].error)
    assert "same document as" in str(parallel[4].error)


def test_jobs_option_reads_a_folder_with_several_processes(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for number in ("02", "08", "09", "10"):
        (folder / f"{number}.txt").write_bytes(corpus_file(number).read_bytes())
    code, out, err = run_cli("ingest", "--store", str(tmp_path / "s"), "--jobs", "2", "--report", str(folder))
    assert code == 0, err
    assert "files 4: read 4, refused 0" in out


def test_a_batch_is_bulk_loaded_in_chunks_and_reingest_changes_nothing(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from plangraph.store import oxigraph

    monkeypatch.setattr(oxigraph, "BULK_CHUNK", 5_000)  # several chunks for five documents
    store = tmp_path / "store"
    files = [str(SEED), *(str(corpus_file(n)) for n in ("02", "08", "09", "10"))]
    code, _, err = run_cli("ingest", "--store", str(store), "--jobs", "1", *files)
    assert code == 0, err
    dump = export(store)
    code, _, err = run_cli("ingest", "--store", str(store), "--jobs", "1", *files)
    assert code == 0 and err.count("(unchanged)") == 5
    assert export(store) == dump
    graphs = {line.rsplit(" ", 2)[-2] for line in dump.decode().splitlines() if line}
    assert len(graphs) == 6  # the ontology and five documents



def test_bulk_chunk_loads_a_batch_early_and_leaves_the_default_behind(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """``--bulk-chunk 5000``: five documents loaded chunk by chunk into a copy of the snapshot while they are read
    (one version published, the same quads as one load); the size is this command's alone. A size under 1000 is
    refused by name and nothing is opened."""
    from plangraph.store import SnapshotStore, oxigraph

    files = [str(SEED), *(str(corpus_file(n)) for n in ("02", "08", "09", "10"))]
    whole, chunked = tmp_path / "whole", tmp_path / "chunked"
    assert run_cli("ingest", "--store", str(whole), "--jobs", "1", *files)[0] == 0
    copies: list[Path] = []
    scratch = SnapshotStore.scratch
    monkeypatch.setattr(SnapshotStore, "scratch", lambda self, target: copies.append(target) or scratch(self, target))
    code, _, err = run_cli("ingest", "--store", str(chunked), "--jobs", "1", "--bulk-chunk", "5000", *files)
    assert code == 0, err
    assert export(chunked) == export(whole)
    assert SnapshotStore(chunked).snapshot_names() == ["v000001"] and len(copies) == 1  # loaded early
    assert oxigraph.BULK_CHUNK == 200_000
    refused = tmp_path / "refused"
    code, _, err = run_cli("ingest", "--store", str(refused), "--bulk-chunk", "5", str(SEED))
    assert code == 2 and "--bulk-chunk" in err and "5 is not in the range x>=1000" in err
    assert not refused.exists() and not refused.with_name("refused.snapshots").exists()


def test_a_killed_ingests_staging_folder_is_removed_by_the_next(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])  # a process id that is surely gone once it has been waited for
    gone.wait()
    abandoned = tmp_path / f".store.staging-{gone.pid}-abcd"
    (abandoned).mkdir()
    (abandoned / "000000.nq").write_text("<http://a> <http://b> <http://c> <http://g> .\n")
    running = tmp_path / f".store.staging-{os.getpid()}-efgh"  # an ingest still running: left alone
    running.mkdir()
    code, _, err = run_cli("ingest", "--store", str(tmp_path / "store"), str(SEED))
    assert code == 0, err
    assert not abandoned.exists() and running.exists()
    assert [p.name for p in tmp_path.iterdir() if ".staging-" in p.name] == [running.name]


def test_reading_processes_leave_the_imported_modules_out_of_garbage_collection() -> None:
    import gc

    from plangraph.ingest.collector import READING_THRESHOLDS
    from plangraph.ingest.pipeline import reader_pool

    with reader_pool(1) as pool:
        thresholds = pool.submit(gc.get_threshold).result()
        frozen = pool.submit(gc.get_freeze_count).result()
    assert thresholds == READING_THRESHOLDS
    assert frozen > 10_000  # the stages' modules, imported before the collector was set


def _descendants(pid: int) -> set[int]:
    """Every process below *pid*, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rfind(")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def test_an_ingest_killed_outright_leaves_no_reading_process_behind(tmp_path: Path) -> None:
    """kill -9 of ``plangraph ingest --jobs 2`` while it reads: its fork server and reading processes end too (they
    held the pool's queue open themselves and waited for work forever)."""
    import signal
    import time

    folder = tmp_path / "docs"
    folder.mkdir()
    for copy in range(12):  # the same document again: refused as a duplicate after it is read, so all are read
        (folder / f"{copy:02d}.txt").write_bytes(corpus_file("09").read_bytes())
    script = "import sys; from plangraph.cli import main; sys.argv = ['plangraph', *sys.argv[1:]]; main()"
    process = subprocess.Popen([sys.executable, "-c", script, "ingest", "--dry-run", "--report", "--jobs", "2",
                                str(folder)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        process.stdout.readline()  # one file read: the pool's processes are running
        started = _descendants(process.pid)
        assert len(started) >= 3, started  # the fork server and two reading processes
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
    deadline = time.monotonic() + 15
    while (left := {pid for pid in started if Path(f"/proc/{pid}").exists()}) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "processes of the killed ingest still running"
