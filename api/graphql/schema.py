"""The schema object, with the extensions every request goes through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache

from api.graphql.compiled.extension import CompiledReads
from api.graphql.compiled.statements import StatementCache
from api.graphql.masking import MaskErrorsWithRequestId
from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.graphql.types import Author, Paper
from api.limits.extensions import limit_extensions
from api.observability.graphql import OperationRecorder
from api.settings import Settings


def build_schema(
    settings: Settings | None = None, *, statements: StatementCache | None = None
) -> strawberry.Schema:
    """The Papergraph schema; built on demand so importing this module does no work.

    ``settings`` set the request limits; the SDL is the same whatever they are. ``statements``
    holds compiled reads, shared with the compiled lane when the app has one.
    """
    statements = statements or StatementCache()
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Paper, Author],
        extensions=[
            MaskErrorsWithRequestId,
            # After MaskErrors in the list, so it runs first on the way out and sees real errors.
            OperationRecorder,
            *limit_extensions(settings or Settings()),
            # After the limits, so a document they refuse is never validated.
            lambda: _ParserCache(maxsize=_CACHED_DOCUMENTS),
            lambda: _ValidationCache(maxsize=_CACHED_DOCUMENTS),
            lambda: CompiledReads(statements),
        ],
    )


# Clients send the same few query texts again and again (with other variables): each is
# parsed and validated once per process, which saves a few milliseconds a request.
_CACHED_DOCUMENTS = 512


class _ParserCache(ParserCache):
    """Strawberry's parser cache, except that a syntax error is reported as without it.

    Raised from the extension, the error would bypass the path that records it in
    ``pre_execution_errors``, where metrics and logs look for it.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        # On a syntax error Strawberry parses the text itself and reports it the usual way.
        with suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield


class _ValidationCache(ValidationCache):
    """Strawberry's validation cache, except that a refusal made before it (limits) stands."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors is not None:
            yield
            return
        yield from super().on_validate()
