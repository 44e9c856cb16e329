"""The curated query catalogue (``queries/*.rq``) run against real on-disk stores built through the CLI.

Every query must load, be documented in Vietnamese and English, and answer the seed (Decision
281/QĐ-UBND of Hải Phòng) with facts that the tests check against the source text itself
(``corpus/000_0bb30dab4872855a.txt``). Cross-city answers are checked on a second store that also holds
a Cần Thơ variant of the seed (decision 555/QĐ-UBND, based on Hải Phòng's 281/QĐ-UBND, with task I.3 of
plan 1 led by Sở Nội vụ), ingested through the CLI like any other document.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, Store, Variable
from support import BASE, SEED, run_cli

from plangraph.queries import ParameterError, SavedQuery, instruments, load_catalogue
from plangraph.store import OxigraphStore, open_store

CATALOGUE = load_catalogue()
# Queries that ask another instance (SERVICE ?peer): they need a second server, so tests/test_federation.py
# runs them with two; the seed-only tests here leave them out.
LOCAL = {name: query for name, query in CATALOGUE.items() if "federation" not in query.tags}
DECISION = f"{BASE}eli/vn/ubnd-31/qd/2016/281"
PLAN = f"{DECISION}/kh-"
CAN_THO_DECISION = f"{BASE}eli/vn/ubnd-92/qd/2016/555"
SKHCN = "Sở Khoa học và Công nghệ"
SOURCE = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")).splitlines()
TASK_ROW = re.compile(r"^(\d+)\t")

Row = dict[str, str]


def line(number: int) -> str:
    """Line *number* (1-based, as in pg:startLine) of the seed's source text."""
    return SOURCE[number - 1]


def task_rows() -> list[str]:
    """The numbered rows of every task table of the seed, as printed."""
    return [text for text in SOURCE if TASK_ROW.match(text)]


def run(store: OxigraphStore, name: str, params: dict[str, str] | None = None) -> list[Row]:
    """Rows of catalogue query *name* (its example parameters when *params* is None), values as text."""
    query = CATALOGUE[name]
    result = store.query(query.text, substitutions=query.bindings(query.example if params is None else params))
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


@pytest.fixture(scope="module")
def seed_db(seed_store_path: Path) -> Iterator[OxigraphStore]:
    with open_store(seed_store_path, read_only=True) as store:
        yield store


