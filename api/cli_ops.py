"""``papergraph dump`` and ``papergraph restore``: backups as JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.backup.dump import dump as dump_database
from api.backup.fileformat import BackupError
from api.backup.restore import restore as restore_database
from api.db import create_sync_engine
from api.settings import get_settings

console = Console(soft_wrap=True)
# Not wrapped, so "file:line: message" stays on one line for tools to read.
errors = Console(stderr=True, soft_wrap=True)


def _counts_line(counts: dict[str, int]) -> str:
    tables = ", ".join(f"{count:,} {table}" for table, count in counts.items() if count)
    return f"{sum(counts.values()):,} rows ({tables or 'every table empty'})"


def dump(
    file: Annotated[Path, typer.Argument(help="Where to write (.jsonl, or .jsonl.gz).")],
) -> None:
    """Write every row of the database to FILE, from one consistent snapshot."""
    engine = create_sync_engine(get_settings().resolved_database_url)
    try:
        counts = dump_database(engine, file)
    except BackupError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(f"dumped {_counts_line(counts)} to {file}", highlight=False)


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `papergraph dump`.")],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Delete everything in the database first (same transaction), "
            "instead of refusing a database that holds data.",
        ),
    ] = False,
) -> None:
    """Load FILE into an empty database (migrated first if need be), in one transaction."""
    engine = create_sync_engine(get_settings().resolved_database_url)
    try:
        counts = restore_database(engine, file, replace=replace)
    except BackupError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        errors.print("nothing was restored")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(f"restored {_counts_line(counts)} from {file}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the backup commands to the ``papergraph`` command line."""
    app.command()(dump)
    app.command()(restore)
