"""Request body size and time limits: clear errors, and a stopped request frees its session."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from api.app import create_app
from api.settings import Settings

QUERY = {"query": "{ papers { totalCount } }"}


def _app(app_settings: Settings, *, timeout: float) -> TestClient:
    limits = {"max_body_bytes": 1_000, "request_timeout_seconds": timeout}
    return TestClient(create_app(app_settings.model_copy(update=limits)))


@pytest.fixture
def small_limits(app_settings: Settings, seeded_engine: Engine) -> Iterator[TestClient]:
    with _app(app_settings, timeout=1) as http:
        yield http


@pytest.fixture
def two_seconds(app_settings: Settings, seeded_engine: Engine) -> Iterator[TestClient]:
    """Long enough for a busy machine to answer an ordinary query, short for a stuck one."""
    with _app(app_settings, timeout=2) as http:
        yield http


def test_a_body_over_the_limit_is_refused_with_413(small_limits: TestClient) -> None:
    padding = " " * (1_000 - len(b'{"query": "{ __typename }"}'))
    at_limit = ('{"query": "{ __typename }"}' + padding).encode()
    assert len(at_limit) == 1_000
    headers = {"Content-Type": "application/json"}
    assert small_limits.post("/graphql", content=at_limit, headers=headers).status_code == 200

    declared = small_limits.post("/graphql", content=at_limit + b" ", headers=headers)
    assert declared.status_code == 413
    assert declared.json()["errors"] == [
        {
            "message": "request body is 1,001 bytes; the limit is 1,000",
            "extensions": {"code": "REQUEST_TOO_LARGE"},
        }
    ]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it streams
        yield at_limit
        yield b" " * 10

    streamed = small_limits.post("/graphql", content=chunks(), headers=headers)
    assert streamed.status_code == 413
    message = streamed.json()["errors"][0]["message"]
    assert message == "request body is over 1,000 bytes; the limit is 1,000"


def test_a_slow_request_is_stopped_with_504_and_a_message(small_limits: TestClient) -> None:
    started = time.perf_counter()
    reply = small_limits.get("/_test/sleep", params={"seconds": 5})
    assert time.perf_counter() - started < 4
    assert reply.status_code == 504
    assert reply.json()["errors"] == [
        {
            "message": "the request took longer than 1 s and was stopped",
            "extensions": {"code": "TIMEOUT"},
        }
    ]


@contextmanager
def stalled(database_url: str) -> Iterator[None]:
    """Another connection holds the paper table (PostgreSQL) or the whole file (SQLite)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(str(url.database), timeout=5, isolation_level=None)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE paper SET title = title")
        try:
            yield
        finally:
            holder.close()
        return
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq) as holder:
        holder.execute("LOCK TABLE paper IN ACCESS EXCLUSIVE MODE")
        yield
        holder.rollback()


def test_a_query_stuck_on_the_database_is_stopped_and_its_connection_returned(
    two_seconds: TestClient, database_url: str, seeded_engine: Engine
) -> None:
    engine = two_seconds.app.state.engine  # type: ignore[attr-defined]
    # SQLite in WAL mode grants an exclusive lock only when no other connection is open.
    seeded_engine.dispose()
    two_seconds.portal.call(engine.dispose)  # type: ignore[union-attr]
    pool = engine.sync_engine.pool
    with stalled(database_url):
        legacy = two_seconds.post("/graphql", json=QUERY)
        strict = two_seconds.post(
            "/graphql", json=QUERY, headers={"Accept": "application/graphql-response+json"}
        )
    message = "the request took longer than 2 s and was stopped"
    # GraphQL over HTTP: 200 with the error for application/json, 504 for the newer type.
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["message"] == message
    assert strict.status_code == 504
    assert strict.headers["content-type"] == "application/graphql-response+json"
    assert "data" not in strict.json()

    deadline = time.monotonic() + 10
    while pool.checkedout() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.checkedout() == 0
    assert two_seconds.post("/graphql", json=QUERY).json() == {
        "data": {"papers": {"totalCount": 10}}
    }
