"""Fixtures shared by every test: each database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.db import create_sync_engine
from api.settings import Settings
from tests.support.databases import BACKENDS, DatabaseFactory, database_factory, postgres_problem
from tests.support.graphql_client import GraphQL

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "welling-max.portal.txt"

# Every query the suite sends that the compiled read path takes is also resolved field by
# field, and a difference fails the request (api.graphql.compiled.extension): the two paths
# are compared on every test, on both backends. Servers started as subprocesses inherit it.
os.environ.setdefault("PAPERGRAPH_COMPILED_READS", "verify")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def postgres_checked() -> None:
    """Skip PostgreSQL variants when the server is down, except in CI where that is a failure."""
    problem = postgres_problem()
    if problem is None:
        return
    if _in_ci():
        pytest.fail(f"{problem} (CI=true: the PostgreSQL tests must run)")
    pytest.skip(problem)


@pytest.fixture(scope="session", params=BACKENDS)
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DatabaseFactory]:
    """A database factory for one backend; tests using it run once per backend."""
    backend: str = request.param
    if backend == "postgresql":
        request.getfixturevalue("postgres_checked")
    with database_factory(backend, tmp_path_factory.mktemp(backend)) as factory:
        yield factory


@pytest.fixture
def backend(databases: DatabaseFactory) -> str:
    """The backend this test instance runs on."""
    return databases.backend


@pytest.fixture
def database_url(databases: DatabaseFactory) -> Iterator[str]:
    """A fresh database migrated to head, dropped after the test."""
    url = databases.migrated()
    yield url
    databases.release(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A synchronous engine on this test's database."""
    engine = create_sync_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded_engine(engine: Engine) -> Engine:
    """This test's database with the seed listing imported."""
    from api.ingest.service import import_papers, parse_files

    import_papers(engine, parse_files([SEED_FILE]))
    return engine


@pytest.fixture
def app_settings(database_url: str) -> Settings:
    """Settings for an app on this test's database."""
    return Settings(env="test", database_url=database_url, seeds_dir=ROOT / "seeds")


@pytest.fixture
def client(app_settings: Settings, seeded_engine: Engine) -> Iterator[TestClient]:
    """An HTTP client for an app serving the seeded database."""
    with TestClient(create_app(app_settings)) as http:
        yield http


@pytest.fixture
def graphql(client: TestClient) -> GraphQL:
    """GraphQL requests against the seeded app."""
    return GraphQL(client)