def can_tho_variant() -> str:
    """The seed as if issued by Cần Thơ (province 92) as 555/QĐ-UBND, citing Hải Phòng's 281/QĐ-UBND."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert "40/2014/NĐ-CP" in lines[67] and f"\t{SKHCN}\t" in lines[67]
    lines[67] = lines[67].replace(f"\t{SKHCN}\t", "\tSở Nội vụ\t")
    text = "\n".join(lines).replace("Hải Phòng", "Cần Thơ").replace("HẢI PHÒNG", "CẦN THƠ")
    text = re.sub(r"281 ?/QĐ-UBND", "555/QĐ-UBND", text)
    basis = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
    assert basis in text
    return text.replace(basis, basis + "\nCăn cứ Quyết định số 281/QĐ-UBND ngày 25/02/2016 "
                                       "của Ủy ban nhân dân thành phố Hải Phòng;\n")


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    folder = tmp_path_factory.mktemp("two-cities")
    variant = folder / "092_can_tho_variant.txt"
    variant.write_text(can_tho_variant(), encoding="utf-8")
    code, _, err = run_cli("ingest", "--store", str(folder / "store"), str(SEED), str(variant))
    assert code == 0, err
    with open_store(folder / "store", read_only=True) as store:
        yield store


def values(rows: list[Row], column: str) -> list[str | None]:
    return [row.get(column) for row in rows]


def by(rows: list[Row], column: str) -> dict[str, Row]:
    keyed = {row[column]: row for row in rows}
    assert len(keyed) == len(rows), f"{column} is not unique in {rows}"
    return keyed


# --- the catalogue as a whole --------------------------------------------------------------------------------

def test_catalogue_has_at_least_15_queries_covering_the_three_user_groups() -> None:
    assert len(CATALOGUE) >= 15, sorted(CATALOGUE)
    tags = Counter(tag for query in CATALOGUE.values() for tag in query.tags)
    for group in ("legal-tracing", "cross-city", "analysis"):
        assert tags[group] >= 3, (group, tags)
    for query in CATALOGUE.values():
        assert {"legal-tracing", "cross-city", "analysis"} & set(query.tags), query.name


@pytest.mark.parametrize("query", CATALOGUE.values(), ids=lambda q: q.name)
def test_query_is_documented_in_both_languages(query: SavedQuery) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", query.name)
    assert query.title_vi.strip() and query.title_en.strip() and query.title_vi != query.title_en
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", query.title_vi.lower()), \
        f"{query.name}: the Vietnamese title has no Vietnamese letter"
    for text in (query.description.vi, query.description.en):
        assert len(text.split()) >= 15, text
    assert query.description.vi != query.description.en
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", query.description.vi.lower()), \
        f"{query.name}: the Vietnamese description has no Vietnamese letter"
    assert query.tags and all(re.fullmatch(r"[a-z][a-z0-9-]*", tag) for tag in query.tags)
    for param in query.params:
        assert param.description.vi.strip() and param.description.en.strip(), param
        assert param.description.vi != param.description.en, param


@pytest.mark.parametrize("query", CATALOGUE.values(), ids=lambda q: q.name)
def test_query_is_a_self_contained_ordered_select_that_projects_its_parameters(query: SavedQuery) -> None:
    result = Store().query(query.text)  # no store prefixes: the file declares its own
    projected = {v.value for v in result.variables}
    # pyoxigraph binds a parameter only when the query projects its variable
    assert {p.name for p in query.params} <= projected, (query.name, projected)
    assert re.search(r"\bORDER\s+BY\b", query.text, re.IGNORECASE), query.name
    assert not re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", query.text.strip(), re.IGNORECASE)
    assert query.text == query.text.strip() + "\n"


# Queries whose answer needs what the seed does not hold; each is checked on the store of seed, corpus and a
# decision that amends and repeals (tests/test_relation_queries.py).
NOT_ON_THE_SEED = {"instrument-amendments": "the seed amends, repeals, replaces or corrects no text"}


@pytest.mark.parametrize("query", LOCAL.values(), ids=lambda q: q.name)
def test_example_answers_the_seed_and_pages_stably(seed_db: OxigraphStore, query: SavedQuery) -> None:
    if query.name in NOT_ON_THE_SEED:
        pytest.skip(NOT_ON_THE_SEED[query.name])
    rows = run(seed_db, query.name)
    assert rows, f"the example of {query.name} answers nothing on the seed"
    bindings = query.bindings(query.example)
    paged: list[Row] = []
    for offset in range(0, len(rows) + 3, 3):
        result = seed_db.query(query.paged(3, offset), substitutions=bindings)
        names = [v.value for v in result.variables]
        paged += [{n: row[n].value for n in names if row[n] is not None} for row in result]
    assert paged == rows


@pytest.mark.parametrize("query", [q for q in LOCAL.values() if not any(p.required for p in q.params)],
                         ids=lambda q: q.name)
def test_query_runs_with_its_defaults(seed_db: OxigraphStore, query: SavedQuery) -> None:
    rows = run(seed_db, query.name, {})
    assert rows == run(seed_db, query.name, {p.name: p.default for p in query.params if p.default is not None})
    # by default, shared-instruments wants two cities; the seed has one
    assert bool(rows) == (query.name not in {"shared-instruments", *NOT_ON_THE_SEED}), query.name


# Each parameterised query with its example and a second value, and the number of rows each gives on the
# seed: the parameter really changes the answer.
SECOND_VALUES: dict[str, tuple[dict[str, str], int, dict[str, str], int]] = {
    "tasks-implementing": ({"instrument": "40/2014/NĐ-CP"}, 1, {"instrument": "317/QĐ-TTg"}, 2),
    "instrument-citations": ({"instrument": "317/QĐ-TTg"}, 2, {"instrument": "08/2013/NQ-HĐND"}, 1),
    "legal-basis": ({"decision": "281/QĐ-UBND"}, 7, {"decision": "1859/QĐ-UBND"}, 0),
    "agencies-carrying-out": ({"instrument": "2747/2015/QĐ-UBND"}, 4, {"instrument": "317/QĐ-TTg"}, 2),
    "cities-citing": ({"instrument": "40/2014/NĐ-CP"}, 1, {"instrument": "99/2099/NĐ-CP"}, 0),
    "targets-by-indicator": ({"indicator": "tỷ lệ"}, 2, {"indicator": "đầu tư"}, 2),
    "tasks-by-agency-kind": ({"city": "31"}, 14, {"city": "01"}, 0),
    "shared-instruments": ({"min_cities": "1"}, 13, {"min_cities": "2"}, 0),
    "task-load": ({"city": "31"}, 16, {"city": "01"}, 0),
    "tasks-by-period": ({"city": "31"}, 2, {"city": "01"}, 0),
    "objectives-without-targets": ({"city": "31"}, 5, {"city": "01"}, 0),
    "plan-tasks": ({"plan": f"{PLAN}1"}, 25, {"plan": f"{PLAN}2"}, 6),
    "documents": ({"city": "31"}, 1, {"city": "92"}, 0),
    "search-tasks": ({"text": "sở hữu trí tuệ"}, 4, {"text": "Nghị định"}, 2),
    "signers": ({"city": "31"}, 6, {"city": "01"}, 0),
    "targets-by-year": ({"year": "2020"}, 7, {"year": "2030"}, 0),
    "plans": ({"city": "31"}, 5, {"city": "01"}, 0),
    "compare-cities": ({"a": "31", "b": "82", "topic": "khoa học"}, 37,
                       {"a": "31", "b": "82", "topic": "sở hữu trí tuệ"}, 4),
    "common-instruments": ({"a": "31", "b": "82"}, 13, {"a": "01", "b": "82"}, 0),
    "instrument-relations": ({"instrument": "40/2014/NĐ-CP"}, 1, {"instrument": "317/QĐ-TTg"}, 2),
    "bodies-carrying-out": ({"instrument": "40/2014/NĐ-CP"}, 1, {"instrument": "99/2099/NĐ-CP"}, 0),
    "instruments-carried-out": ({"city": "31"}, 5, {"city": "01"}, 0),
    "tasks-carrying-out-by-kind": ({"instrument": "40/2014/NĐ-CP"}, 14, {"instrument": "99/2099/NĐ-CP"}, 0),
    "most-carried-out": ({"min_bodies": "1"}, 5, {"min_bodies": "2"}, 0),
    # the seed's one plan is carried out by one body: it is set beside itself, task by task (66 tasks, 69 kind rows)
    "carrying-out-compared": ({"instrument": "40/2014/NĐ-CP"}, 138, {"instrument": "99/2099/NĐ-CP"}, 0),
}


def test_every_parameterised_query_has_a_second_value() -> None:
    assert set(SECOND_VALUES) | set(NOT_ON_THE_SEED) == {q.name for q in LOCAL.values() if q.params}


@pytest.mark.parametrize("name", sorted(SECOND_VALUES))
def test_parameter_changes_the_answer(seed_db: OxigraphStore, name: str) -> None:
    first, first_count, second, second_count = SECOND_VALUES[name]
    one, other = run(seed_db, name, first), run(seed_db, name, second)
    assert (len(one), len(other)) == (first_count, second_count)
    assert one != other


# --- instruments in any spelling ------------------------------------------------------------------------------

def test_every_parameter_that_takes_an_instrument_reads_any_spelling() -> None:
    """A parameter matched against an instrument's local id (``?x eli:id_local ?param``) is of type instrument."""
    takes = {(q.name, p.name): p.type for q in CATALOGUE.values() for p in q.params
             if re.search(rf"eli:id_local\s+\?{p.name}\b", q.text)}
    # five citation queries and five of legal relations (instrument-relations, instrument-amendments,
    # bodies-carrying-out, tasks-carrying-out-by-kind, carrying-out-compared)
    assert len(takes) == 10 and set(takes.values()) == {"instrument"}, takes


