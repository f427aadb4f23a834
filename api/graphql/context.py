"""The per-request context: one database session, guarded, and the request's loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncSession

from api.settings import Settings

if TYPE_CHECKING:
    from api.auth.keys import ApiKeyRecord
    from api.graphql.loaders import Loaders


@dataclass(slots=True)
class GuardedSession:
    """An AsyncSession that runs one statement at a time, each to its end.

    Resolvers run concurrently and an AsyncSession may not; the lock makes them take turns.
    When one field fails, GraphQL cancels its siblings; a statement cancelled half-way would
    leave the connection broken for the rest of the request, so each runs shielded, holding the
    lock until it is done, and a cancelled caller just stops waiting for it.
    """

    session: AsyncSession
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    statements: int = 0

    async def rows(self, statement: Executable) -> Sequence[Any]:
        """All rows of ``statement``."""
        return await asyncio.shield(self._run(statement))

    async def settle(self) -> None:
        """Wait until no statement is running, so the session may be closed."""
        async with self.lock:
            pass

    async def _run(self, statement: Executable) -> Sequence[Any]:
        async with self.lock:
            self.statements += 1
            result = await self.session.execute(statement)
            return result.all()


@dataclass
class Context:
    """What every resolver can reach through ``info.context``."""

    db: GuardedSession
    settings: Settings
    loaders: Loaders
    # The request's "Authorization: Bearer" token; only mutations look at it.
    bearer_token: str | None = None
    # The key the token names, once the first mutation has looked: one lookup per request.
    api_key: ApiKeyRecord | None = None
    api_key_checked: bool = False


def build_context(
    session: AsyncSession, settings: Settings, *, bearer_token: str | None = None
) -> Context:
    """A context for one request; loaders are new each time so nothing is cached across users."""
    from api.graphql.loaders import Loaders

    db = GuardedSession(session)
    return Context(
        db=db, settings=settings, loaders=Loaders.for_session(db), bearer_token=bearer_token
    )
