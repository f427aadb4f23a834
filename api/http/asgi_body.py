"""Reading a request body in ASGI middleware and handing it on to the app unchanged."""

from __future__ import annotations

from starlette.types import Message, Receive


async def read_body(receive: Receive, *, limit: int | None = None) -> bytes | None:
    """The whole body; None when it grows past ``limit`` bytes (the rest is left unread)."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        body += message.get("body", b"")
        if limit is not None and len(body) > limit:
            return None
        if not message.get("more_body", False):
            break
    return bytes(body)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` in one message, then whatever ``receive`` gives."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
