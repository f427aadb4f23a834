"""The compiled lane's PostgreSQL connection pool, against the real server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from api.db import create_async_db_engine
from api.graphql.compiled.connections import ConnectionPool
from api.graphql.compiled.readers import PostgresReader
from tests.support.databases import POSTGRES_URL

pytestmark = pytest.mark.usefixtures("postgres_checked")


def _connect() -> Callable[[], Awaitable[asyncpg.Connection]]:
    url = make_url(POSTGRES_URL)

    async def connect() -> asyncpg.Connection:
        return await asyncpg.connect(
            host=url.host, port=url.port, user=url.username, database=url.database
        )

    return connect


async def _backend(connection: asyncpg.Connection) -> int:
    pid: int = await connection.fetchval("SELECT pg_backend_pid()")
    return pid


def test_connections_are_opened_when_needed_and_reused() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(_connect(), size=3)
        assert pool.opened == 0
        first = await pool.take()
        pid = await _backend(first)
        pool.give_back(first)
        again = await pool.take()
        assert await _backend(again) == pid  # the idle connection, not a new one
        assert pool.opened == 1
        pool.give_back(again)
        await pool.close()
        assert pool.opened == 0
        assert again.is_closed()

    asyncio.run(scenario())


def test_a_caller_waits_while_every_connection_is_taken() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(_connect(), size=2)
        taken = [await pool.take(), await pool.take()]
        waiting = asyncio.create_task(pool.take())
        await asyncio.sleep(0.05)
        assert not waiting.done()
        assert pool.opened == 2
        pool.give_back(taken[0])
        assert await asyncio.wait_for(waiting, 5) is taken[0]
        pool.give_back(taken[1])
        pool.give_back(waiting.result())
        await pool.close()

    asyncio.run(scenario())


def test_a_cancelled_waiter_loses_no_connection() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(_connect(), size=1)
        only = await pool.take()
        cancelled = asyncio.create_task(pool.take())
        patient = asyncio.create_task(pool.take())
        await asyncio.sleep(0.05)
        # Woken by the give-back and cancelled before it runs: the turn must pass on.
        pool.give_back(only)
        cancelled.cancel()
        assert await asyncio.wait_for(patient, 5) is only
        assert cancelled.cancelled()
        pool.give_back(only)
        await pool.close()

    asyncio.run(scenario())


def test_a_connection_the_server_closed_is_replaced() -> None:
    async def scenario() -> None:
        reader = PostgresReader(create_async_db_engine(POSTGRES_URL), size=1)
        pid = await reader.text("SELECT pg_backend_pid()::text", [])
        killer = await _connect()()
        await killer.execute("SELECT pg_terminate_backend($1)", int(pid or 0))
        await killer.close()
        # Either taking it finds it closed, or its first statement fails and drops it (the
        # lane then hands that request to the resolvers); either way the next one is new.
        try:
            after = await reader.text("SELECT pg_backend_pid()::text", [])
        except Exception:
            assert reader.pool.opened == 0
            after = await reader.text("SELECT pg_backend_pid()::text", [])
        assert after != pid
        assert reader.pool.opened == 1
        await reader.close()

    asyncio.run(scenario())


def test_a_connection_closed_while_taken_frees_its_place() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(_connect(), size=1)
        broken = await pool.take()
        broken.terminate()
        pool.give_back(broken)
        assert pool.opened == 0
        replacement = await pool.take()
        assert await replacement.fetchval("SELECT 1") == 1
        pool.give_back(replacement)
        await pool.close()

    asyncio.run(scenario())


def test_a_closed_pool_refuses_and_closes_what_comes_back() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(_connect(), size=2)
        out = await pool.take()
        await pool.close()
        with pytest.raises(asyncpg.InterfaceError, match="the pool is closed"):
            await pool.take()
        pool.give_back(out)
        assert out.is_closed()
        assert pool.opened == 0

    asyncio.run(scenario())


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="size must be at least 1, got 0"):
        ConnectionPool(_connect(), size=0)


def test_a_statement_the_server_refuses_keeps_its_connection() -> None:
    async def scenario() -> None:
        reader = PostgresReader(create_async_db_engine(POSTGRES_URL), size=2)
        pid = await reader.text("SELECT pg_backend_pid()::text", [])
        with pytest.raises(asyncpg.DivisionByZeroError):
            await reader.text("SELECT (1 / 0)::text", [])
        with pytest.raises(asyncpg.CharacterNotInRepertoireError):
            await reader.text("SELECT $1::text", ["a\x00b"])  # PostgreSQL text has no NUL
        # The same connection, still sound: nothing was dropped and reopened.
        assert await reader.text("SELECT pg_backend_pid()::text", []) == pid
        assert reader.pool.opened == 1
        await reader.close()

    asyncio.run(scenario())


def test_waiting_for_a_connection_gives_up_after_its_time() -> None:
    async def scenario() -> None:
        pool = ConnectionPool(_connect(), size=1)
        only = await pool.take()
        with pytest.raises(TimeoutError):
            await pool.take(timeout=0.05)
        # The timed-out caller left the queue: the next one gets the connection back.
        pool.give_back(only)
        assert await pool.take(timeout=0.05) is only
        pool.give_back(only)
        await pool.close()

    asyncio.run(scenario())


def test_a_closed_reader_opens_new_connections_when_used_again() -> None:
    async def scenario() -> None:
        reader = PostgresReader(create_async_db_engine(POSTGRES_URL), size=1)
        assert await reader.text("SELECT 'before'", []) == "before"
        await reader.close()
        assert await reader.text("SELECT 'after'", []) == "after"
        await reader.close()

    asyncio.run(scenario())
