"""GraphQL over HTTP: status codes and media types as the specification asks, around Strawberry.

Strawberry answers every GraphQL result as ``application/json`` with status 200 and its own
request errors as plain text. This ASGI layer, on the GraphQL path only:

- refuses methods other than GET and POST (405 with ``Allow``), POST bodies that are not
  ``application/json`` (415), and malformed request parameters or batches (400), before
  Strawberry sees them;
- answers clients that prefer ``application/graphql-response+json`` with that type, and turns
  a request error (nothing executed: parse, validation or variable errors) into a 400 without
  a ``data`` entry; ``application/json`` clients keep status 200 with ``errors``;
- turns Strawberry's plain-text errors into GraphQL-shaped JSON.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.asgi_body import read_body, replaying
from api.http.json_errors import error_body, send_json_error
from api.http.media_types import GRAPHQL_RESPONSE, header, requested_media_type
from api.http.persisted_queries import NOT_FOUND_CODE

ALLOWED_METHODS = ("GET", "HEAD", "POST")
# The parameters of a GraphQL request and what each must be when present and not null.
_PARAMETERS = {
    "query": (str, "a string"),
    "operationName": (str, "a string"),
    "variables": (dict, "an object"),
    "extensions": (dict, "an object"),
}
_STATUS_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def content_type_problem(content_type: str | None) -> str | None:
    """Why a POST body of this type cannot be a GraphQL request, or None when it can."""
    media, *parameters = (content_type or "").split(";")
    if media.strip().lower() != "application/json":
        sent = repr(content_type) if content_type else "none was sent"
        return f"POST needs Content-Type: application/json ({sent})"
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in {"utf-8", "utf8"}:
            return f"the request body must be UTF-8, not {charset}"
    return None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number")


def parameters_problem(body: bytes) -> str | None:
    """Why ``body`` is not a GraphQL request, or None when its parameters have the right types."""
    if not body.strip():
        return "the request body is empty: send a JSON object with a query"
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        return f"the request body is not valid JSON: {error}"
    if isinstance(request, list):
        return "batched requests (a JSON array) are not supported: send one operation per request"
    if not isinstance(request, dict):
        return f"the request body must be a JSON object with a query, not {_json_type(request)}"
    for name, (kind, described) in _PARAMETERS.items():
        value = request.get(name)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            return f"'{name}' must be {described} or null, not {_json_type(value)}"
    return None


def is_request_error(document: Any) -> bool:
    """A response to a request that was not executed: no data, and no error has a path.

    Field errors always carry a path; parse, validation and variable errors never do. A
    persisted-query miss is left alone: clients expect it with status 200.
    """
    if not isinstance(document, dict) or document.get("data") is not None:
        return False
    errors = document.get("errors")
    if not isinstance(errors, list) or not errors:
        return False
    for error in errors:
        if not isinstance(error, dict) or error.get("path") is not None:
            return False
        if (error.get("extensions") or {}).get("code") == NOT_FOUND_CODE:
            return False
    return True


def _json_or_none(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:  # HEAD answers have no body
        return None


class _Refusal(NamedTuple):
    status: int
    message: str
    code: str


class GraphQLOverHTTP:
    """ASGI middleware for the GraphQL path; other paths pass through untouched."""

    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, run it, and answer in the media type the client prefers."""
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        media_type = requested_media_type(scope)
        refusal, receive = await self._checked(scope, receive)
        if refusal is not None:
            headers = [("vary", "Accept")]
            if refusal.status == 405:
                headers.append(("allow", "GET, POST"))
            await send_json_error(
                send,
                refusal.status,
                refusal.message,
                code=refusal.code,
                media_type=media_type,
                headers=headers,
            )
            return
        await self.app(scope, receive, _Answer(send, media_type).send)

    async def _checked(self, scope: Scope, receive: Receive) -> tuple[_Refusal | None, Receive]:
        """Why the request is refused (or None), and a ``receive`` that still has its body."""
        method = scope["method"]
        if method not in ALLOWED_METHODS:
            message = f"{self.path} answers GET and POST, not {method}"
            return _Refusal(405, message, "METHOD_NOT_ALLOWED"), receive
        if method != "POST":
            return None, receive
        problem = content_type_problem(header(scope, b"content-type"))
        if problem is not None:
            return _Refusal(415, problem, "UNSUPPORTED_MEDIA_TYPE"), receive
        body = await read_body(receive) or b""
        problem = parameters_problem(body)
        if problem is not None:
            return _Refusal(400, problem, "BAD_REQUEST"), receive
        return None, replaying(body, receive)


class _Answer:
    """Holds back answers that need rewriting until their body is complete."""

    def __init__(self, send: Send, media_type: str) -> None:
        self._send = send
        self._media_type = media_type
        self._start: Message | None = None
        self._body = bytearray()

    def _needs_rewriting(self, start: Message) -> bool:
        content_type = MutableHeaders(scope=start).get("content-type", "")
        if content_type.startswith("text/plain"):
            return bool(start["status"] >= 400)
        return self._media_type == GRAPHQL_RESPONSE and content_type.startswith("application/json")

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            # The answer depends on Accept, so shared caches must keep one copy per value.
            MutableHeaders(scope=message).add_vary_header("Accept")
            if self._needs_rewriting(message):
                self._start = message
                return
        if self._start is None or message["type"] != "http.response.body":
            await self._send(message)
            return
        self._body += message.get("body", b"")
        if not message.get("more_body", False):
            await self._finish(self._start, bytes(self._body))

    async def _finish(self, start: Message, body: bytes) -> None:
        headers = MutableHeaders(scope=start)
        status = start["status"]
        if headers.get("content-type", "").startswith("text/plain"):
            text = body.decode("utf-8", "replace")
            body = error_body(text, _STATUS_CODES.get(status, "HTTP_ERROR"))
        else:
            document = _json_or_none(body)
            if is_request_error(document):
                document.pop("data", None)
                status = 400 if status == 200 else status
                body = orjson.dumps(document)
        headers["content-type"] = self._media_type
        headers["content-length"] = str(len(body))
        await self._send({**start, "status": status})
        await self._send({"type": "http.response.body", "body": body})
