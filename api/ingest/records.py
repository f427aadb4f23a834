"""What every source format parses into before loading: one shape for all sources."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

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

    @property
    def folded_title(self) -> str:
        """The title folded for case- and diacritic-insensitive matching and ordering."""
        return fold(self.title)

    @property
    def fingerprint(self) -> str:
        """Identity across sources: the normalized title and the first author's family name.

        Abstract, venue and year are left out on purpose, so a corrected abstract updates the
        same paper instead of creating a second one.
        """
        title = _NON_WORD.sub(" ", fold(self.title)).strip()
        first_family = fold(self.authors[0].family) if self.authors else ""
        first_family = _NON_WORD.sub(" ", first_family).strip()
        return hashlib.sha256(f"{title}|{first_family}".encode()).hexdigest()[:40]


def normalize_doi(raw: str | None) -> str | None:
    """A DOI in its canonical stored form: lowercase, without resolver prefix; None if empty."""
    if raw is None:
        return None
    doi = raw.strip()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    return doi.lower() or None