def _select(store: OxigraphStore) -> Callable[[str], list[Row]]:
    def select(query: str) -> list[Row]:
        result = store.query(query)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]
    return select


@pytest.mark.parametrize("spelling", ["40/2014/NĐ-CP", "40/2014/ND-CP", "nđ 40/2014", "NĐ-CP 40/2014", "nd-cp 40",
                                      "Nghị định số 40/2014/NĐ-CP", "40/2014", f"{BASE}eli/vn/cp/nd/2014/40"])
def test_tasks_implementing_takes_decree_40_in_any_spelling(seed_db: OxigraphStore, spelling: str) -> None:
    query = CATALOGUE["tasks-implementing"]
    select = _select(seed_db)
    bindings = query.bindings({"instrument": spelling}, resolve=lambda text: instruments.resolve(text, select).id_local)
    assert bindings == {Variable("instrument"): Literal("40/2014/NĐ-CP")}
    result = seed_db.query(query.text, substitutions=bindings)
    assert [row["task"].value for row in result] == [f"{PLAN}1/nhiem-vu-1.3"]


@pytest.mark.parametrize("spelling, message", [
    ("40/2015/NĐ-CP", "no instrument of this store is numbered or named '40/2015/NĐ-CP'"),
    ("nq 40/2014", "no instrument of this store is numbered or named 'nq 40/2014'"),
    (f"{BASE}eli/vn/cp/nd/2014/41", "no instrument of this store has the IRI"),
    ("  ", "no instrument given"),
])
def test_a_spelling_that_names_no_instrument_is_a_parameter_error(seed_db: OxigraphStore, spelling: str,
                                                                  message: str) -> None:
    query = CATALOGUE["cities-citing"]
    with pytest.raises(ParameterError, match=f"^instrument: {re.escape(message)}"):
        query.bindings({"instrument": spelling},
                       resolve=lambda text: instruments.resolve(text, _select(seed_db)).id_local)


# --- legal tracing -------------------------------------------------------------------------------------------

def test_tasks_implementing_decree_40_2014(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "tasks-implementing")
    assert len(rows) == 1
    row = rows[0]
    assert row["task"] == f"{PLAN}1/nhiem-vu-1.3" and row["taskNumber"] == "I.3"
    assert row["leads"] == SKHCN
    assert (row["period"], row["begin"], row["end"]) == ("2016-2020", "2016", "2020")
    assert (row["cityCode"], row["cityName"]) == ("31", "Thành phố Hải Phòng")
    assert (row["decision"], row["decisionNumber"], row["plan"]) == (DECISION, "281/QĐ-UBND", f"{PLAN}1")
    assert row["line"] == row["endLine"] == "68"
    assert row["quote"] == "Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính phủ"
    # the line really is the task's row of the table, with the quoted words and the lead agency
    assert line(68).startswith("3\tTriển khai thực hiện " + row["quote"])
    assert line(68).endswith(f"\t{SKHCN}\t2016-2020")
    assert row["taskText"] in line(68)


def test_tasks_implementing_decision_317_are_the_two_centres(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "tasks-implementing", {"instrument": "317/QĐ-TTg"})
    assert values(rows, "taskNumber") == ["II.10", "II.11"]
    assert values(rows, "line") == ["85", "86"]
    assert values(rows, "leads") == ["Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
                                     "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"]
    for row in rows:
        assert row["quote"] == "QĐ 317/QĐ-TTg ngày 15/3/2012 của Thủ tướng Chính phủ"
        assert row["quote"] in line(int(row["line"]))


def test_instrument_citations_in_tasks_and_in_the_preamble(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "instrument-citations")
    assert [(r["citingKind"], r["relation"], r["line"]) for r in rows] == [("task", "applies", "85"),
                                                                         ("task", "applies", "86")]
    assert values(rows, "citing") == [f"{PLAN}1/nhiem-vu-2.10", f"{PLAN}1/nhiem-vu-2.11"]
    (basis,) = run(seed_db, "instrument-citations", {"instrument": "08/2013/NQ-HĐND"})
    assert (basis["citing"], basis["citingKind"], basis["relation"]) == (DECISION, "document", "based_on")
    assert basis["line"] == "15" and basis["citingLabel"] == "Quyết định 281/QĐ-UBND"
    assert line(15) == "Căn cứ " + basis["quote"] + line(15).removeprefix("Căn cứ " + basis["quote"])
    assert basis["quote"].startswith("Nghị quyết số 08/2013/NQ-HĐND ngày 25/7/2013")
    (proposal,) = run(seed_db, "instrument-citations", {"instrument": "12/TTr-SKHCN"})
    assert (proposal["relation"], proposal["line"]) == ("proposal", "19")
    assert proposal["quote"] == "Tờ trình số 12/TTr-SKHCN ngày 16/02/2016" and proposal["quote"] in line(19)
    for row in rows + [basis, proposal]:
        assert row["quote"] in line(int(row["line"]))


