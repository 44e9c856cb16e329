"""Helpers shared by the tests (importable because pyproject puts tests/ on the path)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from pyoxigraph import Store

from plangraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_0bb30dab4872855a.txt"
BASE = "https://w3id.org/plangraph/"

PREFIXES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX pplan: <http://purl.org/net/p-plan#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX cnt: <http://www.w3.org/2011/content#>
PREFIX person: <http://www.w3.org/ns/person#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``plangraph ARGS`` in-process; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


SCRIPT = "<script>alert('x')</script>"


def scripted_seed(folder: Path) -> Path:
    """A store of the seed with :data:`SCRIPT` in one task cell: cell markup is stripped at ingest, so the
    escaped tag becomes literal text that every page must show as text."""
    edited = folder / SEED.name
    text = SEED.read_text(encoding="utf-8").replace(
        "Hỗ trợ doanh nghiệp phát triển nhãn sinh thái.",
        "Hỗ trợ &lt;script&gt;alert('x')&lt;/script&gt; nhãn sinh thái.")
    assert text != SEED.read_text(encoding="utf-8"), "the seed no longer has the cell the test edits"
    edited.write_text(text, encoding="utf-8")
    store = folder / "store"
    code, _, err = run_cli("ingest", "--store", str(store), str(edited))
    assert code == 0, err
    return store


def tree_digest(path: Path) -> dict[str, str]:
    """Every file under *path* with the SHA-256 of its bytes (empty when *path* does not exist)."""
    if not path.exists():
        return {}
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def select(store: Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of all graphs, each value as a plain string."""
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in rows.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in rows]


# ../shared next to the checkout; a git worktree further down finds the nearest one above it.
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared")
CORPUS = SHARED / "corpus"
SHARED_SEED = SHARED / "seed" / "000_0bb30dab4872855a.txt"


def corpus_file(number: str) -> Path:
    """The real document numbered *number* in ../shared/corpus; fails (never skips) when it is absent."""
    import pytest

    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: expected the real documents in {CORPUS} "
                    "(../shared/corpus beside the checkout); these tests cannot run without it")
    found = sorted(CORPUS.glob(f"{number}_*.txt"))
    assert len(found) == 1, f"expected one file {number}_*.txt in {CORPUS}, found {found}"
    return found[0]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``plangraph serve`` in a subprocess on 127.0.0.1, stopped by :meth:`stop`."""

    def __init__(self, store: Path, *extra: str, token: str = "", env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = store
        self.token = token
        script = Path(sys.executable).parent / "plangraph"
        args = [str(script), "serve", "--store", str(store), "--port", str(self.port), *extra]
        if token:
            args += ["--update-token", token]
        self.log = store.parent / f"serve-{self.port}.log"
        self._log = self.log.open("w")
        # A session of its own: kill() reaches every process of the server (web, query and writer workers).
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
                                        env={**os.environ, **(env or {})})
        self._wait()

    def _wait(self, seconds: float = 60) -> None:
        import time
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/sparql?query=ASK%7B%7D", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL the whole server at once, as a crash or an out-of-memory killer would."""
        import os
        import signal

        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=20)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except Exception:
            self.process.kill()
        self._log.close()


# Tasks per kind of lead agency: what a comparison by kind (and /compare/peer) must add up to on each instance.
KIND_COUNTS = """PREFIX pg: <https://w3id.org/plangraph/ontology#> PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?kind (COUNT(DISTINCT ?task) AS ?n) WHERE { ?task a pg:Task ; schema:agent/org:classification ?kind }
GROUP BY ?kind"""


def ingested_store(folder: Path, *files: Path) -> Path:
    """A store in *folder* holding *files*, ingested by the command line."""
    store = folder / "store"
    code, _, err = run_cli("ingest", "--store", str(store), *map(str, files))
    assert code == 0, err
    return store
