"""``papergraph authors``: find duplicate authors, merge and unmerge them, set ORCID iDs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api import migrate as migrations
from api.db import create_sync_engine, sync_session_factory
from api.errors import InputError
from api.identity.duplicates import describe, duplicate_candidates
from api.identity.identifiers import set_orcid
from api.identity.merge import merge_authors, unmerge_author
from api.settings import get_settings

app = typer.Typer(
    help="Find duplicate authors, merge and unmerge them, set ORCID iDs.", no_args_is_help=True
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


def _engine() -> Engine:
    engine = create_sync_engine(get_settings().resolved_database_url)
    if migrations.current_revision(engine) != migrations.head_revision():
        errors.print("the database is not migrated to the newest schema; run `papergraph migrate`")
        raise typer.Exit(1)
    return engine


def _in_transaction(action: Callable[[Session], T]) -> T:
    """Run ``action`` in one transaction; bad input rolls it all back and exits with 1."""
    with sync_session_factory(_engine())() as session:
        try:
            result = action(session)
        except InputError as error:
            session.rollback()
            errors.print(f"[red]error:[/red] {error.message}", highlight=False)
            errors.print("nothing was changed")
            raise typer.Exit(1) from None
        session.commit()
        return result


@app.command()
def duplicates(
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many pairs.")] = 50,
    min_score: Annotated[
        float, typer.Option(min=0, max=1, help="Leave out pairs scoring below this.")
    ] = 0.0,
) -> None:
    """List pairs of authors who may be one person, with the evidence; merges nothing."""
    found = _in_transaction(
        lambda session: duplicate_candidates(session, limit=limit, min_score=min_score)
    )
    if not found:
        console.print("no candidate duplicates")
        return
    table = Table(title="candidate duplicates, likeliest first", show_lines=True)
    for heading in ("#", "score", "keep", "drop", "evidence"):
        table.add_column(heading)
    for number, candidate in enumerate(found, start=1):
        keep, drop = candidate.keep, candidate.drop
        table.add_row(
            str(number),
            f"{candidate.score:.2f}",
            f"{keep.name}\n{keep.slug}, {keep.paper_count} papers",
            f"{drop.name}\n{drop.slug}, {drop.paper_count} papers",
            "\n".join(describe(candidate)),
        )
    console.print(table)
    # Whole lines, never wrapped, so they can be copied.
    console.print("to merge a pair after checking it:")
    for number, candidate in enumerate(found, start=1):
        command = f"papergraph authors merge {candidate.keep.slug} {candidate.drop.slug}"
        console.print(f"  #{number}: {command}", highlight=False, soft_wrap=True)


@app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="Slug or id of the author to keep.")],
    drop: Annotated[str, typer.Argument(help="Slug or id of the author merged into KEEP.")],
) -> None:
    """Merge DROP into KEEP: authorships, spellings and ORCID iD move, in one transaction."""
    report = _in_transaction(lambda session: merge_authors(session, keep, drop))
    orcid = ", ORCID iD moved" if report.orcid_moved else ""
    console.print(
        f"merged '{report.dropped_slug}' into '{report.keep_slug}': {report.papers} papers, "
        f"{report.collapsed} duplicate authorships removed, {report.spellings} spellings{orcid}",
        highlight=False,
    )
    console.print(f"undo with: papergraph authors unmerge {report.dropped_slug}", highlight=False)


@app.command()
def unmerge(
    author: Annotated[str, typer.Argument(help="Slug or id the merged author had.")],
) -> None:
    """Undo a merge exactly: the merged author and everything that moved come back."""
    report = _in_transaction(lambda session: unmerge_author(session, author))
    console.print(
        f"restored '{report.restored_slug}' from '{report.keep_slug}': {report.papers} papers",
        highlight=False,
    )


@app.command("set-orcid")
def set_orcid_command(
    author: Annotated[str, typer.Argument(help="Slug or id of the author.")],
    orcid: Annotated[
        str, typer.Argument(help="The iD, as 0000-0002-1825-0097 or its https://orcid.org/ URL.")
    ],
) -> None:
    """Set an author's ORCID iD; it is checked by its check digit first."""
    stored = _in_transaction(lambda session: set_orcid(session, author, orcid))
    console.print(f"'{author}' has ORCID iD {stored}", highlight=False)
