"""Whole-database snapshots, to prove a failed or dry-run import wrote nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from api.models import Author, Authorship, Paper


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the main tables, in primary-key order."""
    with engine.connect() as connection:
        return {
            model.__tablename__: [  # type: ignore[misc]
                tuple(row)
                for row in connection.execute(
                    select(model.__table__).order_by(*model.__table__.primary_key.columns)  # type: ignore[attr-defined]
                )
            ]
            for model in (Paper, Author, Authorship)
        }
