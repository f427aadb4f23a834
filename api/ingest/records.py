"""What every source format parses into before loading: one shape for all sources."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from api.ingest.names import PersonName, fold

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class IncomingPaper:
    """A paper as a source states it; None means the source does not say (never "erase")."""

    title: str
    authors: tuple[PersonName, ...]
    abstract: str | None = None
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    url: str | None = None
    source_line: int | None = None
    # Derived once at construction: an import consults both several times per paper.
    folded_title: str = field(init=False, repr=False, compare=False)
    fingerprint: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded_title", fold(self.title))
        object.__setattr__(self, "fingerprint", paper_fingerprint(self.title, self.authors))


def paper_fingerprint(title: str, authors: tuple[PersonName, ...]) -> str:
    """Identity across sources: the normalized title and the first author's family name.

    Abstract, venue and year are left out on purpose, so a corrected abstract updates the same
    paper instead of creating a second one.
    """
    words = _NON_WORD.sub(" ", fold(title)).strip()
    first_family = _NON_WORD.sub(" ", fold(authors[0].family)).strip() if authors else ""
    return hashlib.sha256(f"{words}|{first_family}".encode()).hexdigest()[:40]


def normalize_doi(raw: str | None) -> str | None:
    """A DOI in its canonical stored form: lowercase, without resolver prefix; None if empty."""
    if raw is None:
        return None
    doi = raw.strip()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    return doi.lower() or None
