"""Creating groups and recording memberships; these functions flush, the caller commits.

Everything is checked before anything is written, so a rejected call leaves the database as
it was. Every write bumps the data version, so cached pages and exports of the group renew.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.errors import InputError
from api.groups.rules import (
    DEFAULT_ROLE,
    checked_description,
    checked_name,
    checked_period,
    checked_role,
    checked_slug,
    checked_url,
    describe_period,
    overlapping,
)
from api.models import author_table, group_membership_table, group_table
from api.reads.groups import (
    GROUP_COLUMNS,
    GROUP_SORT,
    GroupRecord,
    MembershipRecord,
    group_paper_counts_select,
    membership_from_row,
    memberships_select,
)
from api.reads.papers import PaperFilterSpec


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """A group with how many members it has now and ever, and how many papers."""

    group: GroupRecord
    current_members: int
    all_members: int
    paper_count: int


def _group(session: Session, slug: str, *, field: str = "group") -> GroupRecord:
    row = session.execute(select(*GROUP_COLUMNS).where(group_table.c.slug == slug)).one_or_none()
    if row is None:
        raise InputError(f"no group with slug {slug[:120]!r}", field=field)
    return GroupRecord.from_row(row)


def _author_id(session: Session, slug: str) -> int:
    found = session.scalar(select(author_table.c.id).where(author_table.c.slug == slug))
    if found is None:
        raise InputError(f"no author with slug {slug[:120]!r}", field="author")
    return int(found)


def _touch(session: Session, group_id: int) -> None:
    session.execute(
        update(group_table).where(group_table.c.id == group_id).values(updated_at=func.now())
    )
    bump_data_version(session)


def create_group(
    session: Session,
    *,
    slug: str,
    name: str,
    url: str | None = None,
    description: str | None = None,
) -> GroupRecord:
    """Create a group.

    Raises:
        InputError: A value is malformed, or a group with ``slug`` exists already.
    """
    values: dict[str, Any] = {
        "slug": checked_slug(slug),
        "name": checked_name(name),
        "url": checked_url(url),
        "description": checked_description(description),
    }
    if session.scalar(select(group_table.c.id).where(group_table.c.slug == slug)) is not None:
        raise InputError(f"a group with slug {slug!r} exists already", field="slug")
    group_id = session.execute(insert(group_table).values(values).returning(group_table.c.id))
    bump_data_version(session)
    return GroupRecord(id=group_id.scalar_one(), **values)


def delete_group(session: Session, *, slug: str) -> GroupRecord:
    """Delete a group and its memberships (the authors and papers stay)."""
    group = _group(session, slug, field="slug")
    session.execute(delete(group_table).where(group_table.c.id == group.id))
    bump_data_version(session)
    return group


def add_member(
    session: Session,
    *,
    group_slug: str,
    author_slug: str,
    start_year: int,
    end_year: int | None = None,
    role: str = DEFAULT_ROLE,
) -> MembershipRecord:
    """Record that an author was a member from ``start_year`` to ``end_year`` (None: now).

    Raises:
        InputError: The group or author is unknown, the period runs backwards or out of range,
            or it overlaps another period of the same author in the same role.
    """
    group = _group(session, group_slug)
    author_id = _author_id(session, author_slug)
    period = checked_period(start_year, end_year)
    role = checked_role(role)
    membership = group_membership_table.c
    existing = session.execute(
        select(membership.start_year, membership.end_year).where(
            membership.group_id == group.id,
            membership.author_id == author_id,
            membership.role == role,
        )
    ).all()
    clash = overlapping(period, [(row.start_year, row.end_year) for row in existing])
    if clash is not None:
        raise InputError(
            f"{author_slug} is already {role!r} of {group_slug} for {describe_period(*clash)}, "
            f"which overlaps {describe_period(*period)}",
            field="startYear",
        )
    inserted = session.execute(
        insert(group_membership_table)
        .values(
            group_id=group.id,
            author_id=author_id,
            role=role,
            start_year=period[0],
            end_year=period[1],
        )
        .returning(membership.id)
    ).scalar_one()
    _touch(session, group.id)
    row = session.execute(memberships_select([group.id]).where(membership.id == inserted)).one()
    return membership_from_row(row)


def remove_member(
    session: Session,
    *,
    group_slug: str,
    author_slug: str,
    role: str | None = None,
    start_year: int | None = None,
) -> list[MembershipRecord]:
    """Remove an author's memberships of a group: all of them, or those of one role or start.

    Returns:
        The memberships removed.

    Raises:
        InputError: The group or author is unknown, or no membership matches.
    """
    group = _group(session, group_slug)
    author_id = _author_id(session, author_slug)
    membership = group_membership_table.c
    matching = memberships_select([group.id]).where(membership.author_id == author_id)
    if role is not None:
        matching = matching.where(membership.role == role)
    if start_year is not None:
        matching = matching.where(membership.start_year == start_year)
    removed = [membership_from_row(row) for row in session.execute(matching)]
    if not removed:
        which = "".join(
            part
            for part in (
                f" as {role!r}" if role is not None else "",
                f" from {start_year}" if start_year is not None else "",
            )
        )
        raise InputError(f"{author_slug} is not a member of {group_slug}{which}", field="author")
    session.execute(
        delete(group_membership_table).where(membership.id.in_([m.id for m in removed]))
    )
    _touch(session, group.id)
    return removed


def list_groups(session: Session) -> list[GroupSummary]:
    """Every group by name, with member and paper counts."""
    groups = [
        GroupRecord.from_row(row)
        for row in session.execute(
            select(*GROUP_COLUMNS).order_by(*(key.ordering() for key in GROUP_SORT))
        )
    ]
    ids = [group.id for group in groups]
    membership = group_membership_table.c
    members = {
        row.group_id: row
        for row in session.execute(
            select(
                membership.group_id,
                func.count(func.distinct(membership.author_id)).label("all_members"),
                func.count(func.distinct(membership.author_id))
                .filter(membership.end_year.is_(None))
                .label("current_members"),
            )
            .where(membership.group_id.in_(ids))
            .group_by(membership.group_id)
        )
    }
    counts = session.execute(group_paper_counts_select(PaperFilterSpec(), ids))
    papers: dict[int, int] = {row[0]: row[1] for row in counts}
    return [
        GroupSummary(
            group=group,
            current_members=members[group.id].current_members if group.id in members else 0,
            all_members=members[group.id].all_members if group.id in members else 0,
            paper_count=papers.get(group.id, 0),
        )
        for group in groups
    ]


def list_members(session: Session, *, group_slug: str) -> list[MembershipRecord]:
    """A group's memberships, by family name, then start year."""
    group = _group(session, group_slug)
    return [membership_from_row(row) for row in session.execute(memberships_select([group.id]))]
