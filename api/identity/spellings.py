"""Name variants: every spelling an import mapped to an author, kept with the key it gives.

The importer finds authors by match key. A merge deletes the dropped author and with it the key
on the ``author`` row; its spellings move to the author kept, so :func:`authors_of_merged_keys`
lets the next import of "Welling, M." find the author "Welling, M." was merged into.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from api.models import author_name_variant_table as variants

_BATCH = 2_000


def authors_of_merged_keys(session: Session, keys: Sequence[str]) -> dict[str, int]:
    """Author ids for match keys that are no author's own key but a spelling of theirs."""
    found: dict[str, int] = {}
    for start in range(0, len(keys), _BATCH):
        batch = keys[start : start + _BATCH]
        rows = session.execute(
            select(variants.c.match_key, variants.c.author_id).where(
                variants.c.match_key.in_(batch)
            )
        )
        found.update((key, author_id) for key, author_id in rows)
    return found


@dataclass(slots=True)
class SpellingRecorder:
    """Records the spellings of one import run, each (author, spelling) pair once."""

    known: set[tuple[int, str]] = field(default_factory=set)

    def record(
        self, session: Session, spellings: Iterable[tuple[int, str, str]], *, new_authors: set[int]
    ) -> None:
        """Store (author id, spelling, match key) triples not stored yet; flushes only.

        Args:
            session: The import's session.
            spellings: What one chunk mapped, repeats allowed.
            new_authors: Authors created in this run, who have no stored spellings to look up.
        """
        fresh: dict[tuple[int, str], str] = {}
        for author_id, spelling, key in spellings:
            if (author_id, spelling) not in self.known:
                fresh.setdefault((author_id, spelling), key)
        stored = [pair for pair in fresh if pair[0] not in new_authors]
        for start in range(0, len(stored), _BATCH):
            batch = stored[start : start + _BATCH]
            self.known.update(
                (author_id, spelling)
                for author_id, spelling in session.execute(
                    select(variants.c.author_id, variants.c.variant).where(
                        tuple_(variants.c.author_id, variants.c.variant).in_(batch)
                    )
                )
            )
        rows = [
            {"author_id": author_id, "variant": spelling, "match_key": key}
            for (author_id, spelling), key in fresh.items()
            if (author_id, spelling) not in self.known
        ]
        for start in range(0, len(rows), _BATCH):
            session.execute(insert(variants), rows[start : start + _BATCH])
        self.known.update(fresh)