def test_legal_basis_of_281_is_its_seven_can_cu(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "legal-basis")
    bases = by(rows, "basisNumber")
    assert set(bases) == {"77/2015/QH13", "08/2013/NQ-HĐND", "1859/QĐ-UBND", "1860/QĐ-UBND", "1861/QĐ-UBND",
                          "1862/QĐ-UBND", "1964/QĐ-UBND"}
    assert {(r["direct"], r["via"], r["viaNumber"], r["inGraph"]) for r in rows} == {
        ("true", DECISION, "281/QĐ-UBND", "false")}
    law = bases["77/2015/QH13"]
    assert (law["basisLabel"], law["typeLabel"], law["date"], law["issuerName"], law["jurisdictionCode"]) == (
        "Luật Tổ chức chính quyền địa phương", "Luật", "2015-06-19", "Quốc hội", "VN")
    assert "Luật Tổ chức chính quyền địa phương ngày 19/6/2015" in line(13)
    resolution = bases["08/2013/NQ-HĐND"]
    assert (resolution["typeLabel"], resolution["date"], resolution["issuerName"]) == (
        "Nghị quyết", "2013-07-25", "Hội đồng nhân dân thành phố Hải Phòng")
    assert (bases["1964/QĐ-UBND"]["date"], bases["1862/QĐ-UBND"]["date"]) == ("2013-10-07", "2013-09-25")
    assert "1964/QĐ-UBND ngày 07/10/2013" in line(17) and "1862/QĐ-UBND ngày 25/9/2013" in line(17)
    assert {r["issuerName"] for r in rows if r["basisNumber"].endswith("QĐ-UBND")} == {
        "Ủy ban nhân dân thành phố Hải Phòng"}


def test_legal_basis_follows_based_on_transitively_across_documents(two_cities: OxigraphStore) -> None:
    rows = run(two_cities, "legal-basis", {"decision": "555/QĐ-UBND"})
    direct = [r for r in rows if r["direct"] == "true"]
    through = [r for r in rows if r["direct"] == "false"]
    assert len(direct) == 8 and len(through) == 7
    hai_phong = by(direct, "basisNumber")["281/QĐ-UBND"]
    assert (hai_phong["basis"], hai_phong["inGraph"], hai_phong["jurisdictionCode"]) == (DECISION, "true", "31")
    assert {r["via"] for r in through} == {DECISION}
    assert {r["basisNumber"] for r in through} == {r["basisNumber"] for r in run(two_cities, "legal-basis")}
    assert {r["basis"] for r in through if r["basisNumber"] == "1859/QĐ-UBND"} == {
        f"{BASE}eli/vn/ubnd-31/qd/2013/1859"}
    assert by(direct, "basisNumber")["1859/QĐ-UBND"]["basis"] == f"{BASE}eli/vn/ubnd-92/qd/2013/1859"


def test_cited_not_ingested_lists_the_thirteen_instruments_by_citations(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "cited-not-ingested")
    assert len(rows) == 13
    assert rows[0]["number"] == "317/QĐ-TTg" and rows[0]["citations"] == "2"
    assert all(r["citations"] == "1" for r in rows[1:])
    assert {r["citingDocuments"] for r in rows} == {r["cities"] for r in rows} == {"1"}
    numbers = values(rows, "number")
    assert "281/QĐ-UBND" not in numbers
    for row in rows:  # each is cited in the text: by its number, or a law by its name
        cited_as = row["label"] if row["typeLabel"] == "Luật" else row["number"]
        assert any(cited_as in text for text in SOURCE), row
    decree = by(rows, "number")["40/2014/NĐ-CP"]
    assert (decree["typeLabel"], decree["date"], decree["issuerName"], decree["jurisdictionCode"]) == (
        "Nghị định", "2014-05-12", "Chính phủ", "VN")


def test_cited_not_ingested_leaves_out_an_ingested_decision(two_cities: OxigraphStore) -> None:
    rows = run(two_cities, "cited-not-ingested")
    assert DECISION not in values(rows, "instrument")  # cited by 555/QĐ-UBND, but its text is in the graph
    assert by(rows, "instrument")[f"{BASE}eli/vn/cp/nd/2014/40"]["cities"] == "2"
    assert Counter(values(rows, "number"))["1859/QĐ-UBND"] == 2  # one per city's People's Committee


def test_agencies_carrying_out_decision_2747(seed_db: OxigraphStore) -> None:
    rows = by(run(seed_db, "agencies-carrying-out"), "agencyName")
    assert set(rows) == {"Liên hiệp các Hội Khoa học và Kỹ thuật", "Liên đoàn Lao động", "Hội Nông dân", "Thành đoàn"}
    assert {r["tasks"] for r in rows.values()} == {"1"} and {r["cityCode"] for r in rows.values()} == {"31"}
    assert "kind" not in rows["Thành đoàn"] and "kindLabel" not in rows["Thành đoàn"]  # no agency kind known
    assert rows["Hội Nông dân"]["kindLabel"] == "Hội Nông dân"
    assert "\tLiên hiệp các Hội KH&KT, Liên đoàn Lao động thành phố, Hội Nông dân, Thành đoàn Hải Phòng\t" in line(171)
    (lead,) = run(seed_db, "agencies-carrying-out", {"instrument": "40/2014/NĐ-CP"})
    assert (lead["agencyName"], lead["tasks"], lead["kind"]) == (
        SKHCN, "1", "https://w3id.org/plangraph/concept/agency-kind/so-khoa-hoc-va-cong-nghe")


