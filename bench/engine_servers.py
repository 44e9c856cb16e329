"""The external SPARQL engines the engine benchmark runs on 127.0.0.1: the Oxigraph server (PyPI ``oxigraph``)
and Virtuoso Open Source 7 (Debian ``virtuoso-opensource``), each started on a folder of its own, with its bulk
loader: ``oxigraph load`` and Virtuoso's ``ld_dir`` + ``rdf_loader_run`` through ``isql-vt``.

Each engine answers with the union of its graphs as the default graph (Oxigraph server with
``--union-default-graph``; Virtuoso's default), as ``plangraph serve --store sparql+URL`` expects, and Virtuoso
lets its anonymous endpoints write (``GRANT SPARQL_UPDATE``, the graph-level permissions), as ``plangraph ingest
--store sparql+URL --store-gsp-url …/sparql-graph-crud`` needs.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
OXIGRAPH = BIN / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
PLANGRAPH_GRAPHS = "https://w3id.org/plangraph/"  # every graph plangraph writes starts with this (the default base)

# Virtuoso's memory: the virtuoso.ini row for about 2 GB of free memory (NumberOfBuffers are 8 KiB pages, taken as
# they are used). ResultSetMaxRows above plangraph's own row cap; MaxQueryExecutionTime as the bench's deadline.
VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {db}, {load}
[HTTPServer]
ServerPort = {http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
GRANT = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post_query(url: str, query: str, *, accept: str = "application/sparql-results+json",
               timeout: float = 300) -> bytes:
    """The body of the engine's answer to *query* sent as a form POST (long queries do not fit in a URL)."""
    data = urllib.parse.urlencode({"query": query}).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Accept": accept,
                                                             "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return bytes(response.read())


def plangraph_quads(query_url: str) -> int:
    """The quads of plangraph's graphs the engine holds (Virtuoso keeps system graphs of its own beside them)."""
    query = (f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
             f'FILTER(STRSTARTS(STR(?g), "{PLANGRAPH_GRAPHS}")) }}')
    body = json.loads(post_query(query_url, query))
    return int(body["results"]["bindings"][0]["n"]["value"])


class Engine:
    """A started engine process: its endpoints and how to stop it."""

    name = ""
    query_url = update_url = gsp_url = ""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds = 0.0

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def store_options(self) -> list[str]:
        """``plangraph`` options that name this engine as the store."""
        return ["--store", f"sparql+{self.query_url}", "--store-gsp-url", self.gsp_url,
                "--store-update-url", self.update_url]

    def _wait(self, seconds: float = 300) -> None:
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                post_query(self.query_url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=5)
                self.start_seconds += time.perf_counter() - started
                return
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer within {seconds} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class OxigraphServer(Engine):
    """``oxigraph serve`` on *location* (created when missing), read-write, the union as default graph."""

    name = "Oxigraph server"

    def __init__(self, location: Path, *, timeout_s: int = 120) -> None:
        super().__init__()
        base = f"http://127.0.0.1:{free_port()}"
        self.query_url, self.update_url, self.gsp_url = f"{base}/query", f"{base}/update", f"{base}/store"
        self.argv = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", base.removeprefix("http://"),
                     "--union-default-graph", "--timeout-s", str(timeout_s)]
        started = time.perf_counter()
        self.process = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        self.start_seconds = time.perf_counter() - started
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise


def oxigraph_load_argv(location: Path, dump: Path) -> list[str]:
    """The Oxigraph bulk loader: N-Quads into an Oxigraph store folder (the server must not hold it open)."""
    return [str(OXIGRAPH), "load", "--location", str(location), "--file", str(dump)]


class Virtuoso(Engine):
    """``virtuoso-t`` on a database folder of its own (created on the first start), *load* the folder its bulk
    loader may read; anonymous writes granted once the server answers."""

    name = "Virtuoso"

    def __init__(self, folder: Path, load: Path, *, buffers: int = 170000) -> None:
        super().__init__()
        if VIRTUOSO is None or ISQL is None:
            raise RuntimeError("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
        folder.mkdir(parents=True, exist_ok=True)
        fresh = not (folder / "virtuoso.db").exists()
        self.folder = folder
        self.sql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=folder, load=load, sql_port=self.sql_port, http_port=http_port,
                                           buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
        base = f"http://127.0.0.1:{http_port}"
        self.query_url = self.update_url = f"{base}/sparql"
        self.gsp_url = f"{base}/sparql-graph-crud"
        started = time.perf_counter()
        self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.start_seconds = time.perf_counter() - started
        try:
            self._wait()
            if fresh:  # the grants live in the database
                self.isql(GRANT)
        except BaseException:
            self.stop()
            raise

    def isql_argv(self, statements: str) -> list[str]:
        assert ISQL is not None
        return [ISQL, str(self.sql_port), "dba", "dba", f"exec={statements}"]

    def isql(self, statements: str, timeout: float = 3600) -> str:
        done = subprocess.run(self.isql_argv(statements), capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt: {statements}: {(done.stdout + done.stderr)[-2000:]}")
        return done.stdout

    def bulk_load_statements(self, folder: Path) -> str:
        """Virtuoso's bulk loader on every ``*.nq`` file of *folder* (each quad into its own graph), then a
        checkpoint so the load is on disk."""
        return (f"ld_dir('{folder}', '*.nq', 'https://w3id.org/plangraph/graph/unnamed'); rdf_loader_run(); "
                "checkpoint;")

    def load_errors(self) -> str:
        """The bulk loader's errors, one line per file that failed (empty when every file loaded)."""
        out = self.isql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        return "" if "0 Rows." in out else out
