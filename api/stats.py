"""Row counts of the main tables, for ``papergraph stats`` and the seeding decision in ``serve``."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from api.models import Author, Authorship, Paper


def table_counts(engine: Engine) -> dict[str, int]:
    """Papers, authors and authorships stored."""
    with engine.connect() as connection:
        return {
            table.__tablename__: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in (Paper, Author, Authorship)
        }
