"""A server that slow or idle clients cannot stall: hundreds of half-sent requests held open, request
deadlines, body caps on chunked bodies, and the connection cap — against a real server on 127.0.0.1."""

from __future__ import annotations

import select
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import SEED, LiveServer, run_cli

TOKEN = "slow-token"
QUERY_CAP = 1024 * 1024
ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("slow") / "store"
    assert run_cli("ingest", "--store", str(path), "--no-validate", str(SEED))[0] == 0
    return path


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[LiveServer]:
    """The default shape: 2 web processes × 8 request threads, 2 query workers each."""
    live = LiveServer(store, token=TOKEN, env={"PLANGRAPH_REQUEST_TIMEOUT": "4"})
    yield live
    live.stop()


HALF_SENT = (
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n",  # headers never finished
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n3\r\nASK\r\n",  # a chunked body never finished
    b"",  # connected, silent
)


def hold(port: int, count: int) -> list[socket.socket]:
    held = []
    for index in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(HALF_SENT[index % len(HALF_SENT)])
        held.append(sock)
    return held


def timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        response.read()
    return time.perf_counter() - started


def test_two_hundred_half_sent_requests_do_not_stall_simple_queries(server: LiveServer) -> None:
    held = hold(server.port, 200)
    try:
        time.sleep(0.5)
        times = [timed_get(f"{server.url}{ASK}&n={n}") for n in range(30)]
        times += [timed_get(f"{server.url}/health") for _ in range(5)]
    finally:
        for sock in held:
            sock.close()
    assert max(times) < 1.0, sorted(times)[-5:]  # the bound: every simple query within 1 s


def test_requests_not_sent_in_time_are_closed(server: LiveServer) -> None:
    headers, body = hold(server.port, 2)[:2]
    started = time.monotonic()
    for sock in (headers, body):
        sock.settimeout(20)
    assert headers.recv(100) == b""  # closed: the headers did not arrive within the request timeout
    answer = body.recv(200)
    assert answer.startswith(b"HTTP/1.1 408")  # the body did not either
    assert time.monotonic() - started < 15
    headers.close()
    body.close()


def _chunked(path: str, size: int, *, token: str = "", content_type: str = "application/sparql-query") -> bytes:
    """Send a chunked body of *size* bytes (a SPARQL comment) and return the status line."""
    sock = socket.create_connection(("127.0.0.1", _chunked.port))  # type: ignore[attr-defined]
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n{auth}"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    chunk = b"#" * 65536
    sent = 0
    try:
        while sent < size:
            sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed before the whole body was sent
    sock.settimeout(20)
    status = sock.recv(200).split(b"\r\n", 1)[0]
    sock.close()
    return status


@pytest.mark.parametrize("path", ["/sparql", "/update"])
def test_the_body_cap_holds_for_chunked_bodies(server: LiveServer, path: str) -> None:
    _chunked.port = server.port  # type: ignore[attr-defined]
    token = TOKEN if path == "/update" else ""
    content_type = "application/sparql-update" if path == "/update" else "application/sparql-query"
    assert _chunked(path, 2 * QUERY_CAP, token=token, content_type=content_type) == b"HTTP/1.1 413 Payload Too Large"
    assert _chunked(path, 80 * 1024 * 1024, token=token, content_type=content_type).startswith(b"HTTP/1.1 413")
    # a chunked body under the cap is read whole, not cut: a comment and then the operation
    small = socket.create_connection(("127.0.0.1", server.port))
    operation = (b"ASK {}" if path == "/sparql"
                 else b"INSERT DATA { GRAPH <http://example.org/chunked> { <http://a> <http://b> 1 } }")
    body = b"#" * 100_000 + b"\n" + operation
    auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""
    small.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: " + content_type.encode()
                  + b"\r\n" + auth + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                  + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
    small.settimeout(20)
    answer = b""
    while chunk := small.recv(65536):
        answer += chunk
    small.close()
    assert answer.split(b"\r\n", 1)[0] in (b"HTTP/1.1 200 OK", b"HTTP/1.1 204 No Content"), answer[:300]


def test_graph_store_uploads_need_the_token_before_a_large_body_is_read(server: LiveServer) -> None:
    _chunked.port = server.port  # type: ignore[attr-defined]
    # without the token the front reads no more than the query cap, so the upload is refused at it ...
    assert _chunked("/store?graph=http://example.org/up", 2 * QUERY_CAP,
                    content_type="application/n-triples").startswith(b"HTTP/1.1 413")
    # ... with it, the upload cap applies
    line = b"<http://example.org/s> <http://example.org/p> \"" + b"x" * 1000 + b"\" .\n"
    body = line * (2 * QUERY_CAP // len(line))
    request = urllib.request.Request(f"{server.url}/store?graph=http://example.org/up", data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples",
                                              "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status in (201, 204)


def test_connections_beyond_the_cap_are_closed_and_the_server_recovers(store: Path) -> None:
    live = LiveServer(store, "--workers", "1", env={"PLANGRAPH_MAX_CONNECTIONS": "40"})
    try:
        held = [socket.create_connection(("127.0.0.1", live.port)) for _ in range(60)]
        time.sleep(0.5)
        readable, _, _ = select.select(held, [], [], 1.0)  # a closed socket reads as readable; an open one not
        closed = 0
        for sock in readable:
            try:
                closed += sock.recv(1) == b""
            except ConnectionResetError:
                closed += 1
        assert closed >= 15  # the ones past the cap
        for sock in held:
            sock.close()
        time.sleep(0.5)
        assert timed_get(f"{live.url}{ASK}") < 5
    finally:
        live.stop()


def test_the_web_processes_parse_http_in_c_with_its_limits() -> None:
    """The protocol the web processes run takes gunicorn's C parser, with the request limits, when it is installed
    (``auto``): the slow client, body cap and framing tests here then run against it, as a deployment does."""
    from gunicorn.config import Config

    from plangraph.server.front import _Protocol

    protocol = _Protocol.__new__(_Protocol)  # the parser is chosen from the configuration alone
    protocol.cfg = Config()
    protocol._setup_callback_parser()
    assert type(protocol._callback_parser).__name__ == "H1CProtocol"


AMBIGUOUS_FRAMING = {  # a body two servers on the way could read two ways (request smuggling): refused
    "a transfer coding that does not end in chunked": b"Transfer-Encoding: gzip\r\nContent-Length: 6\r\n\r\nASK {}",
    "two lengths": b"Content-Length: 6\r\nContent-Length: 7\r\n\r\nASK {} ",
    "chunked and a length": b"Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n",
}


@pytest.mark.parametrize("framing", sorted(AMBIGUOUS_FRAMING))
def test_a_body_framed_two_ways_is_refused(server: LiveServer, framing: str) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head + AMBIGUOUS_FRAMING[framing])
        answer = b""
        while chunk := sock.recv(65536):  # the server answers and closes the connection
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert answer.count(b"HTTP/1.1 ") == 1  # nothing read as a second request
