"""Prometheus metrics of one app: requests, latency, GraphQL errors and the database pool.

With ``serve --workers N`` every worker writes its numbers to files in a folder that ``serve``
makes (``PROMETHEUS_MULTIPROC_DIR``), and ``/metrics`` adds them up, so whichever worker
answers the scrape reports the whole server.
"""

from __future__ import annotations

import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from sqlalchemy.pool import Pool

CONTENT_TYPE = CONTENT_TYPE_LATEST
MULTIPROCESS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
NOT_GRAPHQL = ""
OTHER_OPERATION = "other"
# Operation names come from clients; a bound on how many become label values keeps one
# careless or hostile client from growing the registry without end.
MAX_OPERATION_LABELS = 200
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# The pool's counters, read with these methods; pools without a fixed size have none.
_POOL_READINGS = {
    "size": ("configured connections kept open", "size"),
    "checked_out": ("connections in use by requests", "checkedout"),
    "checked_in": ("idle connections in the pool", "checkedin"),
    "overflow": ("connections opened beyond the pool size", "overflow"),
}


def multiprocess_dir() -> str | None:
    """The folder workers share their numbers through, when ``serve`` runs several."""
    return os.environ.get(MULTIPROCESS_DIR_ENV) or None


class Metrics:
    """The metrics of one app instance, in a registry of its own (tests build many apps)."""

    def __init__(self, pool: Pool | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "papergraph_http_requests",
            "HTTP requests answered, by route, GraphQL operation and status",
            ["method", "route", "operation", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "papergraph_http_request_duration_seconds",
            "Time from request to the end of the response",
            ["method", "route", "operation"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        # Gauges add up over live workers; a single process just has its own value.
        self.in_progress = Gauge(
            "papergraph_http_requests_in_progress",
            "Requests being answered now",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.graphql_errors = Counter(
            "papergraph_graphql_errors",
            "GraphQL errors returned, by operation and extensions.code",
            ["operation", "code"],
            registry=self.registry,
        )
        self._pool = pool
        self._pool_gauges = {
            name: Gauge(
                f"papergraph_db_pool_{name}",
                documentation,
                registry=self.registry,
                multiprocess_mode="livesum",
            )
            for name, (documentation, method) in _POOL_READINGS.items()
            if pool is not None and hasattr(pool, method)
        }
        self._pool_values: dict[str, int] = {}
        self._operations: set[str] = set()

    def operation_label(self, name: str | None) -> str:
        """The label value for an operation name, bounded in number and shape."""
        if name is None:
            return NOT_GRAPHQL
        if name in self._operations:
            return name
        if not _OPERATION_NAME.fullmatch(name) or len(self._operations) >= MAX_OPERATION_LABELS:
            return OTHER_OPERATION
        self._operations.add(name)
        return name

    def observe(
        self,
        *,
        method: str,
        route: str,
        operation: str | None,
        status: int,
        seconds: float,
        error_codes: list[str],
    ) -> None:
        """Count one finished request."""
        label = self.operation_label(operation)
        self.requests.labels(method, route, label, str(status)).inc()
        self.latency.labels(method, route, label).observe(seconds)
        for code in error_codes:
            self.graphql_errors.labels(label, code).inc()
        self._read_pool()

    def _read_pool(self) -> None:
        # Read at each scrape and after each request: another worker's numbers are as fresh
        # as its last request. A gauge is written only when its value changed: with several
        # workers each write goes to a shared file, and most requests change nothing.
        for name, gauge in self._pool_gauges.items():
            value = getattr(self._pool, _POOL_READINGS[name][1])()
            # QueuePool counts overflow from -size up; below zero means "none yet".
            value = max(value, 0)
            if self._pool_values.get(name) != value:
                gauge.set(value)
                self._pool_values[name] = value

    def render(self) -> bytes:
        """The text exposition format Prometheus scrapes."""
        self._read_pool()
        folder = multiprocess_dir()
        if folder is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(merged, path=folder)  # type: ignore[no-untyped-call]
        return generate_latest(merged)

    def forget_process(self) -> None:
        """Drop this worker's gauges from the shared sums, when it stops."""
        folder = multiprocess_dir()
        if folder is not None:
            prometheus_multiprocess.mark_process_dead(os.getpid(), folder)  # type: ignore[no-untyped-call]
