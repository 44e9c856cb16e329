"""Every list, facet and count correct under the union default graph (issue 19, item 2).

Each document graph describes the nodes it mentions, so the union holds a copy of a shared node's triples per
document: Hải Phòng's agencies and place in both of its decisions, Decree 40/2014/NĐ-CP in all three graphs,
decision 281/QĐ-UBND in its own graph and in the two that cite it. Every figure the server shows must count
resources, not copies. The expected figures are computed here in Python from the exported quads (sets of
distinct triples), not with the server's queries.

The store: the seed (Hải Phòng, 281/QĐ-UBND), the seed re-issued by Hải Phòng as 282/QĐ-UBND citing 281, the
seed issued by Cần Thơ as 555/QĐ-UBND citing 281 (task I.3 of plan 1 led by its Sở Nội vụ), and the seed issued
by Hải Phòng in August 2025 as 283/QĐ-UBND: after the merger, so its place is the new unit with the same code
31 (``id/place/31/2025``) while its agencies keep their IRIs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pyoxigraph import NamedNode, RdfFormat, parse
from support import SEED, LiveServer, run_cli

from plangraph.queries import load_catalogue

BASE = "https://w3id.org/plangraph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PG, ELI, SCHEMA, ORG = ("https://w3id.org/plangraph/ontology#", "http://data.europa.eu/eli/ontology#",
                        "http://schema.org/", "http://www.w3.org/ns/org#")
SKOS = "http://www.w3.org/2004/02/skos/core#"
KIND = "https://w3id.org/plangraph/concept/agency-kind/"
SKHCN = "Sở Khoa học và Công nghệ"
DECISION_281 = f"{BASE}eli/vn/ubnd-31/qd/2016/281"
DECREE_40 = f"{BASE}eli/vn/cp/nd/2014/40"
HAI_PHONG_SKHCN = f"{BASE}id/org/31/so-khoa-hoc-va-cong-nghe"


def _variant(number: str, *, city: tuple[str, str] | None = None, lead_row: str | None = None,
             dated: str | None = None) -> str:
    """The seed issued as *number* (by another *city*, on another date, with the lead of the decree-40 row
    changed), citing the seed's 281/QĐ-UBND in its preamble."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    if dated:
        assert lines[4] == "Hải Phòng, ngày 25 tháng 02 năm 2016"
        lines[4] = f"Hải Phòng, {dated}"
    if lead_row:
        assert "40/2014/NĐ-CP" in lines[67] and f"\t{SKHCN}\t" in lines[67]
        lines[67] = lines[67].replace(f"\t{SKHCN}\t", f"\t{lead_row}\t")
    text = "\n".join(lines)
    if city:
        text = text.replace("Hải Phòng", city[0]).replace("HẢI PHÒNG", city[1])
    text = re.sub(r"281 ?/QĐ-UBND", f"{number}/QĐ-UBND", text)
    basis = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
    assert basis in text
    return text.replace(basis, basis + "\nCăn cứ Quyết định số 281/QĐ-UBND ngày 25/02/2016 "
                                       "của Ủy ban nhân dân thành phố Hải Phòng;\n")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    folder = tmp_path_factory.mktemp("shared-nodes")
    (folder / "282.txt").write_text(_variant("282"), encoding="utf-8")
    (folder / "555.txt").write_text(_variant("555", city=("Cần Thơ", "CẦN THƠ"), lead_row="Sở Nội vụ"),
                                    encoding="utf-8")
    (folder / "283.txt").write_text(_variant("283", dated="ngày 01 tháng 8 năm 2025"), encoding="utf-8")
    code, _, err = run_cli("ingest", "--store", str(folder / "store"), str(SEED), str(folder / "282.txt"),
                           str(folder / "555.txt"), str(folder / "283.txt"))
    assert code == 0, err
    code, _, err = run_cli("export", "--store", str(folder / "store"), "--format", "nquads", "-o",
                           str(folder / "all.nq"))
    assert code == 0, err
    server = LiveServer(folder / "store")
    yield server, folder / "all.nq"
    server.stop()


class Facts:
    """The exported dataset read in Python: the distinct triples of the union, and which graphs state each."""

    def __init__(self, path: Path) -> None:
        self.graphs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for quad in parse(path=str(path), format=RdfFormat.N_QUADS):
            key = (str(quad.subject.value), quad.predicate.value, str(quad.object.value))
            self.graphs[key].add(str(quad.graph_name.value) if isinstance(quad.graph_name, NamedNode) else "")

    def subjects(self, predicate: str, obj: str | None = None) -> set[str]:
        return {s for s, p, o in self.graphs if p == predicate and (obj is None or o == obj)}

    def objects(self, subject: str, predicate: str) -> set[str]:
        return {o for s, p, o in self.graphs if s == subject and p == predicate}

    def pairs(self, predicate: str) -> set[tuple[str, str]]:
        return {(s, o) for s, p, o in self.graphs if p == predicate}


@pytest.fixture(scope="module")
def facts(shared: tuple[LiveServer, Path]) -> Facts:
    return Facts(shared[1])


def twin(server: LiveServer, path: str, **params: Any) -> dict[str, Any]:
    response = requests.get(f"{server.url}{path}", params=params, timeout=60)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def facet(body: dict[str, Any], key: str) -> dict[str, int]:
    """The values a facet shows (the most frequent 30 of a long one) with their counts."""
    found = next(f for f in body["facets"] if f["key"] == key)
    return {v["value"]: v["count"] for v in found["values"]}


def test_the_store_shares_nodes_between_documents(facts: Facts) -> None:
    """The premise: shared nodes are stated in several graphs (else this file would test nothing)."""
    assert len(facts.graphs[(DECREE_40, RDF_TYPE, ELI + "LegalResource")]) == 4
    assert len(facts.graphs[(HAI_PHONG_SKHCN, RDF_TYPE, ORG + "Organization")]) == 3
    assert len(facts.graphs[(DECISION_281, RDF_TYPE, ELI + "LegalResource")]) == 4  # its own graph and 3 citing
    codes = {s for s, p, o in facts.graphs if p == SKOS + "notation" and o == "31"}
    assert codes == {f"{BASE}id/place/31", f"{BASE}id/place/31/2025"}  # two units, one code


def test_home_counts_count_resources(shared: tuple[LiveServer, Path], facts: Facts) -> None:
    server, _ = shared
    counts = {c["key"]: c["count"] for c in twin(server, "/index.json")["counts"]}
    documents = facts.subjects(ELI + "is_realized_by")
    cited = facts.subjects(ELI + "cites") | facts.subjects(ELI + "based_on")
    instruments = {o for s, p, o in facts.graphs if p in (ELI + "cites", ELI + "based_on")} - documents
    assert counts["documents"] == len(documents) == 4
    assert counts["plans"] == len(facts.subjects(RDF_TYPE, PG + "ActionPlan")) == 20
    assert counts["tasks"] == len(facts.subjects(RDF_TYPE, PG + "Task")) == 264
    assert counts["agencies"] == len(facts.subjects(RDF_TYPE, ORG + "Organization"))
    assert counts["instruments"] == len(instruments) and cited
    assert counts["cities"] == 3  # Hải Phòng before and after the merger, and Cần Thơ
    newest = twin(server, "/index.json")["newest"]
    assert sorted(doc["iri"] for doc in newest) == sorted(documents)  # each once


@pytest.mark.parametrize("name, cls", [("tasks", PG + "Task"), ("plans", PG + "ActionPlan"),
                                       ("agencies", ORG + "Organization"), ("documents", None),
                                       ("instruments", None)])
