"""Answer an operation from its compiled statement, or leave it to the resolvers.

Modes (``PAPERGRAPH_COMPILED_READS``): ``on`` answers every operation the compiler takes;
``off`` never compiles; ``verify`` runs both and turns any difference into an error, which is
how the test suite checks every query it sends against the resolvers on both backends.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLError
from sqlalchemy.exc import SQLAlchemyError
from strawberry.extensions import SchemaExtension

from api.db import is_sqlite
from api.graphql.compiled.json_sql import json_sql
from api.graphql.compiled.selection import CompiledQuery, Compiler, Unsupported
from api.graphql.context import Context


class StatementCache:
    """Compiled statements by query text, operation and variables, most recent kept.

    Building a statement costs about a millisecond for an author page, as much as running it;
    clients repeat the same few queries with the same few variables. None is kept too: an
    operation that does not compile is not tried again.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[object, ...], CompiledQuery | None] = OrderedDict()

    def get(
        self, key: tuple[object, ...], build: Callable[[], CompiledQuery | None]
    ) -> CompiledQuery | None:
        """The statement under ``key``, built (and kept) when missing."""
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        statement = build()
        self._entries[key] = statement
        if len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return statement


class CompiledReads(SchemaExtension):
    """Sets the operation's result from one SQL statement when the selection compiles."""

    def __init__(self, cache: StatementCache) -> None:
        super().__init__()
        self.cache = cache

    async def on_execute(self) -> Any:  # an async generator, as Strawberry's hooks may be
        context = self.execution_context
        request: Context = context.context
        mode = request.settings.compiled_reads
        compiled = None if mode == "off" else self._compiled(request)
        if compiled is None:
            yield
            return
        try:
            [(text,)] = await request.db.rows(compiled.statement)
        except SQLAlchemyError:
            # Whatever failed, the resolvers meet it too and report it the usual way (masked);
            # on PostgreSQL the failed statement has ended the transaction, so start another.
            await request.db.session.rollback()
            yield
            return
        data = compiled.answer(orjson.loads(text))
        if _needs_resolvers(data):
            yield
            return
        if mode == "on":
            context.result = ExecutionResult(data=data)
            yield
            return
        yield
        result = context.result
        if (
            isinstance(result, ExecutionResult)
            and not result.errors
            # Compared as written, so key order counts too.
            and orjson.dumps(result.data) != orjson.dumps(data)
        ):
            message = f"compiled answer differs from the resolvers': {data!r} != {result.data!r}"
            context.result = ExecutionResult(data=None, errors=[GraphQLError(message)])

    def _compiled(self, request: Context) -> CompiledQuery | None:
        context = self.execution_context
        document = context.graphql_document
        if document is None or context.query is None:
            return None
        settings = request.settings
        dialect = "sqlite" if is_sqlite(settings.resolved_database_url) else "postgresql"
        try:
            variables = orjson.dumps(context.variables or {}, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            return None
        key = (
            context.query,
            context.operation_name,
            variables,
            dialect,
            settings.default_page_size,
            settings.max_page_size,
        )

        def build() -> CompiledQuery | None:
            compiler = Compiler(context.schema, settings, json_sql(dialect))
            try:
                return compiler.compile(document, context.operation_name, context.variables)
            except Unsupported:
                return None

        return self.cache.get(key, build)


def _needs_resolvers(data: dict[str, Any]) -> bool:
    # A root author not found by slug may be a merged author's slug, which the resolvers follow.
    return any(value is None for key, value in data.items() if key != "__typename")
