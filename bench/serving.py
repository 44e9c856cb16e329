"""Serving at scale: ``plangraph serve`` beside Oxigraph's own server on the same data, measured in one run.

For a store built by ``bench_scale.py`` (and the Oxigraph store loaded from its export), each server is
started in turn, alone on the machine, and measured:

- **start-up**: seconds from launch until it answers ``ASK {}``, and the summed RSS of its process tree once
  up and at the end (plangraph runs a web process and query worker processes; Oxigraph one process);
- **endpoint mix**: the query mix of ``bench_endpoint.py`` by concurrent clients for a fixed time — throughput,
  p50, p99 — alone, then while a runaway query runs;
- **pages** (plangraph only, its peer is Oxigraph answering the SPARQL that fetches the same facts, the queries
  run one after the other): the first request after start-up ("cold", nothing kept yet), then p50/p95 of
  repeated requests (the page's query results are kept per snapshot: this is what a popular page costs).

The pages are the home page, search, the task list, an instrument's page (Nghị định 40/2014/NĐ-CP, cited by
every copy of the seed), the page of the agency leading the most tasks, and the comparison pages (tasks by
agency kind and city; two cities side by side). A comparison page's peer runs the catalogue queries the page
runs, their parameters written into the text (:mod:`plangraph.server.substitution`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_endpoint import load, summary, with_runaway  # noqa: E402
from bench_pages import PAGES as PEER_PAGES  # noqa: E402
from bench_pages import PREFIXES, TASK_ROWS  # noqa: E402

DECREE = "https://w3id.org/plangraph/eli/vn/cp/nd/2014/40"
TOP_AGENCY = PREFIXES + """SELECT ?agency (COUNT(DISTINCT ?task) AS ?n) WHERE { ?task a pg:Task ;
  schema:agent ?agency } GROUP BY ?agency ORDER BY DESC(?n) ?agency LIMIT 1"""
TOP_INSTRUMENT = PREFIXES + """SELECT ?instrument (COUNT(DISTINCT ?task) AS ?n) WHERE { ?task a pg:Task ;
  eli:cites ?instrument } GROUP BY ?instrument ORDER BY DESC(?n) ?instrument LIMIT 1"""
TOP_CITIES = PREFIXES + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d eli:is_realized_by ?e ; eli:jurisdiction/skos:notation ?code }
GROUP BY ?code ORDER BY DESC(?n) ?code LIMIT 2"""


PageSpecs = dict[str, tuple[str, list[str]]]


@dataclass
class Latency:
    cold: float = 0.0  # ms, the first request
    p50: float = 0.0
    p95: float = 0.0
    failed: str = ""  # why the page could not be measured (an error status, a time-out): no figures then


@dataclass
class Mix:
    rps: float
    p50: float
    p99: float


@dataclass
class Served:
    """One server's figures on one store."""

    start_seconds: float
    rss_up: int  # bytes, once it answers
    rss_end: int  # bytes, after the mixes and pages
    mix: dict[str, Mix] = field(default_factory=dict)
    pages: dict[str, Latency] = field(default_factory=dict)


def _fetch(url: str, accept: str, timeout: float = 300) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()
    return time.perf_counter() - started


def _query(url: str, query: str, accept: str = "application/sparql-results+json") -> float:
    return _fetch(url + "?query=" + urllib.parse.quote(query), accept)