def test_each_list_shows_each_resource_once(shared: tuple[LiveServer, Path], facts: Facts, name: str,
                                            cls: str | None) -> None:
    server, _ = shared
    body = twin(server, f"/{name}.json", size=200)
    rows = [row["iri"] for row in body["rows"]]
    if body["pages"] > 1:
        for page in range(2, body["pages"] + 1):
            rows += [row["iri"] for row in twin(server, f"/{name}.json", size=200, page=page)["rows"]]
    assert len(rows) == len(set(rows)) == body["total"]
    if cls:
        assert set(rows) == facts.subjects(RDF_TYPE, cls)
    elif name == "documents":
        assert set(rows) == facts.subjects(ELI + "is_realized_by")
    else:
        cited = {o for s, p, o in facts.graphs if p in (ELI + "cites", ELI + "based_on", ELI + "applies")}
        assert set(rows) == cited | facts.subjects(ELI + "is_realized_by")


def test_task_facets_count_tasks_not_copies(shared: tuple[LiveServer, Path], facts: Facts) -> None:
    server, _ = shared
    body = twin(server, "/tasks.json")
    tasks = facts.subjects(RDF_TYPE, PG + "Task")
    leads = Counter(o for t, o in facts.pairs(SCHEMA + "agent") if t in tasks)
    assert all(count == leads[iri] for iri, count in facet(body, "lead").items())
    assert facet(body, "lead")[HAI_PHONG_SKHCN] == leads[HAI_PHONG_SKHCN]
    assert leads[HAI_PHONG_SKHCN] == 3 * len({t for t, o in facts.pairs(SCHEMA + "agent")
                                               if o == HAI_PHONG_SKHCN and "/qd/2016/281/" in t})
    cited = Counter(o for t, o in facts.pairs(ELI + "cites") | facts.pairs(ELI + "applies") if t in tasks)
    assert facet(body, "instrument") == {iri: n for iri, n in cited.items() if iri in facet(body, "instrument")}
    assert facet(body, "instrument")[DECREE_40] == 4
    by_city = facet(body, "city")
    assert by_city == {f"{BASE}id/place/31": 132, f"{BASE}id/place/31/2025": 66, f"{BASE}id/place/92": 66}
    # a code means every place with it, as the comparison pages read it; an IRI means that place
    assert twin(server, "/tasks.json", city="31")["total"] == 198
    assert twin(server, "/tasks.json", city=f"{BASE}id/place/31")["total"] == 132
    narrowed = twin(server, "/tasks.json", city="31", lead=HAI_PHONG_SKHCN)
    assert narrowed["total"] == leads[HAI_PHONG_SKHCN]
    assert narrowed["selected"][0]["label"] == "Thành phố Hải Phòng / Thành phố Hải Phòng (từ 2025) (31)"
    compared = twin(server, "/api/queries/task-load", city="31", limit="1000")["rows"]
    assert next(r["tasks"] for r in compared if r["agency"] == HAI_PHONG_SKHCN) == narrowed["total"]


def test_agency_and_instrument_columns_count_distinct(shared: tuple[LiveServer, Path], facts: Facts) -> None:
    server, _ = shared
    agencies = {row["iri"]: row["cells"] for row in twin(server, "/agencies.json", size=200)["rows"]}
    led = Counter(o for _, o in facts.pairs(SCHEMA + "agent"))
    for iri, cells in agencies.items():
        assert cells["led"] == led[iri], iri
    assert agencies[HAI_PHONG_SKHCN]["led"] > 0
    instruments = {row["iri"]: row["cells"] for row in twin(server, "/instruments.json", size=200)["rows"]}
    tasks = facts.subjects(RDF_TYPE, PG + "Task")
    citing = defaultdict(set)
    for s, p, o in facts.graphs:
        if p in (ELI + "cites", ELI + "based_on", ELI + "applies") and s in tasks:
            citing[o].add(s)
    for iri, cells in instruments.items():
        assert cells["citing_tasks"] == len(citing[iri]), iri
    assert instruments[DECREE_40]["citing_documents"] == 4
    assert instruments[DECISION_281]["citing_documents"] == 3  # 282, 283 and 555 cite it; it does not cite itself
    assert [c["value"] for c in instruments[DECISION_281]["number"]] == ["281/QĐ-UBND"]  # one number, not three
    status = facet(twin(server, "/instruments.json"), "status")
    assert status["ingested"] == 4  # 281 is ingested, whatever the citing graphs say