def test_signers(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "signers")
    assert values(rows, "document") == [DECISION] + [f"{PLAN}{n}" for n in range(1, 6)]
    assert values(rows, "line") == ["36", "99", "130", "175", "213", "254"]
    assert {r["name"] for r in rows} == {"Lê Khắc Nam"}
    assert {r["postLabel"] for r in rows} == {"Phó Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"}
    assert {frozenset(r["authority"].split()) for r in rows} == {frozenset({"TM.", "KT."})}
    assert {r["onBehalfOfName"] for r in rows} == {"Ủy ban nhân dân thành phố Hải Phòng"}
    for row in rows:
        assert line(int(row["line"])).startswith(("TM. ", "**TM. "))
        assert line(int(row["endLine"])).strip("* ").endswith("Khắc Nam")  # printed Lê, Le or Đỗ Khắc Nam


# --- cross-city ----------------------------------------------------------------------------------------------

def test_cities_citing_decree_40_2014(seed_db: OxigraphStore, two_cities: OxigraphStore) -> None:
    (row,) = run(seed_db, "cities-citing")
    assert (row["cityCode"], row["decisionNumber"], row["citations"], row["tasks"]) == ("31", "281/QĐ-UBND", "1", "1")
    assert row["assignments"] == ("[1.I.3] Triển khai thực hiện Nghị định số 40/2014/NĐ-CP ngày 12/5/2014 của Chính "
                                  "phủ quy định việc sử dụng, trọng dụng cá nhân hoạt động khoa học và công nghệ. → "
                                  + SKHCN)
    rows = by(run(two_cities, "cities-citing"), "cityCode")
    assert set(rows) == {"31", "92"}
    assert rows["92"]["cityName"] == "Thành phố Cần Thơ" and rows["92"]["decision"] == CAN_THO_DECISION
    assert rows["92"]["assignments"].endswith("→ Sở Nội vụ") and rows["31"]["assignments"].endswith(SKHCN)
    (centres,) = run(seed_db, "cities-citing", {"instrument": "317/QĐ-TTg"})
    assert (centres["citations"], centres["tasks"]) == ("2", "2")
    assert centres["assignments"].count("[1.II.1") == 2


def test_targets_by_indicator(seed_db: OxigraphStore, two_cities: OxigraphStore) -> None:
    rows = run(seed_db, "targets-by-indicator")
    assert values(rows, "indicatorText") == [
        "tỷ lệ cán bộ nghiên cứu - phát triển",
        "Tỷ lệ giá trị sản phẩm công nghệ cao và sản phẩm ứng dụng công nghệ cao trong tổng giá trị sản xuất "
        "công nghiệp"]
    researchers, high_tech = rows
    assert (researchers["minValue"], researchers["maxValue"], researchers["unitText"], researchers["year"]) == (
        "12", "13", "người/vạn dân", "2020")
    assert (researchers["comparatorLabelEn"], researchers["line"]) == ("between", "54")
    assert "tỷ lệ cán bộ nghiên cứu - phát triển đạt 12 - 13 người/vạn dân" in line(54)
    assert (high_tech["value"], high_tech["unitText"], high_tech["comparatorLabelEn"], high_tech["line"]) == (
        "40", "%", "above", "232")
    assert "đạt trên 40% vào năm 2020" in line(232)
    assert "minValue" not in high_tech and "value" not in researchers
    upper = run(seed_db, "targets-by-indicator", {"indicator": "TỶ LỆ"})  # case does not matter
    assert upper == [{**row, "indicator": "TỶ LỆ"} for row in rows]
    assert len(run(seed_db, "targets-by-indicator", {})) == 13
    both = run(two_cities, "targets-by-indicator")
    assert Counter(values(both, "city")) == {"31": 2, "92": 2}
    only = run(two_cities, "targets-by-indicator", {"indicator": "tỷ lệ", "city": "92"})
    assert values(only, "city") == ["92", "92"] and values(only, "cityName") == ["Thành phố Cần Thơ"] * 2


def test_tasks_by_agency_kind(seed_db: OxigraphStore, two_cities: OxigraphStore) -> None:
    rows = run(seed_db, "tasks-by-agency-kind")
    assert len(rows) == 14 and {r["city"] for r in rows} == {"31"}
    first = rows[0]
    assert (first["kindLabel"], first["kindLabelEn"], first["agencies"], first["tasks"]) == (
        SKHCN, "Department of Science and Technology", "1", "30")
    (unclassified,) = [r for r in rows if "kind" not in r]
    assert "kindLabel" not in unclassified  # Sàn Giao dịch, Thành đoàn, Trung tâm KHXH&NV: no kind in the scheme
    assert (unclassified["agencies"], unclassified["tasks"]) == ("3", "12")
    assert sum(int(r["tasks"]) for r in rows) == 69  # 66 tasks, one of them led by four agencies of four kinds
    can_tho = by([r for r in run(two_cities, "tasks-by-agency-kind", {"city": "92"}) if "kindLabel" in r],
                 "kindLabel")
    assert (can_tho[SKHCN]["tasks"], can_tho["Sở Nội vụ"]["tasks"]) == ("29", "1")
    assert "Sở Nội vụ" not in {r.get("kindLabel") for r in run(two_cities, "tasks-by-agency-kind", {"city": "31"})}
    assert {r["city"] for r in run(two_cities, "tasks-by-agency-kind", {})} == {"31", "92"}


