"""Setting an author's identifiers; every one is checked before it is stored."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.errors import InputError
from api.identity.lookup import author_by_ref
from api.identity.orcid import normalize_orcid
from api.models import author_table


def set_orcid(session: Session, ref: str, value: str) -> str:
    """Give the author ``ref`` (slug, or id in digits) the ORCID iD ``value``; flushes only.

    Returns:
        The iD as stored.

    Raises:
        InputError: The iD is malformed or fails its check digit, the author is unknown, or
            another author holds the iD.
    """
    orcid = normalize_orcid(value, field="orcid")
    author = author_by_ref(session, ref)
    if author is None:
        raise InputError(f"no author has slug or id '{ref}'", field="author")
    holder = session.scalar(select(author_table.c.slug).where(author_table.c.orcid == orcid))
    if holder is not None and holder != author.slug:
        raise InputError(
            f"ORCID iD {orcid} belongs to '{holder}' already; if they are one person, merge "
            f"them: papergraph authors merge {holder} {author.slug}",
            field="orcid",
        )
    if author.orcid != orcid:
        session.execute(
            update(author_table)
            .where(author_table.c.id == author.id)
            .values(orcid=orcid, updated_at=func.now())
        )
        bump_data_version(session)
    return orcid
