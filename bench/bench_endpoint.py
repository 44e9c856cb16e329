"""Endpoint benchmark: plangraph serve against Oxigraph's own server, measured in the same run.

Both serve the same data: the seed's graph copied once per province (province code and IRIs
rewritten), so the store is shaped like many cities' plans. The same query mix runs against both
at the same concurrency, first alone, then while a runaway query is in flight. Results are ratios
(plangraph / Oxigraph) of throughput and latency percentiles; absolute numbers vary by machine.

    .venv/bin/python bench/bench_endpoint.py [--copies 60] [--seconds 10] [--clients 8]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED_GRAPH = "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281"

QUERIES = {
    "entity": """SELECT ?p ?o WHERE { <https://w3id.org/plangraph/eli/vn/cp/nd/2014/40> ?p ?o }""",
    "ask": "ASK { ?s <http://data.europa.eu/eli/ontology#id_local> \"40/2014/NĐ-CP\" }",
    "tracing": """PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX schema: <http://schema.org/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?task ?lead WHERE { ?task eli:applies <https://w3id.org/plangraph/eli/vn/cp/nd/2014/40> ;
        schema:agent/skos:prefLabel ?lead } LIMIT 200""",
    "aggregate": """SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c""",
}
RUNAWAY = """SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?x .
  ?b <http://www.w3.org/2000/01/rdf-schema#label> ?y . ?c <http://www.w3.org/2000/01/rdf-schema#label> ?z }"""


def build_data(work: Path, copies: int) -> Path:
    """N-Quads of the seed graph copied *copies* times under other province codes."""
    store = work / "seed-store"
    seed = ROOT / "corpus" / "000_0bb30dab4872855a.txt"
    command = [str(BIN / "plangraph"), "ingest", "--store", str(store), str(seed)]
    subprocess.run(command, check=True, capture_output=True)
    dump = subprocess.run([str(BIN / "plangraph"), "export", "--store", str(store)], check=True,
                          capture_output=True).stdout.decode("utf-8").splitlines()
    lines = [line for line in dump if line.endswith(f"<{SEED_GRAPH}> .")]
    shared = [line for line in dump if not line.endswith(f"<{SEED_GRAPH}> .")]
    out = work / "data.nq"
    with out.open("w", encoding="utf-8") as handle:
        handle.write("\n".join(shared) + "\n")
        for copy in range(copies):
            code = f"{copy + 100:03d}"
            for line in lines:
                handle.write(line.replace("ubnd-31/", f"ubnd-{code}/").replace("/id/org/31/", f"/id/org/{code}/")
                             .replace("/id/person/31/", f"/id/person/{code}/") + "\n")
    return out


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "?query=" + urllib.parse.quote("ASK {}"), timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def get(url: str, query: str, timeout: float = 60) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url + "?query=" + urllib.parse.quote(query),
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except OSError:
        pass
    return time.perf_counter() - started


def load(url: str, clients: int, seconds: float, *, distinct: bool = False,
         names: Sequence[str] = tuple(QUERIES)) -> list[float]:
    """Latencies of *clients* sending the mix (the queries *names*) for *seconds*; with *distinct*, each request's
    text is new (a comment numbers it), so no answer kept by an earlier request can serve it."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        i = index
        while time.monotonic() < stop:
            text = QUERIES[names[i % len(names)]]
            took = get(url, f"{text}\n# client {index}, request {i}" if distinct else text)
            with lock:
                latencies.append(took)
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def summary(latencies: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"rps": len(ordered) / seconds, "p50": statistics.median(ordered) * 1000,
            "p99": ordered[int(len(ordered) * 0.99) - 1] * 1000}


def with_runaway(url: str, run: Callable[[], list[float]]) -> list[float]:
    thread = threading.Thread(target=get, args=(url, RUNAWAY, 120))
    thread.start()
    time.sleep(0.5)
    result = run()
    thread.join(timeout=120)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plangraph-bench-") as tmp:
        work = Path(tmp)
        data = build_data(work, args.copies)
        quads = sum(1 for _ in data.open(encoding="utf-8"))
        ours, theirs = work / "ours", work / "theirs"
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(ours), "--file", str(data)], check=True,
                       capture_output=True)
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(theirs), "--file", str(data)], check=True,
                       capture_output=True)
        servers = {
            "plangraph": ([str(BIN / "plangraph"), "serve", "--store", str(ours), "--port", "18731", "--timeout", "5"],
                          "http://127.0.0.1:18731/sparql"),
            "oxigraph": ([str(BIN / "oxigraph"), "serve-read-only", "--location", str(theirs), "--bind",
                          "127.0.0.1:18732", "--union-default-graph", "--timeout-s", "5"], "http://127.0.0.1:18732/query"),
        }
        results: dict[str, dict[str, dict[str, float]]] = {}
        for name, (command, url) in servers.items():
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_until_up(url)
                load(url, args.clients, 2)  # warm up
                results[name] = {
                    "mix, the same queries again": summary(load(url, args.clients, args.seconds), args.seconds),
                    "mix, each query new": summary(load(url, args.clients, args.seconds, distinct=True),
                                                   args.seconds),
                    "mix, each query new, beside a runaway query": summary(
                        with_runaway(url, lambda url=url: load(url, args.clients, args.seconds, distinct=True)),
                        args.seconds),
                }
            finally:
                process.terminate()
                process.wait(timeout=30)
        print(f"data: {quads} quads ({args.copies} copies of the seed graph); {args.clients} clients, "
              f"{args.seconds:g} s per scenario\n")
        print("| scenario | metric | plangraph | Oxigraph server | ratio (plangraph / Oxigraph) |")
        print("|---|---|---|---|---|")
        for scenario in results["plangraph"]:
            for metric in ("rps", "p50", "p99"):
                ours_value = results["plangraph"][scenario][metric]
                theirs_value = results["oxigraph"][scenario][metric]
                unit = "req/s" if metric == "rps" else "ms"
                print(f"| {scenario} | {metric} ({unit}) | {ours_value:.1f} | {theirs_value:.1f} | "
                      f"{ours_value / theirs_value:.2f} |")


if __name__ == "__main__":
    main()
