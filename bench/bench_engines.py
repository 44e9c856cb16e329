"""The scale-out path measured: plangraph on its embedded store beside plangraph on an external SPARQL engine (the
Oxigraph server, Virtuoso Open Source 7), and each engine's own bulk loader, on the same documents in one run.

1. Documents: ``bench_scale.py``'s generator — the seed, ``../shared/corpus`` and ``../shared/wild`` re-issued under
   other numbers until the store holds the size asked (--sizes, millions of quads; default 0.3).
2. Loading, each into an empty store, one at a time:
   a. ``plangraph ingest --store DIR`` (the embedded store);
   b. ``plangraph ingest --store sparql+URL --store-gsp-url …`` into the Oxigraph server and into Virtuoso (each
      document's graph one Graph Store ``PUT``);
   c. the bulk-load recipe: ``plangraph export --format nquads`` of the embedded store, then ``oxigraph load``
      of that file into an Oxigraph store folder, and Virtuoso's bulk loader (``ld_dir``, ``rdf_loader_run``,
      ``checkpoint`` through ``isql-vt``).
   Each: wall time, documents/s, quads/s, and the peak RSS of all its processes summed (plangraph's process tree
   and the engine's server, polled every 0.2 s), and the quads of plangraph's graphs the store then holds. The
   whole sequence runs --repeat times (default 3) and each way's median round is reported, every round's time
   beside it: on a machine shared with other work one round can be twice another.
3. Serving, one backend at a time: ``plangraph serve`` on the embedded store, on the Oxigraph server and on
   Virtuoso loaded by the recipe — start-up, RSS (plangraph's processes and the engine's), and each browse page's
   and each catalogue query's (``/api/queries/<name>.json`` with its example parameters) first request, p50 and
   p95; then the same SPARQL sent straight to the engine (a page's: the queries a client of the engine needs for
   the same facts, as ``serving.py`` defines them; a catalogue query's: its text with the parameters written in
   and the API's ``LIMIT``). plangraph's page caches are off (``PLANGRAPH_PAGE_CACHE=0``,
   ``PLANGRAPH_PAGE_CACHE_BYTES=0``), so every request costs the backend what a page not yet kept costs; with
   them on (the default) a repeated page is served from memory whatever the backend. A page or query a backend
   cannot answer is recorded as failed with the reason, and the run goes on.
4. Results: ``bench/results/engines.md`` and ``engines.csv`` (long form), with the ratios external / embedded.

The code measured is the working tree (the installed ``plangraph``), or with --commit REV that commit's, unpacked
beside (as ``bench_scale.py`` does); the copies, the catalogue and the page peers come from the installed code.

    .venv/bin/python bench/bench_engines.py [--sizes 0.3] [--repeat 3] [--rounds 20] [--commit REV] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import (  # noqa: E402
    MIB,
    PAGE,
    POLL_SECONDS,
    TIME,
    Code,
    Pool,
    Workspace,
    check_sample,
    clean_env,
    code_state,
    commit_code,
    count_lines,
    document_quads,
    group_rss,
    jobs_flag,
    make_pool,
    max_rss_of_time,
    ontology_quads,
    source_documents,
    working_tree_code,
)
from engine_servers import (  # noqa: E402
    ISQL,
    OXIGRAPH,
    VIRTUOSO,
    Engine,
    OxigraphServer,
    Virtuoso,
    free_port,
    oxigraph_load_argv,
    plangraph_quads,
    post_query,
)
from serving import PageSpecs, _catalogue, pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BACKENDS = ("embedded", "Oxigraph server", "Virtuoso")
ITEM_BUDGET = 20.0  # seconds of repeated requests per page or query: a slow one gets fewer rounds (at least 3)
UNCACHED = {"PLANGRAPH_PAGE_CACHE": "0", "PLANGRAPH_PAGE_CACHE_BYTES": "0"}


# --- measuring a process and the engine beside it ----------------------------------------------------------

def pid_rss(pid: int) -> int:
    """The RSS of one process, in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[21]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class Sampler(threading.Thread):
    """The peak of the summed RSS of a process group (its leader aside) and of other processes (an engine)."""

    def __init__(self, group: int | None, others: Sequence[int]) -> None:
        super().__init__(daemon=True)
        self.group, self.others = group, tuple(others)
        self.peak = 0
        self.done = threading.Event()

    def sample(self) -> int:
        own = group_rss(self.group, self.group) if self.group is not None else 0
        return own + sum(pid_rss(pid) for pid in self.others)

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.sample())
            self.done.wait(POLL_SECONDS)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def tree_rss(leader: int, others: Sequence[int]) -> int:
    """The summed RSS of the process group *leader* leads (the leader too) and of *others*."""
    return Sampler(leader, others).sample() + pid_rss(leader)


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes: the process tree and the engine, summed
    stdout: str
    stderr: str


