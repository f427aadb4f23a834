"""Finding an author by slug or id, following merges: a merged author's slug keeps resolving."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Select, literal, select
from sqlalchemy.orm import Session

from api.models import author_merge_table as merges
from api.models import author_table

# Longer chains would need a merge per hop; this bounds a loop a hand-edited table could make.
_MAX_HOPS = 50


def author_by_ref(session: Session, ref: str) -> Any | None:
    """The author row (every column) whose slug is ``ref``, or whose id is ``ref`` in digits."""
    condition = author_table.c.slug == ref
    if ref.isascii() and ref.isdigit():
        condition = condition | (author_table.c.id == int(ref))
    return session.execute(select(author_table).where(condition)).first()


def merge_of(session: Session, ref: str) -> Any | None:
    """The merge record of the dropped author named by ``ref`` (slug, or id in digits)."""
    condition = merges.c.dropped_slug == ref
    if ref.isascii() and ref.isdigit():
        condition = condition | (merges.c.dropped_author_id == int(ref))
    return session.execute(select(merges).where(condition)).first()


def followed_slugs(slugs: Sequence[str], *columns: Any) -> Select[Any]:
    """Where merged slugs lead: rows of (``merged_slug``, ``columns`` of the author now).

    A slug merged into an author that was merged in turn follows each merge; slugs that were
    never merged give no row.
    """
    chain = (
        select(
            merges.c.dropped_slug.label("merged_slug"),
            merges.c.keep_slug.label("slug"),
            literal(1, Integer).label("hops"),
        )
        .where(merges.c.dropped_slug.in_(slugs))
        .cte("merged_slugs", recursive=True)
    )
    step = (
        select(chain.c.merged_slug, merges.c.keep_slug, chain.c.hops + 1)
        .join(merges, merges.c.dropped_slug == chain.c.slug)
        .where(chain.c.hops < _MAX_HOPS)
    )
    chain = chain.union_all(step)
    return select(chain.c.merged_slug, *columns).join(
        author_table, author_table.c.slug == chain.c.slug
    )


def merged_into(session: Session, slug: str) -> str | None:
    """The slug of the author a merged slug now leads to, or None if it was never merged."""
    row = session.execute(followed_slugs([slug], author_table.c.slug)).first()
    return None if row is None else str(row.slug)


def merged_slugs_among(session: Session, slugs: Sequence[str]) -> set[str]:
    """Which of ``slugs`` belong to merged authors, so no new author takes them."""
    return set(
        session.scalars(select(merges.c.dropped_slug).where(merges.c.dropped_slug.in_(slugs)))
    )
