"""Which papers belong to a group: the membership-period rule, in SQL.

A paper belongs to a group when at least one of its authors was a member in the paper's year
(``start_year <= year <= end_year``, an open end meaning "until now"). A paper without a year
has no year to compare, so it counts for current members only (memberships with no end year).
Written as a set of (group, paper) pairs, each paper appears once per group however many of
its authors were members.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

from api.models import authorship_table, group_membership_table, paper_table


def _in_period() -> ColumnElement[bool]:
    year = paper_table.c.year
    membership = group_membership_table.c
    dated = and_(
        year.is_not(None),
        membership.start_year <= year,
        or_(membership.end_year.is_(None), year <= membership.end_year),
    )
    return or_(dated, and_(year.is_(None), membership.end_year.is_(None)))


def _member_papers(*columns: ColumnElement[Any]) -> Select[Any]:
    return (
        select(*columns)
        .select_from(group_membership_table)
        .join(
            authorship_table,
            authorship_table.c.author_id == group_membership_table.c.author_id,
        )
        .join(paper_table, paper_table.c.id == authorship_table.c.paper_id)
        .where(_in_period())
    )


def group_paper_ids(group_id: int) -> Select[Any]:
    """The ids of one group's papers, for ``paper.id IN (...)`` (which keeps each once)."""
    # Never correlated: its own paper and authorship rows are not the enclosing query's.
    return (
        _member_papers(authorship_table.c.paper_id)
        .where(group_membership_table.c.group_id == group_id)
        .correlate(None)
    )


def group_paper_pairs(group_ids: list[int]) -> Select[Any]:
    """Distinct (group_id, paper_id) pairs of several groups, for paging them all at once."""
    return (
        _member_papers(group_membership_table.c.group_id, authorship_table.c.paper_id)
        .where(group_membership_table.c.group_id.in_(group_ids))
        .distinct()
    )
