"""Alembic environment: the URL comes from the app's settings, or from the caller's connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from api.db import create_sync_engine, is_sqlite
from api.migrate import include_in_autogenerate
from api.models import SQLModel
from api.settings import get_settings

target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # The search index (FTS5 tables, tsvector table) is built by hand, not from models.
        include_name=include_in_autogenerate,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=is_sqlite(connection.engine.url),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the connection the caller passed in (tests, ``papergraph migrate``), else settings."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_sync_engine(get_settings().resolved_database_url)
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
run_migrations_online()
