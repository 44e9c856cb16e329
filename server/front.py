"""The connection front: slow or idle clients cost a coroutine, never a thread.

gunicorn's threaded worker gives a whole thread to a connection as soon as it has sent a byte, and the
thread then waits for the rest of the request: 16 half-sent requests (2 workers × 8 threads) stopped the
server answering anyone. Here each web process runs gunicorn's asyncio worker instead. An event loop
accepts every connection, reads request headers and bodies as they trickle in, and only a **complete**
request (its body read into memory, at most the largest body the server accepts) is handed to the Flask
application, on a pool of ``--threads`` threads. So:

* an idle connection, or one that sends its request slowly, holds a socket and a coroutine, not a thread;
* a request whose headers are not complete within ``PLANGRAPH_REQUEST_TIMEOUT`` seconds of connecting, or
  whose body is not, is closed (408 for a body);
* a body above the cap is refused with 413 without reading it, whether it declares a ``Content-Length``
  or is sent chunked; the application sees every body with its true ``Content-Length``. The cap is the
  query cap, except for a Graph Store upload that carries the update token (:class:`BodyLimits`);
* each web process serves at most ``PLANGRAPH_MAX_CONNECTIONS`` connections at once (more are closed at
  once), so a flood of sockets cannot exhaust file descriptors.
"""

from __future__ import annotations

import asyncio
import hmac
import io
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from gunicorn.asgi.protocol import ASGIProtocol
from gunicorn.workers import gasgi

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class BodyLimits:
    """The largest body the front reads for a request: a Graph Store upload that carries the update token
    may be ``upload`` bytes, any other request ``query`` bytes (so no client without the token makes the
    server hold more than that per connection)."""

    query: int
    upload: int
    token: str = ""

    def for_scope(self, scope: Scope) -> int:
        if self.token and scope["method"] in ("PUT", "POST") and scope["path"] == "/store":
            given = (_header(scope, b"authorization") or "").partition(" ")
            if given[0].lower() == "bearer" and hmac.compare_digest(given[2].strip().encode(), self.token.encode()):
                return max(self.upload, self.query)
        return self.query


