"""FastAPI glue for the GraphQL schema: one session per request, closed when it ends."""

# No ``from __future__ import annotations`` here: FastAPI reads the dependency annotation at
# runtime, and a postponed one naming the local ``session`` could not be resolved.
from collections.abc import AsyncIterator
from typing import Annotated

import strawberry
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.fastapi import BaseContext, GraphQLRouter

from api.graphql.context import Context, build_context
from api.settings import Settings


class _RequestContext(BaseContext, Context):
    """The GraphQL context with the request attached, as Strawberry's router requires."""

    def __init__(self, context: Context) -> None:
        BaseContext.__init__(self)
        Context.__init__(self, db=context.db, settings=context.settings, loaders=context.loaders)


def graphql_router(
    schema: strawberry.Schema, sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> GraphQLRouter[_RequestContext, None]:
    """The ``/graphql`` route: GraphiQL outside production, queries by GET and POST."""

    async def session() -> AsyncIterator[AsyncSession]:
        async with sessions() as opened:
            yield opened

    async def context(opened: Annotated[AsyncSession, Depends(session)]) -> _RequestContext:
        return _RequestContext(build_context(opened, settings))

    return GraphQLRouter(
        schema,
        context_getter=context,
        graphql_ide=None if settings.env == "production" else "graphiql",
    )
