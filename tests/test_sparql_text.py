"""One SPARQL text, checked once: one lexer for the server, limits before the engine, the guard on the text that
runs (after the protocol dataset is written into an update) — unit checks and probes of a live server."""

from __future__ import annotations

import doctest
import http.server
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import TOKEN
from hypothesis import given
from hypothesis import strategies as st
from support import LiveServer

from plangraph.server import sparql_lexer, sparql_limits
from plangraph.server.checker import Checker
from plangraph.server.sparql_guard import remote_calls
from plangraph.server.sparql_lexer import tokens
from plangraph.server.sparql_limits import Limits, limit_problem, measure
from plangraph.server.update_dataset import apply_dataset

# The issue's probe: pyoxigraph ends the comment at the CR, so ''' opens a string that hides the SERVICE; a rewrite
# that lexed the comment up to the LF duplicated "{ ?s ?p ?o #\r'''\n}" and so closed that string early, leaving
# SERVICE <loopback> live in the text that ran — a text the guard had never seen.
HIDDEN = "DELETE WHERE { ?s ?p ?o #\r'''\n} SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } ''' }"


@pytest.mark.parametrize("module", [sparql_lexer, sparql_limits])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_a_comment_ends_at_cr_or_lf_as_in_pyoxigraph(newline: str) -> None:
    text = f"ASK {{ ?s ?p 'x' }} # note{newline}'''SERVICE'''"
    assert [t.text for t in tokens(text)][-1] == "'''SERVICE'''"


FRAGMENTS = st.sampled_from([
    "SELECT", "WHERE", "UNION", "optional", "a", "ex:", "ex:a.b", "ex.x:y", "foo-bar", ":x", "_:b", "?x", "$y", "?",
    "<http://e/>", "<", ">", "<=", "!=", "^^", "^", "|", "||", "&&", "(", ")", "{", "}", "[", "]", ".", ",", ";",
    "*", "+", "-", "/", "=", "!", "1", "1.5", ".5", "-2", "@vi", "'s'", '"d"', "'" * 3 + "l" + "'" * 3, "'", '"',
    "#c", "\r", "\n", " ", "\t", "Đ", "ký", "\\", "·", "x1_2",
])


@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_the_quick_path_reads_as_the_lexer_does(text: str) -> None:
    # tokens() matches context-free tokens in one step; it must read exactly as the lexer's general path.
    assert list(sparql_lexer._tokens(text, quick=True)) == list(sparql_lexer._tokens(text, quick=False))


def test_the_dataset_rewrite_reads_comments_as_pyoxigraph_does() -> None:
    assert remote_calls(HIDDEN) == []
    rewritten = apply_dataset(HIDDEN, ("http://example.org/g",), ())
    assert remote_calls(rewritten) == []  # the string still hides the SERVICE after the rewrite
    assert rewritten.count("USING <http://example.org/g>") == 1


def test_limits_name_themselves() -> None:
    limits = Limits(depth=64, operators=256)
    assert limit_problem("SELECT * WHERE { ?s ?p ?o }", limits) is None
    deep = limit_problem("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000, limits)
    assert deep is not None and "PLANGRAPH_MAX_QUERY_DEPTH" in deep and "64" in deep
    wide = limit_problem("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }", limits)
    assert wide is not None and "PLANGRAPH_MAX_QUERY_OPERATORS" in wide and "256" in wide


def test_values_rows_and_strings_cost_nothing() -> None:
    rows = " ".join(f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer> -{n}' for n in range(5000))
    assert measure(f"SELECT * WHERE {{ VALUES ?x {{ {rows} }} }}").operators == 3  # SELECT, *, VALUES
    assert measure('SELECT * WHERE { ?s ?p "{{{{ UNION | || ." }') == measure("SELECT * WHERE { ?s ?p 1 }")
    quads = " ".join(f"<http://example.org/s{n}> <http://example.org/p> {n} ." for n in range(20_000))
    data = f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {quads} }} }} ; DELETE DATA {{ {quads} }}"
    assert measure(data).operators == 3  # DATA ; DATA: a large block of data to write is fine


def test_measuring_stops_at_the_limit() -> None:
    huge = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 50_000) + " }"
    started = time.perf_counter()
    assert measure(huge, Limits()).operators == 257
    assert time.perf_counter() - started < 1.0  # a few hundred tokens read, not a megabyte


def test_long_texts_are_checked_in_a_low_priority_process() -> None:
    checker = Checker()
    try:
        assert checker.verdict("ASK { ?s ?p ?o }", Limits(), ()) is None and checker.pid is None  # short: inline
        refused = checker.verdict(PATHOLOGICAL["10,000 UNIONs"], Limits(), ())
        assert refused is not None and refused[0] == 400 and "PLANGRAPH_MAX_QUERY_OPERATORS" in refused[1]
        assert checker.pid is not None
        idle = getattr(os, "SCHED_IDLE", None)
        assert (idle is not None and os.sched_getscheduler(checker.pid) == idle) \
            or os.getpriority(os.PRIO_PROCESS, checker.pid) == 19
        service = "SELECT * WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }" + " " * 5000
        remote = checker.verdict(service, Limits(), ())
        assert remote is not None and remote[0] == 403 and "127.0.0.1" in remote[1]
    finally:
        checker.close()


