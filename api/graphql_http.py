"""FastAPI glue for the GraphQL schema: one session per request, closed when it ends.

Reads run on the session and are never committed: closing it rolls back. Each mutation field
is one transaction of its own, committed when the field succeeds and rolled back when it fails
(``api.graphql.mutations.transaction``); the session outlives them and closes as for a read.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the dependency annotation at
# runtime, and a postponed one naming the local ``session`` could not be resolved.
from collections.abc import AsyncIterator
from typing import Annotated

import strawberry
from fastapi import Depends, Header
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.fastapi import BaseContext

from api.auth.tokens import bearer_token
from api.graphql.context import Context, build_context
from api.http.persisted_queries import PersistedQueryRouter, QueryStore
from api.limits.release import release
from api.settings import Settings


class _RequestContext(BaseContext, Context):
    """The GraphQL context with the request attached, as Strawberry's router requires."""

    def __init__(self, context: Context) -> None:
        BaseContext.__init__(self)
        Context.__init__(
            self,
            db=context.db,
            settings=context.settings,
            loaders=context.loaders,
            bearer_token=context.bearer_token,
        )


def graphql_router(
    schema: strawberry.Schema, sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> PersistedQueryRouter[_RequestContext, None]:
    """The ``/graphql`` route: GraphiQL outside production, queries by GET and POST.

    Automatic persisted queries are answered in front of execution (``api.http.persisted_queries``).
    """

    async def session() -> AsyncIterator[AsyncSession]:
        async with sessions() as opened:
            yield opened

    async def context(
        opened: Annotated[AsyncSession, Depends(session)],
        authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    ) -> AsyncIterator[_RequestContext]:
        token = bearer_token(authorization)
        request_context = _RequestContext(build_context(opened, settings, bearer_token=token))
        try:
            yield request_context
            # A field that failed cancelled its siblings, whose statements still run to their
            # end (api.graphql.context.GuardedSession); the session closes after them.
            await request_context.db.settle()
        except BaseException:
            # Failed or stopped (api.limits.timeout): a DataLoader task may still be using the
            # session; let it finish before the session closes.
            await release(request_context.db)
            raise

    return PersistedQueryRouter(
        schema,
        context_getter=context,
        graphql_ide=None if settings.env == "production" else "graphiql",
        persisted_queries=QueryStore(capacity=settings.persisted_query_cache_size),
    )
