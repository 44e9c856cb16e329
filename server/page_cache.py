"""Whole responses of the browse pages, linked-data views and SPARQL GET queries, kept for the snapshot they
were made from.

A page is a function of the data, the path and query string, the language (``lang=`` or the ``lang`` cookie)
and, for linked data, the ``Accept`` header — so once made for a snapshot it is served again as it was until
the next write publishes another snapshot. Kept only: a ``200`` to a plain ``GET`` of a cacheable blueprint
with no conditional header (those go to the view, which answers ``304``), no cookie set but the language one
(kept without it and set again each time the page is served), a body of at most
``MAX_ENTRY_BYTES``; at most ``PLANGRAPH_PAGE_CACHE_BYTES`` in all, least recently used dropped first. The
headers added to every response (request id, CORS, compression, timing) are added again to each one served.
A page (not a SPARQL answer) is also written beside the snapshot for the other web processes
(:mod:`plangraph.server.shared_pages`), and one they wrote is served from there before it is made here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, g, request

from plangraph.server import shared_pages, warm
from plangraph.server.i18n import remember_language, sets_only_the_language
from plangraph.server.state import get_state

# Blueprints of pages and views, and the SPARQL endpoint: a GET query's answer is a function of the snapshot too
# (a query whose answer is not — NOW(), RAND(), SERVICE … — calls dont_keep()).
CACHEABLE = frozenset({"browse", "linked", "compare", "lists", "source", "sparql"})
MAX_ENTRY_BYTES = 1 << 20
_PER_REQUEST = frozenset({"X-Request-Id", "X-Query-Duration", "Content-Length", "Content-Encoding", "Set-Cookie"})


@dataclass(frozen=True)
class _Kept:
    version: int
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]


class PageCache:
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.hits = 0
        self._entries: OrderedDict[tuple[str, ...], _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...], version: int) -> _Kept | None:
        with self._lock:
            kept = self._entries.get(key)
            if kept is None or kept.version != version:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return kept

    def put(self, key: tuple[str, ...], kept: _Kept) -> None:
        size = len(kept.body)
        if size > min(MAX_ENTRY_BYTES, self.budget):
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= len(old.body)
            self._entries[key] = kept
            self.used += size
            while self.used > self.budget and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self.used -= len(dropped.body)


def dont_keep() -> None:
    """Called by a view whose response is not a function of the snapshot alone (search answered from the
    previous snapshot's index while the new one is built): this response is not kept."""
    g.page_cache_key = None


def _key() -> tuple[str, ...] | None:
    if request.method != "GET" or request.blueprint not in CACHEABLE:
        return None
    if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
        return None
    return (request.path, request.query_string.decode("latin-1"), request.cookies.get("lang", ""),
            request.headers.get("Accept", ""))


def init_app(app: Flask) -> None:
    """Register after :mod:`plangraph.server.http`, so that its headers are added to kept pages as well."""
    cache = PageCache(int(app.config.get("PLANGRAPH_PAGE_CACHE_BYTES", 64 << 20)))
    app.extensions["plangraph-page-cache"] = cache

    shared = shared_pages.Budget()
    made_by = shared_pages.fingerprint(app.config)

    @app.before_request
    def serve_kept() -> Response | None:
        key = _key()
        if key is None or cache.budget <= 0:
            return None
        snapshot = get_state().snapshot()
        version = snapshot.version
        g.page_cache_key, g.page_cache_version, g.page_cache_snapshot = key, version, snapshot.path
        kept = cache.get(key, version)
        if kept is None and request.blueprint in shared_pages.SHARED and not warm.warming():
            # made by another web process (the warmer makes its own: it keeps the page's rows for the other
            # processes' requests of another Accept)
            page = shared_pages.read(snapshot.path, (made_by, *key))
            if page is not None:
                kept = _Kept(version, page.body, page.status, page.headers)
                cache.put(key, kept)
        if kept is None:
            return None
        g.page_cache_hit = True
        response = Response(kept.body, kept.status, headers=list(kept.headers))
        remember_language(response)
        return response

    @app.after_request
    def keep(response: Response) -> Response:
        key = g.get("page_cache_key")
        if (key is None or g.get("page_cache_hit") or response.status_code != 200 or response.direct_passthrough
                or response.is_streamed or ("Set-Cookie" in response.headers and not sets_only_the_language(response))):
            return response
        headers = tuple((name, value) for name, value in response.headers.items() if name not in _PER_REQUEST)
        kept = _Kept(g.page_cache_version, response.get_data(), response.status_code, headers)
        cache.put(key, kept)
        if request.blueprint in shared_pages.SHARED and len(kept.body) <= min(MAX_ENTRY_BYTES, cache.budget):
            page = shared_pages.Page(kept.body, kept.status, kept.headers)
            shared.write(g.page_cache_snapshot, (made_by, *key), page)
        return response
