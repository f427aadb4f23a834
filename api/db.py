"""Engines and sessions: driver choice from plain URLs, SQLite pragmas; nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as _AsyncSession
from sqlalchemy.orm import Session, sessionmaker

from api.graphql.compiled.json_sql import GLOBAL_ID_FUNCTION, sqlite_global_id

_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def _with_driver(url: str, drivers: dict[str, str]) -> URL:
    # Users write plain URLs; the driver is ours to pick, whatever they wrote after the '+'.
    parsed = make_url(url)
    return parsed.set(drivername=drivers[parsed.get_backend_name()])


def sync_url(url: str) -> URL:
    """The URL with the synchronous driver (pysqlite or psycopg)."""
    return _with_driver(url, _SYNC_DRIVERS)


def async_url(url: str) -> URL:
    """The URL with the asynchronous driver (aiosqlite or asyncpg).

    libpq's ``sslmode`` (``disable`` ... ``verify-full``) becomes asyncpg's ``ssl``, which takes
    the same values: one URL serves the API's asyncpg and the CLI's psycopg alike.
    """
    target = _with_driver(url, _ASYNC_DRIVERS)
    mode = target.query.get("sslmode")
    if target.get_backend_name() == "postgresql" and mode is not None:
        target = target.difference_update_query(["sslmode"]).update_query_dict({"ssl": mode})
    return target


def is_sqlite(url: str | URL) -> bool:
    """Whether ``url`` names an SQLite database."""
    return make_url(str(url) if isinstance(url, URL) else url).get_backend_name() == "sqlite"


def _ensure_sqlite_folder(url: URL) -> None:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite, and WAL lets readers run beside the writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Writers queue for SQLite's one write lock; waiting longer than a request may run (10 s by
    # default) leaves the request timeout, with its clear error, to decide. At 5 s, 16
    # concurrent writers saw "database is locked" on about one write in ten.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # Compiled reads build Relay IDs in SQL, and SQLite has no base64 of its own.
    dbapi_connection.create_function(GLOBAL_ID_FUNCTION, 2, sqlite_global_id, deterministic=True)


def create_sync_engine(url: str, *, echo: bool = False) -> Engine:
    """A synchronous engine for the CLI, the importer and migrations."""
    target = sync_url(url)
    if is_sqlite(target):
        _ensure_sqlite_folder(target)
    engine = create_engine(target, echo=echo, pool_pre_ping=not is_sqlite(target))
    if is_sqlite(target):
        event.listen(engine, "connect", set_sqlite_pragmas)
    return engine


def create_async_db_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An asynchronous engine for the API."""
    target = async_url(url)
    if is_sqlite(target):
        _ensure_sqlite_folder(target)
        engine = create_async_engine(target, echo=echo)
        event.listen(engine.sync_engine, "connect", set_sqlite_pragmas)
        return engine
    return create_async_engine(target, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10)


def sync_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def async_session_factory(engine: AsyncEngine) -> async_sessionmaker[_AsyncSession]:
    """Async sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
