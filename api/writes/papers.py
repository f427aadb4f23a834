"""Papers as curators write them: created through the importer, edited, deleted.

A paper is known by its DOI, else by its title and first author (its fingerprint, see
``api.ingest.records``), so an edit that would make it look like another stored paper is refused.
Deleting a paper deletes its authorships; its authors stay, with their paper counts lowered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.orm import Session

from api.data_version import bump_data_version
from api.ingest.load import load_papers, refresh_paper_counts
from api.ingest.names import PersonName, excerpt, fold
from api.ingest.records import IncomingPaper, paper_fingerprint
from api.models import author_table, authorship_table, paper_table
from api.search.text import search_words
from api.writes import validation
from api.writes.validation import Problems

UNKNOWN_PAPER = "no paper has this ID"
_TEXT_FIELDS = ("abstract", "venue")


@dataclass(frozen=True, slots=True)
class NewPaper:
    """A paper to create; ``authors`` are names, "Family, Given" or "Given Family", in order."""

    title: str
    authors: Sequence[str]
    abstract: str | None = None
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    url: str | None = None


def _cleaned(problems: Problems, values: Mapping[str, Any]) -> dict[str, Any]:
    """The given paper fields, checked and normalized."""
    checks: dict[str, Callable[[Problems, Any], Any]] = {
        "title": validation.title,
        "year": validation.year,
        "doi": validation.doi,
        "url": validation.url,
    }
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in _TEXT_FIELDS:
            cleaned[name] = validation.text(problems, name, value, multiline=name == "abstract")
        else:
            cleaned[name] = checks[name](problems, value)
    return cleaned


def check_unique(
    session: Session,
    problems: Problems,
    *,
    paper_id: int | None,
    doi: tuple[str | None, object] = (None, None),
    fingerprint: tuple[str, str, object] | None = None,
) -> None:
    """Note a DOI, or an identity (title and first author), that another paper has.

    Args:
        session: An open session.
        problems: Where to note them.
        paper_id: The paper being written, which may keep its own DOI and identity.
        doi: The normalized DOI and the value the client gave.
        fingerprint: The field to blame, the fingerprint, and the value the client gave.
    """
    normalized, given = doi
    if normalized is not None and not problems.has("doi"):
        other = _paper_with(session, paper_table.c.doi == normalized, paper_id)
        if other is not None:
            message = f"belongs to another paper already: {excerpt(other.title)}"
            problems.add("doi", given, message)
    if fingerprint is not None:
        field, key, value = fingerprint
        other = _paper_with(session, paper_table.c.fingerprint == key, paper_id)
        if other is not None:
            problems.add(
                field,
                value,
                f"another paper has the same title and first author: {excerpt(other.title)}",
            )


def _paper_with(session: Session, condition: Any, paper_id: int | None) -> Row[Any, Any] | None:
    statement = select(paper_table.c.id, paper_table.c.title).where(condition)
    if paper_id is not None:
        statement = statement.where(paper_table.c.id != paper_id)
    return session.execute(statement).first()


def stored_paper(session: Session, problems: Problems, paper_id: int) -> Row[Any]:
    """The paper ``paper_id``, every column.

    Raises:
        InvalidFields: No paper has that id (on field ``id``, with the problems noted so far).
    """
    row = session.execute(select(paper_table).where(paper_table.c.id == paper_id)).first()
    if row is None:
        problems.add("id", paper_id, UNKNOWN_PAPER)
        problems.check()
    assert row is not None
    return row


def create_paper(session: Session, paper: NewPaper) -> int:
    """Store a new paper through the importer, which matches its authors to stored ones.

    Args:
        session: An open session; flushed, not committed.
        paper: The paper; no stored paper may have its DOI, or its title and first author.

    Returns:
        The new paper's id.

    Raises:
        InvalidFields: Every problem with the paper's fields.
    """
    problems = Problems()
    fields = _cleaned(
        problems,
        {
            "title": paper.title,
            "abstract": paper.abstract,
            "year": paper.year,
            "venue": paper.venue,
            "doi": paper.doi,
            "url": paper.url,
        },
    )
    people = validation.author_names(problems, paper.authors)
    incoming = IncomingPaper(authors=tuple(people), **fields)
    identity = None
    if people and not problems.has("title"):
        identity = ("title", incoming.fingerprint, paper.title)
    doi = (fields["doi"], paper.doi)
    check_unique(session, problems, paper_id=None, doi=doi, fingerprint=identity)
    problems.check()
    load_papers(session, [incoming])
    return int(
        session.execute(
            select(paper_table.c.id).where(paper_table.c.fingerprint == incoming.fingerprint)
        ).scalar_one()
    )


def _first_author(session: Session, paper_id: int) -> tuple[PersonName, ...]:
    row = session.execute(
        select(author_table.c.family_name, author_table.c.given_name, author_table.c.name)
        .join(authorship_table, authorship_table.c.author_id == author_table.c.id)
        .where(authorship_table.c.paper_id == paper_id)
        .order_by(authorship_table.c.position)
        .limit(1)
    ).first()
    return () if row is None else (PersonName(row.family_name, row.given_name, row.name),)


def update_paper(session: Session, paper_id: int, changes: Mapping[str, Any]) -> bool:
    """Change some of a paper's fields; a field not in ``changes`` keeps its value.

    Args:
        session: An open session; flushed, not committed.
        paper_id: The paper to change.
        changes: New values by field name (title, abstract, year, venue, doi, url); None
            clears a field, except the title, which a paper always has.

    Returns:
        Whether anything changed.

    Raises:
        InvalidFields: The paper does not exist, or every problem with the new values.
    """
    problems = Problems()
    row = stored_paper(session, problems, paper_id)
    cleaned = _cleaned(problems, changes)
    identity = None
    if "title" in cleaned and not problems.has("title"):
        key = paper_fingerprint(cleaned["title"], _first_author(session, paper_id))
        identity = ("title", key, changes["title"])
    doi = (cleaned.get("doi"), changes.get("doi"))
    check_unique(session, problems, paper_id=paper_id, doi=doi, fingerprint=identity)
    problems.check()
    changed = {name: value for name, value in cleaned.items() if getattr(row, name) != value}
    if not changed:
        return False
    if "title" in changed:
        assert identity is not None
        changed.update(folded_title=fold(changed["title"]), fingerprint=identity[1])
        changed["title_words"] = search_words(changed["title"])
    if "abstract" in changed:
        # Triggers carry these words into the search index.
        changed["abstract_words"] = search_words(changed["abstract"])
    session.execute(
        update(paper_table)
        .where(paper_table.c.id == paper_id)
        .values(**changed, updated_at=func.now())
    )
    bump_data_version(session)
    return True


def delete_paper(session: Session, paper_id: int) -> None:
    """Delete a paper and its authorships; its authors stay, with their counts lowered.

    Raises:
        InvalidFields: No paper has ``paper_id``.
    """
    stored_paper(session, Problems(), paper_id)
    authors = list(
        session.scalars(
            select(authorship_table.c.author_id).where(authorship_table.c.paper_id == paper_id)
        )
    )
    # Authorships go by ON DELETE CASCADE (SQLite enforces it: foreign keys are switched on).
    session.execute(delete(paper_table).where(paper_table.c.id == paper_id))
    refresh_paper_counts(session, authors)
    bump_data_version(session)
