"""External SPARQL engines started for the tests on 127.0.0.1: the Oxigraph server (PyPI ``oxigraph``) and
Virtuoso Open Source 7 (Debian ``virtuoso-opensource``). Without an engine the tests that need it are skipped
with the reason, unless ``PLANGRAPH_REQUIRE_ENGINES=1`` (as ``.ci/run`` sets): then they fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from pyoxigraph import Quad, RdfFormat, Store, parse
from support import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")


def missing(what: str, hint: str) -> None:
    message = f"{what} is not installed ({hint})"
    if os.environ.get("PLANGRAPH_REQUIRE_ENGINES") == "1":
        pytest.fail(message)
    pytest.skip(message)


class Engine:
    name = ""
    query_url = update_url = gsp_url = ""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def _wait(self) -> None:
        for _ in range(600):
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                response = requests.get(self.query_url, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                                        headers={"Accept": "application/sparql-results+json"}, timeout=2)
                if response.status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start")

    def graphs(self, names: set[str]) -> set[Quad]:
        """The quads of the named graphs *names* as the engine holds them (canonical as Oxigraph stores them)."""
        found = Store()
        for name in sorted(names):
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
            body = requests.post(self.query_url, data={"query": query}, headers={"Accept": "application/n-triples"},
                                 timeout=120).content
            found.extend(Quad(t.subject, t.predicate, t.object, _named(name))
                         for t in parse(body, format=RdfFormat.N_TRIPLES))
        return set(found)

    def count(self, query: str) -> int:
        response = requests.post(self.query_url, data={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=120)
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _named(name: str) -> object:
    from pyoxigraph import NamedNode

    return NamedNode(name)


class OxigraphServer(Engine):
    name = "the Oxigraph server"

    def __init__(self, folder: Path) -> None:
        super().__init__()
        if not OXIGRAPH.exists():
            missing(self.name, "pip install -e '.[test]' installs it; make test does")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        self.query_url, self.update_url, self.gsp_url = f"{base}/query", f"{base}/update", f"{base}/store"
        self.process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(folder), "--bind",
                                         f"127.0.0.1:{port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()


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
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {db}
[HTTPServer]
ServerPort = {http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class VirtuosoServer(Engine):
    name = "Virtuoso"

    def __init__(self, folder: Path) -> None:
        super().__init__()
        if VIRTUOSO is None or ISQL is None:
            missing(self.name, "Debian: apt-get install virtuoso-opensource; .ci/run installs it")
        folder.mkdir(parents=True)
        sql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        base = f"http://127.0.0.1:{http_port}"
        # Virtuoso writes through its anonymous endpoints only once granted (its own graph-level permissions)
        self.query_url = self.update_url = f"{base}/sparql"
        self.gsp_url = f"{base}/sparql-graph-crud"
        self.process = subprocess.Popen([str(VIRTUOSO), "+foreground", "+configfile", str(ini)], cwd=folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()
        self.folder, self.sql_port = folder, sql_port
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);')

    def isql(self, statements: str, timeout: float = 600) -> str:
        """Run SQL statements as the administrator (``isql-vt``); its output."""
        done = subprocess.run([str(ISQL), str(self.sql_port), "dba", "dba", f"exec={statements}"], check=True,
                              capture_output=True, text=True, timeout=timeout)
        if "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt: {statements}: {done.stdout + done.stderr}")
        return done.stdout
