"""The ``papergraph`` command line; it calls into the modules beside it, never the reverse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from api import migrate as migrations
from api.cli_authors import app as authors_app
from api.cli_groups import groups_app
from api.cli_keys import keys_app
from api.cli_ops import register as register_backup_commands
from api.db import create_sync_engine
from api.ingest.load import ImportSummary
from api.ingest.service import import_papers, parse_files
from api.ingest.sources import SourceError, SourceFormat
from api.settings import get_settings
from api.stats import table_counts

app = typer.Typer(help="Papergraph: publication metadata as a GraphQL API.", no_args_is_help=True)
console = Console()
# Errors are never wrapped: a path and line number must stay on one line for tools to read.
errors = Console(stderr=True, soft_wrap=True)


@app.callback()
def _settings_first() -> None:
    # A bad PAPERGRAPH_* value is the operator's to fix: say which, without a traceback.
    try:
        get_settings()
    except ValidationError as error:
        for problem in error.errors():
            where = "_".join(str(part) for part in problem["loc"]).upper()
            name = f"PAPERGRAPH_{where}: " if where else ""
            message = problem["msg"].removeprefix("Value error, ")
            errors.print(f"[red]error:[/red] {name}{message}", highlight=False)
        raise typer.Exit(2) from None


def _engine() -> Engine:
    return create_sync_engine(get_settings().resolved_database_url)


@app.command()
def migrate(
    seed_if_empty: Annotated[
        bool,
        typer.Option(
            "--seed-if-empty", help="Then import the seeds folder if the database has no papers."
        ),
    ] = False,
) -> None:
    """Migrate the database to the newest schema."""
    engine = _engine()
    if seed_if_empty:
        from api.serve import prepare_database

        seeded = prepare_database(get_settings())
        if seeded is not None:
            console.print(_summary_line(seeded, dry_run=False), highlight=False)
    else:
        migrations.upgrade(engine)
    console.print(f"database at revision {migrations.current_revision(engine)}")


@app.command()
def seed(
    paths: Annotated[
        list[Path], typer.Argument(help="Listing files to import.", show_default=False)
    ],
    source_format: Annotated[
        SourceFormat, typer.Option("--format", help="Source format; auto detects by extension.")
    ] = SourceFormat.AUTO,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
) -> None:
    """Import publication listings: all files in one transaction, idempotent on re-import."""
    try:
        papers = parse_files(paths, source_format)
    except SourceError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        errors.print("nothing was imported")
        raise typer.Exit(1) from None
    engine = _engine()
    migrations.upgrade(engine)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=len(papers) < 5_000,
    ) as bar:
        task = bar.add_task("importing", total=len(papers))
        summary = import_papers(
            engine, papers, dry_run=dry_run, progress=lambda n: bar.advance(task, n)
        )
    console.print(_summary_table(summary, dry_run=dry_run))
    console.print(_summary_line(summary, dry_run=dry_run), highlight=False)


def _summary_table(summary: ImportSummary, *, dry_run: bool) -> Table:
    table = Table(title="would import (dry run)" if dry_run else "imported")
    table.add_column("")
    for heading in ("new", "updated", "unchanged", "reused"):
        table.add_column(heading, justify="right")
    table.add_row(
        "papers",
        str(summary.papers_new),
        str(summary.papers_updated),
        str(summary.papers_unchanged),
        "",
    )
    table.add_row("authors", str(summary.authors_new), "", "", str(summary.authors_reused))
    return table


def _summary_line(summary: ImportSummary, *, dry_run: bool) -> str:
    prefix = "dry run, nothing written: " if dry_run else ""
    return (
        f"{prefix}{summary.papers_new} new, {summary.papers_updated} updated, "
        f"{summary.papers_unchanged} unchanged papers; {summary.authors_new} new authors"
    )


@app.command()
def stats() -> None:
    """Count the papers, authors and authorships stored."""
    engine = _engine()
    if migrations.current_revision(engine) is None:
        errors.print("the database is empty and not migrated; run `papergraph migrate`")
        raise typer.Exit(1)
    for table, count in table_counts(engine).items():
        console.print(f"{table:<12} {count:>9,}")


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind [default: 127.0.0.1].")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on [default: 8000].")] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes [default: 1].")
    ] = None,
    prepare: Annotated[
        bool,
        typer.Option(
            help="Migrate and seed an empty database first; off when `migrate` ran already."
        ),
    ] = True,
) -> None:
    """Migrate, import seeds/ into an empty database, and serve the API."""
    from api.serve import prepare_database, run_server

    given = {"host": host, "port": port, "workers": workers}
    overrides = {key: value for key, value in given.items() if value}
    settings = get_settings().model_copy(update=overrides)
    address = f"http://{settings.host}:{settings.port}/graphql"
    if prepare:
        seeded = prepare_database(settings)
        if seeded is not None:
            console.print(_summary_line(seeded, dry_run=False), highlight=False)
        counts = table_counts(_engine())
        address = f"{counts['paper']:,} papers by {counts['author']:,} authors at {address}"
    # Without --prepare the database may not be up yet; /readyz reports when it is.
    console.print(f"serving {address}", highlight=False)
    run_server(settings, reload=reload, workers=settings.workers)


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL); `make schema` writes it to schema.graphql."""
    from api.graphql.schema import build_schema

    typer.echo(build_schema().as_str())


register_backup_commands(app)
app.add_typer(keys_app, name="keys")
app.add_typer(groups_app, name="groups")
app.add_typer(authors_app, name="authors")

if __name__ == "__main__":
    app()
