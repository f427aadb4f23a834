"""A served database holding the seed listing and a lab's .bib, shared by read-only tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.db import create_sync_engine
from api.ingest.service import import_papers, parse_files
from api.settings import Settings
from tests.support.databases import DatabaseFactory

ROOT = Path(__file__).resolve().parent.parent.parent
SEED_FILE = ROOT / "seeds" / "welling-max.portal.txt"
LAB_BIB = ROOT / "tests" / "fixtures" / "refs.bib"


@contextmanager
def served_lab(databases: DatabaseFactory) -> Iterator[TestClient]:
    """A client for an app on a new database with the seed, then the lab's .bib, imported.

    Meant for module-scoped fixtures of tests that only read: building it once per backend
    instead of once per test keeps the suite fast.
    """
    url = databases.migrated()
    engine = create_sync_engine(url)
    try:
        import_papers(engine, parse_files([SEED_FILE]))
        import_papers(engine, parse_files([LAB_BIB]))
    finally:
        engine.dispose()
    try:
        with TestClient(create_app(Settings(env="test", database_url=url))) as http:
            yield http
    finally:
        databases.release(url)