class WsgiBridge:
    """An ASGI application that runs a WSGI application on complete requests only."""

    def __init__(self, app: WsgiApp, *, threads: int, limits: BodyLimits, timeout: float) -> None:
        self.app, self.limits, self.timeout = app, limits, timeout
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    @property
    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:  # created in the worker process, after gunicorn forked it
            self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="plangraph-request")
        return self._pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await self._body(scope, receive, send)
        if body is None:
            return
        environ = wsgi_environ(scope, body)
        loop = asyncio.get_running_loop()
        status, headers, content, rest = await loop.run_in_executor(self.pool, _run_wsgi, self.app, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if rest is None:
            await send({"type": "http.response.body", "body": content})
            return
        try:  # a body larger than one batch (a dump read from disk): sent batch by batch, never whole in memory
            while content:
                following = await loop.run_in_executor(self.pool, _batch, rest)
                await send({"type": "http.response.body", "body": content, "more_body": bool(following)})
                content = following
        finally:
            await loop.run_in_executor(self.pool, _close, rest)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._pool is not None:
                    self._pool.shutdown(wait=False)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole request body, or None when a refusal was sent instead (too large, too slow)."""
        limit = self.limits.for_scope(scope)
        declared = _header(scope, b"content-length")
        deadline = time.monotonic() + self.timeout
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, f"the request body is larger than {limit} bytes")
            await _discard(receive, deadline)
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await _next(receive, deadline)
            if message is None:
                await _refuse(send, 408, f"the request body did not arrive within {self.timeout:g} s")
                return None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:  # a chunked body has no length to check beforehand
                await _refuse(send, 413, f"the request body is larger than {limit} bytes")
                await _discard(receive, deadline)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


async def _next(receive: Receive, deadline: float) -> Message | None:
    """The next ASGI message, or None when *deadline* passed first."""
    try:
        message: Message = await asyncio.wait_for(receive(), timeout=max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        return None
    return message


async def _discard(receive: Receive, deadline: float) -> None:
    """Read and drop the rest of a refused body until it ends or *deadline* passes: a client still sending
    it then reads the refusal instead of blocking on a full socket (a lingering close)."""
    while (message := await _next(receive, deadline)) is not None:
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1").strip())
    return None


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


def wsgi_environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) of an ASGI HTTP request whose whole *body* has been read."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = unquote_to_bytes(raw_path.split(b"?", 1)[0]).decode("latin-1")
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": path,
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for key, value in scope["headers"]:
        name = key.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        if name in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            continue  # the body is read whole: its length is known, its framing is done
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = text
            continue
        environ[f"HTTP_{name}"] = f"{environ[f'HTTP_{name}']},{text}" if f"HTTP_{name}" in environ else text
    return environ


BATCH_BYTES = 1 << 20  # a response body is handed to the event loop in batches of about this size


class _Rest:
    """The rest of a WSGI response body still to be read, and the result to close when done."""

    def __init__(self, result: Any, chunks: Any) -> None:
        self.result, self.chunks = result, chunks


def _run_wsgi(app: WsgiApp, environ: dict[str, Any]
              ) -> tuple[int, list[tuple[bytes, bytes]], bytes, _Rest | None]:
    """Call the WSGI application in a pool thread: its status, headers, the body's first batch and, when there
    is more than one batch, what is left to read (see :func:`_batch`)."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., Any]:
        started[:] = [status, headers]
        return lambda data: None  # the legacy write() callable: nothing here uses it

    result = app(environ, start_response)
    rest = _Rest(result, iter(result))
    try:
        content = _batch(rest)
    except BaseException:
        _close(rest)
        raise
    if len(content) < BATCH_BYTES:  # the body ended within the first batch: all of it is here
        _close(rest)
        status, headers = started
        return _status(status), _encoded(headers), content, None
    status, headers = started
    return _status(status), _encoded(headers), content, rest


def _status(status: str) -> int:
    return int(status.split(" ", 1)[0])


def _encoded(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


def _batch(rest: _Rest) -> bytes:
    """The next batch of the body (empty when it is all sent)."""
    parts: list[bytes] = []
    size = 0
    for chunk in rest.chunks:
        parts.append(chunk)
        size += len(chunk)
        if size >= BATCH_BYTES:
            break
    return b"".join(parts)


def _close(rest: _Rest) -> None:
    close = getattr(rest.result, "close", None)
    if close is not None:
        close()


# --- the gunicorn worker ---------------------------------------------------------------------------------------

class _Protocol(ASGIProtocol):  # type: ignore[misc]
    """gunicorn's HTTP/1 protocol with a deadline on the first request's headers and a connection cap."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        limits: dict[str, float] = getattr(self.worker, "plangraph_limits", {})
        if self.worker.nr_conns > limits.get("connections", float("inf")):
            transport.abort()  # the cap: counted out again in connection_lost
            return
        timeout = limits.get("timeout", 0)
        if timeout > 0:
            self.worker.loop.call_later(timeout, self._headers_overdue)

    def _close_transport(self) -> None:
        super()._close_transport()
        # asyncio closes only once the response is flushed; a peer that never reads would keep the socket
        # (and its slot under the cap) forever. Past the request timeout it is cut.
        linger = getattr(self.worker, "plangraph_limits", {}).get("timeout", 0) or 30.0
        self.worker.loop.call_later(linger, self._abort_if_open)

    def _abort_if_open(self) -> None:
        if not self._conn_lost_handled and self.transport is not None:
            self.transport.abort()

    def _headers_overdue(self) -> None:
        # Later requests on a kept-alive connection are bounded by gunicorn's keep-alive timer.
        ready = self._request_ready
        if not self._closed and self.req_count <= 1 and ready is not None and not ready.is_set():
            self._keepalive_timeout()  # closes the connection and wakes its handler


# gunicorn looks for its C parser with a class method that records what it found on the class it is called on
# (here _Protocol), then reads the answer on ASGIProtocol: asked through a subclass alone, it never takes the C
# parser (the pure-Python one reads a GET of a query in 42 µs, the C one in 11). Asked once on ASGIProtocol itself,
# the subclass inherits the answer.
ASGIProtocol._check_h1c_protocol_available()


class Worker(gasgi.ASGIWorker):  # type: ignore[misc]
    """gunicorn's asyncio worker serving plangraph through :class:`WsgiBridge` (``worker_class``)."""

    plangraph_limits: dict[str, float] = {}

    @classmethod
    def check_config(cls, cfg: Any, log: Any) -> None:
        pass  # threads are the bridge's request threads, not gunicorn's

    def init_process(self) -> None:
        gasgi.ASGIProtocol = _Protocol  # the worker builds its protocol by this name
        super().init_process()


def limits_for(worker: Any, *, timeout: float, connections: int) -> None:
    """Hand the front's limits to the worker (gunicorn's post_fork hook calls it)."""
    worker.plangraph_limits = {"timeout": timeout, "connections": connections}
