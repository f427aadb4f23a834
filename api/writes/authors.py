"""Authors as curators write them: create, rename, set the ORCID iD, find or create by name.

Names are matched as the importer matches them: by match key, and through the spellings
recorded for each author (so a name merged into another author leads to that author). A new
author gets a slug no author or merged author has, and name tokens for suggestions; every
spelling written is recorded. A rename keeps the slug, so links to the author keep working,
and keeps the old name as a spelling, so importing it again still finds the author.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, func, insert, or_, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.identity.lookup import merged_slugs_among
from api.identity.spellings import SpellingRecorder, authors_of_merged_keys
from api.identity.tokens import add_name_tokens, name_tokens
from api.ingest.names import PersonName, fold, slugify, sort_name
from api.models import author_name_token_table, author_table
from api.writes import validation
from api.writes.validation import Problems

UNKNOWN_AUTHOR = "no author has this ID"


def _name_columns(person: PersonName) -> dict[str, str]:
    return {
        "given_name": person.given,
        "family_name": person.family,
        "name": person.display,
        "match_key": person.key,
        "folded_name": fold(person.display),
        "sort_name": sort_name(person),
    }


def free_slug(session: Session, base: str) -> str:
    """``base``, or the first of ``base-2``, ``base-3``, ... no author or merged author has."""
    # Slugs are ASCII letters, digits and hyphens, none of them LIKE wildcards.
    taken = set(
        session.scalars(
            select(author_table.c.slug).where(
                or_(author_table.c.slug == base, author_table.c.slug.like(f"{base}-%"))
            )
        )
    )
    slug, suffix = base, 1
    while slug in taken or merged_slugs_among(session, [slug]):
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def insert_author(session: Session, person: PersonName, *, orcid: str | None = None) -> int:
    """Store a new author with a free slug and their name tokens; returns the id."""
    values = {**_name_columns(person), "slug": free_slug(session, slugify(person.display))}
    inserted = session.execute(
        insert(author_table).values(**values, orcid=orcid).returning(author_table.c.id)
    )
    author_id = int(inserted.scalar_one())
    add_name_tokens(session, [(author_id, person.display)])
    return author_id


def _author_ids_by_key(session: Session, keys: Sequence[str]) -> dict[str, int]:
    """Authors by match key: their own key first, else a spelling recorded for them."""
    rows = session.execute(
        select(author_table.c.match_key, author_table.c.id).where(
            author_table.c.match_key.in_(keys)
        )
    )
    found: dict[str, int] = {key: author_id for key, author_id in rows}
    found |= authors_of_merged_keys(session, [key for key in keys if key not in found])
    return found


def ensure_authors(session: Session, people: Sequence[PersonName]) -> list[int]:
    """The id of each person, in order: the author their name leads to, else a new author.

    Every spelling is recorded for the author it led to, as imports record them.
    """
    ids = _author_ids_by_key(session, list(dict.fromkeys(person.key for person in people)))
    created: set[int] = set()
    for person in people:
        if person.key not in ids:
            ids[person.key] = insert_author(session, person)
            created.add(ids[person.key])
    spellings = [(ids[person.key], person.as_written, person.key) for person in people]
    SpellingRecorder().record(session, spellings, new_authors=created)
    return [ids[person.key] for person in people]


def _author_row(session: Session, author_id: int) -> Row[Any] | None:
    return session.execute(select(author_table).where(author_table.c.id == author_id)).first()


def _check_name_free(
    session: Session, problems: Problems, person: PersonName, *, author_id: int | None
) -> None:
    holder = _author_ids_by_key(session, [person.key]).get(person.key)
    if holder is not None and holder != author_id:
        slug = session.scalar(select(author_table.c.slug).where(author_table.c.id == holder))
        problems.add(
            "name",
            person.as_written,
            f"author '{slug}' has this name already; merge the two instead",
        )


def _check_orcid_free(
    session: Session, problems: Problems, orcid: str, *, given: object, author_id: int | None
) -> None:
    holder = session.execute(
        select(author_table.c.id, author_table.c.slug).where(author_table.c.orcid == orcid)
    ).first()
    if holder is not None and holder.id != author_id:
        problems.add("orcid", given, f"belongs to author '{holder.slug}' already")


def create_author(session: Session, *, name: str, orcid: str | None = None) -> int:
    """Store a new author who has no papers yet.

    Args:
        session: An open session; flushed, not committed.
        name: "Family, Given" or "Given Family"; it may not lead to a stored author already.
        orcid: An ORCID iD (check digit verified) no other author has, or None.

    Returns:
        The new author's id.

    Raises:
        InvalidFields: Every problem with ``name`` and ``orcid``.
    """
    problems = Problems()
    person = validation.person_name(problems, "name", name)
    orcid_id = validation.orcid(problems, orcid)
    if person is not None:
        _check_name_free(session, problems, person, author_id=None)
    if orcid_id is not None:
        _check_orcid_free(session, problems, orcid_id, given=orcid, author_id=None)
    problems.check()
    assert person is not None
    author_id = insert_author(session, person, orcid=orcid_id)
    SpellingRecorder().record(
        session, [(author_id, person.as_written, person.key)], new_authors={author_id}
    )
    bump_data_version(session)
    return author_id


def update_author(session: Session, author_id: int, changes: Mapping[str, str | None]) -> bool:
    """Rename an author or set or clear their ORCID iD; fields not in ``changes`` are kept.

    Args:
        session: An open session; flushed, not committed.
        author_id: The author to change.
        changes: New values by field: ``name`` (required text) and ``orcid`` (None clears it).

    Returns:
        Whether anything changed.

    Raises:
        InvalidFields: The author does not exist, or every problem with the new values.
    """
    problems = Problems()
    row = _author_row(session, author_id)
    if row is None:
        problems.add("id", author_id, UNKNOWN_AUTHOR)
        problems.check()
    assert row is not None
    values: dict[str, object] = {}
    person = None
    if "name" in changes:
        person = validation.person_name(problems, "name", changes["name"])
        if person is not None:
            _check_name_free(session, problems, person, author_id=author_id)
            values.update(_name_columns(person))
    if "orcid" in changes:
        orcid_id = validation.orcid(problems, changes["orcid"])
        if orcid_id is not None:
            given = changes["orcid"]
            _check_orcid_free(session, problems, orcid_id, given=given, author_id=author_id)
        values["orcid"] = orcid_id
    problems.check()
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if not changed:
        return False
    session.execute(
        update(author_table)
        .where(author_table.c.id == author_id)
        .values(**changed, updated_at=func.now())
    )
    if person is not None and {"name", "match_key"} & changed.keys():
        _keep_names(session, row, person)
    bump_data_version(session)
    return True


def _keep_names(session: Session, row: Any, person: PersonName) -> None:
    """After a rename: both names lead to the author, and suggestions find the new one."""
    SpellingRecorder().record(
        session,
        [(row.id, row.name, row.match_key), (row.id, person.as_written, person.key)],
        new_authors=set(),
    )
    stored = set(
        session.scalars(
            select(author_name_token_table.c.token).where(
                author_name_token_table.c.author_id == row.id
            )
        )
    )
    missing = sorted(name_tokens(person.display) - stored)
    if missing:
        session.execute(
            insert(author_name_token_table),
            [{"token": token, "author_id": row.id} for token in missing],
        )
