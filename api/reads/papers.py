"""How papers are filtered and ordered in SQL; shared by the GraphQL API and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from api.models import Author, Authorship, Paper
from api.reads.keyset import SortKey
from api.reads.text import contains_folded

paper_table = Paper.__table__  # type: ignore[attr-defined]
authorship_table = Authorship.__table__  # type: ignore[attr-defined]
author_table = Author.__table__  # type: ignore[attr-defined]

PAPER_COLUMNS = (
    paper_table.c.id,
    paper_table.c.title,
    paper_table.c.abstract,
    paper_table.c.year,
    paper_table.c.venue,
    paper_table.c.doi,
    paper_table.c.url,
)

# Sorting nulls last in both directions without NULLS LAST, which SQLite and PostgreSQL
# treat differently by default: a missing year sorts as a year beyond any real one.
_YEAR_DESC_NULLS_LAST = func.coalesce(paper_table.c.year, -1)
_YEAR_ASC_NULLS_LAST = func.coalesce(paper_table.c.year, 1_000_000)


class PaperSortField(Enum):
    """What papers can be ordered by."""

    TITLE = "title"
    YEAR = "year"
    CREATED = "created"


@dataclass(frozen=True, slots=True)
class PaperFilterSpec:
    """Conditions on papers; every field is optional and they all must hold."""

    author_id: int | None = None
    author_slug: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    venue: str | None = None
    title_contains: str | None = None


def paper_sort(field: PaperSortField, descending: bool) -> tuple[SortKey, ...]:
    """The full, unique sort for papers; ties broken by title, then id."""
    title = SortKey(paper_table.c.folded_title, descending)
    id_key = SortKey(paper_table.c.id, descending)
    if field is PaperSortField.YEAR:
        year = _YEAR_DESC_NULLS_LAST if descending else _YEAR_ASC_NULLS_LAST
        return (
            SortKey(year, descending),
            SortKey(paper_table.c.folded_title),
            SortKey(paper_table.c.id),
        )
    if field is PaperSortField.TITLE:
        return (title, id_key)
    # Ids grow in insertion order, so they order by creation without a timestamp's precision.
    return (id_key,)


def paper_conditions(spec: PaperFilterSpec) -> list[ColumnElement[bool]]:
    """WHERE terms for ``spec`` on ``paper``."""
    conditions: list[ColumnElement[bool]] = []
    if spec.author_id is not None:
        conditions.append(
            paper_table.c.id.in_(
                select(authorship_table.c.paper_id).where(
                    authorship_table.c.author_id == spec.author_id
                )
            )
        )
    if spec.author_slug is not None:
        conditions.append(
            paper_table.c.id.in_(
                select(authorship_table.c.paper_id)
                .join(author_table, author_table.c.id == authorship_table.c.author_id)
                .where(author_table.c.slug == spec.author_slug)
            )
        )
    if spec.year_from is not None:
        conditions.append(paper_table.c.year >= spec.year_from)
    if spec.year_to is not None:
        conditions.append(paper_table.c.year <= spec.year_to)
    if spec.venue is not None:
        conditions.append(paper_table.c.venue == spec.venue)
    if spec.title_contains:
        conditions.append(contains_folded(paper_table.c.folded_title, spec.title_contains))
    return conditions


def papers_select(spec: PaperFilterSpec) -> Select[Any]:
    """All papers matching ``spec``, with the columns the API serves."""
    return select(*PAPER_COLUMNS).where(*paper_conditions(spec))


def papers_of_authors_select(spec: PaperFilterSpec, author_ids: list[int]) -> Select[Any]:
    """Papers of several authors at once; ``authorship.author_id`` is the partition key."""
    return (
        select(*PAPER_COLUMNS)
        .join(authorship_table, authorship_table.c.paper_id == paper_table.c.id)
        .where(authorship_table.c.author_id.in_(author_ids), *paper_conditions(spec))
    )
