"""How authors are filtered and ordered in SQL, and who wrote with whom."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from api.models import Author, Authorship
from api.reads.keyset import SortKey
from api.reads.text import contains_folded
from api.search.authors import name_prefix_condition, prefix_page_statement, prefix_parameters

author_table = Author.__table__  # type: ignore[attr-defined]
authorship_table = Authorship.__table__  # type: ignore[attr-defined]

AUTHOR_COLUMNS = (
    author_table.c.id,
    author_table.c.slug,
    author_table.c.name,
    author_table.c.given_name,
    author_table.c.family_name,
    author_table.c.orcid,
    author_table.c.paper_count,
)


class AuthorSortField(Enum):
    """What authors can be ordered by."""

    NAME = "name"
    PAPER_COUNT = "paper_count"


@dataclass(frozen=True, slots=True)
class AuthorFilterSpec:
    """Conditions on authors."""

    name_contains: str | None = None
    # Every one of these starts a part of the name (api.search.authors), longest first.
    name_prefixes: tuple[str, ...] = ()


# The same objects for the same order, so statements built for an order can be cached by it.
@cache
def author_sort(field: AuthorSortField, descending: bool) -> tuple[SortKey, ...]:
    """The full, unique sort for authors: family name, then given name (folded), then id."""
    by_name = (SortKey(author_table.c.sort_name), SortKey(author_table.c.id))
    if field is AuthorSortField.PAPER_COUNT:
        # Negated rather than descending, so all keys run one way (see api.reads.papers).
        count = -author_table.c.paper_count if descending else author_table.c.paper_count
        return (SortKey(count), *by_name)
    return tuple(SortKey(key.expression, descending) for key in by_name)


def authors_select(spec: AuthorFilterSpec) -> Select[Any]:
    """All authors matching ``spec``."""
    statement = select(*AUTHOR_COLUMNS)
    if spec.name_contains:
        statement = statement.where(contains_folded(author_table.c.folded_name, spec.name_contains))
    if spec.name_prefixes:
        statement = statement.where(name_prefix_condition(spec.name_prefixes))
    return statement


def first_prefix_page(spec: AuthorFilterSpec, sort: tuple[SortKey, ...], size: int) -> Select[Any]:
    """The first page of authors matching ``spec``, which has name prefixes, in ``sort`` order.

    Suggestions ask for this with prefixes alone at every keystroke. Building that statement
    took about 3 ms of Python, more than running it takes for most prefixes, so it is built once
    per number of prefixes, order and size, and each request only binds its prefixes.
    """
    # Prefixes alone, with no other condition: the suggestions' case.
    if spec == AuthorFilterSpec(name_prefixes=spec.name_prefixes):
        shape = _prefixes_only(len(spec.name_prefixes), sort, size)
        return shape.params(prefix_parameters(spec.name_prefixes))
    base = authors_select(replace(spec, name_prefixes=()))
    return prefix_page_statement(base, spec.name_prefixes, sort, size)


@lru_cache(maxsize=64)
def _prefixes_only(count: int, sort: tuple[SortKey, ...], size: int) -> Select[Any]:
    # Placeholders: the statement is only ever run with .params() of the real prefixes.
    placeholders = [f"prefix{position}" for position in range(count)]
    return prefix_page_statement(authors_select(AuthorFilterSpec()), placeholders, sort, size)


def coauthors_select(author_ids: list[int]) -> tuple[Select[Any], SortKey, tuple[SortKey, ...]]:
    """Co-authors of several authors with their shared paper counts.

    Returns the statement, the partition key (the author asked about) and the sort: most shared
    papers first, then family name.
    """
    mine = aliased(authorship_table)
    theirs = aliased(authorship_table)
    shared = func.count().label("shared_paper_count")
    grouped = (
        select(mine.c.author_id.label("of_author"), theirs.c.author_id.label("coauthor_id"), shared)
        .join(
            theirs,
            (theirs.c.paper_id == mine.c.paper_id) & (theirs.c.author_id != mine.c.author_id),
        )
        .where(mine.c.author_id.in_(author_ids))
        .group_by(mine.c.author_id, theirs.c.author_id)
        .subquery()
    )
    statement = select(*AUTHOR_COLUMNS, grouped.c.shared_paper_count).join(
        grouped, grouped.c.coauthor_id == author_table.c.id
    )
    sort = (
        SortKey(grouped.c.shared_paper_count, descending=True),
        SortKey(author_table.c.sort_name),
        SortKey(author_table.c.id),
    )
    return statement, SortKey(grouped.c.of_author), sort
