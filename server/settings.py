"""Every server setting, declared once with its default and help (the CLI, the app and the README
read this table; a test checks that each one is documented)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def flag(value: str | bool) -> bool:
    """An on/off setting given as text: 1, true, yes or on (any case) is on."""
    return value if isinstance(value, bool) else value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Setting:
    name: str  # config key; the environment variable has the same name
    default: Any
    help: str
    kind: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("PLANGRAPH_STORE", "data/store", "Directory of the on-disk store."),
    Setting("PLANGRAPH_STORE_DIALECT", "auto", "The SPARQL the store is sent: auto (probe it once: LATERAL where "
            "it answers LATERAL, as Oxigraph does), lateral, or sparql11 (the portable forms alone)."),
    Setting("PLANGRAPH_BASE", "https://w3id.org/plangraph/", "Base IRI of minted resources; paths under it "
            "dereference on this server."),
    Setting("PLANGRAPH_UPDATE_TOKEN", "", "Bearer token that enables SPARQL Update and Graph Store writes; "
            "empty = read-only server."),
    Setting("PLANGRAPH_QUERY_TIMEOUT", 30.0, "Hard deadline in seconds for one query or write; a request may "
            "lower it with timeout=.", float),
    Setting("PLANGRAPH_DUMP_TIMEOUT", 600.0, "Deadline in seconds for writing the whole-dataset dump of a snapshot "
            "(once per snapshot; later downloads read the file).", float),
    Setting("PLANGRAPH_MAX_ROWS", 10000, "Most result rows (or triples) returned; more is cut and flagged "
            "(X-SPARQL-Truncated header, \"truncated\" in JSON).", int),
    Setting("PLANGRAPH_MAX_RESULT_BYTES", 16 * 1024 * 1024, "Most bytes of result rows (or triples) in one "
            "answer; more is cut and flagged like the row cap.", int),
    Setting("PLANGRAPH_MAX_QUERY_BYTES", 1024 * 1024, "Largest query or update request body (413 above).", int),
    Setting("PLANGRAPH_MAX_QUERY_DEPTH", 64, "Deepest nesting of { }, ( ) and [ ] a query or update may have "
            "(400 above; pyoxigraph overflows its stack on deep nesting).", int),
    Setting("PLANGRAPH_MAX_QUERY_OPERATORS", 256, "Most operators a query or update may hold: triple patterns, "
            "UNION, OPTIONAL, MINUS, FILTER, BIND, path and expression operators (400 above).", int),
    Setting("PLANGRAPH_MAX_UPLOAD_BYTES", 64 * 1024 * 1024, "Largest Graph Store upload (413 above).", int),
    Setting("PLANGRAPH_PAGE_CACHE", 2048, "Query results the browse pages keep per web process, for the current "
            "snapshot only (most recently used first; 0 = none).", int),
    Setting("PLANGRAPH_PAGE_CACHE_BYTES", 64 * 1024 * 1024, "Bytes of whole pages (browse, linked data, lists, "
            "comparisons) and SPARQL GET answers kept per web process for the current snapshot; pages are also written "
            "beside the snapshot for the other web processes (0 = none).", int),
    Setting("PLANGRAPH_WARM_PAGES", "/ /tasks /documents /plans /agencies /instruments /compare /compare/kinds "
            "/compare/instruments /compare/targets", "Pages plangraph serve makes in the background after start-up "
            "and after each write, one at a time while no visitor's request runs, so their first visitor is served "
            "from the cache (space-separated paths; empty = none; off when PLANGRAPH_PAGE_CACHE is 0)."),
    Setting("PLANGRAPH_WARM_PAGE_TIMEOUT", 60.0, "Seconds the background maker of PLANGRAPH_WARM_PAGES gives one "
            "page; its queries are killed then (each also within PLANGRAPH_QUERY_TIMEOUT).", float),
    Setting("PLANGRAPH_SHARE_ROWS_AFTER", 0.2, "Seconds a page query must take for its rows to be kept on disk "
            "for the snapshot, so the other web processes read them instead of running it again (the warmer's are "
            "always kept; a negative value keeps only the warmer's).", float),
    Setting("PLANGRAPH_SHOWN_TASKS", 200, "Tasks an agency's or an instrument's page lists (in document order); "
            "it counts them all and links to the task list for the rest.", int),
    Setting("PLANGRAPH_QUERY_WORKERS", 4, "Most query worker processes per web process (the concurrency cap); "
            "the pool grows to it under load.", int),
    Setting("PLANGRAPH_QUERY_WORKERS_WARM", 2, "Query workers per web process kept ready while the server is "
            "quiet (at most PLANGRAPH_QUERY_WORKERS).", int),
    Setting("PLANGRAPH_WORKER_IDLE", 60.0, "Seconds an extra query worker (beyond the warm ones) may stay idle "
            "before it is stopped.", float),
    Setting("PLANGRAPH_YIELD_AFTER", 0.25, "Seconds a query runs at normal CPU priority; past them its worker "
            "runs at the lowest priority until it answers, so short queries beside it keep their speed (0 = "
            "never). The page warmer's queries run at the lowest priority from the start.", float),
    Setting("PLANGRAPH_QUEUE_WAIT", 10.0, "Seconds a query waits for a free worker before a 503.", float),
    Setting("PLANGRAPH_WORKER_MEMORY_MB", 4096, "Address-space limit of each worker process, in MiB.", int),
    Setting("PLANGRAPH_SERVICE_ALLOW_PRIVATE", False, "Let an allow-listed SERVICE endpoint be on a non-public "
            "address (loopback, a private network: instances federated on an intranet); unlisted ones are still "
            "refused.", flag),
    Setting("PLANGRAPH_SERVICE_ALLOW", "", "SPARQL endpoints that SERVICE may call (space-separated IRIs; a "
            "trailing / or * makes a prefix). Loopback and private addresses are always refused."),
    Setting("PLANGRAPH_PEERS", "", "Other plangraph instances /compare/peer sets beside this one: their SPARQL "
            "endpoints, space-separated; each must also be on PLANGRAPH_SERVICE_ALLOW."),
    Setting("PLANGRAPH_CORS_ORIGIN", "*", "Access-Control-Allow-Origin sent on every response."),
    Setting("PLANGRAPH_PUBLIC_URL", "", "http(s)://host[:port] the server is reached at: every absolute URL it "
            "writes starts with it (VoID, service description, OpenAPI, redirects, the base IRI of queries and "
            "updates), never with the Host header. Empty = http://HOST:PORT of plangraph serve."),
    Setting("PLANGRAPH_SHOW_VERSIONS", False, "Show the Python, Flask and pyoxigraph versions on /version "
            "(off: only the store's version and date).", flag),
    Setting("PLANGRAPH_REQUEST_TIMEOUT", 30.0, "Seconds a client has to send a request's headers (from connecting) "
            "and then its body; slower ones are closed (408 for a body).", float),
    Setting("PLANGRAPH_LICENSE", "https://creativecommons.org/licenses/by/4.0/", "IRI of the licence the dataset "
            "is offered under, stated in VoID/DCAT (dct:license of the dataset and its dumps) and on /void."),
    Setting("PLANGRAPH_PUBLISHER", "plangraph", "Who publishes the dataset (dct:publisher in VoID/DCAT, and "
            "/void): an absolute IRI of the publishing body, or a name, written as a foaf:Agent with that name "
            "and the server's public URL as its homepage."),
    Setting("PLANGRAPH_MAX_CONNECTIONS", 1000, "Open connections per web process; more are closed at once. Idle "
            "and slow connections hold a socket, not a thread.", int),
)

DEFAULTS = {s.name: s.default for s in SETTINGS}


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings given as environment variables, converted to their types."""
    environ = dict(os.environ) if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in environ:
            values[setting.name] = setting.kind(environ[setting.name])
    return values
