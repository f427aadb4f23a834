"""Whole-database snapshots, to prove a failed or dry-run write changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from api.models import SQLModel


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the models declare, in primary-key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in SQLModel.metadata.sorted_tables
        }
