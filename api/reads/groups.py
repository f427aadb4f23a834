"""Groups and their members in SQL, and the papers of several groups at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from api.models import author_table, group_membership_table, group_table
from api.reads.authors import AUTHOR_COLUMNS
from api.reads.keyset import SortKey
from api.reads.membership import group_paper_pairs
from api.reads.papers import PAPER_COLUMNS, PaperFilterSpec, paper_conditions, paper_table
from api.reads.records import AuthorRecord

GROUP_COLUMNS = (
    group_table.c.id,
    group_table.c.slug,
    group_table.c.name,
    group_table.c.url,
    group_table.c.description,
)
# By name, then id: unique, so it can page by keyset.
GROUP_SORT = (SortKey(group_table.c.name), SortKey(group_table.c.id))


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """The served columns of one group."""

    id: int
    slug: str
    name: str
    url: str | None
    description: str | None

    @classmethod
    def from_row(cls, row: Any) -> GroupRecord:
        """Build from a row that has the group columns."""
        return cls(row.id, row.slug, row.name, row.url, row.description)


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    """One period of one author in one group."""

    id: int
    group_id: int
    role: str
    start_year: int
    end_year: int | None
    author: AuthorRecord

    @property
    def current(self) -> bool:
        """Whether the period is open: the author is a member now."""
        return self.end_year is None


def groups_select() -> Select[Any]:
    """Every group, with the columns the API serves."""
    return select(*GROUP_COLUMNS)


def memberships_select(group_ids: list[int], *, current: bool | None = None) -> Select[Any]:
    """The memberships of several groups with their authors, by family name then start year.

    Args:
        group_ids: The groups asked about.
        current: True for open periods only, False for ended ones only, None for all.
    """
    membership = group_membership_table.c
    statement = (
        select(
            membership.id.label("membership_id"),
            membership.group_id,
            membership.role,
            membership.start_year,
            membership.end_year,
            *AUTHOR_COLUMNS,
        )
        .join(author_table, author_table.c.id == membership.author_id)
        .where(membership.group_id.in_(group_ids))
        .order_by(
            membership.group_id, author_table.c.sort_name, membership.start_year, membership.id
        )
    )
    if current is True:
        statement = statement.where(membership.end_year.is_(None))
    elif current is False:
        statement = statement.where(membership.end_year.is_not(None))
    return statement


def membership_from_row(row: Any) -> MembershipRecord:
    """A membership from a row of :func:`memberships_select`."""
    return MembershipRecord(
        id=row.membership_id,
        group_id=row.group_id,
        role=row.role,
        start_year=row.start_year,
        end_year=row.end_year,
        author=AuthorRecord.from_row(row),
    )


def papers_of_groups_select(
    spec: PaperFilterSpec, group_ids: list[int]
) -> tuple[Select[Any], ColumnElement[int]]:
    """Papers matching ``spec`` of several groups at once, each paper once per group.

    Returns:
        The statement and its partition key (the group), for ``paged_statement``.
    """
    pairs = group_paper_pairs(group_ids).subquery("group_paper")
    statement = (
        select(*PAPER_COLUMNS)
        .select_from(paper_table.join(pairs, pairs.c.paper_id == paper_table.c.id))
        .where(*paper_conditions(spec))
    )
    return statement, pairs.c.group_id


def group_paper_counts_select(spec: PaperFilterSpec, group_ids: list[int]) -> Select[int, int]:
    """(group_id, count) of the papers matching ``spec`` of several groups."""
    statement, group_id = papers_of_groups_select(spec, group_ids)
    return statement.with_only_columns(group_id, func.count()).group_by(group_id)


def group_head_select(slug: str) -> Select[Any]:
    """The group with ``slug`` as a publication list's head (no row when there is none).

    The same columns as ``api.reads.publications.author_head_select``, so exports and feeds
    treat an author's list and a group's alike.
    """
    return select(
        group_table.c.id, group_table.c.slug, group_table.c.name, group_table.c.updated_at
    ).where(group_table.c.slug == slug)
