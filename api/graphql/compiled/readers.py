"""Connections that run one compiled statement and return its JSON text, nothing else.

A compiled read is one statement in autocommit, so it needs none of what a session brings:
through SQLAlchemy's pool it cost five more round trips on PostgreSQL (a ping, BEGIN, two
ROLLBACKs) and on SQLite it waited for aiosqlite's one thread per connection. These readers
keep their own connections: on PostgreSQL a few asyncpg connections that are never reset
(nothing a statement in autocommit leaves behind needs it), on SQLite a few threads with a
connection each, so reads run side by side.

Each statement runs to its end even when the request that asked is cancelled (a request
timeout): a statement cut off half-way would leave its connection unusable.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any, Protocol

import asyncpg
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db import set_sqlite_pragmas
from api.graphql.compiled.connections import ConnectionPool

# Connections (PostgreSQL) or threads (SQLite) each process gives compiled reads, beside the
# pool the resolvers' sessions use. With SQLite, more threads than cores only queue for the GIL.
POSTGRES_CONNECTIONS = 8
# How long a compiled read waits for one of them before the resolvers answer it instead.
TAKE_SECONDS = 0.5
SQLITE_THREADS = 2
# A statement that has taken less CPU time than this, on average, runs on the event loop's
# thread.
INLINE_SECONDS = 0.001
TIMED_STATEMENTS = 256
# Page cache per reading connection, in KiB (SQLite's default is 2 MiB). An author page reads
# the rows of every paper the author wrote to sort them: 859 rows took 3 ms through the default
# cache (most pages re-read from the file each time) and 0.6 ms with 8 MiB or more.
SQLITE_CACHE_KIB = 32 * 1024
SQLITE_BUSY_MS = 100

StatementListener = Callable[[str], None]
# What a reader raises when the database, not the lane, is at fault: refused statements,
# broken or missing connections, every connection busy.
READ_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, sqlite3.Error, OSError, TimeoutError)


class Reader(Protocol):
    """Runs a statement whose one row holds one text column, and returns that text."""

    dialect_name: str
    # The engine's dialect, whose driver's SQL the reader runs.
    dialect: Dialect
    listeners: list[StatementListener]

    async def text(self, sql: str, values: Sequence[object]) -> str | None:
        """The statement's one value."""

    async def close(self) -> None:
        """Release every connection."""


class PostgresReader:
    """asyncpg connections of their own (:class:`ConnectionPool`), opened when first needed."""

    dialect_name = "postgresql"

    def __init__(self, engine: AsyncEngine, *, size: int = POSTGRES_CONNECTIONS) -> None:
        # The engine's own translation of the URL (host, user, ssl ...), so both agree.
        _, self._connect = engine.dialect.create_connect_args(engine.url)
        self.dialect = engine.dialect
        self.pool = ConnectionPool(self._open, size=size)
        self.listeners: list[StatementListener] = []

    async def text(self, sql: str, values: Sequence[object]) -> str | None:
        """The statement's one value, from a pooled connection.

        Raises:
            TimeoutError: every connection stayed taken for :data:`TAKE_SECONDS`; the
                resolvers' own pool may still have room.
        """
        for listener in self.listeners:
            listener(sql)
        # Waiting for a connection is not shielded: a request stopped meanwhile leaves the
        # queue. Once taken, the statement runs to its end whatever happens to the request.
        connection = await self.pool.take(timeout=TAKE_SECONDS)
        return await asyncio.shield(self._fetch(connection, sql, values))

    async def close(self) -> None:
        """Close the connections; the reader opens new ones if it is used again."""
        pool, self.pool = self.pool, ConnectionPool(self._open, size=self.pool.size)
        await pool.close()

    async def _open(self) -> asyncpg.Connection:
        return await asyncpg.connect(**self._connect)

    async def _fetch(
        self, connection: asyncpg.Connection, sql: str, values: Sequence[object]
    ) -> str | None:
        try:
            value: str | None = await connection.fetchval(sql, *values)
        except asyncpg.PostgresError:
            # The server refused the statement (a text with a NUL byte, a timeout): the
            # connection itself is sound.
            raise
        except BaseException:
            # Anything else means the connection is in doubt (the server restarted, the
            # network broke) and asyncpg may not know yet: drop it, a new one is opened.
            connection.terminate()
            raise
        finally:
            self.pool.give_back(connection)
        return value


