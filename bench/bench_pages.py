"""Browse-page benchmark: how long plangraph takes to render a page, against Oxigraph's own server
answering the SPARQL that fetches the same data, measured in the same run on the same store.

The data is the seed's graph copied once per province (see bench_endpoint.build_data). Each page is
requested by one client, over and over; its peer is the query (or queries, run one after the other)
a client of Oxigraph's server would need to show the same facts without plangraph's page. Results are
ratios (plangraph page / Oxigraph queries) of median and 95th-percentile latency; absolute numbers vary
by machine.

    .venv/bin/python bench/bench_pages.py [--copies 20] [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_endpoint import BIN, build_data, wait_until_up  # noqa: E402

DECREE = "https://w3id.org/plangraph/eli/vn/cp/nd/2014/40"
AGENCY = "https://w3id.org/plangraph/id/org/100/so-khoa-hoc-va-cong-nghe"
PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX pplan: <http://purl.org/net/p-plan#>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX org: <http://www.w3.org/ns/org#>
"""
TASK_ROWS = """?task pplan:isStepOfPlan ?plan ; rdfs:label ?text .
  OPTIONAL { ?task schema:agent/skos:prefLabel ?lead } OPTIONAL { ?task dct:temporal/rdfs:label ?period }"""

# page path → the queries that fetch what the page shows, for Oxigraph's server.
PAGES: dict[str, tuple[str, list[str]]] = {
    "home": ("/", [PREFIXES + """SELECT * WHERE {
        { SELECT (COUNT(DISTINCT ?t) AS ?tasks) WHERE { ?t a pg:Task } }
        { SELECT (COUNT(DISTINCT ?p) AS ?plans) WHERE { ?p a pg:ActionPlan } }
        { SELECT (COUNT(DISTINCT ?a) AS ?agencies) WHERE { ?a a org:Organization } } }""",
                   PREFIXES + """SELECT ?d ?date WHERE { ?d eli:is_realized_by ?e ; eli:date_document ?date }
        ORDER BY DESC(?date) LIMIT 10"""]),
    "search 'nghi dinh 40'": ("/search?q=nghi+dinh+40", [PREFIXES + """SELECT DISTINCT ?s ?l WHERE {
        ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "nghị định 40")) } LIMIT 20"""]),
    "instrument page (decree 40)": ("/eli/vn/cp/nd/2014/40", [
        f"DESCRIBE <{DECREE}>",
        PREFIXES + f"""SELECT DISTINCT ?task ?text ?lead ?period WHERE {{
        ?task eli:cites|eli:applies <{DECREE}> . {TASK_ROWS} }}"""]),
    "agency page (Sở KH&CN)": ("/id/org/100/so-khoa-hoc-va-cong-nghe", [
        f"DESCRIBE <{AGENCY}>",
        PREFIXES + f"""SELECT DISTINCT ?task ?text ?period WHERE {{ ?task schema:agent <{AGENCY}> .
        ?task pplan:isStepOfPlan ?plan ; rdfs:label ?text .
        OPTIONAL {{ ?task dct:temporal/rdfs:label ?period }} }}"""]),
    "task list, first page": ("/tasks", [
        PREFIXES + f"SELECT DISTINCT ?task ?text ?lead ?period WHERE {{ ?task a pg:Task . {TASK_ROWS} }} LIMIT 50",
        PREFIXES + """SELECT ?lead (COUNT(DISTINCT ?task) AS ?n) WHERE { ?task a pg:Task ; schema:agent ?lead }
        GROUP BY ?lead"""]),
}


def fetch(url: str, accept: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - started


def measure(run: object, rounds: int) -> dict[str, float]:
    timings = sorted(run() for _ in range(rounds))  # type: ignore[operator]
    return {"p50": statistics.median(timings) * 1000, "p95": timings[max(0, int(rounds * 0.95) - 1)] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plangraph-bench-pages-") as tmp:
        work = Path(tmp)
        data = build_data(work, args.copies)
        ours, theirs = work / "ours", work / "theirs"
        for location in (ours, theirs):
            subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
                           check=True, capture_output=True)
        plangraph = subprocess.Popen([str(BIN / "plangraph"), "serve", "--store", str(ours), "--port", "18741",
                                      "--timeout", "30"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        oxigraph = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(theirs), "--bind",
                                     "127.0.0.1:18742", "--union-default-graph", "--timeout-s", "30"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ours_url, theirs_url = "http://127.0.0.1:18741", "http://127.0.0.1:18742/query"
        try:
            wait_until_up(ours_url + "/sparql")
            wait_until_up(theirs_url)
            rows = []
            for name, (path, queries) in PAGES.items():
                def page(path: str = path) -> float:
                    return fetch(ours_url + path, "text/html")

                def peer(queries: list[str] = queries) -> float:
                    return sum(fetch(theirs_url + "?query=" + urllib.parse.quote(q),
                                     "application/sparql-results+json, text/turtle") for q in queries)

                try:
                    page(), peer()  # warm caches on both sides
                except urllib.error.HTTPError as exc:
                    print(f"{name}: {exc.url} answered {exc.code}; left out", file=sys.stderr)
                    continue
                rows.append((name, measure(page, args.rounds), measure(peer, args.rounds)))
        finally:
            for process in (plangraph, oxigraph):
                process.terminate()
                process.wait(timeout=30)
    print(f"data: {args.copies} copies of the seed graph; {args.rounds} sequential requests per page\n")
    print("| page | plangraph p50 / p95 (ms) | Oxigraph queries p50 / p95 (ms) | ratio p50 | ratio p95 |")
    print("|---|---|---|---|---|")
    for name, ours_result, theirs_result in rows:
        print(f"| {name} | {ours_result['p50']:.1f} / {ours_result['p95']:.1f} | {theirs_result['p50']:.1f} / "
              f"{theirs_result['p95']:.1f} | {ours_result['p50'] / theirs_result['p50']:.2f} | "
              f"{ours_result['p95'] / theirs_result['p95']:.2f} |")


if __name__ == "__main__":
    main()