def measured(argv: Sequence[str], logs: Path, label: str, env: dict[str, str], engine: Engine | None = None) -> Run:
    """Run *argv* under ``/usr/bin/time -v`` in a process group of its own; its group's RSS and the engine's summed.
    A failure stops the benchmark (a load that did not happen has no figures)."""
    report, out, err = (logs / f"{label}.{suffix}" for suffix in ("time", "out", "err"))
    with out.open("w") as stdout, err.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([str(TIME), "-v", "-o", str(report), *argv], stdin=subprocess.DEVNULL,
                                   stdout=stdout, stderr=stderr, env=env, start_new_session=True)
        sampler = Sampler(process.pid, [engine.pid] if engine else [])
        sampler.start()
        process.wait()
        seconds = time.perf_counter() - started
        peak = sampler.stop()
    run = Run(seconds, max(peak, max_rss_of_time(report.read_text())), out.read_text(), err.read_text())
    if process.returncode != 0:
        sys.exit(f"{label}: exit {process.returncode}: {' '.join(argv)}\n{run.stderr[-3000:]}{run.stdout[-2000:]}")
    return run


# --- loading -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Load:
    """One way of putting the documents into a store."""

    way: str
    seconds: float
    peak_rss: int
    documents: int
    quads: int  # of plangraph's graphs, as the store holds them afterwards
    load_average: float
    runs: tuple[float, ...] = ()  # the seconds of every round, when this is their median

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds


def load_average() -> float:
    return os.getloadavg()[0]


def ingest_embedded(code: Code, folder: Path, store: Path, work: Path, jobs: int | None) -> Load:
    run = measured([*code.cli, "ingest", "--store", str(store), "--skip-refused", *jobs_flag(jobs), str(folder)],
                   work, "ingest-embedded", code.env)
    documents = source_documents(code, store)
    return Load("plangraph ingest → embedded store", run.seconds, run.peak_rss, documents, 0, load_average())


def ingest_engine(code: Code, engine: Engine, folder: Path, work: Path, jobs: int | None, documents: int) -> Load:
    tag = "ingest-" + engine.name.split()[0].lower()
    run = measured([*code.cli, "ingest", *engine.store_options(), "--skip-refused", *jobs_flag(jobs), str(folder)],
                   work, tag, code.env, engine)
    return Load(f"plangraph ingest → {engine.name} (Graph Store PUT per document)", run.seconds, run.peak_rss,
                documents, plangraph_quads(engine.query_url), load_average())


def export(code: Code, store: Path, dump: Path, work: Path, documents: int) -> Load:
    run = measured([*code.cli, "export", "--store", str(store), "--format", "nquads", "-o", str(dump)], work,
                   "export", code.env)
    return Load("plangraph export --format nquads", run.seconds, run.peak_rss, documents, count_lines(dump),
                load_average())


def oxigraph_load(dump: Path, location: Path, work: Path, documents: int) -> Load:
    run = measured(oxigraph_load_argv(location, dump), work, "oxigraph-load", clean_env())
    with OxigraphServer(location) as server:
        quads = plangraph_quads(server.query_url)
    return Load("oxigraph load (of the export)", run.seconds, run.peak_rss, documents, quads, load_average())


def virtuoso_load(virtuoso: Virtuoso, folder: Path, work: Path, documents: int) -> Load:
    run = measured(virtuoso.isql_argv(virtuoso.bulk_load_statements(folder)), work, "virtuoso-load", clean_env(),
                   virtuoso)
    errors = virtuoso.load_errors()
    if errors:
        sys.exit(f"Virtuoso's bulk loader failed:\n{errors}")
    return Load("Virtuoso bulk loader (ld_dir, rdf_loader_run, checkpoint)", run.seconds, run.peak_rss, documents,
                plangraph_quads(virtuoso.query_url), load_average())


# --- serving -----------------------------------------------------------------------------------------------

@dataclass
class Timing:
    """One page or query on one backend: the first request, then p50/p95 of the rounds after it (ms)."""

    cold: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    rounds: int = 0
    rows: int | None = None  # a catalogue query's rows
    failed: str = ""


@dataclass
class Backend:
    name: str
    start_seconds: float = 0.0
    rss_up: int = 0  # bytes: plangraph's processes and the engine's, once plangraph answers
    rss_end: int = 0
    load_average: float = 0.0
    pages: dict[str, Timing] = field(default_factory=dict)
    queries: dict[str, Timing] = field(default_factory=dict)
    direct_pages: dict[str, Timing] = field(default_factory=dict)  # the same SPARQL straight to the engine
    direct_queries: dict[str, Timing] = field(default_factory=dict)


