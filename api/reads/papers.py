"""How papers are filtered and ordered in SQL; shared by the GraphQL API and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select

from api.models import Author, Authorship, Paper
from api.reads.keyset import SortKey
from api.reads.membership import group_paper_ids
from api.reads.text import contains_folded
from api.search.index import search_match
from api.search.query import SearchQuery
from api.search.sort import RELEVANCE_SORT

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

# Sorting nulls last in both directions without NULLS LAST, which SQLite and PostgreSQL treat
# differently by default: a missing year sorts as a year beyond any real one. Newest first is
# the negated year ascending, so that with title and id ascending every key runs the same way
# and a page boundary is one row-value comparison an index can seek to.
# The constants are literal SQL, not parameters, so the expressions match the indexes on them
# (migrations/versions/*_keyset_sort_indexes.py).
_NEWEST_FIRST = -func.coalesce(paper_table.c.year, literal_column("-1"))
_OLDEST_FIRST = func.coalesce(paper_table.c.year, literal_column("1000000"))


class PaperSortField(Enum):
    """What papers can be ordered by."""

    TITLE = "title"
    YEAR = "year"
    CREATED = "created"
    # Most relevant first; only with a search (api.search.papers builds the statements).
    RELEVANCE = "relevance"


@dataclass(frozen=True, slots=True)
class PaperFilterSpec:
    """Conditions on papers; every field is optional and they all must hold."""

    author_id: int | None = None
    author_slug: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    venue: str | None = None
    title_contains: str | None = None
    # Papers of this group (see api.reads.membership for which ones those are).
    group_id: int | None = None
    # Title or abstract matches this search (api.search.query).
    search: SearchQuery | None = None


def paper_sort(field: PaperSortField, descending: bool) -> tuple[SortKey, ...]:
    """The full, unique sort for papers; ties broken by title, then id."""
    title = SortKey(paper_table.c.folded_title, descending)
    id_key = SortKey(paper_table.c.id, descending)
    if field is PaperSortField.YEAR:
        return (
            SortKey(_NEWEST_FIRST if descending else _OLDEST_FIRST),
            SortKey(paper_table.c.folded_title),
            SortKey(paper_table.c.id),
        )
    if field is PaperSortField.TITLE:
        return (title, id_key)
    if field is PaperSortField.RELEVANCE:
        return RELEVANCE_SORT
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
    if spec.group_id is not None:
        conditions.append(paper_table.c.id.in_(group_paper_ids(spec.group_id)))
    if spec.year_from is not None and spec.year_from == spec.year_to:
        # One year as equality, so the (year, folded_title, id) index also serves the ordering.
        conditions.append(paper_table.c.year == spec.year_from)
    else:
        if spec.year_from is not None:
            conditions.append(paper_table.c.year >= spec.year_from)
        if spec.year_to is not None:
            conditions.append(paper_table.c.year <= spec.year_to)
    if spec.venue is not None:
        conditions.append(paper_table.c.venue == spec.venue)
    if spec.title_contains:
        conditions.append(contains_folded(paper_table.c.folded_title, spec.title_contains))
    if spec.search is not None:
        conditions.append(search_match(paper_table.c.id, spec.search))
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
