"""Automatic persisted queries: clients send a query's SHA-256 and the text only when asked.

The protocol is the one Apollo Client's persisted-query link and urql's ``persistedExchange``
speak. A request carries ``extensions.persistedQuery = {"version": 1, "sha256Hash": ...}``:

- hash alone: the stored text is used; when it is not stored the answer is
  ``PersistedQueryNotFound`` (status 200, never cached) and the client sends the text once;
- hash and text: the hash is checked against the text, the text is stored and executed.

After the first miss a client asks by hash alone, by GET, so browsers and CDNs can cache the
answer. The store is a bounded LRU in each process's memory: processes stay stateless, and a
process that has not seen a hash (after a restart, or another worker) costs one resend.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Generic, TypeVar

import orjson
from cross_web import AsyncHTTPRequestAdapter
from fastapi import Request, Response
from graphql import GraphQLError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from api.errors import InputError

SUPPORTED_VERSION = 1
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_FIELD = "extensions.persistedQuery"

ContextT = TypeVar("ContextT")
RootValueT = TypeVar("RootValueT")


class PersistedQueryNotFound(Exception):
    """The client sent a hash this process has not stored; it should resend with the text."""


class QueryStore:
    """Query texts by SHA-256, least recently used dropped first once ``capacity`` is reached.

    Only the event loop touches it (the GraphQL route is async), so it needs no lock.
    """

    def __init__(self, *, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._texts: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._texts)

    def get(self, sha256: str) -> str | None:
        """The text stored under ``sha256``, marked as recently used; None when absent."""
        text = self._texts.get(sha256)
        if text is not None:
            self._texts.move_to_end(sha256)
        return text

    def put(self, sha256: str, text: str) -> None:
        """Store ``text``, dropping the least recently used entry when full."""
        self._texts[sha256] = text
        self._texts.move_to_end(sha256)
        while len(self._texts) > self.capacity:
            self._texts.popitem(last=False)


def query_hash(text: str) -> str:
    """The hash clients send for ``text``: SHA-256 of its UTF-8 bytes, lower-case hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The ``sha256Hash`` of a persisted-query request, or None for an ordinary request.

    Raises:
        InputError: ``persistedQuery`` is present but not version 1 with a SHA-256 hex hash.
    """
    if not extensions or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, Mapping):
        raise InputError(f"{_FIELD} must be an object", field=_FIELD)
    if persisted.get("version") != SUPPORTED_VERSION:
        raise InputError(
            f"unsupported persisted query version {persisted.get('version')!r}: only 1 is known",
            field=f"{_FIELD}.version",
        )
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _SHA256_HEX.fullmatch(sha256.lower()):
        raise InputError(
            f"{_FIELD}.sha256Hash must be 64 hexadecimal digits (SHA-256), got {sha256!r}",
            field=f"{_FIELD}.sha256Hash",
        )
    return sha256.lower()


def resolve(request: GraphQLRequestData, store: QueryStore) -> GraphQLRequestData:
    """The request with its query text filled in from, or recorded in, ``store``.

    Raises:
        PersistedQueryNotFound: only the hash was sent and it is not stored.
        InputError: the persisted-query extension is malformed, or the text does not hash to it.
    """
    sha256 = requested_hash(request.extensions)
    if sha256 is None:
        return request
    if request.query is None:
        stored = store.get(sha256)
        if stored is None:
            raise PersistedQueryNotFound(sha256)
        return replace(request, query=stored)
    if query_hash(request.query) != sha256:
        raise InputError("provided sha does not match query", field=f"{_FIELD}.sha256Hash")
    store.put(sha256, request.query)
    return request


def _failure(message: str, extensions: dict[str, Any]) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions=extensions)])


class PersistedQueryRouter(GraphQLRouter[ContextT, RootValueT], Generic[ContextT, RootValueT]):
    """Strawberry's FastAPI router with automatic persisted queries in front of execution."""

    def __init__(self, *args: Any, persisted_queries: QueryStore, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.persisted_queries = persisted_queries

    def encode_json(self, data: object) -> bytes:
        # orjson writes a 50-paper author page several times faster than json.dumps, and as
        # UTF-8 rather than \u escapes, which is also smaller.
        return orjson.dumps(data)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A hash-only GET has no ``query`` and may accept */* (Apollo Client 3 sends that);
        # it asks for data, not for GraphiQL.
        if "extensions" in request.query_params:
            return False
        return super().should_render_graphql_ide(request)

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: ContextT,
        root_value: RootValueT | None,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        """Resolve persisted queries, then execute as Strawberry does."""
        if isinstance(request_data, GraphQLRequestData):
            try:
                request_data = resolve(request_data, self.persisted_queries)
            except PersistedQueryNotFound:
                # A cached miss would keep the client resending the text forever.
                sub_response.headers["Cache-Control"] = "no-store"
                return _failure(NOT_FOUND_MESSAGE, {"code": NOT_FOUND_CODE})
            except InputError as error:
                sub_response.status_code = 400
                sub_response.headers["Cache-Control"] = "no-store"
                return _failure(error.message, error.extensions)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )
