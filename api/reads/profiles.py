"""What a profile page shows, in a few statements: papers with linked authors, and who wrote
with whom among a handful of authors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import aliased

from api.models import author_table, authorship_table, group_membership_table, group_table
from api.reads.papers import PAPER_COLUMNS, paper_table
from api.reads.publications import PUBLICATION_ORDER, Rows
from api.reads.records import PaperRecord


@dataclass(frozen=True, slots=True)
class PersonLink:
    """An author as a page links to them."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ListedPaper:
    """A paper with its authors in order."""

    paper: PaperRecord
    authors: tuple[PersonLink, ...]


@dataclass(frozen=True, slots=True)
class GroupLink:
    """A group an author belongs or belonged to, and when."""

    slug: str
    name: str
    role: str
    start_year: int
    end_year: int | None


async def read_listed_papers(
    rows: Rows, conditions: Sequence[ColumnElement[bool]]
) -> list[ListedPaper]:
    """Papers matching ``conditions``, newest first (undated last), with their authors."""
    papers = await rows(
        select(*PAPER_COLUMNS)
        .where(*conditions)
        .order_by(*(key.ordering() for key in PUBLICATION_ORDER))
    )
    if not papers:
        return []
    names = await rows(
        select(
            authorship_table.c.paper_id, author_table.c.id, author_table.c.slug, author_table.c.name
        )
        .join(author_table, author_table.c.id == authorship_table.c.author_id)
        .where(authorship_table.c.paper_id.in_(select(paper_table.c.id).where(*conditions)))
        .order_by(authorship_table.c.paper_id, authorship_table.c.position)
    )
    authors: dict[int, list[PersonLink]] = defaultdict(list)
    for row in names:
        authors[row.paper_id].append(PersonLink(row.id, row.slug, row.name))
    return [
        ListedPaper(PaperRecord.from_row(row), tuple(authors.get(row.id, ()))) for row in papers
    ]


def _shared_papers_select(author_ids: Sequence[int]) -> Select[tuple[int, int, int]]:
    mine = aliased(authorship_table)
    theirs = aliased(authorship_table)
    return (
        select(mine.c.author_id, theirs.c.author_id, func.count())
        .join(theirs, theirs.c.paper_id == mine.c.paper_id)
        .where(
            mine.c.author_id.in_(author_ids),
            theirs.c.author_id.in_(author_ids),
            mine.c.author_id < theirs.c.author_id,
        )
        .group_by(mine.c.author_id, theirs.c.author_id)
    )


async def read_shared_papers(rows: Rows, author_ids: Sequence[int]) -> dict[tuple[int, int], int]:
    """How many papers each pair of ``author_ids`` wrote together, over all papers.

    Returns:
        Counts by (smaller id, larger id); pairs who never wrote together are absent.
    """
    if len(author_ids) < 2:
        return {}
    return {(row[0], row[1]): row[2] for row in await rows(_shared_papers_select(author_ids))}


async def read_groups_of_author(rows: Rows, author_id: int) -> list[GroupLink]:
    """The groups an author is or was a member of, newest period first."""
    membership = group_membership_table.c
    found = await rows(
        select(
            group_table.c.slug,
            group_table.c.name,
            membership.role,
            membership.start_year,
            membership.end_year,
        )
        .join(group_table, group_table.c.id == membership.group_id)
        .where(membership.author_id == author_id)
        .order_by(membership.start_year.desc(), group_table.c.name)
    )
    return [GroupLink(*row) for row in found]
