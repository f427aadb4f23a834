"""Pure ASGI middleware: request ID in and out, one log line and the metrics of each request.

Pure ASGI rather than Starlette's BaseHTTPMiddleware, which buffers responses and runs the
endpoint in another task.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observability.context import (
    REQUEST_ID_HEADER,
    RequestRecord,
    current_request,
    request_id_from,
)
from api.observability.logs import ACCESS_LOGGER, FIELDS
from api.observability.metrics import Metrics

UNMATCHED_ROUTE = "unmatched"


def _internal_error() -> list[Message]:
    # New dicts each time: the request ID is appended to these headers.
    return [
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        },
        {"type": "http.response.body", "body": b"Internal error."},
    ]


def route_of(scope: Scope) -> str:
    """The route template that answered (``/graphql``), never the raw path, to bound labels."""
    # FastAPI keeps an included router's routes unprefixed and records the full template in
    # its per-request route context; routes on the app itself carry their template.
    effective = scope.get("fastapi", {}).get("effective_route_context")
    for holder in (effective, scope.get("route")):
        template = getattr(holder, "path_format", None)
        if isinstance(template, str) and template:
            return template
    return UNMATCHED_ROUTE


def client_of(scope: Scope) -> str | None:
    """The client's address; uvicorn puts the forwarded one here for trusted proxies."""
    client = scope.get("client")
    return client[0] if client else None


class ObservabilityMiddleware:
    """Wraps every HTTP request: assigns its ID, times it, logs it and counts it."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger(ACCESS_LOGGER)
        self.errors = logging.getLogger("papergraph.errors")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with a record in context; report it however it ended."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = RequestRecord(request_id=request_id_from(scope.get("headers", [])))
        status, status_sent = 500, False

        async def send_with_id(message: Message) -> None:
            nonlocal status, status_sent
            if message["type"] == "http.response.start":
                status, status_sent = message["status"], True
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, record.request_id)
            await send(message)

        token = current_request.set(record)
        self.metrics.in_progress.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Answered here rather than by Starlette's outer error handler, so that the
            # failure is logged with its request ID and the 500 carries the ID back.
            self.errors.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if status_sent:
                raise
            for message in _internal_error():
                await send_with_id(message)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.in_progress.dec()
            self._report(scope, record, status, seconds)
            current_request.reset(token)

    def _report(self, scope: Scope, record: RequestRecord, status: int, seconds: float) -> None:
        route = route_of(scope)
        self.metrics.observe(
            method=scope["method"],
            route=route,
            operation=record.operation,
            status=status,
            seconds=seconds,
            error_codes=record.error_codes,
        )
        fields: dict[str, Any] = {
            "request_id": record.request_id,
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "client": client_of(scope),
        }
        if record.operation is not None:
            fields["operation"] = record.operation
        if record.error_codes:
            fields["graphql_errors"] = sorted(set(record.error_codes))
        self.log.info(
            "%s %s %d %.1fms",
            scope["method"],
            scope["path"],
            status,
            seconds * 1000,
            extra={FIELDS: fields},
        )