def timed(request: Callable[[], int | None], rounds: int) -> Timing:
    """The first request, then up to *rounds* more within ITEM_BUDGET seconds (at least 3); an error is recorded."""
    try:
        started = time.perf_counter()
        rows = request()
        cold = time.perf_counter() - started
        count = rounds if cold * rounds <= ITEM_BUDGET else max(3, int(ITEM_BUDGET / max(cold, 1e-3)))
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            request()
            timings.append(time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Timing(failed=f"HTTP {exc.code}: {reason(exc.read().decode('utf-8', 'replace'))}"[:200])
    except OSError as exc:  # a time-out, a refused connection
        return Timing(failed=f"{type(exc).__name__}: {exc}"[:160])
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return Timing(cold * 1000, statistics.median(timings) * 1000, p95 * 1000, len(timings), rows)


def reason(body: str) -> str:
    """What an error answer says: the ``error`` of plangraph's JSON, the message of its error page, else the text."""
    try:
        return str(json.loads(body)["error"])
    except (ValueError, KeyError, TypeError):
        pass
    found = re.search(r'class="error-message">(.*?)</', body, re.S)
    return " ".join(html.unescape(found.group(1) if found else body).split())


def fetch(url: str, accept: str = "text/html") -> int | None:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=300) as response:
        body = response.read()
    if accept == "application/json":
        return len(json.loads(body)["rows"])
    return None


@dataclass(frozen=True)
class Catalogued:
    """A catalogue query as the API runs it (example parameters), and its text for the engine."""

    name: str
    params: dict[str, str]
    text: str


MOST_CITED = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?i (SAMPLE(?number0) AS ?number) (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x eli:cites ?i . ?i eli:id_local ?number0 }
GROUP BY ?i ORDER BY DESC(?n) ?i LIMIT 1"""
BUSIEST_PLACES = """PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX pplan: <http://purl.org/net/p-plan#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a pg:Task ; pplan:isStepOfPlan/eli:is_part_of ?d .
  ?d eli:jurisdiction/skos:notation ?code } GROUP BY ?code ORDER BY DESC(?n) ?code LIMIT 2"""
MOST_BASES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?number (COUNT(DISTINCT ?b) AS ?n) WHERE { ?d eli:is_realized_by ?e ; eli:id_local ?number ; eli:based_on ?b }
GROUP BY ?number ORDER BY DESC(?n) ?number LIMIT 1"""
BUSIEST_PLAN = """PREFIX pplan: <http://purl.org/net/p-plan#>
SELECT ?plan (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t pplan:isStepOfPlan ?plan } GROUP BY ?plan ORDER BY DESC(?n) ?plan
LIMIT 1"""


def data_parameters(base: str) -> dict[str, dict[str, str]]:
    """Parameters taken from the data, per catalogue query, where the examples name the seed's own documents
    (which the generated copies renumber): the instrument carried out by the most bodies (else the most cited) and
    two of its bodies, the document with the most legal bases, the plan with the most tasks, the two places with the
    most tasks. Only the parameters a query's example sets are replaced."""
    from serving import _select

    def first(query: str, column: str) -> str | None:
        rows = _select(base + "/sparql", query)
        return rows[0][column] if rows else None

    def api(name: str, params: dict[str, str]) -> list[dict[str, str]]:
        url = f"{base}/api/queries/{name}.json?" + urllib.parse.urlencode(params)
        with urllib.request.urlopen(url, timeout=300) as response:
            return list(json.loads(response.read())["rows"])

    codes = [row["code"] for row in _select(base + "/sparql", BUSIEST_PLACES)]
    carried = api("most-carried-out", {"min_bodies": "1"})
    instrument = carried[0]["instrument"] if carried else first(MOST_CITED, "number")
    bodies = [row["body"] for row in api("bodies-carrying-out", {"instrument": instrument})] if instrument else []
    picked = {"city": codes[0] if codes else None, "a": codes[0] if codes else None,
              "b": (codes + codes)[1] if codes else None, "instrument": instrument,
              "decision": first(MOST_BASES, "number"), "plan": first(BUSIEST_PLAN, "plan")}
    bodies_ab = {"a": bodies[0] if bodies else None, "b": (bodies + bodies)[1] if bodies else None}
    found: dict[str, dict[str, str]] = {}
    from plangraph.queries import load_catalogue

    for name, query in load_catalogue().items():
        chosen = {**picked, **bodies_ab} if name == "carrying-out-compared" else picked
        found[name] = {key: chosen.get(key) or value for key, value in query.example.items()}
    return found


def catalogue_queries(parameters: dict[str, dict[str, str]]) -> list[Catalogued]:
    """Every catalogue query but the federated ones (they need a second instance: tests/test_federation.py), with
    *parameters*, and its text as the API runs it: parameters written in, the API's first page."""
    from plangraph.queries import load_catalogue
    from plangraph.server.api import DEFAULT_LIMIT
    from plangraph.server.substitution import substitute

    found = []
    for name, query in sorted(load_catalogue().items()):
        if "federation" in query.tags:
            continue
        params = parameters.get(name, dict(query.example))
        bound = {variable.value: term for variable, term in query.bindings(params).items()}
        found.append(Catalogued(name, params, substitute(query.paged(DEFAULT_LIMIT + 1, 0), bound)))
    return found


def page_specs(base: str) -> PageSpecs:
    """serving.py's pages — but the instrument page is the most cited instrument's, as the seed's decree 40 may not
    be among the documents of a small size — and the hub of comparisons and the lists (these without peer SPARQL:
    measured through plangraph only)."""
    from serving import DECREE, _select

    from plangraph.server.compare import CITIES

    found = pages(base + "/sparql")
    cited = _select(base + "/sparql", MOST_CITED)
    _, peers = found.pop("instrument page (decree 40)")
    if cited:
        iri = cited[0]["i"]
        found["instrument page (most cited)"] = ("/" + iri.removeprefix("https://w3id.org/plangraph/"),
                                                 [q.replace(DECREE, iri) for q in peers])
    return {**found, "compare: hub": ("/compare", [CITIES, _catalogue("most-carried-out", {"min_bodies": "1"})]),
            "document list, first page": ("/documents", []), "agency list, first page": ("/agencies", []),
            "instrument list, first page": ("/instruments", [])}


def serve_backend(name: str, code: Code, store_options: list[str], engine: Engine | None, work: Path,
                  specs: Callable[[str], PageSpecs], queries: Sequence[Catalogued], rounds: int) -> Backend:
    """``plangraph serve`` on one backend (page caches off), measured; then the engine straight."""
    print(f"  serve on {name}", file=sys.stderr, flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**code.env, **UNCACHED, "PLANGRAPH_ENGINE_STATE": str(work / f"state-{port}")}
    started = time.perf_counter()
    process = subprocess.Popen([*code.cli, "serve", *store_options, "--port", str(port), "--timeout", "60"],
                               stdout=subprocess.DEVNULL, stderr=(work / f"serve-{port}.err").open("w"), env=env,
                               start_new_session=True)
    others = [engine.pid] if engine else []
    backend = Backend(name, load_average=load_average())
    try:
        wait_for(base + "/sparql", process)
        backend.start_seconds = time.perf_counter() - started
        backend.rss_up = tree_rss(process.pid, others)
        for page, (path, _) in specs(base).items():
            backend.pages[page] = timed(lambda path=path: fetch(base + path), rounds)
        for query in queries:
            url = f"{base}/api/queries/{query.name}.json?" + urllib.parse.urlencode(query.params)
            backend.queries[query.name] = timed(lambda url=url: fetch(url, "application/json"), rounds)
        backend.rss_end = tree_rss(process.pid, others)
        if engine is not None:
            for page, (_, peer) in specs(base).items():
                if peer:
                    backend.direct_pages[page] = timed(lambda peer=peer: direct(engine.query_url, peer), rounds)
            for query in queries:
                backend.direct_queries[query.name] = timed(
                    lambda text=query.text: direct(engine.query_url, [text], count=True), rounds)
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
    return backend


def direct(url: str, queries: Sequence[str], count: bool = False) -> int | None:
    """The queries sent to the engine one after the other; the rows of the last when *count*."""
    body = b""
    for query in queries:
        body = post_query(url, query, accept="application/sparql-results+json, text/turtle")
    return len(json.loads(body)["results"]["bindings"]) if count else None


def wait_for(sparql: str, process: subprocess.Popen[bytes], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"plangraph serve exited with {process.returncode} before answering")
        try:
            post_query(sparql, "ASK {}", timeout=5)
            return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.05)
    raise RuntimeError(f"{sparql} did not answer within {seconds} s")


# --- one size ----------------------------------------------------------------------------------------------

@dataclass
class Sized:
    size: str
    documents: int
    loads: list[Load]
    backends: dict[str, Backend]
    queries: list[Catalogued] = field(default_factory=list)  # the catalogue queries measured, with their parameters


@dataclass(frozen=True)
class Loaded:
    """The stores of one round of loading, kept for serving."""

    store: Path  # the embedded store plangraph ingested into
    oxigraph: Path  # the Oxigraph store `oxigraph load` filled
    virtuoso: Path  # Virtuoso's database its bulk loader filled
    dumps: Path  # the folder of the export (Virtuoso's DirsAllowed names it)


def load_round(code: Code, size: str, folder: Path, here: Path, jobs: int | None, buffers: int) -> tuple[list[Load],
                                                                                                          Loaded]:
    """Each way of loading *folder*'s documents, one after the other, each into an empty store under *here*."""
    dumps = here / "nq"
    dumps.mkdir(parents=True)
    print(f"[{size} M] plangraph ingest → embedded store", file=sys.stderr, flush=True)
    store = here / "store"
    embedded = ingest_embedded(code, folder, store, here, jobs)
    documents = embedded.documents
    print(f"[{size} M] export, oxigraph load", file=sys.stderr, flush=True)
    dump = dumps / "plangraph.nq"
    exported = export(code, store, dump, here, documents)
    embedded = Load(embedded.way, embedded.seconds, embedded.peak_rss, documents, exported.quads,
                    embedded.load_average)
    oxigraph_store = here / "oxigraph-loaded"
    oxloaded = oxigraph_load(dump, oxigraph_store, here, documents)
    print(f"[{size} M] plangraph ingest → Oxigraph server", file=sys.stderr, flush=True)
    with OxigraphServer(here / "oxigraph-ingested") as server:
        into_oxigraph = ingest_engine(code, server, folder, here, jobs, documents)
    shutil.rmtree(here / "oxigraph-ingested")
    print(f"[{size} M] plangraph ingest → Virtuoso", file=sys.stderr, flush=True)
    with Virtuoso(here / "virtuoso-ingested", dumps, buffers=buffers) as virtuoso:
        into_virtuoso = ingest_engine(code, virtuoso, folder, here, jobs, documents)
    shutil.rmtree(here / "virtuoso-ingested")
    print(f"[{size} M] Virtuoso bulk loader", file=sys.stderr, flush=True)
    virtuoso_folder = here / "virtuoso-loaded"
    with Virtuoso(virtuoso_folder, dumps, buffers=buffers) as virtuoso:
        vloaded = virtuoso_load(virtuoso, dumps, here, documents)
    loads = [embedded, into_oxigraph, into_virtuoso, exported, oxloaded, vloaded]
    for load in loads[1:]:
        if load.quads != embedded.quads:
            print(f"  warning: {load.way}: {load.quads} quads, the embedded store {embedded.quads}", file=sys.stderr)
    return loads, Loaded(store, oxigraph_store, virtuoso_folder, dumps)