def test_shared_instruments(seed_db: OxigraphStore, two_cities: OxigraphStore) -> None:
    assert run(seed_db, "shared-instruments", {}) == []  # one city: nothing is shared
    rows = run(two_cities, "shared-instruments", {})
    assert set(values(rows, "number")) == {"40/2014/NĐ-CP", "87/2014/NĐ-CP", "317/QĐ-TTg", "77/2015/QH13"}
    assert {r["cities"] for r in rows} == {"2"} and {frozenset(r["cityCodes"].split(", ")) for r in rows} == {
        frozenset({"31", "92"})}
    assert rows[0]["number"] == "317/QĐ-TTg" and rows[0]["citations"] == "4"


# --- analysis ------------------------------------------------------------------------------------------------

def test_task_load_per_lead_agency(seed_db: OxigraphStore, two_cities: OxigraphStore) -> None:
    rows = run(seed_db, "task-load")
    assert len(rows) == 16
    loads = {r["agencyName"]: int(r["tasks"]) for r in rows}
    assert rows[0]["agencyName"] == SKHCN and loads[SKHCN] == 30 and rows[0]["plans"] == "5"
    # counted again from the source text: rows whose lead cell is exactly the agency
    assert sum(1 for text in task_rows() if text.endswith((f"\t{SKHCN}\t2016-2020", f"\t{SKHCN}\t2016"))) == 30
    assert loads["Sàn Giao dịch công nghệ và thiết bị"] == 10 == sum(
        1 for text in task_rows() if "\tSàn Giao dịch công nghệ và thiết bị\t" in text)
    assert loads["Trung tâm Thông tin Khoa học và Công nghệ"] == 7
    assert sum(loads.values()) == 69 and len(task_rows()) == 66
    shared = {r["agencyName"] for r in rows if r["sharedTasks"] != "0"}
    assert shared == {"Liên hiệp các Hội Khoa học và Kỹ thuật", "Liên đoàn Lao động", "Hội Nông dân", "Thành đoàn"}
    can_tho = {r["agencyName"]: r["tasks"] for r in run(two_cities, "task-load", {"city": "92"})}
    assert (can_tho[SKHCN], can_tho["Sở Nội vụ"], len(can_tho)) == ("29", "1", 17)


def test_tasks_by_period(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "tasks-by-period")
    assert [(r["begin"], r["end"], r["period"], r["tasks"], r["plans"]) for r in rows] == [
        ("2016", "2016", "2016", "4", "2"), ("2016", "2020", "2016-2020", "62", "5")]
    assert sum(1 for text in task_rows() if text.endswith("\t2016")) == 4


def test_objectives_without_targets(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "objectives-without-targets")
    assert [(r["planNumber"], r["position"], r["line"]) for r in rows] == [
        ("1", "2", "56"), ("1", "3", "58"), ("2", "1", "116"), ("3", "5", "151"), ("5", "2", "231")]
    for row in rows:
        assert row["objectiveText"][:40] in line(int(row["line"]))
        assert not re.search(r"\d+ ?%|\d+ người", line(int(row["line"]))), row  # no number to hold the plan to
    assert "850 người/vạn dân" in line(54)  # objective 1 of plan 1 has targets, so it is not listed


def test_agency_spellings(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "agency-spellings")
    assert len(rows) == 16 and len({r["agency"] for r in rows}) == 7
    info = [r for r in rows if r["prefLabel"] == "Trung tâm Thông tin Khoa học và Công nghệ"]
    assert [(r["spelling"], r["preferred"], r["mentions"]) for r in info] == [
        ("Trung tâm Thông tin Khoa học và Công nghệ", "true", "2"),
        ("Trung tâm Thông tin KH&CN", "false", "3"),
        ("Trung tâm thông tin Khoa học và Công nghệ", "false", "2")]
    for spelling, _, mentions in [(r["spelling"], 0, r["mentions"]) for r in info]:
        assert sum(1 for text in task_rows() if f"\t{spelling}\t" in text) == int(mentions)
    for agency in {r["agency"] for r in rows}:
        mine = [r for r in rows if r["agency"] == agency]
        assert mine[0]["preferred"] == "true" and mine[0]["spelling"] == mine[0]["prefLabel"]
        assert all(r["preferred"] == "false" for r in mine[1:]) and len(mine) >= 2
    assert {r["spelling"] for r in rows if r["prefLabel"] == "Sở Công Thương"} == {"Sở Công Thương", "Sở Công thương"}


