"""Shared fixtures: a real on-disk store built from the seed through the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from pyoxigraph import RdfFormat, Store
from support import CORPUS, SEED, LiveServer, run_cli, scripted_seed

from plangraph.store import OxigraphStore, open_store

# Property tests explore new examples locally; in CI they replay a fixed sequence, so a red build is
# reproducible. No per-example deadline: a loaded CI machine is slow, not wrong.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/data/expected/* from the code")


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "store"
    code, _, err = run_cli("ingest", "--store", str(path), str(SEED))
    assert code == 0, err
    return path


@pytest.fixture(scope="session")
def seed_export(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "seed.nq"
    code, _, err = run_cli("export", "--store", str(seed_store_path), "--format", "nquads", "-o", str(out))
    assert code == 0, err
    return out


@pytest.fixture(scope="session")
def seed(seed_export: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A fresh on-disk store loaded from the *export* of the seed store: what a user would query."""
    store = Store(str(tmp_path_factory.mktemp("reloaded") / "store"))
    store.bulk_load(path=str(seed_export), format=RdfFormat.N_QUADS)
    return store


TOKEN = "test-token-7c1f"


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over the seed, updates enabled, short deadline; shared by the server tests."""
    store = tmp_path_factory.mktemp("live") / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED))
    assert code == 0, err
    server = LiveServer(store, "--timeout", "20", "--max-rows", "500", "--workers", "2", "--query-workers", "2",
                        token=TOKEN)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over the seed with ``<script>alert('x')</script>`` as text in one task cell."""
    server = LiveServer(scripted_seed(tmp_path_factory.mktemp("scripted")))
    yield server
    server.stop()


# The real documents of several issuers: the seed (Hải Phòng), 02 (Đồng Tháp), 08 and 09 (Thủ tướng
# Chính phủ), 10 (Sơn La).
CITY_DOCUMENTS = ("02", "08", "09", "10")


@pytest.fixture(scope="session")
def cities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over the seed and the shared corpus: documents of several cities and the national level."""
    from support import corpus_file

    store = tmp_path_factory.mktemp("cities") / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED),
                           *(str(corpus_file(number)) for number in CITY_DOCUMENTS))
    assert code == 0, err
    server = LiveServer(store)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def relations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over the seed, the shared corpus and a decision of our own that amends, repeals and replaces
    (tests/data/relations/qd-99-2025.txt): texts with relations in both directions, carried out by several bodies."""
    from support import corpus_file

    store = tmp_path_factory.mktemp("relations") / "store"
    decision = Path(__file__).parent / "data" / "relations" / "qd-99-2025.txt"
    code, _, err = run_cli("ingest", "--store", str(store), str(SEED),
                           *(str(corpus_file(number)) for number in CITY_DOCUMENTS), str(decision))
    assert code == 0, err
    server = LiveServer(store)
    yield server
    server.stop()


WILD = CORPUS.parent / "wild"


@pytest.fixture(scope="session")
def wild_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    """A store of every wild document plangraph reads (skipped when they are not beside the checkout)."""
    if not WILD.is_dir():
        pytest.skip(f"the wild documents are not beside the checkout (expected {WILD})")
    path = tmp_path_factory.mktemp("wild") / "store"
    code, _, err = run_cli("ingest", "--store", str(path), "--skip-refused", str(WILD))
    assert code in (0, 2), err
    with open_store(path, read_only=True) as store:
        yield store
