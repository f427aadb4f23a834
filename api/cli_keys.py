"""``papergraph keys create | list | revoke``: the API keys curators write with."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Engine

from api import migrate as migrations
from api.auth.keys import ApiKeyError, create_api_key, list_api_keys, revoke_api_key
from api.db import create_sync_engine, sync_session_factory
from api.settings import get_settings

keys_app = typer.Typer(
    help="API keys: mutations need one, sent as 'Authorization: Bearer KEY'.",
    no_args_is_help=True,
)
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _migrated_engine() -> Engine:
    engine = create_sync_engine(get_settings().resolved_database_url)
    if migrations.current_revision(engine) != migrations.head_revision():
        errors.print("the database is not at the newest schema; run `papergraph migrate` first")
        raise typer.Exit(1)
    return engine


def _fail(error: ApiKeyError) -> typer.Exit:
    # Names are the user's text: shown as written, never read as markup.
    errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
    return typer.Exit(1)


@keys_app.command()
def create(
    name: Annotated[
        str, typer.Option("--name", help="Who or what uses the key, e.g. 'lab-website-sync'.")
    ],
) -> None:
    """Make a key and print it once, alone on the last line; only its hash is stored."""
    engine = _migrated_engine()
    try:
        with sync_session_factory(engine).begin() as session:
            created = create_api_key(session, name=name)
    except ApiKeyError as error:
        raise _fail(error) from None
    finally:
        engine.dispose()
    console.print(
        f"created key {created.record.name!r} ({created.record.key_prefix}…); "
        "it is shown this once and cannot be recovered:",
        highlight=False,
        markup=False,
    )
    # Plain output, never wrapped or styled, so `| tail -n 1` captures exactly the key.
    typer.echo(created.key)


@keys_app.command("list")
def list_keys() -> None:
    """Show every key: name, prefix, when it was created and last used, and if it is revoked."""
    engine = _migrated_engine()
    try:
        with sync_session_factory(engine)() as session:
            keys = list_api_keys(session)
    finally:
        engine.dispose()
    if not keys:
        console.print("no API keys yet; make one with `papergraph keys create --name NAME`")
        return
    rows = [("name", "prefix", "created", "last used", "revoked")]
    rows += [
        (
            key.name,
            f"{key.key_prefix}…",
            _when(key.created_at),
            _when(key.last_used_at, never="never"),
            _when(key.revoked_at, never="-"),
        )
        for key in keys
    ]
    # Plain aligned columns, never cut to the terminal's width, so scripts can read them.
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        typer.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


@keys_app.command()
def revoke(
    name_or_prefix: Annotated[
        str,
        typer.Argument(
            help="The key's name, its prefix as `keys list` shows it, or the key itself.",
            show_default=False,
        ),
    ],
) -> None:
    """Revoke a key: requests sending it are refused from now on."""
    engine = _migrated_engine()
    try:
        with sync_session_factory(engine).begin() as session:
            revoked = revoke_api_key(session, name_or_prefix)
    except ApiKeyError as error:
        raise _fail(error) from None
    finally:
        engine.dispose()
    console.print(
        f"revoked key {revoked.name!r} ({revoked.key_prefix}…)", highlight=False, markup=False
    )


def _when(moment: datetime | None, *, never: str = "") -> str:
    if moment is None:
        return never
    # SQLite hands back naive datetimes; the database writes them in UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
