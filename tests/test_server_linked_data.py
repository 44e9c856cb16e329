"""Linked data: minted IRIs dereference in HTML, Turtle and JSON-LD; ontology, VoID, dumps, operations."""

from __future__ import annotations

import gzip
import html
from pathlib import Path

import pytest
import rdflib
import requests
from pyoxigraph import Store
from support import BASE, LiveServer, run_cli, select

from plangraph.server.describe import describe
from plangraph.store import open_store

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def minted_iris(seed: Store) -> list[str]:
    rows = select(seed, f"""SELECT DISTINCT ?x WHERE {{ ?x ?p ?o
        FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{BASE}")) }}""")
    return sorted({row["x"].split("#", 1)[0] for row in rows})


def local(live: LiveServer, iri: str) -> str:
    return live.url + "/" + iri.removeprefix(BASE)


def test_every_minted_iri_dereferences_in_html_turtle_and_jsonld(live: LiveServer, seed: Store) -> None:
    iris = minted_iris(seed)
    assert len(iris) > 150
    kinds = {iri.removeprefix(BASE).split("/")[0] for iri in iris}
    assert {"eli", "id", "source", "graph"} <= kinds
    step = max(1, len(iris) // 40)
    sample = iris[::step] + [iri for iri in iris if "/id/" in iri][:5]
    for iri in sample:
        page = requests.get(local(live, iri), headers={"Accept": "text/html"}, timeout=60)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html"), iri
        assert html.escape(iri) in page.text
        turtle = requests.get(local(live, iri), headers={"Accept": "text/turtle"}, timeout=60)
        assert turtle.status_code == 200, iri
        graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
        assert (rdflib.URIRef(iri), None, None) in graph or (None, None, rdflib.URIRef(iri)) in graph, iri
        jsonld = requests.get(local(live, iri), headers={"Accept": "application/ld+json"}, timeout=60)
        assert jsonld.status_code == 200 and jsonld.headers["Content-Type"].startswith("application/ld+json"), iri
        assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph), iri


def test_fragment_nodes_are_described_with_their_resource(live: LiveServer) -> None:
    task = f"{BASE}eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-1.3"
    text = requests.get(local(live, task), headers={"Accept": "application/n-triples"}, timeout=60).text
    assert f"<{task}#src-quote>" in text and f"<{task}#cite-1>" in text
    assert '"Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ"' in text


def test_unknown_iri_is_404_and_format_override_works(live: LiveServer) -> None:
    assert requests.get(f"{live.url}/eli/vn/nowhere/qd/1999/1", timeout=60).status_code == 404
    response = requests.get(f"{live.url}/eli/vn/cp/nd/2014/40?format=ntriples", headers={"Accept": "text/html"},
                            timeout=60)
    assert response.headers["Content-Type"].startswith("application/n-triples")


def test_html_pages_escape_values(live: LiveServer, seed: Store) -> None:
    source = select(seed, "SELECT ?s WHERE { ?s a <https://w3id.org/plangraph/ontology#SourceText> }")[0]["s"]
    page = requests.get(local(live, source), headers={"Accept": "text/html"}, timeout=60).text
    # the seed's cell markup, shown as text (Jinja escapes quotes as &#34;)
    assert '&lt;ul style=&#34;list-style-type: none&#34;&gt;' in page
    assert "<ul style" not in page and "<li>" not in page


