"""``papergraph restore``: a dump into an empty database, all in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, func
from sqlalchemy.exc import DBAPIError

from api import migrate
from api.backup.fileformat import BackupError, open_text
from api.backup.reader import DumpReader, Header, Row
from api.backup.tables import (
    MIGRATION_ROWS,
    dumped_columns,
    dumped_tables,
    has_alembic_table,
    rebuild_derived,
    reset_sequences,
    transaction,
)
from api.backup.values import BadValue, decode
from api.data_version import read_data_version
from api.models import data_version_table

_BATCH = 1_000


def _self_references(table: sa.Table) -> list[str]:
    return [key.parent.name for key in table.foreign_keys if key.column.table is table]


class TableWriter:
    """Inserts one table's rows in batches.

    Columns that point into the same table (a merged author pointing at the one it became)
    are inserted empty and set once every row exists, whatever order the rows come in.
    """

    def __init__(self, reader: DumpReader, connection: Connection, table: sa.Table) -> None:
        self.reader = reader
        self.connection = connection
        self.table = table
        self.columns = {column.name: column for column in dumped_columns(table)}
        self.self_references = _self_references(table)
        self.count = 0
        self._batch: list[dict[str, Any]] = []
        self._first_line = 0
        self._table_start = 0
        self._links: list[dict[str, Any]] = []

    def add(self, row: Row) -> None:
        """Check and decode one row, and insert the batch when it is full."""
        if set(row.values) != set(self.columns):
            missing = sorted(set(self.columns) - set(row.values))
            unknown = sorted(set(row.values) - set(self.columns))
            raise self.reader.error(
                row.number, f"table {self.table.name}: missing {missing}, unknown {unknown}"
            )
        try:
            values = {name: decode(value) for name, value in row.values.items()}
        except BadValue as error:
            raise self.reader.error(row.number, f"table {self.table.name}: {error}") from None
        links = {name: values[name] for name in self.self_references if values[name] is not None}
        if links:
            keys = {column.name: values[column.name] for column in self.table.primary_key}
            self._links.append({**{f"key_{k}": v for k, v in keys.items()}, **links})
            values.update(dict.fromkeys(links))
        if not self._batch:
            self._first_line = row.number
        if not self.count:
            self._table_start = row.number
        self._batch.append(values)
        self.count += 1
        if len(self._batch) >= _BATCH:
            self._flush(row.number)

    def _execute(self, statement: sa.Executable, rows: list[dict[str, Any]], lines: str) -> None:
        try:
            self.connection.execute(statement, rows)
        except DBAPIError as error:
            reason = next(iter(str(error.orig).splitlines()), type(error.orig).__name__)
            raise BackupError(
                f"{self.reader.path}:{lines}: table {self.table.name}: "
                f"the database refused these rows: {reason}"
            ) from None

    def _flush(self, last_line: int) -> None:
        if self._batch:
            self._execute(self.table.insert(), self._batch, f"{self._first_line}-{last_line}")
            self._batch.clear()

    def finish(self, last_line: int) -> None:
        """Insert what is left, then set the columns that point into this table."""
        self._flush(last_line)
        for name in self.self_references:
            links = [link for link in self._links if name in link]
            if not links:
                continue
            where = [
                column == sa.bindparam(f"key_{column.name}") for column in self.table.primary_key
            ]
            statement = self.table.update().where(*where).values({name: sa.bindparam(name)})
            self._execute(statement, links, f"{self._table_start}-{last_line}")


def _migrate_in(connection: Connection, header: Header, path: Path) -> None:
    """Bring a never-migrated database to the dump's revision, inside the same transaction."""
    head = migrate.head_revision()
    if header.revision != head:
        raise BackupError(
            f"{path} was dumped at schema revision {header.revision}, and this version of "
            f"Papergraph creates revision {head}: restore it with the version that wrote it, "
            "then upgrade with `papergraph migrate`"
        )
    config = migrate.alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _check_revision(connection: Connection, header: Header, path: Path) -> None:
    if not has_alembic_table(connection):
        _migrate_in(connection, header, path)
        return
    current = MigrationContext.configure(connection).get_current_revision()
    if current != header.revision:
        raise BackupError(
            f"{path} was dumped at schema revision {header.revision}, but the database is at "
            f"{current}: both must be the same (see `papergraph migrate`)"
        )


