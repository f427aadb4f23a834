"""The floor server: a raw ASGI app that answers each request with one asyncpg statement.

No framework, no GraphQL: read the body, run the statement named by its ``query``, send the
JSON text PostgreSQL built. Serve with
``uvicorn bench.harness.floor_server:app`` and ``BENCH_DATABASE_URL`` set.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import asyncpg
import orjson

from bench.harness.floor_sql import STATEMENTS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# As many connections as PostGraphile's pool holds by default.
POOL_SIZE = 10
_HEADERS = [(b"content-type", b"application/json")]


class FloorApp:
    """One asyncpg pool, opened at startup and closed at shutdown."""

    def __init__(self) -> None:
        self.pool: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._request(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.pool = await asyncpg.create_pool(
                    os.environ["BENCH_DATABASE_URL"], min_size=POOL_SIZE, max_size=POOL_SIZE
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _request(self, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = orjson.loads(body)
        statement = STATEMENTS[request["query"]]
        variables = request.get("variables") or {}
        answer = await self.pool.fetchval(
            statement.sql, *(variables[name] for name in statement.parameters)
        )
        await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
        await send({"type": "http.response.body", "body": answer.encode()})


app = FloorApp()
