"""Pages of papers in relevance order, shaped like every other page of papers.

Rows carry the served paper columns and ``page_sort_0..2`` (tier, score, paper id), the sort
values cursors are made of, so the loaders page them like any connection. Relevance pages run
forward only (``first``/``after``): the short cut that keeps the first page cheap (see
:mod:`api.search.ranking`) has no mirror image for ``last``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, select

from api.errors import InputError
from api.reads.keyset import Window, decode_cursor, paged_statement
from api.reads.papers import (
    PAPER_COLUMNS,
    PaperFilterSpec,
    authorship_table,
    paper_conditions,
    paper_table,
    papers_of_authors_select,
)
from api.search.index import QUERY_PARAMETER
from api.search.query import SearchQuery
from api.search.ranking import all_hits, relevance_page


def relevance_cursor(after: str | None) -> tuple[int, int, int] | None:
    """The (tier, score, paper id) inside a relevance cursor; rejects anything else."""
    if after is None:
        return None
    values = decode_cursor(after, arity=3, argument="after")
    numbers = [value for value in values if type(value) is int]
    if len(numbers) != 3 or numbers[0] not in (0, 1):
        raise InputError(
            f"invalid cursor in 'after': {after[:64]!r} was not returned by this field "
            "with the same orderBy",
            field="after",
        )
    tier, score, paper_id = numbers
    return tier, score, paper_id


def relevance_statement(spec: PaperFilterSpec, window: Window, *, dialect: str) -> Select[Any]:
    """One page of all papers matching ``spec`` (which has a search), most relevant first."""
    assert spec.search is not None
    after = relevance_cursor(window.page.after)
    others = paper_conditions(replace(spec, search=None))
    if others:
        return _relevance_statement(
            spec.search,
            dialect=dialect,
            size=window.page.size,
            after=after,
            paper_ids=select(paper_table.c.id).where(*others),
        )
    # A search alone, the common case, takes a statement built once per shape.
    shape = _searches_only(dialect, None if after is None else after[0], window.page.size)
    values: dict[str, Any] = {QUERY_PARAMETER: spec.search}
    if after is not None:
        values.update(after_score=after[1], after_id=after[2])
    return shape.params(values)


_NO_QUERY = SearchQuery(terms=())
_NO_SCORE = 0


@lru_cache(maxsize=64)
def _searches_only(dialect: str, after_tier: int | None, size: int) -> Select[Any]:
    after = None if after_tier is None else (after_tier, _NO_SCORE, 0)
    return _relevance_statement(_NO_QUERY, dialect=dialect, size=size, after=after, paper_ids=None)


def _relevance_statement(
    query: SearchQuery,
    *,
    dialect: str,
    size: int,
    after: tuple[int, int, int] | None,
    paper_ids: Select[Any] | None,
) -> Select[Any]:
    hits = relevance_page(query, dialect=dialect, size=size, after=after, paper_ids=paper_ids)
    sort = (hits.c.search_tier, hits.c.search_score, hits.c.search_paper_id)
    return (
        select(*PAPER_COLUMNS, *(key.label(f"page_sort_{i}") for i, key in enumerate(sort)))
        .join(hits, hits.c.search_paper_id == paper_table.c.id)
        .order_by(*sort)
        .limit(size + 1)
    )


def relevance_of_authors_statement(
    spec: PaperFilterSpec, window: Window, author_ids: list[int], *, dialect: str
) -> Select[Any]:
    """Pages of several authors' papers matching ``spec``'s search, most relevant first."""
    assert spec.search is not None
    relevance_cursor(window.page.after)
    hits = all_hits(spec.search, dialect=dialect)
    base = papers_of_authors_select(replace(spec, search=None), author_ids).join(
        hits, hits.c.search_paper_id == paper_table.c.id
    )
    return paged_statement(base, window, partition=authorship_table.c.author_id)
