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
    from api.graphql.loaders import Loaders


@dataclass(slots=True)
class GuardedSession:
    """An AsyncSession that runs one statement at a time.

    Resolvers run concurrently and an AsyncSession may not; the lock makes them take turns.
    """

    session: AsyncSession
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    statements: int = 0

    async def rows(self, statement: Executable) -> Sequence[Any]:
        """All rows of ``statement``."""
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


def build_context(session: AsyncSession, settings: Settings) -> Context:
    """A context for one request; loaders are new each time so nothing is cached across users."""
    from api.graphql.loaders import Loaders

    db = GuardedSession(session)
    return Context(db=db, settings=settings, loaders=Loaders.for_session(db))
