"""Error answers sent straight from ASGI middleware, in the GraphQL response shape.

``{"errors": [{"message": ..., "extensions": {"code": ...}}]}`` is what GraphQL clients
already read, so a client sees a refused request (too large, too many, too slow) the same
way it sees any other error, whichever layer refused it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from starlette.types import Send

JSON = "application/json"


def error_body(message: str, code: str, **details: Any) -> bytes:
    """A GraphQL-shaped error document with one error."""
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code, **details}}]})


async def send_json_error(
    send: Send,
    status: int,
    message: str,
    *,
    code: str,
    media_type: str = JSON,
    headers: Iterable[tuple[str, str]] = (),
    **details: Any,
) -> None:
    """Answer with ``status`` and a one-error document; the response ends here."""
    body = error_body(message, code, **details)
    raw = [
        (b"content-type", media_type.encode()),
        (b"content-length", str(len(body)).encode()),
        *((name.encode("latin-1"), value.encode("latin-1")) for name, value in headers),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
