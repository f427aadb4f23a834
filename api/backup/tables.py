"""What a dump holds: every model table in dependency order, minus what the database derives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, inspect
from sqlmodel import SQLModel

import api.models  # noqa: F401  (registers the tables on the metadata)
from api.db import is_sqlite

# Tables whose rows the migrations create: a fresh database has them, so they do not make
# it "non-empty", and restore replaces them with the dump's rows.
MIGRATION_ROWS = frozenset({"data_version"})
# content='paper' in an FTS5 definition: the index mirrors that table (content='' has none).
_EXTERNAL_CONTENT = re.compile(r"content\s*=\s*(['\"]?)(?P<table>\w*)\1", re.IGNORECASE)


def _sqlite_virtual_tables(connection: Connection) -> set[str]:
    rows = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    )
    return {name for (name,) in rows}


def dumped_tables(connection: Connection) -> list[sa.Table]:
    """The model tables in dependency order (parents first), without derived ones.

    A full-text index kept as an SQLite virtual table is derived: triggers or a rebuild keep
    it in step with its content table, so it is neither dumped nor restored.
    """
    derived = _sqlite_virtual_tables(connection) if is_sqlite(connection.engine.url) else set()
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in derived]


def dumped_columns(table: sa.Table) -> list[sa.Column[object]]:
    """The columns a dump stores: all but those the database computes itself."""
    return [column for column in table.columns if column.computed is None]


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction that sees a single snapshot, and for writes holds the write lock.

    pysqlite would begin only at the first write, so on SQLite the transaction is begun by
    hand (``BEGIN IMMEDIATE`` to write); PostgreSQL gets REPEATABLE READ to read a stable
    snapshot and SERIALIZABLE to write, so a concurrent writer fails rather than interleaves.
    """
    if is_sqlite(engine.url):
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield connection
            except BaseException:
                connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT" if write else "ROLLBACK")
        return
    isolation = "SERIALIZABLE" if write else "REPEATABLE READ"
    with engine.connect() as connection:
        connection = connection.execution_options(
            isolation_level=isolation, postgresql_readonly=not write
        )
        with connection.begin():
            yield connection


def reset_sequences(connection: Connection, tables: list[sa.Table]) -> None:
    """Move PostgreSQL's id sequences past the restored ids, so new rows do not collide.

    SQLite needs nothing: a rowid key continues from the largest one present.
    """
    if is_sqlite(connection.engine.url):
        return
    quote = connection.dialect.identifier_preparer
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            name, key = quote.format_table(table), quote.quote(column.name)
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', '{column.name}'), "
                f"COALESCE(MAX({key}), 0) + 1, false) FROM {name}"
            )


def rebuild_derived(connection: Connection) -> None:
    """Rebuild SQLite full-text indexes that mirror a content table, after rows were bulk-written.

    PostgreSQL keeps its derived data (generated columns, triggers) in step by itself.
    """
    if not is_sqlite(connection.engine.url):
        return
    for name in sorted(_sqlite_virtual_tables(connection)):
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
        ).scalar_one()
        content = _EXTERNAL_CONTENT.search(sql)
        if "fts5" in sql.lower() and content and content.group("table"):
            quoted = connection.dialect.identifier_preparer.quote(name)
            connection.exec_driver_sql(f"INSERT INTO {quoted}({quoted}) VALUES ('rebuild')")


def has_alembic_table(connection: Connection) -> bool:
    """Whether the database was ever migrated."""
    return inspect(connection).has_table("alembic_version")