def _check_tables(header: Header, tables: list[sa.Table], path: Path) -> None:
    expected = [table.name for table in tables]
    if sorted(header.tables) != sorted(expected):
        raise BackupError(
            f"{path}:1: the dump has tables {sorted(header.tables)}, the database "
            f"{sorted(expected)}"
        )


def _rows_held(connection: Connection, tables: list[sa.Table]) -> dict[str, int]:
    counts = {
        table.name: connection.scalar(sa.select(func.count()).select_from(table)) or 0
        for table in tables
        if table.name not in MIGRATION_ROWS
    }
    return {name: count for name, count in counts.items() if count}


def _empty_tables(connection: Connection, tables: list[sa.Table], *, everything: bool) -> None:
    for table in reversed(tables):
        if not everything and table.name not in MIGRATION_ROWS:
            continue
        for name in _self_references(table):
            connection.execute(table.update().values({name: None}))
        connection.execute(table.delete())


def restore(engine: Engine, path: Path, *, replace: bool = False) -> dict[str, int]:
    """Load the dump at ``path``; returns the rows restored per table.

    Everything happens in one transaction: on any error the database is left as it was.
    A database that was never migrated is migrated first (in the same transaction).

    Args:
        engine: the database to restore into.
        path: a file written by ``dump`` (``.gz`` is read compressed).
        replace: delete everything the database holds first, instead of refusing unless
            it is empty. Caches then see a new data version.

    Raises:
        BackupError: the file is not a complete dump of this schema revision, the database
            is not empty (without ``replace``), or the database refused a row.
    """
    try:
        source = open_text(path, "r")
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror or error}") from None
    with source:
        reader = DumpReader(path, source)
        try:
            header = reader.header()
        except (UnicodeDecodeError, OSError) as error:
            raise BackupError(f"{path}: cannot be read as a dump ({error})") from None
        with transaction(engine, write=True) as connection:
            _check_revision(connection, header, path)
            tables = dumped_tables(connection)
            _check_tables(header, tables, path)
            held = _rows_held(connection, tables)
            if held and not replace:
                listing = ", ".join(f"{name}: {count}" for name, count in sorted(held.items()))
                raise BackupError(
                    f"the database is not empty ({listing} rows); restore into an empty "
                    "database, or pass --replace to delete its contents in the same transaction"
                )
            old_version = read_data_version(connection) if replace else 0
            _empty_tables(connection, tables, everything=replace)
            counts = _load_rows(reader, connection, tables)
            reset_sequences(connection, tables)
            rebuild_derived(connection)
            if replace:
                # Caches keyed by the data version must not take the restored data for
                # something they have seen.
                version = max(old_version, read_data_version(connection)) + 1
                connection.execute(sa.update(data_version_table).values(version=version))
    return counts


def _load_rows(
    reader: DumpReader, connection: Connection, tables: list[sa.Table]
) -> dict[str, int]:
    by_name = {table.name: table for table in tables}
    position = {table.name: index for index, table in enumerate(tables)}
    counts = dict.fromkeys(by_name, 0)
    writer: TableWriter | None = None
    last_line = 1
    try:
        for row in reader.rows():
            if writer is None or row.table != writer.table.name:
                table = by_name.get(row.table)
                if table is None:
                    raise reader.error(row.number, f"unknown table {row.table!r}")
                if writer is not None:
                    # Parents before children, each table once: what dump writes.
                    if position[row.table] < position[writer.table.name]:
                        raise reader.error(
                            row.number,
                            f"rows of {row.table} come after rows of {writer.table.name}; "
                            "a dump lists each table once, parents first",
                        )
                    writer.finish(last_line)
                    counts[writer.table.name] = writer.count
                writer = TableWriter(reader, connection, table)
            writer.add(row)
            last_line = row.number
        if writer is not None:
            writer.finish(last_line)
            counts[writer.table.name] = writer.count
    except (UnicodeDecodeError, OSError, EOFError) as error:
        raise BackupError(f"{reader.path}: cannot be read as a dump ({error})") from None
    if reader.end != counts:
        raise BackupError(
            f"{reader.path}: the end line counts {reader.end} rows, the file holds {counts}"
        )
    return counts
