"""A bound on the time one request may take before its answer starts.

At the deadline the client is answered at once, in GraphQL's shape, and the request's work is
cancelled in the background. Following GraphQL over HTTP, a GraphQL client that asked for
``application/json`` gets status 200 with the error; one that asked for
``application/graphql-response+json`` gets 504, as does every other route. Once an answer has
started the deadline no longer applies: cutting a response short would drop the connection.

The cancelled work releases its database session itself (``api.limits.release``): statements
already sent finish or fail first, then the session is rolled back and its connection goes
back to the pool, or is discarded when the cancellation broke it.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.json_errors import send_json_error
from api.http.media_types import JSON, requested_media_type

TIMEOUT_CODE = "TIMEOUT"
log = logging.getLogger("papergraph.limits")
# Cancelled requests still unwinding; kept so they are not collected half-way.
_unwinding: set[asyncio.Task[None]] = set()


def timeout_message(seconds: float) -> str:
    """What a stopped request's client is told."""
    return f"the request took longer than {seconds:g} s and was stopped"


def _unwound(task: asyncio.Task[None]) -> None:
    _unwinding.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("a stopped request failed while unwinding", exc_info=task.exception())


class RequestTimeout:
    """ASGI middleware answering for requests that run longer than ``seconds``."""

    def __init__(self, app: ASGIApp, *, seconds: float, graphql_path: str) -> None:
        self.app = app
        self.seconds = seconds
        self.graphql_path = graphql_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request; answer for it if it has not started answering by the deadline."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = stopped = False

        async def answering(message: Message) -> None:
            nonlocal started
            if stopped:
                return  # the client has its timeout answer already
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def run() -> None:
            await self.app(scope, receive, answering)

        work = asyncio.create_task(run())
        try:
            # Once the answer has started the deadline no longer applies: past it, the
            # request is awaited to its end.
            await asyncio.wait({work}, timeout=self.seconds)
        except asyncio.CancelledError:
            work.cancel()
            raise
        if work.done() or started:
            await work
            return
        stopped = True
        work.cancel()
        _unwinding.add(work)
        work.add_done_callback(_unwound)
        log.warning("stopped %s %s after %g s", scope["method"], scope["path"], self.seconds)
        await self._answer(scope, send)

    async def _answer(self, scope: Scope, send: Send) -> None:
        media_type = JSON
        status = 504
        if scope["path"].rstrip("/") == self.graphql_path:
            media_type = requested_media_type(scope)
            status = 200 if media_type == JSON else 504
        await send_json_error(
            send, status, timeout_message(self.seconds), code=TIMEOUT_CODE, media_type=media_type
        )
