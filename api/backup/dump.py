"""``papergraph dump``: every row of every table, written from one consistent snapshot."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine

from api.backup.fileformat import BackupError, header, line, open_text
from api.backup.tables import dumped_columns, dumped_tables, has_alembic_table, transaction
from api.backup.values import encode

_BATCH = 1_000


def _write_rows(connection: Connection, table: sa.Table, write: Callable[[str], object]) -> int:
    columns = dumped_columns(table)
    # Primary-key order makes two dumps of the same data the same file.
    order = list(table.primary_key.columns) or columns
    result = connection.execution_options(yield_per=_BATCH).execute(
        sa.select(*columns).order_by(*order)
    )
    count = 0
    for row in result:
        values = {
            column.name: encode(value, column) for column, value in zip(columns, row, strict=True)
        }
        write(line({"table": str(table.name), "row": values}))
        count += 1
    return count


def dump(engine: Engine, path: Path) -> dict[str, int]:
    """Write the whole database to ``path``; returns the rows written per table.

    The file appears only once complete: it is written beside ``path`` and then renamed.

    Raises:
        BackupError: the database was never migrated, or ``path`` cannot be written.
    """
    partial = path.with_name(f"{path.name}.partial")
    counts: dict[str, int] = {}
    with transaction(engine, write=False) as connection:
        if not has_alembic_table(connection):
            raise BackupError("the database was never migrated: there is nothing to dump")
        tables = dumped_tables(connection)
        try:
            out = open_text(partial, "w", like=path)
        except OSError as error:
            raise BackupError(f"cannot write {path}: {error.strerror}") from None
        try:
            with out:
                out.write(
                    header(
                        revision=MigrationContext.configure(connection).get_current_revision(),
                        backend=engine.url.get_backend_name(),
                        tables=[str(table.name) for table in tables],
                        dumped_at=datetime.now(UTC).isoformat(),
                    )
                )
                for table in tables:
                    counts[str(table.name)] = _write_rows(connection, table, out.write)
                out.write(line({"end": counts}))
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise BackupError(f"cannot write {path}: {error.strerror or error}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
    return counts
