"""Rate limits per client address and per API key, answered with 429 and ``Retry-After``.

The address is the one the HTTP server reports: uvicorn replaces it with the
``X-Forwarded-For`` address only for the proxies named in ``PAPERGRAPH_FORWARDED_ALLOW_IPS``,
so clients cannot choose their own. The key is whatever follows ``Authorization: Bearer``;
it is hashed before use and never checked here (made-up keys still count against their
address). A request with a key counts against both buckets. Operational probes are exempt.
"""

from __future__ import annotations

import hashlib
import math

from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.json_errors import send_json_error
from api.http.media_types import header
from api.limits.buckets import TokenBuckets

RATE_LIMITED_CODE = "RATE_LIMITED"
EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
_BEARER = "bearer "


def presented_key(scope: Scope) -> str | None:
    """A hash of the request's bearer key, or None when it has none."""
    authorization = header(scope, b"authorization")
    if authorization is None or not authorization.lower().startswith(_BEARER):
        return None
    key = authorization[len(_BEARER) :].strip()
    return hashlib.sha256(key.encode()).hexdigest() if key else None


def client_address(scope: Scope) -> str:
    """The client's address as the server reports it."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimit:
    """ASGI middleware: a token bucket per address and one per API key; either may be off."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_address: TokenBuckets | None,
        per_key: TokenBuckets | None,
    ) -> None:
        self.app = app
        self.per_address = per_address
        self.per_key = per_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the request through and spend its tokens, or answer 429."""
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        charged: list[tuple[TokenBuckets, str, str]] = []
        if self.per_address is not None:
            charged.append((self.per_address, client_address(scope), "from this address"))
        key = presented_key(scope)
        if self.per_key is not None and key is not None:
            charged.append((self.per_key, key, "with this API key"))
        for buckets, client, whose in charged:
            wait = buckets.wait(client)
            if wait > 0:
                await self._refuse(send, buckets.per_minute, whose, math.ceil(wait))
                return
        for buckets, client, _whose in charged:
            buckets.take(client)
        await self.app(scope, receive, send)

    async def _refuse(self, send: Send, per_minute: int, whose: str, retry_after: int) -> None:
        message = (
            f"too many requests {whose}: the limit is {per_minute:,} a minute; "
            f"retry in {retry_after} s"
        )
        await send_json_error(
            send,
            429,
            message,
            code=RATE_LIMITED_CODE,
            headers=[("retry-after", str(retry_after))],
            retryAfter=retry_after,
        )
