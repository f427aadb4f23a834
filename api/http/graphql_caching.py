"""HTTP caching for GraphQL queries sent by GET: ETag, Cache-Control and 304 Not Modified.

It wraps the application as ASGI middleware, so a client whose copy is current gets its 304
without the query being run. Only GET requests to the GraphQL path that carry a query (or a
persisted-query hash) are touched; POST is never cached, and a mutation cannot be sent by GET.
An answer is cacheable only when it is a 200 whose JSON has no ``errors``; anything else is sent
with ``Cache-Control: no-store``. The answer's media type follows the Accept header (GraphQL over
HTTP), so the tag depends on it too and answers say ``Vary: Accept``.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.data_version import read_data_version_async
from api.http.caching import NO_STORE, not_modified_or_none, validators

_VARY = ("accept",)


def _error_free(body: bytes) -> bool:
    try:
        answer: Any = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    return isinstance(answer, dict) and "errors" not in answer


class GraphQLGetCaching:
    """ASGI middleware adding validators to GraphQL GET answers and answering 304s."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        sessions: async_sessionmaker[AsyncSession],
        max_age: int,
    ) -> None:
        self.app = app
        self.path = path
        self.sessions = sessions
        self.max_age = max_age

    def _applies(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        if scope["path"].rstrip("/") != self.path:
            return False
        # Without a query (or a persisted query's hash) a GET asks for GraphiQL, not data.
        params = HTTPConnection(scope).query_params
        return "query" in params or "extensions" in params

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._applies(scope):
            await self.app(scope, receive, send)
            return
        request = HTTPConnection(scope)
        # Read before the query runs: if a write lands in between, the answer is newer than its
        # tag says, and the next request (seeing the new version) fetches it again. Never staler.
        async with self.sessions() as session:
            data_version = await read_data_version_async(session)
        headers = validators(request, data_version, self.max_age, vary=_VARY)
        # "*" would claim the answer exists and is not an error before the query has run.
        cached = not_modified_or_none(request, headers, any_tag=False)
        if cached is not None:
            await cached(scope, receive, send)
            return
        await self.app(scope, receive, _Buffered(send, headers).send)


class _Buffered:
    """Holds an answer back until its body is complete, then sends it with cache headers."""

    def __init__(self, send: Send, validators: dict[str, str]) -> None:
        self._send = send
        self._validators = validators
        self._start: Message | None = None
        self._body = bytearray()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._start = message
            return
        if message["type"] != "http.response.body" or self._start is None:
            await self._send(message)
            return
        self._body += message.get("body", b"")
        if message.get("more_body", False):
            return
        headers = MutableHeaders(scope=self._start)
        for name in ("etag", "cache-control"):
            del headers[name]
        validators = dict(self._validators)
        # Added to, not replaced: the application may vary on other headers already.
        headers.add_vary_header(validators.pop("Vary"))
        if self._start["status"] == 200 and _error_free(bytes(self._body)):
            headers.update(validators)
        else:
            headers["Cache-Control"] = NO_STORE
        await self._send(self._start)
        await self._send({"type": "http.response.body", "body": bytes(self._body)})
