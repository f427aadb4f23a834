"""The compiled lane: POSTed reads answered from their compiled statement, before FastAPI.

Answering a compiled read inside Strawberry still cost about 2 ms a request around one cheap
statement: FastAPI's dependency solving, Strawberry's HTTP view and extensions, a session
with its pool checkout, ping, BEGIN and ROLLBACK. This ASGI layer sits inside every other
middleware (request IDs, logs and metrics, CORS, rate, size and time limits, GraphQL over
HTTP) and answers a POST it can fully answer with one statement through its own connections
(:mod:`api.graphql.compiled.readers`). Everything else goes on to Strawberry unchanged:
other methods, batches, persisted queries, anything that does not parse, validate or keep
within the query limits (Strawberry reports those), operations the compiler does not take,
database errors, and a null root (perhaps a merged author's slug).

What a request must pass before it runs here is what it passes in Strawberry: the same parser
with the same token limit, the same validation rules and the same query limits; the answer is
written as Strawberry writes it. In ``verify`` mode (the test suite) every answer made here is
compared with Strawberry's for the same request, which is then sent instead.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    GraphQLError,
    NamedTypeNode,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    specified_rules,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry import Schema
from strawberry.schema.schema import validate_document

from api.graphql.compiled.raw import raw_statement
from api.graphql.compiled.readers import READ_ERRORS, Reader
from api.graphql.compiled.statements import StatementCache
from api.http.asgi_body import read_body, replaying
from api.limits.extensions import QueryLimits
from api.observability.context import current_request
from api.observability.graphql import ANONYMOUS
from api.observability.middleware import route_of
from api.settings import Settings

log = logging.getLogger("papergraph.compiled")

# Query texts whose parse and validation are remembered, as Strawberry's own caches do.
CACHED_DOCUMENTS = 512
WARNING_INTERVAL_SECONDS = 60.0
_HEADERS = [(b"content-type", b"application/json")]


class _Route:
    """What the observability middleware reads the metrics label from (``path_format``)."""

    def __init__(self, path: str) -> None:
        self.path_format = path


class CompiledLane:
    """ASGI middleware answering compiled reads on ``path``; see the module's docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        schema: Schema,
        settings: Settings,
        reader: Reader,
        statements: StatementCache,
    ) -> None:
        self.app = app
        self.path = path
        self.schema = schema
        self.settings = settings
        self.reader = reader
        self.statements = statements
        self.verify = settings.compiled_reads == "verify"
        self.route = _Route(path)
        self._limits = QueryLimits(settings)
        self._documents: OrderedDict[str, DocumentNode | None] = OrderedDict()
        self._within_limits: OrderedDict[tuple[object, ...], bool] = OrderedDict()
        self._last_warning = -WARNING_INTERVAL_SECONDS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request here when it is a compiled read, else pass it on."""
        # The exact path: FastAPI redirects "/graphql/" (307), and so must that stay.
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive) or b""
        receive = replaying(body, receive)
        try:
            answer = await self._answer(body)
        except Exception as error:
            if self.verify and not isinstance(error, READ_ERRORS):
                raise  # the test suite must see the lane's own bugs
            # A failure of the lane (a database that refuses its connections, say) costs the
            # request nothing: the resolvers answer it, and meet the same failure if it is
            # theirs too. Said at most once a minute, so a lasting one does not flood the log.
            self._warn_failure()
            answer = None
        if answer is None:
            await self.app(scope, receive, send)
            return
        operation, response = answer
        if self.verify:
            await self._verified(scope, receive, send, (operation, response))
            return
        scope["route"] = self.route
        record = current_request.get()
        if record is not None:
            record.operation = operation
        await _send_json(send, response)

    async def _answer(self, body: bytes) -> tuple[str, bytes] | None:
        """The operation's name as logged and the response body, or None when Strawberry
        must answer."""
        request = _graphql_request(body)
        if request is None:
            return None
        text, operation_name, variables = request
        document = self._document(text)
        if document is None or not self._allowed(document, text, operation_name, variables):
            return None
        read = self.statements.read(
            self.schema,
            self.settings,
            self.reader.dialect_name,
            (document, text, operation_name, variables),
        )
        if read is None:
            return None
        raw = raw_statement(read.query, self.reader.dialect)
        if raw is None:
            return None
        result = await self.reader.text(raw.text, raw.values(read.parameters))
        if result is None:
            return None
        data = read.query.answer(orjson.loads(result))
        if any(value is None for key, value in data.items() if key != "__typename"):
            return None  # a root not found: perhaps a merged author's slug, which they follow
        return _logged_name(document, operation_name), orjson.dumps({"data": data})

    def _warn_failure(self) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARNING_INTERVAL_SECONDS:
            self._last_warning = now
            log.warning("compiled lane failed; the resolvers answered instead", exc_info=True)
        else:
            log.debug("compiled lane failed; the resolvers answered instead", exc_info=True)

    def _document(self, text: str) -> DocumentNode | None:
        """The parsed document when it parses and validates, else None; remembered."""
        if text in self._documents:
            self._documents.move_to_end(text)
            return self._documents[text]
        document: DocumentNode | None
        try:
            document = parse(text, max_tokens=self.settings.max_tokens)
        except GraphQLError:
            document = None
        if document is not None:
            schema = self.schema._schema
            if validate_document(schema, document, tuple(specified_rules)):
                document = None
        _remember(self._documents, text, document)
        return document

    def _allowed(
        self,
        document: DocumentNode,
        text: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> bool:
        """Whether the query limits let the operation run; remembered per costed values."""
        costed = _cost_key(document, variables)
        if costed is None:
            return False
        key = (text, operation_name, costed)
        if key not in self._within_limits:
            problems = self._limits.problems(
                self.schema._schema, document, operation_name, variables
            )
            _remember(self._within_limits, key, not problems)
        return self._within_limits[key]

    async def _verified(
        self, scope: Scope, receive: Receive, send: Send, answer: tuple[str, bytes]
    ) -> None:
        """Let Strawberry answer too; pass its answer on, or an error when the two differ.

        What the request logs and counts (operation name, route) is compared too.
        """
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, keep)
        record = current_request.get()
        start = messages[0] if messages else {}
        mine = (
            200,
            sorted(_headers(answer[1])),
            answer[0] if record else None,
            self.path,
            answer[1],
        )
        theirs = (
            start.get("status"),
            sorted(start.get("headers", [])),
            record.operation if record else None,
            route_of(scope),
            b"".join(m.get("body", b"") for m in messages[1:]),
        )
        if theirs != mine:
            difference = (
                f"the compiled lane's answer differs from Strawberry's: {mine!r} != {theirs!r}"
            )
            error = {"data": None, "errors": [{"message": difference}]}
            await _send_json(send, orjson.dumps(error))
            return
        for message in messages:
            await send(message)


def _logged_name(document: DocumentNode, given: str | None) -> str:
    """The operation's name as Strawberry reports it: given, else the document's own."""
    if given is not None:
        return given
    operation = get_operation_ast(document)
    name = operation.name if operation is not None else None
    return name.value if name is not None else ANONYMOUS


def _graphql_request(body: bytes) -> tuple[str, str | None, dict[str, Any] | None] | None:
    """(query, operation name, variables) of a plain request; None for anything else."""
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(request, dict) or request.get("extensions"):
        return None  # persisted queries and other extensions are Strawberry's
    text, operation_name = request.get("query"), request.get("operationName")
    variables = request.get("variables")
    if not isinstance(text, str) or not isinstance(operation_name, str | None):
        return None
    if not isinstance(variables, dict | None):
        return None
    return text, operation_name, variables


def _cost_key(document: DocumentNode, variables: dict[str, Any] | None) -> bytes | None:
    """The variables a query's cost may depend on: all but strings and IDs, as JSON."""
    values = variables or {}
    costed: dict[str, Any] = {}
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        for variable in definition.variable_definitions or ():
            kind: Any = variable.type
            while not isinstance(kind, NamedTypeNode):
                kind = kind.type  # through non-null and list wrappers
            name = variable.variable.name.value
            if kind.name.value not in ("String", "ID") and name in values:
                costed[name] = values[name]
    try:
        return orjson.dumps(costed, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    cache.move_to_end(key)
    if len(cache) > CACHED_DOCUMENTS:
        cache.popitem(last=False)


def _headers(body: bytes) -> list[tuple[bytes, bytes]]:
    """What Strawberry's JSON answer carries: its length and type."""
    return [(b"content-length", str(len(body)).encode()), *_HEADERS]


async def _send_json(send: Send, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": _headers(body)})
    await send({"type": "http.response.body", "body": body})
