"""A bound on request bodies, checked before the app reads a byte of them.

A declared ``Content-Length`` over the limit is refused at once; a body sent without one
(chunked) is read up to the limit and refused as soon as it passes it. Either way the client
gets a 413 with a GraphQL-shaped error, never a dropped connection.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.asgi_body import read_body, replaying
from api.http.json_errors import send_json_error
from api.http.media_types import header

TOO_LARGE_CODE = "REQUEST_TOO_LARGE"


def _declared_length(scope: Scope) -> int | None:
    value = header(scope, b"content-length")
    # A malformed length is the HTTP server's to refuse; it never reaches the app.
    return int(value) if value is not None and value.isdigit() else None


class BodySizeLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass bodies within the limit on to the app, whole; refuse the others."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send, f"request body is {declared:,} bytes")
            return
        if not declared and header(scope, b"transfer-encoding") is None:
            await self.app(scope, receive, send)  # no body
            return
        body = await read_body(receive, limit=self.max_bytes)
        if body is None:
            await self._refuse(send, f"request body is over {self.max_bytes:,} bytes")
            return
        await self.app(scope, replaying(body, receive), send)

    async def _refuse(self, send: Send, what: str) -> None:
        message = f"{what}; the limit is {self.max_bytes:,}"
        await send_json_error(
            send, 413, message, code=TOO_LARGE_CODE, headers=[("connection", "close")]
        )