def test_void_counts_distinct_triples(shared: tuple[LiveServer, Path], facts: Facts) -> None:
    server, _ = shared
    void = twin(server, "/void.json")
    assert void["counts"]["triples"] == len(facts.graphs)
    per_property = Counter(p for _, p, _ in facts.graphs)
    shown = {row["iri"]: row["count"] for row in void["properties"]}
    assert shown == dict(per_property)
    assert shown[RDF_TYPE] < sum(len(graphs) for (_, p, _), graphs in facts.graphs.items() if p == RDF_TYPE)


def test_entity_pages_count_each_link_once(shared: tuple[LiveServer, Path], facts: Facts) -> None:
    server, _ = shared
    page = twin(server, "/eli/vn/cp/nd/2014/40.json")
    incoming = {group["predicate"]: group["count"] for group in page["incoming"]}
    assert incoming[ELI + "cites"] == len(facts.subjects(ELI + "cites", DECREE_40))
    # a task of each of the four decisions carries it out, and so each decision does (rolled up from its task)
    assert incoming[ELI + "applies"] == len(facts.subjects(ELI + "applies", DECREE_40)) == 8


def test_catalogue_answers_hold_no_repeated_row(shared: tuple[LiveServer, Path], facts: Facts) -> None:
    server, _ = shared
    for name, query in load_catalogue().items():
        if "federation" in query.tags:  # asks another server: tests/test_federation.py
            continue
        body = twin(server, f"/api/queries/{name}", limit="1000", **query.example)
        rows = [tuple(sorted((k, str(v)) for k, v in row.items())) for row in body["rows"]]
        assert len(rows) == len(set(rows)), f"{name} repeats rows: {[r for r, n in Counter(rows).items() if n > 1][:2]}"
    load = {row["agency"]: row for row in twin(server, "/api/queries/task-load", city="31", limit="1000")["rows"]}
    led = Counter(o for _, o in facts.pairs(SCHEMA + "agent"))
    assert load and all(row["tasks"] == led[agency] for agency, row in load.items())
    assert load[HAI_PHONG_SKHCN]["tasks"] == led[HAI_PHONG_SKHCN] > 0


def test_the_kind_matrix_has_a_column_per_place_even_when_two_share_a_code(shared: tuple[LiveServer, Path],
                                                                           facts: Facts) -> None:
    server, _ = shared
    page = twin(server, "/compare/kinds.json")
    columns = [c["iri"] for c in page["columns"]]
    assert len(columns) == len(set(columns)) and {f"{BASE}id/place/31", f"{BASE}id/place/31/2025"} <= set(columns)
    kinds = {o for s, p, o in facts.graphs if p == ORG + "classification"}
    tasks = facts.subjects(RDF_TYPE, PG + "Task")
    place_of = {}
    for task in tasks:
        plan = next(iter(facts.objects(task, "http://purl.org/net/p-plan#isStepOfPlan")))
        decision = next(iter(facts.objects(plan, ELI + "is_part_of")))
        place_of[task] = next(iter(facts.objects(decision, ELI + "jurisdiction")))
    for row in page["rows"]:
        if row["kind"] not in kinds:
            continue
        agencies = {s for s, p, o in facts.graphs if p == ORG + "classification" and o == row["kind"]}
        for place, cell in row["cells"].items():
            led = {t for t, o in facts.pairs(SCHEMA + "agent") if o in agencies and place_of.get(t) == place}
            assert cell["tasks"] == len(led), (row["kind"], place)
            assert twin(server, cell["href"].replace("/tasks?", "/tasks.json?"))["total"] == cell["tasks"]
    science = next(row for row in page["rows"] if row["kind"] == KIND + "so-khoa-hoc-va-cong-nghe")
    assert science["cells"][f"{BASE}id/place/31"]["tasks"] == 2 * science["cells"][f"{BASE}id/place/31/2025"]["tasks"]