def test_plan_tasks_rebuilds_the_table_of_plan_1_in_order(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "plan-tasks")
    assert values(rows, "position") == [str(n) for n in range(1, 26)]
    numbering = [f"{r['groupNumber']}.{r['taskNumber']}" for r in rows]
    assert numbering == ([f"I.{n}" for n in range(1, 8)] + [f"II.{n}" for n in range(1, 13)]
                         + ["III.1", "III.2"] + [f"IV.{n}" for n in range(1, 5)])
    assert rows[0]["groupTitle"] == "NHÂN LỰC KHOA HỌC VÀ CÔNG NGHỆ"
    assert rows[2]["taskText"].startswith("Triển khai thực hiện Nghị định số 40/2014/NĐ-CP") and rows[2]["line"] == "68"
    split = rows[9]  # II.3, printed over a page break (lines 76-78)
    assert (split["taskText"], split["leads"], split["period"], split["line"]) == (
        "Xây dựng và tổ chức thực hiện dự án đầu tư Khu nông nghiệp ứng dụng công nghệ cao",
        "Sở Nông nghiệp và Phát triển nông thôn", "2016-2020", "76")
    for row in rows:
        assert line(int(row["line"])).startswith(row["taskNumber"] + "\t"), row
        assert row["period"] == "2016-2020"
    led = [r for r in rows if line(int(r["line"])).endswith(f"\t{SKHCN}\t2016-2020")]
    assert Counter(values(rows, "leads"))[SKHCN] == len(led) == 14
    other = run(seed_db, "plan-tasks", {"plan": f"{PLAN}2"})
    assert values(other, "taskNumber") == [str(n) for n in range(1, 7)] and "groupNumber" not in other[0]
    assert run(seed_db, "plan-tasks", {"plan": f"{PLAN}9"}) == []


def test_documents(seed_db: OxigraphStore, two_cities: OxigraphStore) -> None:
    (row,) = run(seed_db, "documents")
    assert {k: row[k] for k in ("document", "number", "date", "typeLabel", "issuerName", "sourceFile", "plans",
                                "tasks", "city")} == {
        "document": DECISION, "number": "281/QĐ-UBND", "date": "2016-02-25", "typeLabel": "Quyết định",
        "issuerName": "Ủy ban nhân dân thành phố Hải Phòng", "sourceFile": SEED.name, "plans": "5", "tasks": "66",
        "city": "31"}
    assert row["title"] == line(9)
    assert line(3) == "Số: 281 /QĐ-UBND" and line(5) == "Hải Phòng, ngày 25 tháng 02 năm 2016"
    assert values(run(two_cities, "documents"), "number") == ["281/QĐ-UBND", "555/QĐ-UBND"]
    assert values(run(two_cities, "documents", {"city": "92"}), "document") == [CAN_THO_DECISION]


def test_search_tasks_ignores_case(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "search-tasks")
    assert values(rows, "line") == ["157", "158", "159", "160"]
    assert {r["plan"] for r in rows} == {f"{PLAN}3"} and values(rows, "taskNumber") == ["I.1", "I.2", "I.3", "I.4"]
    assert len(rows) == sum(1 for text in task_rows() if "sở hữu trí tuệ" in text.lower())
    assert run(seed_db, "search-tasks", {"text": "SỞ HỮU TRÍ TUỆ"}) == [{**r, "text": "SỞ HỮU TRÍ TUỆ"} for r in rows]
    decrees = run(seed_db, "search-tasks", {"text": "nghị định"})
    assert values(decrees, "line") == ["68", "69"] and {r["leads"] for r in decrees} == {SKHCN}
    assert run(seed_db, "search-tasks", {"text": "sở hữu trí tuệ", "city": "01"}) == []


def test_targets_by_year(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "targets-by-year")
    assert len(rows) == 7 and {r["year"] for r in rows} == {"2020"}
    assert Counter(values(rows, "planNumber")) == {"1": 4, "3": 1, "4": 1, "5": 1}
    assert {r["line"] for r in rows} == {"54", "60", "147", "192", "232"}
    for row in rows:
        assert "2020" in line(int(row["line"])), row
    staff = by(rows, "indicatorText")["nhân lực có trình độ cao đẳng, đại học trở lên"]
    assert (staff["value"], staff["unitText"], staff["comparatorLabel"]) == ("850", "người/vạn dân", "đạt")
    investment = by(rows, "indicatorText")["tổng đầu tư xã hội cho khoa học và công nghệ"]
    assert (investment["value"], investment["unitText"], investment["comparatorLabel"]) == ("2", "% GDP", "trên")
    assert "đạt trên 2% GDP vào năm 2020" in line(60)


def test_plans(seed_db: OxigraphStore) -> None:
    rows = run(seed_db, "plans")
    assert [(r["planNumber"], r["objectives"], r["targets"], r["tasks"]) for r in rows] == [
        ("1", "4", "6", "25"), ("2", "1", "0", "6"), ("3", "5", "4", "12"), ("4", "1", "1", "10"),
        ("5", "3", "2", "13")]
    assert values(rows, "plan") == [f"{PLAN}{n}" for n in range(1, 6)]
    assert rows[0]["planTitle"] == line(47).strip("#* ")
    assert sum(int(r["tasks"]) for r in rows) == len(task_rows())


def test_unknown_or_malformed_parameters_are_refused() -> None:
    from plangraph.queries import ParameterError

    with pytest.raises(ParameterError):
        CATALOGUE["targets-by-year"].bindings({"year": "next year"})
    with pytest.raises(ParameterError):
        CATALOGUE["plan-tasks"].bindings({})  # the plan is required
    with pytest.raises(ParameterError):
        CATALOGUE["task-load"].bindings({"agency": "x"})
    assert CATALOGUE["task-load"].bindings({}) == {}  # no city: every city
    assert CATALOGUE["tasks-implementing"].bindings({})[Variable("instrument")].value == "40/2014/NĐ-CP"


# --- the same facts repeated in many graphs ------------------------------------------------------------------

COPIES = 25
SECONDS = 10  # per query; the catalogue answers the repeated seed in well under a second each
CHILD = """
import json, sys, time
from pyoxigraph import RdfFormat, Store
from plangraph.queries import load_catalogue
store = Store()
store.load(path=sys.argv[1], format=RdfFormat.N_QUADS)
catalogue = load_catalogue()
print(json.dumps({"loaded": True}), flush=True)
for name in sys.argv[2:]:
    query = catalogue[name]
    start = time.monotonic()
    result = store.query(query.text, substitutions=query.bindings(query.example), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    rows = [{n: row[n].value for n in names if row[n] is not None} for row in result]
    print(json.dumps({"name": name, "rows": rows, "seconds": time.monotonic() - start}), flush=True)
"""


