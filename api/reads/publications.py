"""Whole publication lists for exports: papers with their ordered author names, in two statements.

An export never pages: it reads every matching paper in one statement and every author name of
those papers in a second, however long the list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, select

from api.models import Author, Authorship
from api.reads.papers import PAPER_COLUMNS, PaperSortField, paper_sort, paper_table
from api.reads.records import PaperRecord

author_table = Author.__table__  # type: ignore[attr-defined]
authorship_table = Authorship.__table__  # type: ignore[attr-defined]

Rows = Callable[[Executable], Awaitable[Sequence[Any]]]
"""Runs a statement and returns its rows (``GuardedSession.rows`` or a wrapped AsyncSession)."""

# Newest first, papers without a year last, then by title: the order of every export.
PUBLICATION_ORDER = paper_sort(PaperSortField.YEAR, descending=True)


@dataclass(frozen=True, slots=True)
class AuthorName:
    """An author's name as stored for the person, not as one source spelled it."""

    family: str
    given: str


@dataclass(frozen=True, slots=True)
class Publication:
    """One paper as exports render it."""

    paper: PaperRecord
    authors: tuple[AuthorName, ...]
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuthorHead:
    """The author a publication list belongs to."""

    id: int
    slug: str
    name: str
    updated_at: datetime


def author_head_select(slug: str) -> Select[Any]:
    """The author with ``slug`` (no row when there is none)."""
    return select(
        author_table.c.id, author_table.c.slug, author_table.c.name, author_table.c.updated_at
    ).where(author_table.c.slug == slug)


def _publications_select(conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return (
        select(*PAPER_COLUMNS, paper_table.c.updated_at)
        .where(*conditions)
        .order_by(*(key.ordering() for key in PUBLICATION_ORDER))
    )


def _names_select(paper_ids: Select[Any]) -> Select[Any]:
    return (
        select(authorship_table.c.paper_id, author_table.c.family_name, author_table.c.given_name)
        .join(author_table, author_table.c.id == authorship_table.c.author_id)
        .where(authorship_table.c.paper_id.in_(paper_ids))
        .order_by(authorship_table.c.paper_id, authorship_table.c.position)
    )


async def read_publications(
    rows: Rows, conditions: Sequence[ColumnElement[bool]]
) -> list[Publication]:
    """Every paper matching ``conditions`` (terms on ``paper``), newest first, with its authors.

    Args:
        rows: Runs one statement.
        conditions: WHERE terms, e.g. from ``api.reads.papers.paper_conditions``.

    Returns:
        The publications in export order.
    """
    papers = await rows(_publications_select(conditions))
    if not papers:
        return []
    names = await rows(_names_select(select(paper_table.c.id).where(*conditions)))
    return _assemble(papers, _names_by_paper(names))


async def read_publications_of_authors(
    rows: Rows, author_ids: Sequence[int]
) -> dict[int, list[Publication]]:
    """Each author's whole list, newest first, for several authors in two statements.

    Args:
        rows: Runs one statement.
        author_ids: The authors asked about.

    Returns:
        The publications of each author (an empty list when there are none).
    """
    owner = authorship_table.c.author_id.label("owner_id")
    statement = (
        select(owner, *PAPER_COLUMNS, paper_table.c.updated_at)
        .join(authorship_table, authorship_table.c.paper_id == paper_table.c.id)
        .where(authorship_table.c.author_id.in_(author_ids))
        .order_by(owner, *(key.ordering() for key in PUBLICATION_ORDER))
    )
    papers = await rows(statement)
    found: dict[int, list[Publication]] = {author_id: [] for author_id in author_ids}
    if not papers:
        return found
    their_papers = select(authorship_table.c.paper_id).where(
        authorship_table.c.author_id.in_(author_ids)
    )
    names = _names_by_paper(await rows(_names_select(their_papers)))
    for row in papers:
        found[row.owner_id].extend(_assemble([row], names))
    return found


def _names_by_paper(rows: Sequence[Any]) -> dict[int, list[AuthorName]]:
    names: dict[int, list[AuthorName]] = defaultdict(list)
    for row in rows:
        names[row.paper_id].append(AuthorName(family=row.family_name, given=row.given_name))
    return names


def _assemble(papers: Sequence[Any], names: dict[int, list[AuthorName]]) -> list[Publication]:
    return [
        Publication(
            paper=PaperRecord.from_row(row),
            authors=tuple(names.get(row.id, ())),
            updated_at=row.updated_at,
        )
        for row in papers
    ]
