"""The relevance sort: tier, score, paper id; columns both shapes of search hits provide."""

from __future__ import annotations

from sqlalchemy import Integer, column

from api.reads.keyset import SortKey

# Unqualified names: they resolve to the hits subquery a relevance statement joins.
SEARCH_TIER = column("search_tier", Integer)
SEARCH_SCORE = column("search_score", Integer)
SEARCH_PAPER_ID = column("search_paper_id", Integer)
RELEVANCE_SORT = (SortKey(SEARCH_TIER), SortKey(SEARCH_SCORE), SortKey(SEARCH_PAPER_ID))


def is_relevance(sort: tuple[SortKey, ...]) -> bool:
    """Whether a window sorts by relevance."""
    return bool(sort) and sort[0].expression is SEARCH_TIER