def test_ontology_and_concepts_dereference(live: LiveServer) -> None:
    page = requests.get(f"{live.url}/ontology", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and 'id="Task"' in page.text
    turtle = requests.get(f"{live.url}/ontology", headers={"Accept": "text/turtle"}, timeout=60)
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    task = rdflib.URIRef("https://w3id.org/plangraph/ontology#Task")
    assert (task, rdflib.RDFS.label, rdflib.Literal("Nhiệm vụ", lang="vi")) in graph or (task, None, None) in graph
    concept = requests.get(f"{live.url}/concept/doctype/nghi-dinh", headers={"Accept": "text/turtle"}, timeout=60)
    assert concept.status_code == 200 and "Nghị định" in concept.text


def test_void_counts_agree_with_sparql(live: LiveServer, seed: Store) -> None:
    response = requests.get(f"{live.url}/.well-known/void", headers={"Accept": "text/turtle"}, timeout=60)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    tasks = [graph.value(part, VOID.entities) for part in graph.subjects(VOID["class"],
             rdflib.URIRef("https://w3id.org/plangraph/ontology#Task"))]
    assert [int(t) for t in tasks] == [66]
    subsets = {str(graph.value(s, rdflib.DCTERMS.identifier)): int(graph.value(s, VOID.triples))
               for s in graph.objects(None, VOID.subset)}
    counted = select(seed, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert {r["g"]: int(r["n"]) for r in counted}.items() <= subsets.items()
    dumps = {str(o) for o in graph.objects(None, VOID.dataDump)}
    assert f"{live.url}/dump" in dumps


def test_dumps_of_the_dataset_and_of_one_graph(live: LiveServer) -> None:
    whole = requests.get(f"{live.url}/dump", headers={"Accept-Encoding": "gzip"}, timeout=120, stream=True)
    raw = whole.raw.read()
    assert whole.headers["Content-Encoding"] == "gzip"
    dataset = rdflib.Dataset().parse(data=gzip.decompress(raw), format="nquads")
    assert len(dataset) > 5000
    # written once beside the snapshot, read from the file after: the same bytes, packed or not
    kept = list(live.store.parent.glob(f"{live.store.name}.snapshots/v*.dump.nq.gz"))
    assert len(kept) == 1 and gzip.decompress(kept[0].read_bytes()) == gzip.decompress(raw)
    plain = requests.get(f"{live.url}/dump", headers={"Accept-Encoding": "identity"}, timeout=120)
    assert "Content-Encoding" not in plain.headers and plain.content == gzip.decompress(raw)
    exported = run_cli("export", "--store", str(live.store))[1]
    assert plain.content.decode("utf-8") == exported
    graph = "https://w3id.org/plangraph/graph/vn/ubnd-31/qd/2016/281"
    one = requests.get(f"{live.url}/dump", params={"graph": graph}, timeout=60)
    assert one.status_code == 200 and all(line.endswith(f"<{graph}> .") for line in one.text.strip().splitlines())
    assert requests.get(f"{live.url}/dump", params={"graph": "http://example.org/none"}, timeout=60).status_code == 404


def test_health_version_metrics(live: LiveServer) -> None:
    health = requests.get(f"{live.url}/health", timeout=60).json()
    assert health["ok"] is True and health["snapshot"] >= 1
    version = requests.get(f"{live.url}/version.json", timeout=60).json()
    assert version["store_version"] >= 1 and "pyoxigraph" not in version  # software versions only if enabled
    requests.get(f"{live.url}/sparql", params={"query": "ASK {}"}, timeout=60)
    metrics = requests.get(f"{live.url}/metrics", timeout=60).text
    assert "plangraph_http_requests_total" in metrics and 'endpoint="sparql.query"' in metrics


def test_incoming_links_are_paged(seed_store_path: Path) -> None:
    with open_store(seed_store_path, read_only=True) as store:
        agency = f"{BASE}id/org/31/so-khoa-hoc-va-cong-nghe"
        first = describe(store, agency, page=1, page_size=10)
        second = describe(store, agency, page=2, page_size=10)
        everything = describe(store, agency, page=1, page_size=10_000)
    assert len(first.incoming) == 10 and first.more_incoming
    assert not set(first.incoming) & set(second.incoming)
    assert len(everything.incoming) > 20 and not everything.more_incoming


@pytest.mark.parametrize("path", ["/", "/version"])
def test_plain_pages(live: LiveServer, path: str) -> None:
    response = requests.get(live.url + path, headers={"Accept": "text/html"}, timeout=60)
    assert response.status_code == 200 and "plangraph" in response.text
