"""plangraph ingest into external engines started here on 127.0.0.1 — the Oxigraph server (PyPI) and Virtuoso
Open Source 7 (Debian) — through their Graph Store and SPARQL Update endpoints: each ends up with exactly the
graphs the embedded store holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from engines import Engine, OxigraphServer, VirtuosoServer
from pyoxigraph import Quad, RdfFormat, Store, parse
from support import SEED, free_port, run_cli

SEED_GRAPH = "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281"
TASKS = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/plangraph/ontology#Task> }"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    server = OxigraphServer(tmp_path / "oxigraph") if request.param == "oxigraph" else VirtuosoServer(
        tmp_path / "virtuoso")
    yield server
    server.stop()


def _embedded(tmp_path: Path, *files: Path) -> set[Quad]:
    store = tmp_path / f"embedded-{len(list(tmp_path.glob('embedded-*')))}"
    code, _, err = run_cli("ingest", "--store", str(store), *map(str, files))
    assert code == 0, err
    code, out, err = run_cli("export", "--store", str(store), "--format", "nquads")
    assert code == 0, err
    canonical = Store()
    canonical.extend(parse(out.encode("utf-8"), format=RdfFormat.N_QUADS))
    return set(canonical)


def _graphs(quads: set[Quad]) -> set[str]:
    return {q.graph_name.value for q in quads}


@pytest.mark.parametrize("write", ["gsp", "update"])
def test_ingest_gives_the_engine_the_embedded_stores_graphs(engine: Engine, tmp_path: Path, write: str) -> None:
    target = ("--store-gsp-url", engine.gsp_url) if write == "gsp" else ("--store-update-url", engine.update_url)
    code, _, err = run_cli("ingest", "--store", f"sparql+{engine.query_url}", *target, str(SEED))
    assert code == 0, err
    embedded = _embedded(tmp_path, SEED)
    assert engine.graphs(_graphs(embedded)) == embedded
    assert engine.count(TASKS) == 66
    code, _, err = run_cli("ingest", "--store", f"sparql+{engine.query_url}", *target, str(SEED))
    assert code == 0 and "(unchanged)" in err  # the same document again: nothing written


def test_a_replaced_document_replaces_its_graph_and_nothing_else(engine: Engine, tmp_path: Path) -> None:
    store = ("--store", f"sparql+{engine.query_url}", "--store-gsp-url", engine.gsp_url)
    kept = "http://example.org/kept"
    update = f'INSERT DATA {{ GRAPH <{kept}> {{ <http://example.org/s> <http://example.org/p> "kept" }} }}'
    response = requests.post(engine.update_url, data=update.encode(),
                             headers={"Content-Type": "application/sparql-update"}, timeout=60)
    assert response.status_code in (200, 204), response.text
    assert run_cli("ingest", *store, str(SEED))[0] == 0
    edited = tmp_path / SEED.name
    edited.write_text(SEED.read_text(encoding="utf-8").replace("Sở Tài chính", "Sở Tư pháp"), encoding="utf-8")
    code, _, err = run_cli("ingest", *store, str(edited))
    assert code == 0 and "(replaced)" in err, err
    embedded = _embedded(tmp_path, edited)
    assert engine.graphs(_graphs(embedded)) == embedded
    assert len(engine.graphs({kept})) == 1


def test_an_engine_that_cannot_be_reached_is_a_clear_error() -> None:
    port = free_port()
    code, _, err = run_cli("ingest", "--store", f"sparql+http://127.0.0.1:{port}/query", "--store-gsp-url",
                           f"http://127.0.0.1:{port}/store", str(SEED))
    assert code != 0 and "Traceback" not in err
    assert f"127.0.0.1:{port}" in err and "cannot" in err


def test_commands_that_need_a_folder_say_so() -> None:
    code, _, err = run_cli("stats", "--store", "sparql+http://127.0.0.1:9/query")
    assert code != 0 and "local store folder" in err and "Traceback" not in err


def test_writing_needs_an_update_or_graph_store_url(tmp_path: Path) -> None:
    engine = OxigraphServer(tmp_path / "oxigraph")
    try:
        code, _, err = run_cli("ingest", "--store", f"sparql+{engine.query_url}", str(SEED))
        assert code != 0 and "--store-gsp-url" in err and "Traceback" not in err
    finally:
        engine.stop()


def test_serving_an_engine_that_cannot_be_reached_is_a_502_that_says_so(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's dialect is asked of the engine on the first request that needs it: no answer is a 502."""
    from plangraph.server import create_app

    monkeypatch.setenv("PLANGRAPH_ENGINE_STATE", str(tmp_path / "state"))
    port = free_port()
    app = create_app({"PLANGRAPH_STORE": f"sparql+http://127.0.0.1:{port}/query"})
    response = app.test_client().get("/version.json")
    assert response.status_code == 502, response.text
    assert f"127.0.0.1:{port}" in response.text and "did not answer" in response.text
