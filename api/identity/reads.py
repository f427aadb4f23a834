"""Reads for the API: an author's name variants, and where merged slugs lead now."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Executable, select

from api.identity.lookup import followed_slugs
from api.models import author_name_variant_table as variants

Rows = Callable[[Executable], Awaitable[Sequence[Any]]]
"""Runs a statement and returns its rows (``GuardedSession.rows``)."""


async def name_variants_of(rows: Rows, author_ids: Sequence[int]) -> dict[int, list[str]]:
    """Every spelling mapped to each author, in byte order; one statement."""
    found: dict[int, list[str]] = defaultdict(list)
    statement = (
        select(variants.c.author_id, variants.c.variant)
        .where(variants.c.author_id.in_(author_ids))
        .order_by(variants.c.author_id, variants.c.variant)
    )
    for author_id, variant in await rows(statement):
        found[author_id].append(variant)
    return found


async def authors_of_merged_slugs(
    rows: Rows, slugs: Sequence[str], columns: Sequence[Any]
) -> dict[str, Any]:
    """The author each merged slug leads to now (``columns`` of it), by merged slug."""
    found = await rows(followed_slugs(slugs, *columns))
    return {row.merged_slug: row for row in found}