def _select(url: str, query: str) -> list[dict[str, str]]:
    import json

    request = urllib.request.Request(url + "?query=" + urllib.parse.quote(query),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def _mix(url: str, clients: int, seconds: float, *, distinct: bool = False) -> Mix:
    figures = summary(load(url, clients, seconds, distinct=distinct), seconds)
    return Mix(figures["rps"], figures["p50"], figures["p99"])


def _with_runaway(url: str, clients: int, seconds: float) -> Mix:
    figures = summary(with_runaway(url, lambda: load(url, clients, seconds, distinct=True)), seconds)
    return Mix(figures["rps"], figures["p50"], figures["p99"])


def _simple_beside_runaway(url: str, seconds: float) -> Mix:
    """One client asking a simple question (an ASK over one literal), each text new, while a runaway query runs."""
    figures = summary(with_runaway(url, lambda: load(url, 1, seconds, distinct=True, names=("ask",))), seconds)
    return Mix(figures["rps"], figures["p50"], figures["p99"])


def _latency(run: Callable[[], float], rounds: int) -> Latency:
    try:
        cold = run()
        timings = sorted(run() for _ in range(rounds))
    except (OSError, urllib.error.HTTPError) as exc:  # TimeoutError is an OSError
        return Latency(failed=f"{type(exc).__name__}: {exc}"[:120])
    return Latency(cold * 1000, statistics.median(timings) * 1000, timings[max(0, int(rounds * 0.95) - 1)] * 1000)


def _catalogue(name: str, params: dict[str, str]) -> str:
    """A catalogue query with its parameters written in (plangraph binds them as substitutions; the written
    form answers the same, see tests/test_substitution.py)."""
    from plangraph.queries import load_catalogue
    from plangraph.server.substitution import substitute

    query = load_catalogue()[name]
    bindings = query.bindings(params)
    return substitute(query.text, {variable.value: term for variable, term in bindings.items()})


def pages(oxigraph_query_url: str) -> PageSpecs:
    """Page path and its peer queries, with the agency and the two cities taken from the data."""
    from plangraph.server.compare import CITIES

    agency = _select(oxigraph_query_url, TOP_AGENCY)[0]["agency"]
    codes = [row["code"] for row in _select(oxigraph_query_url, TOP_CITIES)]
    a, b = (codes + codes)[:2]
    found = {name: spec for name, spec in PEER_PAGES.items() if not name.startswith("agency")}
    agency_path = "/" + agency.removeprefix("https://w3id.org/plangraph/")
    found["agency page (most tasks)"] = (agency_path, [
        f"DESCRIBE <{agency}>",
        PREFIXES + f"""SELECT DISTINCT ?task ?text ?period WHERE {{ ?task schema:agent <{agency}> .
        ?task pplan:isStepOfPlan ?plan ; rdfs:label ?text . OPTIONAL {{ ?task dct:temporal/rdfs:label ?period }} }}"""])
    instrument = _select(oxigraph_query_url, TOP_INSTRUMENT)[0]["instrument"]
    found["task list, one instrument's tasks"] = ("/tasks?" + urllib.parse.urlencode({"instrument": instrument}), [
        PREFIXES + f"""SELECT DISTINCT ?task ?text ?lead ?period WHERE {{ ?task a pg:Task ; eli:cites|eli:applies
        <{instrument}> . {TASK_ROWS} }} LIMIT 50""",
        PREFIXES + f"""SELECT ?lead (COUNT(DISTINCT ?task) AS ?n) WHERE {{ ?task a pg:Task ; schema:agent ?lead ;
        eli:cites|eli:applies <{instrument}> }} GROUP BY ?lead"""])
    found["compare: agency kinds × cities"] = ("/compare/kinds", [CITIES, _catalogue("tasks-by-agency-kind", {})])
    found[f"compare: cities {a} and {b}"] = (f"/compare/cities?a={a}&b={b}", [
        CITIES, _catalogue("compare-cities", {"a": a, "b": b}), _catalogue("common-instruments", {"a": a, "b": b}),
        _catalogue("targets-by-indicator", {"city": a}), _catalogue("targets-by-indicator", {"city": b})])
    return found


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        try:
            _query(url, "ASK {}")
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def serve(argv: Sequence[str], query_url: str, rss: Callable[[int], int], *, clients: int, seconds: float,
          rounds: int, page_specs: Callable[[], PageSpecs], page_base: str | None = None,
          peer_url: str | None = None, env: dict[str, str] | None = None) -> Served:
    """Start a server, measure it, stop it. *page_specs* is called once the server is up; *page_base*
    (plangraph) requests the pages, *peer_url* (Oxigraph) runs each page's peer queries."""
    started = time.perf_counter()
    process = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, env=env)
    try:
        _wait(query_url, process)
        served = Served(time.perf_counter() - started, rss(process.pid), 0)
        for name, (path, queries) in page_specs().items():  # first: "cold" is the first request after start-up
            if page_base is not None:
                def page(path: str = path) -> float:
                    return _fetch(page_base + path, "text/html")
                served.pages[name] = _latency(page, rounds)
            elif peer_url is not None:
                def peer(queries: list[str] = queries) -> float:
                    return sum(_query(peer_url, q, "application/sparql-results+json, text/turtle") for q in queries)
                served.pages[name] = _latency(peer, rounds)
        _mix(query_url, clients, 2)  # warm up
        # The same four texts again and again (a dashboard: plangraph serves a GET answer it kept for the
        # snapshot), then each request's text new (nothing kept: the engine's work every time), alone and beside
        # a runaway query.
        served.mix["mix, the same queries again"] = _mix(query_url, clients, seconds)
        served.mix["mix, each query new"] = _mix(query_url, clients, seconds, distinct=True)
        served.mix["mix, each query new, beside a runaway query"] = _with_runaway(query_url, clients, seconds)
        served.mix["a simple query, one client, beside a runaway query"] = _simple_beside_runaway(query_url, seconds)
        served.rss_end = rss(process.pid)
        return served
    finally:  # the whole process group: plangraph's query workers too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- report ------------------------------------------------------------------------------------------------

def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs else "–"