class SqliteReader:
    """sqlite3 connections, opened query-only: one per thread of a small pool, and one on the
    event loop's thread for statements that have taken under :data:`INLINE_SECONDS`.

    Handing a statement to a thread and back costs more than a paper by ID takes to read
    (about 30 us), and the thread must then win the GIL from the busy event loop: quick
    statements are cheaper run where they are asked for. Slow ones (an author's whole list
    sorted) run in threads, beside the event loop's Python work, as SQLite lets go of the GIL
    while it reads.
    """

    dialect_name = "sqlite"

    def __init__(self, path: str, dialect: Dialect, *, threads: int = SQLITE_THREADS) -> None:
        self._path = path
        self.dialect = dialect
        self._threads = threads
        self._executor = self._new_executor()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        # How long each statement has taken (CPU time, averaged), to choose where it runs next.
        self._seconds: dict[str, float] = {}
        self.listeners: list[StatementListener] = []

    async def text(self, sql: str, values: Sequence[object]) -> str | None:
        """The statement's one value: run at once when it has been quick, else in a thread."""
        for listener in self.listeners:
            listener(sql)
        if self._seconds.get(sql, INLINE_SECONDS) < INLINE_SECONDS:
            return self._run(sql, values)
        loop = asyncio.get_running_loop()
        return await asyncio.shield(loop.run_in_executor(self._executor, self._run, sql, values))

    async def close(self) -> None:
        """Stop the threads and close their connections; used again, the reader opens new
        ones."""
        executor, self._executor = self._executor, self._new_executor()
        executor.shutdown(wait=True)
        self._local = threading.local()
        with self._guard:
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    def _new_executor(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self._threads, thread_name_prefix="papergraph-read")

    def _run(self, sql: str, values: Sequence[object]) -> str | None:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connection()
        # This thread's CPU time, not the clock's: in a reading thread the clock would also
        # count the wait for the GIL, which says nothing about the statement.
        started = time.thread_time()
        # All rows, so the statement is finished and its read snapshot let go at once.
        rows: list[Any] = connection.execute(sql, values).fetchall()
        self._timed(sql, time.thread_time() - started)
        return rows[0][0] if rows else None

    def _timed(self, sql: str, seconds: float) -> None:
        # A moving average, so one slow run (pages read from the file) does not move a quick
        # statement off the event loop. Plain dict operations, atomic under the GIL; a lost
        # update only costs one guess.
        previous = self._seconds.get(sql)
        self._seconds[sql] = seconds if previous is None else 0.8 * previous + 0.2 * seconds
        if len(self._seconds) > TIMED_STATEMENTS:
            # Another thread may add an entry between taking the iterator and reading it.
            with suppress(RuntimeError):
                self._seconds.pop(next(iter(self._seconds)), None)

    def _connection(self) -> sqlite3.Connection:
        # Closed from the event loop's thread at shutdown, hence check_same_thread=False; in
        # use, each connection stays in its own thread.
        connection = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        set_sqlite_pragmas(connection, None)
        connection.execute("PRAGMA query_only=ON")
        connection.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        # Readers in WAL mode rarely wait; when one would (a checkpoint restarting the log),
        # the resolvers answer instead of the event loop's thread sleeping for 30 s.
        connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        self._local.connection = connection
        with self._guard:
            self._connections.append(connection)
        return connection


def reader_for(engine: AsyncEngine) -> Reader | None:
    """A reader for ``engine``'s database; None for an in-memory SQLite one, which only the
    engine's own connection can see."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresReader(engine)
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        return None
    return SqliteReader(url.database, engine.dialect)
