"""Relevance: which matching papers come first, as SQL for SQLite and for PostgreSQL.

A paper whose title alone matches the query (tier 0) ranks above one that needs its abstract
(tier 1). Within tier 0, papers are ranked on the title (bm25 on SQLite, ``ts_rank`` with length
normalization on PostgreSQL: a short title that is mostly the query beats a long one); within
tier 1, on title and abstract together, the title weighing more (bm25 weights 10:1; tsvector
weights A and B). Ties go to the lower paper id, so the order is total and pages are stable.
(``ts_rank_cd`` would take twice as long per match, and a first page ranks every title match.)

Scores are turned into integers (millionths, lower is better) so that a cursor, which holds the
sort values of its row, is exact: ``(tier, score, paper id)``.

The first page is the one nearly everyone asks for, and it rarely needs tier 1: the tier-1
branch of :func:`relevance_page` is gated on tier 0 not filling the page, so a query whose title
matches fill the page never ranks the (often far larger) set of abstract matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Select, Subquery

from api.search.index import paper_search, paper_title_search, search_bind, tsquery
from api.search.query import SearchQuery

_MILLIONTHS = 1_000_000
# bm25 weights of title and abstract in paper_search.
_TITLE_WEIGHT, _ABSTRACT_WEIGHT = 10.0, 1.0
# ts_rank normalization 1: divide by 1 + log(document length), so short titles rank higher.
_LOG_LENGTH = 1


class _Hits(Protocol):
    def title(self, query: SearchQuery) -> Select[Any]:
        """Papers whose title matches: columns ``paper_id`` and ``score`` (lower is better)."""

    def full(self, query: SearchQuery, *, title_misses_only: bool) -> Select[Any]:
        """Papers matching in title and abstract together, the same columns."""


def _score(rank: ColumnElement[Any]) -> ColumnElement[int]:
    return sa.cast(rank * _MILLIONTHS, sa.BigInteger).label("score")


def _fts5(table: sa.Table) -> ColumnElement[Any]:
    # FTS5 names the whole row after its table: MATCH and the rank functions take it.
    return sa.literal_column(str(table.name))


class _SqliteHits:
    def _matching(self, table: sa.Table, query: SearchQuery) -> ColumnElement[bool]:
        return _fts5(table).op("MATCH")(search_bind(query))

    def title(self, query: SearchQuery) -> Select[Any]:
        rank = sa.func.bm25(_fts5(paper_title_search))
        return sa.select(paper_title_search.c.rowid.label("paper_id"), _score(rank)).where(
            self._matching(paper_title_search, query)
        )

    def full(self, query: SearchQuery, *, title_misses_only: bool) -> Select[Any]:
        rank = sa.func.bm25(_fts5(paper_search), _TITLE_WEIGHT, _ABSTRACT_WEIGHT)
        statement = sa.select(paper_search.c.rowid.label("paper_id"), _score(rank)).where(
            self._matching(paper_search, query)
        )
        if title_misses_only:
            title_ids = sa.select(paper_title_search.c.rowid).where(
                self._matching(paper_title_search, query)
            )
            statement = statement.where(paper_search.c.rowid.not_in(title_ids))
        return statement


class _PostgresHits:
    def title(self, query: SearchQuery) -> Select[Any]:
        vector = paper_title_search.c.title_vector
        rank = sa.func.ts_rank(vector, tsquery(query), _LOG_LENGTH)
        return sa.select(paper_title_search.c.rowid.label("paper_id"), _score(-rank)).where(
            vector.op("@@")(tsquery(query))
        )

    def full(self, query: SearchQuery, *, title_misses_only: bool) -> Select[Any]:
        vector = paper_search.c.search_vector
        rank = sa.func.ts_rank(vector, tsquery(query), _LOG_LENGTH)
        statement = sa.select(paper_search.c.rowid.label("paper_id"), _score(-rank)).where(
            vector.op("@@")(tsquery(query))
        )
        if title_misses_only:
            title_ids = sa.select(paper_title_search.c.rowid).where(
                paper_title_search.c.title_vector.op("@@")(tsquery(query))
            )
            statement = statement.where(paper_search.c.rowid.not_in(title_ids))
        return statement


def _hits(dialect: str) -> _Hits:
    if dialect == "sqlite":
        return _SqliteHits()
    if dialect == "postgresql":
        return _PostgresHits()
    raise NotImplementedError(f"search is not available on {dialect}")


def all_hits(query: SearchQuery, *, dialect: str) -> Subquery:
    """Every paper matching ``query`` with its tier and score.

    Columns ``search_paper_id``, ``search_tier`` and ``search_score``; for pages of several
    parents at once (an author's papers), where each parent's matches are few.
    """
    engine = _hits(dialect)
    titles = engine.title(query).subquery()
    full = engine.full(query, title_misses_only=False).subquery()
    title_hit = titles.c.paper_id.is_not(None)
    return (
        sa.select(
            full.c.paper_id.label("search_paper_id"),
            sa.case((title_hit, 0), else_=1).label("search_tier"),
            sa.func.coalesce(titles.c.score, full.c.score).label("search_score"),
        )
        .select_from(full.outerjoin(titles, titles.c.paper_id == full.c.paper_id))
        .subquery("search_hits")
    )


def relevance_page(
    query: SearchQuery,
    *,
    dialect: str,
    size: int,
    after: Sequence[int | str | None] | None,
    paper_ids: Select[Any] | None,
) -> Subquery:
    """At most ``size + 1`` matches after the cursor, in relevance order.

    Args:
        query: The parsed query.
        dialect: ``sqlite`` or ``postgresql``.
        size: The page size; one more row is fetched to tell whether another page exists.
        after: The cursor's sort values ``(tier, score, paper id)``, or None for the first page.
        paper_ids: The ids of papers the other filters allow, or None when there are none.

    Returns:
        A subquery with columns ``search_paper_id``, ``search_tier`` and ``search_score``.
    """
    engine = _hits(dialect)
    limit = size + 1
    after_tier = None if after is None else after[0]
    branches: list[Select[Any]] = []
    title_page = None
    if after_tier in (None, 0):
        titles = _filtered(engine.title(query), paper_ids)
        title_page = _paged(titles, tier=0, after=after, limit=limit).cte("search_titles")
        branches.append(sa.select(*title_page.c))
    full = _filtered(engine.full(query, title_misses_only=True), paper_ids)
    if title_page is None:
        branches.append(sa.select(*_paged(full, tier=1, after=after, limit=limit).subquery().c))
        return sa.union_all(*branches).subquery("search_hits")
    # Only when the title matches do not fill the page are the abstract matches ranked. The
    # condition is stated twice: SQLite tests it before the scan only beside the MATCH, and
    # PostgreSQL skips the whole branch, parallel workers included, only when it is outside.
    title_count = sa.select(sa.func.count()).select_from(title_page).scalar_subquery()
    gated = _paged(full.where(title_count < limit), tier=1, after=after, limit=limit)
    branches.append(sa.select(*gated.subquery().c).where(title_count < limit))
    return sa.union_all(*branches).subquery("search_hits")


def _filtered(statement: Select[Any], paper_ids: Select[Any] | None) -> Select[Any]:
    if paper_ids is None:
        return statement
    return statement.where(statement.selected_columns.paper_id.in_(paper_ids))


def _paged(
    statement: Select[Any], *, tier: int, after: Sequence[int | str | None] | None, limit: int
) -> Select[Any]:
    """One tier's hits after the cursor, best first, at most ``limit``."""
    inner = statement.subquery()
    score, paper_id = inner.c.score, inner.c.paper_id
    ranked = sa.select(
        paper_id.label("search_paper_id"),
        # Rendered inline: a bound constant in a UNION leaves PostgreSQL guessing its type.
        sa.literal_column(str(tier), sa.Integer).label("search_tier"),
        score.label("search_score"),
    )
    if after is not None and after[0] == tier:
        _, after_score, after_id = after
        # Named, like the query, so a statement built once serves every cursor of this tier.
        after_score_bind = sa.bindparam("after_score", after_score, type_=sa.BigInteger)
        after_id_bind = sa.bindparam("after_id", after_id, type_=sa.Integer)
        ranked = ranked.where(
            (score > after_score_bind) | ((score == after_score_bind) & (paper_id > after_id_bind))
        )
    return ranked.order_by(score, paper_id).limit(limit)
