"""What ``papergraph serve`` does before it listens: migrate, and seed an empty database."""

from __future__ import annotations

import uvicorn

from api import migrate
from api.db import create_sync_engine
from api.ingest.load import ImportSummary
from api.ingest.service import import_papers, parse_files, seed_paths
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


def run_server(settings: Settings, *, reload: bool = False, workers: int = 1) -> None:
    """Serve the app; each worker builds its own from the environment's settings."""
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        reload=reload,
        workers=None if reload else workers,
        proxy_headers=True,
        log_level="info",
    )
