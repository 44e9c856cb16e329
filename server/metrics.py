"""Prometheus metrics. Under gunicorn, PROMETHEUS_MULTIPROC_DIR makes every web process report into
one directory, and ``/metrics`` aggregates them."""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

REQUESTS = Counter("plangraph_http_requests_total", "HTTP requests by endpoint and status", ["endpoint", "status"])
DURATION = Histogram("plangraph_http_request_duration_seconds", "HTTP request duration by endpoint", ["endpoint"],
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
QUERY_OUTCOMES = Counter("plangraph_queries_total", "SPARQL queries and writes by outcome",
                         ["kind", "outcome"])


def observe(endpoint: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint, str(status)).inc()
    DURATION.labels(endpoint).observe(seconds)


def count_query(kind: str, outcome: str) -> None:
    QUERY_OUTCOMES.labels(kind, outcome).inc()


def exposition() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
