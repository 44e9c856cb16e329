"""Instruments in any spelling (``plangraph.queries.instruments``): the one rule search, the query API, the lists'
instrument facet and ``plangraph query`` read an instrument by. Run on a real (in-memory) pyoxigraph store
holding instruments that share numbers, years or codes, as the documents of a real store do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store
from support import run_cli

from plangraph.queries.instruments import InstrumentNotFound, number_words, resolve

ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
BASE = "https://w3id.org/plangraph/"
TYPES = {"nd": ("NĐ", "Nghị định", "Decree"), "tt": ("TT", "Thông tư", "Circular"),
         "qd": ("QĐ", "Quyết định", "Decision"), "luat": ("Luật", "Luật", "Law")}
# (path, local id, number, date, type): two decrees 40 of other years, a circular 40/2014, two provinces' decisions
# 281 of 2016, a law known by its name, and a task (a subdivision) numbered 40, which is no instrument.
DOCUMENTS = [
    ("cp/nd/2014/40", "40/2014/NĐ-CP", "40", "2014-05-12", "nd"),
    ("cp/nd/2025/40", "40/2025/NĐ-CP", "40", "2025-02-20", "nd"),
    ("btc/tt/2014/40", "40/2014/TT-BTC", "40", "2014-03-28", "tt"),
    ("ubnd-31/qd/2016/281", "281/QĐ-UBND", "281", "2016-02-01", "qd"),
    ("ubnd-92/qd/2016/281", "281/QĐ-UBND", "281", "2016-04-11", "qd"),
    ("qh/luat/2024/luat-dat-dai", "Luật Đất đai", None, "2024-01-18", "luat"),
]


@pytest.fixture(scope="module")
def select() -> object:
    store = Store()
    for path, local, number, date, kind in DOCUMENTS:
        iri = NamedNode(f"{BASE}eli/vn/{path}")
        notation, vi, en = TYPES[kind]
        kind_iri = NamedNode(f"{BASE}concept/doctype/{kind}")
        store.extend([Quad(iri, NamedNode(ELI + "id_local"), Literal(local)),
                      Quad(iri, NamedNode(ELI + "date_document"), Literal(date)),
                      Quad(iri, NamedNode(ELI + "type_document"), kind_iri),
                      Quad(iri, NamedNode(RDFS + "label"), Literal(f"{vi} {local}", language="vi")),
                      Quad(kind_iri, NamedNode(SKOS + "notation"), Literal(notation)),
                      Quad(kind_iri, NamedNode(SKOS + "prefLabel"), Literal(vi, language="vi")),
                      Quad(kind_iri, NamedNode(SKOS + "prefLabel"), Literal(en, language="en"))])
        if number:
            store.add(Quad(iri, NamedNode(ELI + "number"), Literal(number)))
    task = NamedNode(f"{BASE}eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-40")
    store.extend([Quad(task, NamedNode(ELI + "number"), Literal("40")),
                  Quad(task, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       NamedNode(ELI + "LegalResourceSubdivision"))])

    def rows(query: str) -> list[dict[str, str]]:
        result = store.query(query)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]
    return rows


@pytest.mark.parametrize("spelling, local", [
    ("40/2014/NĐ-CP", "40/2014/NĐ-CP"), ("40/2014/ND-CP", "40/2014/NĐ-CP"), ("nđ 40/2014", "40/2014/NĐ-CP"),
    ("NĐ-CP 40/2014", "40/2014/NĐ-CP"), ("Nghị định số 40/2014", "40/2014/NĐ-CP"), ("decree 40/2014", "40/2014/NĐ-CP"),
    ("nd 040/2014", "40/2014/NĐ-CP"), ("  40 / 2014 / nđ - cp ", "40/2014/NĐ-CP"), ("40/2025/nđ-cp", "40/2025/NĐ-CP"),
    ("tt 40/2014", "40/2014/TT-BTC"), ("40/2014/TT-BTC", "40/2014/TT-BTC"), ("Luật Đất đai", "Luật Đất đai"),
    ("luat dat dai", "Luật Đất đai"), (f"{BASE}eli/vn/cp/nd/2025/40", "40/2025/NĐ-CP"),
])
def test_a_spelling_names_its_instrument(select: object, spelling: str, local: str) -> None:
    assert resolve(spelling, select).id_local == local  # type: ignore[arg-type]


def test_one_number_of_two_issuers_is_one_local_id_with_both_iris(select: object) -> None:
    found = resolve("qd 281/2016", select)  # type: ignore[arg-type]
    assert found.id_local == "281/QĐ-UBND"
    assert found.iris == (f"{BASE}eli/vn/ubnd-31/qd/2016/281", f"{BASE}eli/vn/ubnd-92/qd/2016/281")


@pytest.mark.parametrize("spelling, message", [
    ("40/2014", r"'40/2014' names 2 instruments: Nghị định 40/2014/NĐ-CP; Thông tư 40/2014/TT-BTC; write the whole"),
    ("nghị định 40", r"'nghị định 40' names 2 instruments: Nghị định 40/2014/NĐ-CP; Nghị định 40/2025/NĐ-CP"),
    ("40/2015/NĐ-CP", r"no instrument of this store is numbered or named '40/2015/NĐ-CP'"),  # another year
    ("nq 40/2014", r"no instrument of this store is numbered or named 'nq 40/2014'"),  # another code
    ("Luật Đất", r"no instrument of this store is numbered or named 'Luật Đất'"),  # a name is read whole
    (f"{BASE}eli/vn/ubnd-31/qd/2016/281/kh-1/nhiem-vu-40", "no instrument of this store has the IRI"),
    (f"{BASE}eli/vn/cp/nd/2014/4 0", "no instrument of this store is numbered or named"),
    ("", "no instrument given"),
])
def test_a_spelling_that_names_none_or_several_says_so(select: object, spelling: str, message: str) -> None:
    with pytest.raises(InstrumentNotFound, match=message):
        resolve(spelling, select)  # type: ignore[arg-type]


def test_a_subdivision_with_the_number_is_no_instrument(select: object) -> None:
    assert resolve("nđ 40/2014", select).iris == (f"{BASE}eli/vn/cp/nd/2014/40",)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ['40" } ; DROP ALL ; #', "40) || true || (", "<http://x> 40", "40/2014/NĐ-CP\\u0000"])
def test_text_never_becomes_query_syntax(select: object, text: str) -> None:
    with pytest.raises(InstrumentNotFound):
        resolve(text, select)  # type: ignore[arg-type]


def test_search_reads_a_spelling_in_the_same_words() -> None:
    """Search matches document numbers with the same words (server/search.py imports number_words)."""
    from plangraph.server import search

    assert search.number_words is number_words
    assert number_words("Sở KH&CN 12/TTr-SKHCN") == ["so", "khcn", "12", "ttr", "skhcn"]


@pytest.mark.parametrize("spelling", ["40/2014/ND-CP", "nđ 40/2014", "NĐ-CP 40/2014"])
def test_the_command_line_takes_any_spelling(seed_store_path: Path, spelling: str) -> None:
    exact = run_cli("query", "tasks-implementing", "--store", str(seed_store_path), "--format", "json",
                    "--param", "instrument=40/2014/NĐ-CP")
    spelled = run_cli("query", "tasks-implementing", "--store", str(seed_store_path), "--format", "json",
                      "--param", f"instrument={spelling}")
    assert spelled[0] == exact[0] == 0, spelled[2]
    rows = json.loads(spelled[1])
    assert rows == json.loads(exact[1]) and [row["instrument"] for row in rows] == ["40/2014/NĐ-CP"]


def test_the_command_line_says_why_a_spelling_names_nothing(seed_store_path: Path) -> None:
    code, out, err = run_cli("query", "cities-citing", "--store", str(seed_store_path), "--param",
                             "instrument=40/2015/NĐ-CP")
    assert code == 2 and out == ""
    assert err.startswith("error: instrument: no instrument of this store is numbered or named '40/2015/NĐ-CP'")
