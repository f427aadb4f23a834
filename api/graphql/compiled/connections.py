"""A small pool of asyncpg connections for compiled reads: take one, give it back.

asyncpg's own pool does more than these reads need (a reset query or hook on release, idle
and per-connection query limits, timeouts around each step, a proxy object per checkout), and
its bookkeeping cost as much Python time as the statement it served. Compiled reads are single
statements in autocommit that leave nothing behind, so a list of idle connections is enough.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

import asyncpg

Connect = Callable[[], Awaitable[asyncpg.Connection]]


class ConnectionPool:
    """Up to ``size`` connections, opened when first needed; the most recently used first.

    A connection found closed (the server went away) is dropped when it is next taken or
    given back, and a new one is opened in its place when needed.
    """

    def __init__(self, connect: Connect, *, size: int) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, got {size}")
        self._connect = connect
        self.size = size
        self._idle: list[asyncpg.Connection] = []
        self._opened = 0
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._closing = False

    @property
    def opened(self) -> int:
        """Connections open now, idle or taken."""
        return self._opened

    async def take(self, *, timeout: float | None = None) -> asyncpg.Connection:
        """An open connection, waiting (at most ``timeout`` seconds, else TimeoutError) for
        one to be given back when all are taken."""
        while True:
            if self._closing:
                raise asyncpg.InterfaceError("the pool is closed")
            while self._idle:
                connection = self._idle.pop()
                if not connection.is_closed():
                    return connection
                self._opened -= 1
            if self._opened < self.size:
                self._opened += 1
                try:
                    return await self._connect()
                except BaseException:
                    self._opened -= 1
                    self._wake_one()
                    raise
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                await asyncio.wait_for(waiter, timeout)
            except (asyncio.CancelledError, TimeoutError):
                # Woken and then cancelled or out of time at once: pass the turn on, or it
                # would be lost.
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()
                raise
            finally:
                if waiter in self._waiting:
                    self._waiting.remove(waiter)

    def give_back(self, connection: asyncpg.Connection) -> None:
        """Return a taken connection; a closed one frees its place instead."""
        if connection.is_closed():
            self._opened -= 1
        elif self._closing:
            self._opened -= 1
            connection.terminate()
        else:
            self._idle.append(connection)
        self._wake_one()

    async def close(self) -> None:
        """Close the idle connections now, and taken ones as they are given back."""
        self._closing = True
        idle, self._idle = self._idle, []
        self._opened -= len(idle)
        await asyncio.gather(*(connection.close() for connection in idle), return_exceptions=True)
        while self._waiting:
            self._wake_one()

    def _wake_one(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