def median_load(runs: Sequence[Load]) -> Load:
    """The run of median time (the lower middle of an even number), with every run's seconds beside it."""
    ordered = sorted(runs, key=lambda load: load.seconds)
    middle = ordered[(len(ordered) - 1) // 2]
    return Load(middle.way, middle.seconds, middle.peak_rss, middle.documents, middle.quads, middle.load_average,
                tuple(load.seconds for load in runs))


def run_size(code: Code, size: str, pool: Pool, work: Path, jobs: int | None, rounds: int, serve: bool,
             buffers: int, repeat: int) -> Sized:
    """*repeat* rounds of loading (the median of each way kept), then serving the last round's stores."""
    copies = pool.prefix(document_quads(size, ontology_quads()))
    top = work / f"size-{size}"
    folder = top / "docs"
    folder.mkdir(parents=True)
    for made in copies:
        os.link(made.path, folder / made.path.name)
    print(f"[{size} M] {len(copies)} documents, {repeat} round(s) of loading", file=sys.stderr, flush=True)
    runs: list[list[Load]] = []
    loaded: Loaded | None = None
    for index in range(repeat):
        if loaded is not None:  # only the last round's stores are served
            shutil.rmtree(loaded.store.parent)
        loads, loaded = load_round(code, size, folder, top / f"round-{index + 1}", jobs, buffers)
        runs.append(loads)
    assert loaded is not None
    loads = [median_load(each) for each in zip(*runs, strict=True)]
    backends: dict[str, Backend] = {}
    queries: list[Catalogued] = []
    if serve:
        backends, queries = serve_all(code, loaded.store, loaded.oxigraph, loaded.virtuoso, loaded.dumps,
                                      loaded.store.parent, rounds, buffers)
    shutil.rmtree(folder)
    return Sized(size, loads[0].documents, loads, backends, queries)


def serve_all(code: Code, store: Path, oxigraph_store: Path, virtuoso_folder: Path, dumps: Path, work: Path,
              rounds: int, buffers: int) -> tuple[dict[str, Backend], list[Catalogued]]:
    """The three backends one at a time; the page peers (the busiest agency, the two busiest places) are picked
    once, through the embedded store's endpoint."""
    print(f"[serve] pages and catalogue queries, {rounds} rounds each", file=sys.stderr, flush=True)
    picked: dict[str, PageSpecs] = {}
    queries: list[Catalogued] = []

    def specs(base: str) -> PageSpecs:  # called first by the first backend, once it is up; fills *queries* too
        if not picked:
            picked.update(page_specs(base))
            queries.extend(catalogue_queries(data_parameters(base)))
        return picked

    backends = {"embedded": serve_backend("embedded", code, ["--store", str(store)], None, work, specs, queries,
                                          rounds)}
    with OxigraphServer(oxigraph_store) as server:
        backends["Oxigraph server"] = serve_backend("Oxigraph server", code, server.store_options(), server, work,
                                                    specs, queries, rounds)
    with Virtuoso(virtuoso_folder, dumps, buffers=buffers) as virtuoso:
        backends["Virtuoso"] = serve_backend("Virtuoso", code, virtuoso.store_options(), virtuoso, work, specs,
                                             queries, rounds)
    return backends, queries


# --- report ------------------------------------------------------------------------------------------------

def _ms(timing: Timing | None) -> str:
    if timing is None:
        return "–"
    if timing.failed:
        return f"failed ({timing.failed})"
    return f"{timing.p50:.1f} · {timing.p95:.1f}"


def _ratio(ours: Timing | None, base: Timing | None) -> str:
    if ours is None or base is None or ours.failed or base.failed or not base.p50:
        return "–"
    return f"{ours.p50 / base.p50:.2f}"


def markdown(sized: Sequence[Sized], context: Sequence[str]) -> str:
    lines = ["## The scale-out path: the embedded store, the Oxigraph server and Virtuoso", "", *context, ""]
    for one in sized:
        first = one.loads[0]
        lines += [f"### {one.size} M quads: {one.documents} documents, {first.quads} quads", "",
                  "| way | seconds (median; each round) | documents/s | quads/s | peak RSS, all processes (MiB) | "
                  "quads held | × embedded ingest | load average |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for load in one.loads:
            each = f" ({', '.join(f'{s:.1f}' for s in load.runs)})" if len(load.runs) > 1 else ""
            lines.append(f"| {load.way} | {load.seconds:.1f}{each} | {load.docs_per_second:.2f} | "
                         f"{load.quads_per_second:.0f} | {load.peak_rss / MIB:.0f} | {load.quads} | "
                         f"{load.seconds / first.seconds:.2f} | {load.load_average:.2f} |")
        by_way = {load.way.split(" (")[0]: load for load in one.loads}
        exported = by_way["plangraph export --format nquads"]
        for loader in ("oxigraph load", "Virtuoso bulk loader"):  # the recipe starts from the embedded store
            load = by_way[loader]
            total = first.seconds + exported.seconds + load.seconds
            lines.append(f"| recipe: ingest → embedded, export, {loader} | {total:.1f} | {one.documents / total:.2f} | "
                         f"{load.quads / total:.0f} | – | {load.quads} | {total / first.seconds:.2f} | – |")
        if one.backends:
            lines += serving_tables(one)
        lines.append("")
    return "\n".join(lines)


def serving_tables(one: Sized) -> list[str]:
    backends = one.backends
    lines = ["", "| plangraph serve on | start-up (s) | RSS up → end, plangraph + engine (MiB) | load average |",
             "|---|---:|---:|---:|"]
    for backend in backends.values():
        lines.append(f"| {backend.name} | {backend.start_seconds:.2f} | {backend.rss_up / MIB:.0f} → "
                     f"{backend.rss_end / MIB:.0f} | {backend.load_average:.2f} |")
    emb, ox, vi = (backends.get(name) for name in BACKENDS)
    assert emb is not None and ox is not None and vi is not None
    head = ("| {what} | embedded p50 · p95 | on Oxigraph server | Oxigraph server direct | on Virtuoso | "
            "Virtuoso direct | Oxigraph server / embedded | Virtuoso / embedded |")
    lines += ["", "Browse pages, ms (page caches off: each request costs the backend):", "",
              head.format(what="page"), "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for page, timing in emb.pages.items():
        lines.append(f"| {page} | {_ms(timing)} | {_ms(ox.pages.get(page))} | {_ms(ox.direct_pages.get(page))} | "
                     f"{_ms(vi.pages.get(page))} | {_ms(vi.direct_pages.get(page))} | "
                     f"{_ratio(ox.pages.get(page), timing)} | {_ratio(vi.pages.get(page), timing)} |")
    lines += ["", "Catalogue queries through `/api/queries/<name>.json` (parameters from the data, listed below), ms; "
              "rows as answered (embedded / Oxigraph server / Virtuoso):", "",
              head.format(what="query").replace(" |", " | rows |", 1),
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, timing in emb.queries.items():
        rows = " / ".join("–" if b.queries[name].rows is None else str(b.queries[name].rows) for b in (emb, ox, vi))
        rows += " ≠" if differs(name, emb, (ox, vi)) else ""
        lines.append(f"| {name} | {rows} | {_ms(timing)} | {_ms(ox.queries.get(name))} | "
                     f"{_ms(ox.direct_queries.get(name))} | {_ms(vi.queries.get(name))} | "
                     f"{_ms(vi.direct_queries.get(name))} | {_ratio(ox.queries.get(name), timing)} | "
                     f"{_ratio(vi.queries.get(name), timing)} |")
    given = [f"{q.name} ({', '.join(f'{k}={v}' for k, v in q.params.items())})" for q in one.queries if q.params]
    lines += ["", "Parameters: " + "; ".join(given) + ".", "", summary_line(emb, ox, vi)]
    return lines


def _median_ratio(ours: dict[str, Timing], base: dict[str, Timing]) -> tuple[float, int]:
    """The median p50 ratio over the items both answered, with as many rows (a query answered otherwise is not
    the same work)."""
    ratios = [ours[k].p50 / t.p50 for k, t in base.items() if k in ours and not ours[k].failed and not t.failed
              and t.p50 and ours[k].rows == t.rows]
    return (statistics.median(ratios) if ratios else float("nan")), len(ratios)


def differs(name: str, emb: Backend, others: Sequence[Backend]) -> bool:
    """True when a backend answered query *name* with another number of rows than the embedded store."""
    base = emb.queries[name].rows
    return any(b.queries[name].rows is not None and base is not None and b.queries[name].rows != base for b in others)


def summary_line(emb: Backend, ox: Backend, vi: Backend) -> str:
    parts = []
    for backend in (ox, vi):
        failed_pages = sum(1 for t in backend.pages.values() if t.failed)
        failed_queries = sum(1 for t in backend.queries.values() if t.failed)
        other_rows = sum(1 for name in backend.queries if differs(name, emb, [backend]))
        page_ratio, pages_n = _median_ratio(backend.pages, emb.pages)
        query_ratio, queries_n = _median_ratio(backend.queries, emb.queries)
        parts.append(f"on {backend.name}: median p50 ratio to embedded {page_ratio:.2f} over {pages_n} pages, "
                     f"{query_ratio:.2f} over {queries_n} catalogue queries answering the same rows; "
                     f"failed: {failed_pages} pages, {failed_queries} queries; other rows than embedded (≠): "
                     f"{other_rows} queries")
    return "Summary — " + "; ".join(parts) + "."


def csv_rows(sized: Sequence[Sized]) -> list[list[str]]:
    """Long form: size, section, item, backend, metric, value."""
    rows = [["size (M quads)", "section", "item", "backend", "metric", "value"]]
    for one in sized:
        for load in one.loads:
            for metric, value in (("seconds", f"{load.seconds:.3f}"),
                                  ("seconds of each round", " ".join(f"{s:.3f}" for s in load.runs)),
                                  ("documents", str(load.documents)),
                                  ("quads", str(load.quads)), ("peak RSS bytes", str(load.peak_rss)),
                                  ("load average", f"{load.load_average:.2f}")):
                rows.append([one.size, "load", load.way, "", metric, value])
        for backend in one.backends.values():
            rows += [[one.size, "serve", "start-up", backend.name, "seconds", f"{backend.start_seconds:.3f}"],
                     [one.size, "serve", "RSS up", backend.name, "bytes", str(backend.rss_up)],
                     [one.size, "serve", "RSS end", backend.name, "bytes", str(backend.rss_end)]]
            for section, timings in (("page", backend.pages), ("page direct", backend.direct_pages),
                                     ("query", backend.queries), ("query direct", backend.direct_queries)):
                for item, timing in timings.items():
                    if timing.failed:
                        rows.append([one.size, section, item, backend.name, "failed", timing.failed])
                        continue
                    for metric in ("cold", "p50", "p95"):
                        rows.append([one.size, section, item, backend.name, f"{metric} ms",
                                     f"{getattr(timing, metric):.2f}"])
                    rows.append([one.size, section, item, backend.name, "rounds", str(timing.rounds)])
                    if timing.rows is not None:
                        rows.append([one.size, section, item, backend.name, "rows", str(timing.rows)])
    return rows


def write_results(sized: Sequence[Sized], folder: Path, context: Sequence[str]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    report = markdown(sized, context)
    (folder / "engines.md").write_text(report, encoding="utf-8")
    with (folder / "engines.csv").open("w", newline="") as out:
        csv.writer(out).writerows(csv_rows(sized))
    return report


def context_lines(code: Code, pool: Pool, jobs: int | None, started: float, changed: str | None,
                  buffers: int) -> list[str]:
    cpus = len(os.sched_getaffinity(0))
    oxigraph = subprocess.run([str(OXIGRAPH), "--version"], capture_output=True, text=True).stdout.strip()
    virtuoso = subprocess.run([str(VIRTUOSO), "-?"], capture_output=True, text=True)
    version = next((line.split()[1] for line in (virtuoso.stdout + virtuoso.stderr).splitlines()
                    if line.startswith("Version")), "?")
    lines = [f"plangraph: {code.label}; {oxigraph}; Virtuoso Open Source {version} (NumberOfBuffers {buffers}); "
             f"{cpus} CPUs; ingest jobs: {jobs or f'default ({cpus})'}; {len(pool.templates)} templates; run took "
             f"{(time.perf_counter() - started) / 60:.1f} min; load average (1 min) at the end "
             f"{load_average():.2f}, shown beside each figure as it was when that figure was taken."]
    if changed:
        lines.append(f"**The working tree changed during the run ({changed}): the figures are of no one version.**")
    return [*lines,
            "Seconds are wall time, the median of the rounds of loading (each round loads every way once, in turn, "
            "into empty stores); peak RSS is every process's summed (plangraph's process tree and the engine's "
            f"server), polled every {POLL_SECONDS} s; quads held = the quads of plangraph's graphs the store holds "
            "afterwards. Latencies: the first request, then p50 · p95 of up to the rounds asked within "
            f"{ITEM_BUDGET:.0f} s per item (at least 3). Ratios are p50 on the engine / p50 embedded (above 1: "
            "slower than embedded)."]


# --- main --------------------------------------------------------------------------------------------------

def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.3", help="store sizes, millions of quads, comma-separated (default 0.3)")
    parser.add_argument("--rounds", type=int, default=20, help="requests per page or query after the first")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of loading; each way's median is reported "
                        "(default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="plangraph ingest --jobs (default: its own)")
    parser.add_argument("--commit", help="measure this commit's code (unpacked by git archive) instead of the working "
                        "tree, which may change while the benchmark runs")
    parser.add_argument("--virtuoso-buffers", type=int, default=170000, help="Virtuoso's NumberOfBuffers")
    parser.add_argument("--no-serve", action="store_true", help="measure loading only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (documents, stores, logs)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of engines.md and engines.csv")
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in args.sizes:
        if float(size) <= 0:
            parser.error(f"not a positive size: {size}")
    return args


def check_tools() -> None:
    for tool, hint in ((OXIGRAPH, '.venv/bin/pip install -e ".[bench]"'), (TIME, "Debian: apt-get install time")):
        if not Path(tool).exists():
            sys.exit(f"missing {tool} ({hint})")
    if VIRTUOSO is None or ISQL is None:
        sys.exit("missing virtuoso-t / isql-vt (Debian: apt-get install virtuoso-opensource)")


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(argv)
    check_tools()
    started = time.perf_counter()
    cpus = len(os.sched_getaffinity(0))
    before = code_state()
    with Workspace(Path(tempfile.mkdtemp(prefix="plangraph-bench-engines-")), args.keep) as work:
        code = commit_code(args.commit, work) if args.commit else working_tree_code()
        (work / "pool").mkdir()
        pool = make_pool(work / "pool", cpus)
        ontology = ontology_quads()
        pool.grow(max(document_quads(size, ontology) for size in args.sizes))
        check_sample(pool, cpus)
        sized: list[Sized] = []
        for size in args.sizes:  # each size written as soon as it is measured
            sized.append(run_size(code, size, pool, work, args.jobs, args.rounds, not args.no_serve,
                                  args.virtuoso_buffers, args.repeat))
            write_results(sized, args.results, [*context_lines(code, pool, args.jobs, started, None,
                                                               args.virtuoso_buffers), "(partial)"])
        after = code_state()
        changed = f"code digest {before} → {after}" if after != before and not args.commit else None
        report = write_results(sized, args.results, context_lines(code, pool, args.jobs, started, changed,
                                                                  args.virtuoso_buffers))
    print(report)
    print(f"wrote {args.results / 'engines.md'} and {args.results / 'engines.csv'}")


if __name__ == "__main__":
    main()
