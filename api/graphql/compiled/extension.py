"""Answer an operation from its compiled statement, or leave it to the resolvers.

Modes (``PAPERGRAPH_COMPILED_READS``): ``on`` answers every operation the compiler takes;
``off`` never compiles; ``verify`` runs both and turns any difference into an error, which is
how the test suite checks every query it sends against the resolvers on both backends.
"""

from __future__ import annotations

from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLError
from sqlalchemy.exc import SQLAlchemyError
from strawberry.extensions import SchemaExtension

from api.db import is_sqlite
from api.graphql.compiled.statements import Read, StatementCache
from api.graphql.context import Context


class CompiledReads(SchemaExtension):
    """Sets the operation's result from one SQL statement when the selection compiles."""

    def __init__(self, cache: StatementCache) -> None:
        super().__init__()
        self.cache = cache

    async def on_execute(self) -> Any:  # an async generator, as Strawberry's hooks may be
        context = self.execution_context
        request: Context = context.context
        mode = request.settings.compiled_reads
        read = None if mode == "off" else self._read(request)
        if read is None:
            yield
            return
        compiled = read.query
        statement = (
            compiled.statement.params(read.parameters) if read.parameters else compiled.statement
        )
        try:
            [(text,)] = await request.db.rows(statement)
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

    def _read(self, request: Context) -> Read | None:
        context = self.execution_context
        document = context.graphql_document
        if document is None or context.query is None:
            return None
        settings = request.settings
        dialect = "sqlite" if is_sqlite(settings.resolved_database_url) else "postgresql"
        request_data = (document, context.query, context.operation_name, context.variables)
        return self.cache.read(context.schema, settings, dialect, request_data)


def _needs_resolvers(data: dict[str, Any]) -> bool:
    # A root author not found by slug may be a merged author's slug, which the resolvers follow.
    return any(value is None for key, value in data.items() if key != "__typename")
