"""The data version: a counter every write path bumps, so caches know when to forget."""

from __future__ import annotations

from sqlalchemy import Connection, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.models import data_version_table

_BUMP = update(data_version_table).values(
    version=data_version_table.c.version + 1, updated_at=func.now()
)
_READ = select(data_version_table.c.version)


def bump_data_version(session: Session) -> None:
    """Count one more change; call inside the transaction that writes."""
    session.execute(_BUMP)


def read_data_version(connection: Connection | Session) -> int:
    """The current data version."""
    return int(connection.execute(_READ).scalar_one())


async def read_data_version_async(session: AsyncSession) -> int:
    """The current data version, from an async session."""
    return int((await session.execute(_READ)).scalar_one())
