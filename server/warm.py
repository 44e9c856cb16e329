"""The pages a visitor meets first, made in the background once per snapshot, so that nobody waits for them.

``plangraph serve`` starts the warmer in each web process after start-up and after each write that publishes a
snapshot (as the search index is built). It requests each page of ``PLANGRAPH_WARM_PAGES`` through the
application itself, one page at a time, which leaves in the process's caches what a visitor's request would
have left there: the page's query rows and its context (see :func:`plangraph.server.state.State.per_version`).
The rows are also written beside the snapshot (:mod:`plangraph.server.shared_rows`), so the second web process,
warming after the first, reads them instead of running the queries again. After its first pass it pays the
process's one-time costs of any other first page (:func:`prime`: the templates compiled, the ontology's labels
read).

Bounded: a page starts only while no visitor's request is running in this process; each of its queries runs under
the usual deadline, cut to what remains of ``PLANGRAPH_WARM_PAGE_TIMEOUT`` for the page, and is killed there as any
query is (the page is then abandoned, logged, and the warmer goes on with the next); a warmer whose snapshot is no
longer the current one stops. Its queries run at the lowest CPU priority
(:func:`plangraph.server.executor.background`), so a visitor's query beside them keeps its speed. Off when
``PLANGRAPH_PAGE_CACHE`` is 0 or the list is empty.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, has_request_context, request

log = logging.getLogger(__name__)

UNTIL = "plangraph.warm_until"  # WSGI environ key set by the warmer alone (a client's header cannot set it)
QUIET_POLL = 0.05  # seconds between looks for running visitor requests


def warming() -> bool:
    """Whether the current request is the warmer's."""
    return has_request_context() and UNTIL in request.environ


def page_deadline(limit: float) -> float:
    """*limit* (seconds), or what remains of the warmer's page deadline when that is less."""
    if not has_request_context():
        return limit
    until = request.environ.get(UNTIL)
    if until is None:
        return limit
    return min(limit, max(0.001, float(until) - time.monotonic()))


def pages(app: Flask) -> list[str]:
    """The paths the warmer makes (none when ``PLANGRAPH_PAGE_CACHE`` is 0: nothing would be kept)."""
    if int(app.config.get("PLANGRAPH_PAGE_CACHE", 2048)) <= 0:
        return []
    return str(app.config.get("PLANGRAPH_WARM_PAGES", "")).split()


class Visitors:
    """How many requests other than the warmer's this process is answering now."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self._count += 1

    def leave(self) -> None:
        with self._lock:
            self._count = max(0, self._count - 1)

    @property
    def running(self) -> int:
        return self._count


def init_app(app: Flask) -> None:
    visitors = Visitors()
    app.extensions["plangraph-visitors"] = visitors

    @app.before_request
    def _count_in() -> None:
        if not warming():
            request.environ["plangraph.visitor"] = True
            visitors.enter()

    @app.teardown_request
    def _count_out(_exc: BaseException | None) -> None:
        if request.environ.pop("plangraph.visitor", False):
            visitors.leave()


@dataclass
class Report:
    """What one pass of the warmer did."""

    version: int
    made: list[str] = field(default_factory=list)
    abandoned: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    stale: bool = False  # stopped: another snapshot became current
    seconds: float = 0.0


PRIMED = "plangraph-primed"  # app.extensions key: this process paid the application's first costs
_priming = threading.Lock()


def prime(app: Flask, visitors: Visitors) -> int:
    """Pay this process's one-time costs of a first page before a visitor does: every template compiled (Jinja
    compiles a template on first use: 10–50 ms each, ~0.2 s for all) and the ontology's labels read. Each step
    waits while a visitor's request runs. Once per process and application; how many templates it compiled."""
    from plangraph.server.labels import term_label

    with _priming:
        if app.extensions.get(PRIMED):
            return 0
        app.extensions[PRIMED] = True
    compiled = 0
    for name in app.jinja_env.list_templates(filter_func=lambda name: name.endswith(".html")):
        while visitors.running:
            time.sleep(QUIET_POLL)
        try:
            app.jinja_env.get_template(name)
            compiled += 1
        except Exception as exc:  # noqa: BLE001 - its first visitor's page reports the error, as without this
            log.warning("template %s not compiled ahead: %s", name, exc)
    term_label("", "vi")
    return compiled


def warm(app: Flask, version: int, snapshot_path: Path, current: Callable[[], int]) -> Report:
    """Request each page of :func:`pages` for snapshot *version*, one at a time, while it is the current one
    (*current* says which is). Two web processes take turns: the second waits for the first, then reads the
    rows the first kept on disk. Then the process's other first costs are paid (:func:`prime`): the pages a
    visitor meets first come before the other templates."""
    visitors: Visitors = app.extensions["plangraph-visitors"]
    try:
        return _make_pages(app, version, snapshot_path, current, visitors)
    finally:
        prime(app, visitors)


def _make_pages(app: Flask, version: int, snapshot_path: Path, current: Callable[[], int],
                visitors: Visitors) -> Report:
    from plangraph.server import shared_rows
    from plangraph.server.executor import background

    report = Report(version)
    paths = pages(app)
    if not paths:
        return report
    timeout = float(app.config.get("PLANGRAPH_WARM_PAGE_TIMEOUT", 60.0))
    folder = shared_rows.folder(snapshot_path)
    try:
        folder.mkdir(exist_ok=True)
        lock = open(folder / "warm.lock", "a")  # noqa: SIM115 - held for the whole pass
    except OSError as exc:
        report.abandoned.append(("*", f"cannot use {folder}: {exc.strerror or exc}"))
        return report
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one warmer at a time across the web processes
        started = time.monotonic()
        client = app.test_client()
        for path in paths:
            while visitors.running and current() == version:  # a visitor's request first
                time.sleep(QUIET_POLL)
            if current() != version:
                report.stale = True
                break
            begun = time.monotonic()
            try:
                with background():  # its queries yield the CPU to any visitor's
                    response = client.get(path, headers={"Accept": "text/html"},
                                          environ_base={UNTIL: begun + timeout, "REMOTE_ADDR": "127.0.0.1"})
                status = response.status_code
                response.close()
            except Exception as exc:  # noqa: BLE001 - a page that fails is left to its first visitor
                report.abandoned.append((path, f"{type(exc).__name__}: {exc}"[:200]))
                continue
            if status == 200:
                report.made.append(path)
            else:
                why = "its deadline passed" if time.monotonic() - begun >= timeout else f"status {status}"
                report.abandoned.append((path, why))
        report.seconds = time.monotonic() - started
    finally:
        lock.close()
    log.info("warmed %d page(s) of snapshot %d in %.1f s%s%s", len(report.made), version, report.seconds,
             "; abandoned: " + ", ".join(f"{p} ({why})" for p, why in report.abandoned) if report.abandoned else "",
             "; stopped: a newer snapshot is current" if report.stale else "")
    return report