def markdown(sized: Sequence[tuple[str, int, dict[str, Served]]]) -> list[str]:
    """Tables of start-up, memory, the endpoint mix and the pages, for each (size, quads, figures)."""
    mib = 2**20
    lines = ["## Serving at scale: plangraph serve vs Oxigraph server", "",
             "Each server alone on the machine, on the same data (plangraph's own store; Oxigraph's loaded from its "
             "export). RSS is the process tree's (plangraph: web process and query workers). Ratios are "
             "plangraph / Oxigraph: below 1 is faster for latency, above 1 is faster for throughput.", "",
             "| size (M quads) | quads | plangraph start-up s | Oxigraph start-up s | plangraph RSS MiB (up → end) | "
             "Oxigraph RSS MiB (up → end) |", "|---:|---:|---:|---:|---:|---:|"]
    for size, quads, served in sized:
        ours, theirs = served["plangraph"], served["oxigraph"]
        lines.append(f"| {size} | {quads} | {ours.start_seconds:.2f} | {theirs.start_seconds:.2f} | "
                     f"{ours.rss_up / mib:.0f} → {ours.rss_end / mib:.0f} | "
                     f"{theirs.rss_up / mib:.0f} → {theirs.rss_end / mib:.0f} |")
    lines += ["", "| size (M quads) | endpoint mix | plangraph req/s · p50 · p99 ms | Oxigraph req/s · p50 · p99 ms | "
              "ratio req/s | ratio p50 | ratio p99 |", "|---:|---|---:|---:|---:|---:|---:|"]
    for size, _, served in sized:
        for scenario, ours_mix in served["plangraph"].mix.items():
            theirs_mix = served["oxigraph"].mix[scenario]
            lines.append(f"| {size} | {scenario} | {ours_mix.rps:.1f} · {ours_mix.p50:.1f} · {ours_mix.p99:.1f} | "
                         f"{theirs_mix.rps:.1f} · {theirs_mix.p50:.1f} · {theirs_mix.p99:.1f} | "
                         f"{_ratio(ours_mix.rps, theirs_mix.rps)} | {_ratio(ours_mix.p50, theirs_mix.p50)} | "
                         f"{_ratio(ours_mix.p99, theirs_mix.p99)} |")
    lines += ["", "| size (M quads) | page | plangraph first · p50 · p95 ms | Oxigraph queries first · p50 · p95 ms | "
              "ratio first | ratio p50 | ratio p95 |", "|---:|---|---:|---:|---:|---:|---:|"]
    for size, _, served in sized:
        for name, ours_page in served["plangraph"].pages.items():
            theirs_page = served["oxigraph"].pages[name]
            if ours_page.failed or theirs_page.failed:
                lines.append(f"| {size} | {name} | {ours_page.failed or 'measured'} | "
                             f"{theirs_page.failed or 'measured'} | – | – | – |")
                continue
            lines.append(f"| {size} | {name} | {ours_page.cold:.1f} · {ours_page.p50:.1f} · {ours_page.p95:.1f} | "
                         f"{theirs_page.cold:.1f} · {theirs_page.p50:.1f} · {theirs_page.p95:.1f} | "
                         f"{_ratio(ours_page.cold, theirs_page.cold)} | {_ratio(ours_page.p50, theirs_page.p50)} | "
                         f"{_ratio(ours_page.p95, theirs_page.p95)} |")
    return lines


def csv_rows(sized: Sequence[tuple[str, int, dict[str, Served]]]) -> list[list[str]]:
    """Long form: size, what, metric, plangraph, Oxigraph."""
    rows = [["size (M quads)", "what", "metric", "plangraph", "oxigraph"]]
    for size, _, served in sized:
        ours, theirs = served["plangraph"], served["oxigraph"]
        rows += [[size, "start-up", "seconds", f"{ours.start_seconds:.3f}", f"{theirs.start_seconds:.3f}"],
                 [size, "start-up", "RSS bytes", str(ours.rss_up), str(theirs.rss_up)],
                 [size, "end", "RSS bytes", str(ours.rss_end), str(theirs.rss_end)]]
        for scenario, mix in ours.mix.items():
            for metric in ("rps", "p50", "p99"):
                rows.append([size, scenario, metric, f"{getattr(mix, metric):.2f}",
                             f"{getattr(theirs.mix[scenario], metric):.2f}"])
        for name, page in ours.pages.items():
            if page.failed or theirs.pages[name].failed:
                rows.append([size, name, "failed", page.failed, theirs.pages[name].failed])
                continue
            for metric in ("cold", "p50", "p95"):
                rows.append([size, name, f"{metric} ms", f"{getattr(page, metric):.2f}",
                             f"{getattr(theirs.pages[name], metric):.2f}"])
    return rows
