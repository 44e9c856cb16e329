"""plangraph ingest into an external engine — the Oxigraph server from PyPI, started here on 127.0.0.1 —
through its Graph Store and SPARQL Update endpoints: the same graphs as the embedded store holds."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pyoxigraph import Quad, RdfFormat, Store, parse
from support import SEED, free_port, run_cli

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
SEED_GRAPH = "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281"


class Engine:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(folder), "--bind",
                                         f"127.0.0.1:{self.port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                requests.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the Oxigraph server did not start")

    def dataset(self) -> set[Quad]:
        body = requests.get(f"{self.url}/store", headers={"Accept": "application/n-quads"}, timeout=60).content
        return set(parse(body, format=RdfFormat.N_QUADS))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture()
def engine(tmp_path: Path) -> Iterator[Engine]:
    if not OXIGRAPH.exists():
        pytest.fail(f"the Oxigraph server is missing: {OXIGRAPH} (make test installs it: pip install -e '.[test]')")
    server = Engine(tmp_path / "engine")
    yield server
    server.stop()


def _embedded(tmp_path: Path, *files: Path) -> set[Quad]:
    store = tmp_path / "embedded"
    code, _, err = run_cli("ingest", "--store", str(store), *map(str, files))
    assert code == 0, err
    code, out, err = run_cli("export", "--store", str(store), "--format", "nquads")
    assert code == 0, err
    canonical = Store()
    canonical.extend(parse(out.encode("utf-8"), format=RdfFormat.N_QUADS))
    return set(canonical)


@pytest.mark.parametrize("write", ["--store-gsp-url", "--store-update-url"])
def test_ingest_into_the_oxigraph_server_gives_the_embedded_stores_graphs(engine: Engine, tmp_path: Path,
                                                                           write: str) -> None:
    target = f"{engine.url}/store" if write == "--store-gsp-url" else f"{engine.url}/update"
    code, _, err = run_cli("ingest", "--store", f"sparql+{engine.url}/query", write, target, str(SEED))
    assert code == 0, err
    assert engine.dataset() == _embedded(tmp_path, SEED)
    tasks = requests.get(f"{engine.url}/query", params={"query": "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE "
                         "{ ?t a <https://w3id.org/plangraph/ontology#Task> }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    assert tasks["results"]["bindings"][0]["n"]["value"] == "66"
    code, _, err = run_cli("ingest", "--store", f"sparql+{engine.url}/query", write, target, str(SEED))
    assert code == 0 and "(unchanged)" in err  # the same document again: nothing written


def test_a_replaced_document_replaces_its_graph_and_nothing_else(engine: Engine, tmp_path: Path) -> None:
    store = ("--store", f"sparql+{engine.url}/query", "--store-gsp-url", f"{engine.url}/store")
    other = requests.put(f"{engine.url}/store", params={"graph": "http://example.org/kept"},
                         data=b'<http://example.org/s> <http://example.org/p> "kept" .\n',
                         headers={"Content-Type": "application/n-triples"}, timeout=60)
    assert other.status_code in (201, 204)
    assert run_cli("ingest", *store, str(SEED))[0] == 0
    edited = tmp_path / SEED.name
    edited.write_text(SEED.read_text(encoding="utf-8").replace("Sở Tài chính", "Sở Tư pháp"), encoding="utf-8")
    code, _, err = run_cli("ingest", *store, str(edited))
    assert code == 0 and "(replaced)" in err, err
    quads = engine.dataset()
    seed_graph = {q for q in quads if q.graph_name.value == SEED_GRAPH}
    assert any("so-tu-phap" in q.subject.value for q in seed_graph)
    assert {q for q in quads if q.graph_name.value == "http://example.org/kept"}
    assert {q for q in quads if q.graph_name.value not in (SEED_GRAPH, "http://example.org/kept")} == \
        {q for q in _embedded(tmp_path, edited) if q.graph_name.value != SEED_GRAPH}


def test_an_engine_that_cannot_be_reached_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()
    code, _, err = run_cli("ingest", "--store", f"sparql+http://127.0.0.1:{port}/query", "--store-gsp-url",
                           f"http://127.0.0.1:{port}/store", str(SEED))
    assert code != 0 and "Traceback" not in err
    assert f"127.0.0.1:{port}" in err and "cannot" in err


def test_commands_that_need_a_folder_say_so() -> None:
    code, _, err = run_cli("stats", "--store", "sparql+http://127.0.0.1:9/query")
    assert code != 0 and "local store folder" in err and "Traceback" not in err


def test_writing_needs_an_update_or_graph_store_url(engine: Engine) -> None:
    code, _, err = run_cli("ingest", "--store", f"sparql+{engine.url}/query", str(SEED))
    assert code != 0 and "--store-gsp-url" in err and "Traceback" not in err
