"""Plain, immutable rows as the read path hands them on: no ORM state, cheap to build."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """The served columns of one paper."""

    id: int
    title: str
    abstract: str | None
    year: int | None
    venue: str | None
    doi: str | None
    url: str | None

    @classmethod
    def from_row(cls, row: Any) -> PaperRecord:
        """Build from a row that has the paper columns."""
        return cls(row.id, row.title, row.abstract, row.year, row.venue, row.doi, row.url)


@dataclass(frozen=True, slots=True)
class AuthorRecord:
    """The served columns of one author."""

    id: int
    slug: str
    name: str
    given_name: str
    family_name: str
    orcid: str | None
    paper_count: int

    @classmethod
    def from_row(cls, row: Any) -> AuthorRecord:
        """Build from a row that has the author columns."""
        return cls(
            row.id,
            row.slug,
            row.name,
            row.given_name,
            row.family_name,
            row.orcid,
            row.paper_count,
        )


@dataclass(frozen=True, slots=True)
class AuthorshipRecord:
    """One author's place on one paper."""

    paper_id: int
    position: int
    name_as_written: str
    author: AuthorRecord
