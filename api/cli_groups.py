"""``papergraph groups create | add | remove | delete | list``: labs and who was in them when."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from api import migrate as migrations
from api.db import create_sync_engine, sync_session_factory
from api.errors import InputError
from api.groups import service
from api.groups.rules import DEFAULT_ROLE, describe_period
from api.reads.groups import MembershipRecord
from api.settings import get_settings

groups_app = typer.Typer(
    help="Groups (labs): their publications are their members' papers from their years there.",
    no_args_is_help=True,
)
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


@contextmanager
def _session() -> Iterator[Session]:
    # One transaction per command: a rejected command writes nothing.
    engine = create_sync_engine(get_settings().resolved_database_url)
    try:
        migrations.upgrade(engine)
        with sync_session_factory(engine).begin() as session:
            yield session
    finally:
        engine.dispose()


def _run(action: Callable[[Session], T]) -> T:
    try:
        with _session() as session:
            return action(session)
    except InputError as error:
        errors.print(f"[red]error:[/red] {error.message}", highlight=False)
        errors.print("nothing was changed")
        raise typer.Exit(1) from None


def _membership_line(member: MembershipRecord) -> str:
    period = describe_period(member.start_year, member.end_year)
    return f"{member.author.name} ({member.author.slug}), {member.role}, {period}"


@groups_app.command()
def create(
    slug: Annotated[str, typer.Argument(help="URL name, e.g. 'amlab'.", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="Display name.", show_default=False)],
    url: Annotated[str | None, typer.Option(help="The group's website.")] = None,
    description: Annotated[str | None, typer.Option(help="A sentence about the group.")] = None,
) -> None:
    """Create a group."""
    group = _run(
        lambda session: service.create_group(
            session, slug=slug, name=name, url=url, description=description
        )
    )
    console.print(f"created group {group.slug} ({group.name})", highlight=False)


@groups_app.command()
def add(
    slug: Annotated[str, typer.Argument(help="The group's slug.", show_default=False)],
    author: Annotated[str, typer.Argument(help="The author's slug.", show_default=False)],
    start_year: Annotated[
        int, typer.Option("--from", help="First year as a member.", show_default=False)
    ],
    end_year: Annotated[
        int | None, typer.Option("--until", help="Last year as a member; omit if current.")
    ] = None,
    role: Annotated[str, typer.Option(help="E.g. 'PhD student', 'PI'.")] = DEFAULT_ROLE,
) -> None:
    """Record that an author was a member from one year until another (or until now)."""
    member = _run(
        lambda session: service.add_member(
            session,
            group_slug=slug,
            author_slug=author,
            start_year=start_year,
            end_year=end_year,
            role=role,
        )
    )
    console.print(f"added to {slug}: {_membership_line(member)}", highlight=False)


@groups_app.command()
def remove(
    slug: Annotated[str, typer.Argument(help="The group's slug.", show_default=False)],
    author: Annotated[str, typer.Argument(help="The author's slug.", show_default=False)],
    role: Annotated[str | None, typer.Option(help="Only the periods in this role.")] = None,
    start_year: Annotated[
        int | None, typer.Option("--from", help="Only the period starting this year.")
    ] = None,
) -> None:
    """Remove an author's memberships of a group (all, or those matching --role/--from)."""
    removed = _run(
        lambda session: service.remove_member(
            session, group_slug=slug, author_slug=author, role=role, start_year=start_year
        )
    )
    for member in removed:
        console.print(f"removed from {slug}: {_membership_line(member)}", highlight=False)


@groups_app.command("delete")
def delete_group(
    slug: Annotated[str, typer.Argument(help="The group's slug.", show_default=False)],
) -> None:
    """Delete a group and its memberships; authors and papers stay."""
    group = _run(lambda session: service.delete_group(session, slug=slug))
    console.print(f"deleted group {group.slug} ({group.name})", highlight=False)


@groups_app.command("list")
def list_groups(
    slug: Annotated[
        str | None, typer.Argument(help="Show this group's members.", show_default=False)
    ] = None,
) -> None:
    """List the groups, or with a slug, that group's members."""
    if slug is not None:
        members = _run(lambda session: service.list_members(session, group_slug=slug))
        for member in members:
            console.print(_membership_line(member), highlight=False)
        if not members:
            console.print(f"{slug} has no members yet", highlight=False)
        return
    summaries = _run(service.list_groups)
    table = Table("slug", "name", "members now", "members ever", "papers")
    for summary in summaries:
        table.add_row(
            summary.group.slug,
            summary.group.name,
            str(summary.current_members),
            str(summary.all_members),
            str(summary.paper_count),
        )
    console.print(table if summaries else "no groups yet")
