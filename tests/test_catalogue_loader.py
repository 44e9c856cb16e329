"""The catalogue loader is strict: bad metadata is an error at load time, naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Variable

from plangraph.queries import CatalogueError, ParameterError, load_query
from plangraph.queries.instruments import InstrumentNotFound

GOOD = """#+ title:
#+   vi: Văn bản theo số
#+   en: Documents by number
#+ description:
#+   vi: Văn bản mang một số hiệu.
#+   en: The document with a number.
#+ tags: [analysis]
#+ params:
#+   number:
#+     type: instrument
#+     description:
#+       vi: Số hiệu, viết kiểu nào cũng được.
#+       en: The number in any spelling.
#+     default: 40/2014/NĐ-CP
#+   year:
#+     type: year
#+     description:
#+       vi: Một năm.
#+       en: A year.
#+     required: false
#+ example:
#+   number: 281/QĐ-UBND
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?d ?number ?year WHERE { ?d eli:id_local ?number . OPTIONAL { ?d eli:date_document ?date } BIND(?year AS ?y) }
ORDER BY ?d
"""


def write(tmp_path: Path, text: str, name: str = "docs-by-number.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_query_loads(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD))
    assert (query.name, query.title_vi, query.tags) == ("docs-by-number", "Văn bản theo số", ("analysis",))
    assert [(p.name, p.type, p.required) for p in query.params] == [("number", "instrument", False),
                                                                   ("year", "year", False)]
    assert (query.description.vi, query.description.en) == ("Văn bản mang một số hiệu.", "The document with a number.")
    assert query.params[1].description.in_language("en") == "A year."
    assert query.params[1].description.in_language("vi") == "Một năm."
    assert query.bindings({}) == {Variable("number"): Literal("40/2014/NĐ-CP")}
    assert query.bindings({"year": "2016"})[Variable("year")].datatype == NamedNode(
        "http://www.w3.org/2001/XMLSchema#gYear")
    assert query.paged(10, 20).rstrip().endswith("LIMIT 10\nOFFSET 20")


BAD = [
    ("no metadata", GOOD.split("PREFIX", 1)[1], 1, "no '#+' metadata"),
    ("yaml error", GOOD.replace("#+ tags: [analysis]", "#+ tags: [analysis"), 8, "not valid YAML"),
    ("unknown key", GOOD.replace("#+ tags: [analysis]", "#+ tags: [analysis]\n#+ endpoint: http://x/"), 8,
     "unknown metadata key"),
    ("no english title", GOOD.replace("#+   en: Documents by number\n", ""), 1, "title needs both"),
    ("no description", GOOD.replace("#+ description:\n#+   vi: Văn bản mang một số hiệu.\n"
                                    "#+   en: The document with a number.\n", ""), 1, "'description'"),
    ("description in one language", GOOD.replace("#+ description:\n#+   vi: Văn bản mang một số hiệu.\n"
                                                 "#+   en: The document with a number.\n",
                                                 "#+ description: The document with a number.\n"), 4,
     "'description' needs text in 'vi' and 'en'"),
    ("no english description", GOOD.replace("#+   en: The document with a number.\n", ""), 4, "'description'"),
    ("a third language", GOOD.replace("#+   en: The document with a number.\n",
                                      "#+   en: The document with a number.\n#+   fr: Le document.\n"), 4,
     "and nothing else"),
    ("empty tags", GOOD.replace("[analysis]", "[]"), 7, "tags"),
    ("untyped param", GOOD.replace("#+     type: instrument\n", ""), 9, "type must be one of"),
    ("unknown type", GOOD.replace("type: instrument", "type: uri"), 9, "type must be one of"),
    ("param without description", GOOD.replace("#+     description:\n#+       vi: Số hiệu, viết kiểu nào cũng được.\n"
                                               "#+       en: The number in any spelling.\n", ""), 9,
     "a description in 'vi' and 'en' is required"),
    ("param description in one language", GOOD.replace("#+       vi: Số hiệu, viết kiểu nào cũng được.\n", ""), 9,
     "a description in 'vi' and 'en' is required"),
    ("unknown param key", GOOD.replace("#+     default: 40/2014/NĐ-CP", "#+     default: 40/2014/NĐ-CP\n#+     min: 1"),
     9, "unknown key"),
    ("bad default", GOOD.replace("#+     required: false", "#+     default: twenty"), 15, "not a valid year"),
    ("unused param", GOOD.replace("BIND(?year AS ?y)", "").replace("?number ?year", "?number"), 23, "not used"),
    ("not a select", GOOD.replace("SELECT ?d ?number ?year WHERE", "CONSTRUCT { ?d a ?d } WHERE")
     .replace("ORDER BY ?d", ""), 23,
     "SELECT"),
    ("syntax error", GOOD.replace("ORDER BY ?d", "ORDER ?d"), 23, "does not parse"),
    ("trailing limit", GOOD.replace("ORDER BY ?d", "ORDER BY ?d LIMIT 10"), 23, "LIMIT/OFFSET"),
    ("implicit prefix", GOOD.replace("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n", ""), 23, "does not parse"),
    ("param not projected", GOOD.replace("SELECT ?d ?number ?year", "SELECT ?d ?number"), 23, "SELECT clause"),
    ("bad example", GOOD.replace("#+   number: 281/QĐ-UBND", "#+   numbr: 281/QĐ-UBND"), 21, "unknown parameter"),
]
assert len({case[0] for case in BAD}) == len(BAD)


@pytest.mark.parametrize("name, text, lineno, reason", BAD, ids=[case[0] for case in BAD])
def test_bad_metadata_is_an_error_with_its_line(tmp_path: Path, name: str, text: str, lineno: int,
                                                reason: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_query(write(tmp_path, text))
    assert (caught.value.filename, caught.value.lineno) == ("docs-by-number.rq", lineno), str(caught.value)
    assert reason in caught.value.reason


def test_file_name_is_the_url_name(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="lower-case words"):
        load_query(write(tmp_path, GOOD, "Docs_By_Number.rq"))


@pytest.mark.parametrize("params, message", [
    ({"nope": "1"}, "unknown parameter"),
    ({"year": "twenty"}, "not a valid year"),
    ({"year": "3000"}, "not a valid year"),
])
def test_parameter_values_are_checked(tmp_path: Path, params: dict[str, str], message: str) -> None:
    query = load_query(write(tmp_path, GOOD))
    with pytest.raises(ParameterError, match=message):
        query.bindings(params)


def test_required_parameter(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD.replace("#+     default: 40/2014/NĐ-CP\n", "")))
    with pytest.raises(ParameterError, match="number is required"):
        query.bindings({})


def test_an_instrument_parameter_is_resolved_by_the_caller_s_resolver(tmp_path: Path) -> None:
    """The resolver reads the spelling; what it returns is bound, and what it refuses is a ParameterError that
    names the parameter."""
    query = load_query(write(tmp_path, GOOD))
    spellings = {"nđ 40/2014": "40/2014/NĐ-CP", "40/2014/NĐ-CP": "40/2014/NĐ-CP"}

    def resolve(spelling: str) -> str:
        if spelling not in spellings:
            raise InstrumentNotFound(f"no instrument of this store is numbered {spelling!r}")
        return spellings[spelling]

    assert query.bindings({"number": "nđ 40/2014"}, resolve=resolve) == {
        Variable("number"): Literal("40/2014/NĐ-CP")}
    assert query.bindings({}, resolve=resolve) == {Variable("number"): Literal("40/2014/NĐ-CP")}
    with pytest.raises(ParameterError, match=r"^number: no instrument of this store is numbered '1/2099'"):
        query.bindings({"number": "1/2099"}, resolve=resolve)
    assert query.bindings({"number": "1/2099"}) == {Variable("number"): Literal("1/2099")}  # no resolver: as given



def test_a_refused_query_leaves_no_result_for_another_thread_to_free(tmp_path: Path) -> None:
    # pyoxigraph's results may only be freed by the thread that made them: an error raised beside one must not keep
    # it (through the error's traceback) for whichever thread drops the error.
    import sys
    import threading

    path = write(tmp_path, GOOD.replace("SELECT ?d ?number ?year", "SELECT ?d ?number"))
    kept: list[BaseException] = []

    def load() -> None:
        try:
            load_query(path)
        except CatalogueError as exc:
            kept.append(exc)

    worker = threading.Thread(target=load)
    worker.start()
    worker.join()
    assert kept and "must be in the SELECT clause" in str(kept[0])
    unraisable: list[object] = []
    previous, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        kept.clear()  # the error, its traceback and the frames it holds are freed here, in this thread
    finally:
        sys.unraisablehook = previous
    assert unraisable == []


LATERAL_GOOD = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?d ?number ?year WHERE { ?d eli:id_local ?number LATERAL { OPTIONAL { ?d eli:date_document ?date } }
  BIND(?year AS ?y) }
ORDER BY ?d
"""


