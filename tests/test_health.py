"""/healthz answers while the process lives; /readyz only while the database can serve."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from api.app import create_app
from api.migrate import head_revision
from api.settings import Settings
from tests.conftest import ROOT
from tests.support.databases import DatabaseFactory, migrate_url, postgres_url_for


def _client(url: str, *, timeout: float = 2.0) -> TestClient:
    settings = Settings(
        env="test", database_url=url, seeds_dir=ROOT / "seeds", readiness_timeout=timeout
    )
    return TestClient(create_app(settings))


def _assert_unready(http: TestClient, reason: str) -> None:
    answer = http.get("/readyz")
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "reason": reason}
    # Liveness does not depend on the database: restarting would not help.
    assert http.get("/healthz").json() == {"status": "ok"}


def test_a_migrated_database_is_ready(database_url: str) -> None:
    with _client(database_url) as http:
        assert http.get("/healthz").status_code == 200
        ready = http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "revision": head_revision()}


def test_a_database_never_migrated_is_not_ready(databases: DatabaseFactory) -> None:
    url = databases.empty()
    with _client(url) as http:
        _assert_unready(
            http,
            f"database schema at revision none, this version needs {head_revision()}; "
            "run `papergraph migrate`",
        )
    databases.release(url)


def test_readiness_returns_once_the_database_is_migrated(databases: DatabaseFactory) -> None:
    url = databases.empty()
    with _client(url) as http:
        assert http.get("/readyz").status_code == 503
        migrate_url(url)
        assert http.get("/readyz").status_code == 200
    databases.release(url)


@pytest.mark.usefixtures("postgres_checked")
def test_postgresql_database_that_does_not_exist_is_not_ready() -> None:
    with _client(postgres_url_for("papergraph_no_such_database")) as http:
        _assert_unready(http, "database unreachable")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_postgresql_server_that_is_down_is_not_ready() -> None:
    url = make_url("postgresql://postgres@127.0.0.1/test").set(port=_closed_port())
    with _client(url.render_as_string()) as http:
        _assert_unready(http, "database unreachable")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word, like a hung database host."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_database_that_does_not_answer_times_out(silent_server: int) -> None:
    url = make_url("postgresql://postgres@127.0.0.1/test").set(port=silent_server)
    with _client(url.render_as_string(), timeout=0.5) as http:
        _assert_unready(http, "database did not answer within 0.5 s")


def test_sqlite_file_that_disappeared_is_not_ready(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    url = f"sqlite:///{folder / 'papergraph.sqlite'}"
    migrate_url(url)
    with _client(url) as http:
        assert http.get("/readyz").status_code == 200
        # The volume went away: the folder is gone and SQLite cannot open the file.
        shutil.rmtree(folder)
        # An open connection keeps the deleted file alive; a new connection cannot open it.
        http.app.state.engine.sync_engine.pool.dispose()  # type: ignore[attr-defined]
        _assert_unready(http, "database unreachable")


def test_sqlite_file_that_is_not_a_database_is_not_ready(tmp_path: Path) -> None:
    path = tmp_path / "papergraph.sqlite"
    path.write_bytes(b"this is not an SQLite database, just some text" * 100)
    with _client(f"sqlite:///{path}") as http:
        _assert_unready(http, "database unreachable")


def test_a_database_migrated_by_a_newer_version_asks_for_an_upgrade(
    database_url: str, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    with _client(database_url) as http:
        _assert_unready(
            http,
            "database schema at revision 9999_future, newer than this version knows "
            f"(its newest is {head_revision()}); upgrade this server",
        )