def _messages(process: subprocess.Popen[bytes], timeout: float) -> Iterator[dict[str, Any] | None]:
    """The JSON lines *process* prints; None when it prints nothing for *timeout* seconds."""
    assert process.stdout is not None
    buffer = b""
    while True:
        while b"\n" in buffer:
            text, buffer = buffer.split(b"\n", 1)
            yield json.loads(text)
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            yield None
            return
        chunk = os.read(process.stdout.fileno(), 1 << 16)
        if not chunk:
            return
        buffer += chunk


@pytest.fixture(scope="module")
def repeated(seed_export: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any] | None]:
    """Every example run on the seed's document graph loaded COPIES times under other graph names: each fact
    of the document is repeated COPIES times in the union default graph, as a place, an agency or a cited
    decree is repeated in the graph of every document that names it. Queries run in a child process that
    is killed when one of them takes more than SECONDS; its answer is then None."""
    graph = f"<{BASE}graph/vn/ubnd-31/qd/2016/281>"
    lines = seed_export.read_text(encoding="utf-8").splitlines()
    document = [text for text in lines if text.endswith(f" {graph} .")]
    assert document and len(document) < len(lines)
    data = tmp_path_factory.mktemp("repeated") / "repeated.nq"
    data.write_text("\n".join([text for text in lines if not text.endswith(f" {graph} .")] + [
        text.replace(f" {graph} .", f" <{BASE}graph/copy/{n}> .") for n in range(COPIES) for text in document]),
        encoding="utf-8")
    answers: dict[str, dict[str, Any] | None] = {}
    pending = sorted(LOCAL)
    while pending:
        process = subprocess.Popen([sys.executable, "-c", CHILD, str(data), *pending], stdout=subprocess.PIPE,
                                   bufsize=0)
        try:
            messages = _messages(process, 120)
            assert next(messages) == {"loaded": True}
            messages = _messages(process, SECONDS)
            for message in messages:
                if message is None:  # the first pending query is still running: stop it, go on without it
                    answers[pending.pop(0)] = None
                    break
                answers[message["name"]] = message
                pending.remove(message["name"])
            else:
                assert not pending, f"the child stopped before {pending}"
        finally:
            process.kill()
            process.wait()
            assert process.stdout is not None
            process.stdout.close()
    return answers


@pytest.mark.parametrize("query", LOCAL.values(), ids=lambda q: q.name)
def test_repeated_facts_change_neither_the_answer_nor_the_cost_much(seed_db: OxigraphStore, query: SavedQuery,
                                                                    repeated: dict[str, dict[str, Any] | None]) -> None:
    answer = repeated[query.name]
    # joining repeated facts with each other multiplies rows (COPIES^k); reading each document's facts inside
    # its own graph keeps the work linear in the number of copies
    assert answer is not None, f"{query.name} took more than {SECONDS}s over {COPIES} copies of the seed"
    expected = run(seed_db, query.name)
    assert sorted(map(sorted_items, answer["rows"])) == sorted(map(sorted_items, expected))


def sorted_items(row: Row) -> list[tuple[str, str]]:
    """*row* comparable whatever order GROUP_CONCAT joined its values in."""
    return sorted((key, " ".join(sorted(re.split(r"; | \| |, | ", value)))) for key, value in row.items())



def _rows_of(store: OxigraphStore, query: SavedQuery, text: str, params: dict[str, str]) -> list[list[tuple[str, str]]]:
    result = store.query(text, substitutions=query.bindings(params))
    names = [v.value for v in result.variables]
    rows = query.tidy([{n: row[n].value for n in names if row[n] is not None} for row in result])
    return sorted(sorted(row.items()) for row in rows)


def test_the_lateral_forms_answer_as_the_catalogue_s_text(two_cities: OxigraphStore) -> None:
    """Each query written again with LATERAL (queries/lateral/, run where the store speaks it) gives the rows of
    the public text, on two cities' documents, for its example and for the two cities."""
    bodies = {row["city"]: row["body"] for row in (
        {n: r[n].value for n in ("city", "body")} for r in two_cities.query(
            "PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT DISTINCT ?city ?body WHERE { ?d eli:is_realized_by ?e ; eli:passed_by ?body ; "
            "eli:jurisdiction/skos:notation ?city }"))}
    assert {"31", "92"} <= set(bodies) and bodies["31"] != bodies["92"]
    more = {"targets-by-indicator": [{"city": "31"}, {"city": "92"}, {}],
            "compare-cities": [{"a": "31", "b": "92", "topic": ""}, {"a": "92", "b": "31", "topic": "khoa học"}],
            "common-instruments": [{"a": "31", "b": "92"}],
            "carrying-out-compared": [{"instrument": "40/2014/NĐ-CP", "a": bodies["31"], "b": bodies["92"]}]}
    written = [query for query in CATALOGUE.values() if query.lateral_text]
    assert {query.name for query in written} == set(more)
    for query in written:
        found = 0
        for params in [query.example, *more[query.name]]:
            lateral = _rows_of(two_cities, query, query.text_for(lateral=True), params)
            assert lateral == _rows_of(two_cities, query, query.text, params), (query.name, params)
            found += len(lateral)
        assert found, f"{query.name}: no rows to compare"