# --- a live server ---------------------------------------------------------------------------------------------

class _Canary(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Canary.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[int]:
    """An HTTP listener on 127.0.0.1 that records every request: the server must never call it."""
    _Canary.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _update(live: LiveServer, text: str, **dataset: str) -> tuple[int, str]:
    query = urllib.parse.urlencode([(k.replace("_", "-"), v) for k, v in dataset.items()])
    request = urllib.request.Request(f"{live.url}/update?{query}", data=text.encode(), method="POST", headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_service_hidden_from_the_guard_by_a_cr_comment_is_never_called(live: LiveServer, canary: int) -> None:
    text = HIDDEN.replace("127.0.0.1:9", f"127.0.0.1:{canary}")
    status, body = _update(live, text, using_graph_uri="http://example.org/g")
    assert 400 <= status < 500, body
    plain = text.replace("#\r", "#\n")  # the same request as a lexer that ignored CR would have seen it
    status, body = _update(live, plain, using_graph_uri="http://example.org/g")
    assert 400 <= status < 500, body
    time.sleep(0.5)
    assert _Canary.hits == []


def test_the_guard_checks_the_update_after_the_dataset_is_written_in(live: LiveServer) -> None:
    # DELETE WHERE { P } becomes DELETE { P } USING … WHERE { P }: P is counted twice in the text that runs.
    pattern = " . ".join(f"?s <http://example.org/p{n}> ?o{n}" for n in range(150))
    text = f"DELETE WHERE {{ {pattern} }}"
    assert measure(text).operators <= 256 < measure(apply_dataset(text, ("http://example.org/g",), ())).operators
    status, body = _update(live, text, using_graph_uri="http://example.org/g")
    assert status == 400 and "PLANGRAPH_MAX_QUERY_OPERATORS" in body


PATHOLOGICAL = {
    "10,000 UNIONs": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }",
    "5,000 nested braces": "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "5,000 nested parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }",
    "1,000 nested CONCATs": "SELECT * WHERE { BIND(" + "CONCAT(" * 1000 + '"a"' + ',"b")' * 1000 + " AS ?x) }",
    "10,000 || operands": "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(["?o = 1"] * 10_000) + ") }",
    "1,000 OPTIONALs": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 1000 + "}",
    "1,000 triple patterns": "SELECT * WHERE { " + " ".join(f"?s <http://p{n}> ?o{n} ." for n in range(1000)) + " }",
}


def _post_query(live: LiveServer, text: str) -> tuple[int, str]:
    request = urllib.request.Request(f"{live.url}/sparql", data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _health(live: LiveServer) -> dict[str, object]:
    import json

    with urllib.request.urlopen(f"{live.url}/health", timeout=30) as response:
        return dict(json.loads(response.read()))


def _worker_deaths(live: LiveServer) -> int:
    return live.log.read_text().count("the query worker died")


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_queries_are_refused_before_the_engine(live: LiveServer, name: str) -> None:
    deaths = _worker_deaths(live)
    status, body = _post_query(live, PATHOLOGICAL[name])
    assert status == 400, body
    assert "PLANGRAPH_MAX_QUERY_" in body and "Traceback" not in body
    assert _health(live)["ok"] and _worker_deaths(live) == deaths  # no query worker was lost to it
    status, _ = _update(live, PATHOLOGICAL[name].replace("SELECT * WHERE", "DELETE WHERE", 1))
    assert status == 400


def test_simple_queries_keep_answering_while_eight_clients_send_pathological_ones(live: LiveServer) -> None:
    stop = threading.Event()
    statuses: list[int] = []
    texts = list(PATHOLOGICAL.values())

    def attack(offset: int) -> None:
        n = offset
        while not stop.is_set():
            statuses.append(_post_query(live, texts[n % len(texts)])[0])
            n += 1

    attackers = [threading.Thread(target=attack, args=(n,), daemon=True) for n in range(8)]
    for thread in attackers:
        thread.start()
    try:
        time.sleep(0.5)
        for n in range(20):
            started = time.perf_counter()
            with urllib.request.urlopen(f"{live.url}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D&a={n}",
                                        timeout=10) as response:
                assert response.status == 200
            assert time.perf_counter() - started < 5
    finally:
        stop.set()
        for thread in attackers:
            thread.join()
    assert 400 in statuses and set(statuses) <= {400, 503}  # refused, or told to wait: never run