def test_a_query_written_with_lateral_is_run_where_the_store_speaks_it(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert load_query(path).lateral_text is None
    (tmp_path / "lateral").mkdir()
    (tmp_path / "lateral" / path.name).write_text(LATERAL_GOOD, encoding="utf-8")
    query = load_query(path)
    assert query.text_for(lateral=True) == LATERAL_GOOD and query.text_for(lateral=False) == query.text
    assert query.paged(5, 10, lateral=True).startswith(LATERAL_GOOD.rstrip()) and query.paged(5, 10).endswith(
        "LIMIT 5\nOFFSET 10\n")
    assert "LATERAL" not in query.text  # the public text, shown by the API and the editor, stays SPARQL 1.1


@pytest.mark.parametrize(("text", "reason"), [
    (LATERAL_GOOD.replace("SELECT ?d ?number ?year", "SELECT ?d ?number ?year ?date"), "projects"),
    (LATERAL_GOOD.replace("ORDER BY ?d", "ORDER BY ?d LIMIT 3"), "LIMIT/OFFSET"),
    (LATERAL_GOOD.replace("WHERE {", "WHERE"), "does not parse"),
])
def test_a_lateral_form_that_answers_otherwise_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = write(tmp_path, GOOD)
    (tmp_path / "lateral").mkdir()
    (tmp_path / "lateral" / path.name).write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=reason) as caught:
        load_query(path)
    assert caught.value.filename == "lateral/docs-by-number.rq"
