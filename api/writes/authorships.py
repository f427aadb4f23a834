"""A paper's author list as curators set it: stored authors by id, others by name.

Names lead to authors as imports lead them (``api.writes.authors.ensure_authors``). The first
author is part of a paper's identity, so a list that would make the paper look like another
stored paper (same title, same first author) is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.ingest.load import refresh_paper_counts
from api.ingest.names import PersonName
from api.ingest.records import paper_fingerprint
from api.models import author_table, authorship_table, paper_table
from api.writes import validation
from api.writes.authors import UNKNOWN_AUTHOR, ensure_authors
from api.writes.papers import check_unique, stored_paper
from api.writes.validation import Problems


@dataclass(frozen=True, slots=True)
class AuthorRef:
    """One place in an author list: a stored author by id, or a name (found or created)."""

    author_id: int | None = None
    name: str | None = None


def set_paper_authors(session: Session, paper_id: int, authors: Sequence[AuthorRef]) -> bool:
    """Replace a paper's author list: stored authors by id, others by name (found or created).

    Args:
        session: An open session; flushed, not committed.
        paper_id: The paper.
        authors: The new list, in order; each author at most once.

    Returns:
        Whether the list changed.

    Raises:
        InvalidFields: The paper or an author does not exist, a name cannot be read, an author
            is listed twice, or the paper would look like another (same title and first author).
    """
    problems = Problems()
    paper = stored_paper(session, problems, paper_id)
    wanted = _resolve(session, problems, authors)
    places: dict[int, int] = {}
    for index, (author_id, person) in enumerate(wanted):
        if author_id in places:
            problems.add(
                f"authors[{index}]",
                person.as_written,
                f"is the same author as authors[{places[author_id]}]",
            )
        places.setdefault(author_id, index)
    key = paper_fingerprint(paper.title, (wanted[0][1],))
    check_unique(session, problems, paper_id=paper_id, fingerprint=("authors", key, None))
    problems.check()

    rows = [(author_id, person.as_written) for author_id, person in wanted]
    current = _authorships(session, paper_id)
    if current == rows:
        return False
    session.execute(delete(authorship_table).where(authorship_table.c.paper_id == paper_id))
    session.execute(
        insert(authorship_table),
        [
            {
                "paper_id": paper_id,
                "position": position,
                "author_id": author_id,
                "name_as_written": written,
            }
            for position, (author_id, written) in enumerate(rows, start=1)
        ],
    )
    session.execute(
        update(paper_table)
        .where(paper_table.c.id == paper_id)
        .values(fingerprint=key, updated_at=func.now())
    )
    refresh_paper_counts(session, {author_id for author_id, _ in current + rows})
    bump_data_version(session)
    return True


def _resolve(
    session: Session, problems: Problems, authors: Sequence[AuthorRef]
) -> list[tuple[int, PersonName]]:
    """Each place's author id and name; names not stored yet become new authors.

    Raises:
        InvalidFields: The list is empty, an id is unknown or a name cannot be read.
    """
    if not authors:
        problems.add("authors", [], "must list at least one author")
    stored = _stored_authors(session, [ref.author_id for ref in authors if ref.author_id])
    named: dict[int, PersonName] = {}
    for index, ref in enumerate(authors):
        if (ref.author_id is None) == (ref.name is None):
            problems.add(f"authors[{index}]", None, "give exactly one of id and name")
        elif ref.author_id is not None and ref.author_id not in stored:
            problems.add(f"authors[{index}].id", ref.author_id, UNKNOWN_AUTHOR)
        elif ref.name is not None:
            person = validation.person_name(problems, f"authors[{index}].name", ref.name)
            if person is not None:
                named[index] = person
    problems.check()
    found = dict(zip(named, ensure_authors(session, list(named.values())), strict=True))
    resolved: list[tuple[int, PersonName]] = []
    for index, ref in enumerate(authors):
        if index in named:
            resolved.append((found[index], named[index]))
        elif ref.author_id is not None:
            resolved.append((ref.author_id, stored[ref.author_id]))
    return resolved


def _stored_authors(session: Session, author_ids: list[int]) -> dict[int, PersonName]:
    rows = session.execute(
        select(
            author_table.c.id,
            author_table.c.family_name,
            author_table.c.given_name,
            author_table.c.name,
        ).where(author_table.c.id.in_(author_ids))
    )
    return {row.id: PersonName(row.family_name, row.given_name, row.name) for row in rows}


def _authorships(session: Session, paper_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(authorship_table.c.author_id, authorship_table.c.name_as_written)
        .where(authorship_table.c.paper_id == paper_id)
        .order_by(authorship_table.c.position)
    )
    return [(author_id, written) for author_id, written in rows]
