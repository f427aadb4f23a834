"""What one request has learnt about itself, shared by the middleware and the GraphQL layer."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field

REQUEST_ID_HEADER = "x-request-id"
# A caller's ID is kept only if it is short and plain, so it cannot forge log lines or headers.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass(slots=True)
class RequestRecord:
    """Filled in while a request runs; the middleware logs and counts it at the end.

    It is one mutable object per request, so resolvers in tasks that copied the context
    still write to the same record.
    """

    request_id: str
    operation: str | None = None
    error_codes: list[str] = field(default_factory=list)


current_request: ContextVar[RequestRecord | None] = ContextVar("current_request", default=None)


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's ``X-Request-ID`` when it is acceptable, else a new random one."""
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER.encode():
            candidate = value.decode("latin-1")
            if _ACCEPTED_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex
