"""What ``papergraph serve`` does before it listens: migrate, and seed an empty database."""

from __future__ import annotations

import gc
import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from api import migrate
from api.app import create_app
from api.db import create_sync_engine
from api.ingest.load import ImportSummary
from api.ingest.service import import_papers, parse_files, seed_paths
from api.observability.logs import logging_config, skip_unused_record_details
from api.observability.metrics import MULTIPROCESS_DIR_ENV
from api.settings import Settings
from api.stats import table_counts


def prepare_database(settings: Settings) -> ImportSummary | None:
    """Migrate to head; import ``seeds_dir`` when the database holds no papers.

    Returns:
        What the seed import did, or None when the database already had papers.
    """
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        migrate.upgrade(engine)
        if table_counts(engine)["paper"] or not settings.seeds_dir.is_dir():
            return None
        return import_papers(engine, parse_files(seed_paths(settings.seeds_dir)))
    finally:
        engine.dispose()


WORKER_HEALTHCHECK_SECONDS = 30


def _stopped(_signal: int, _frame: object) -> None:
    """SIGTERM outside uvicorn's own handling: before it serves, or after a graceful stop.

    Either way nothing is in flight, so the command ends as a success.
    """
    raise SystemExit(0)


def run_server(settings: Settings, *, reload: bool = False, workers: int = 1) -> None:
    """Serve the app; each worker builds its own from the environment's settings.

    On SIGTERM uvicorn stops accepting connections and lets requests in flight finish, for
    at most ``settings.shutdown_timeout`` seconds.
    """
    # After a graceful stop uvicorn raises SIGTERM again for the handler it found installed;
    # by default that kills the process (exit 143) although every request finished.
    signal.signal(signal.SIGTERM, _stopped)
    with _shared_metrics(workers if not reload else 1):
        _run_uvicorn(settings, reload=reload, workers=workers)


@contextmanager
def _shared_metrics(workers: int) -> Iterator[None]:
    """With several workers, a fresh folder where they add up their metrics (``/metrics``)."""
    if workers == 1:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="papergraph-metrics-") as folder:
        # Workers are new interpreters: prometheus_client reads this when they import it.
        os.environ[MULTIPROCESS_DIR_ENV] = folder
        try:
            yield
        finally:
            del os.environ[MULTIPROCESS_DIR_ENV]


def served_app() -> FastAPI:
    """The app as each ``serve`` worker process runs it."""
    skip_unused_record_details()
    app = create_app()
    # What is alive now (modules, the schema, the app) lives as long as the process. Frozen,
    # it is left out of the collector's full passes, which then take about 20 ms instead of
    # 100-200 ms: a request that waits for one was the slowest one in a hundred.
    gc.collect()
    gc.freeze()
    return app


def _run_uvicorn(settings: Settings, *, reload: bool, workers: int) -> None:
    uvicorn.run(
        "api.serve:served_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        reload=reload,
        workers=None if reload else workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_config=logging_config(settings),
        log_level=settings.log_level,
        # The app logs each request itself, with its ID and GraphQL operation.
        access_log=False,
        timeout_graceful_shutdown=settings.shutdown_timeout,
        # A worker still importing on a busy machine is not hung; with uvicorn's 5 s the
        # supervisor kills and restarts workers in a loop.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
