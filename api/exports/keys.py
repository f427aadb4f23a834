"""Citation keys in the familyYEARword style: ``welling2019batch``, unique within one export."""

from __future__ import annotations

import re
from collections.abc import Sequence

from api.ingest.names import fold
from api.reads.publications import Publication

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Words a key skips when looking for the first word of a title.
_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "by", "do", "does", "for", "from", "how", "in",
        "into", "is", "of", "on", "or", "over", "the", "through", "to", "toward", "towards",
        "under", "using", "via", "what", "when", "where", "which", "why", "with", "without",
    }
)  # fmt: skip


def _ascii_words(text: str) -> list[str]:
    folded = fold(text).encode("ascii", "ignore").decode("ascii")
    return [word for word in _NOT_ALNUM.split(folded) if word]


def base_key(publication: Publication) -> str:
    """The key before collisions are resolved: first author's family name, year, first word.

    Args:
        publication: The paper and its authors.

    Returns:
        E.g. "bejnordi2020batch", "vandenberg2018sylvester"; "welling_nd_batch" without a year.
        Names and titles are folded to lower-case ASCII; title stop words are skipped.
    """
    authors = publication.authors
    family = "".join(_ascii_words(authors[0].family)) if authors else ""
    words = _ascii_words(publication.paper.title)
    word = next((w for w in words if w not in _STOP_WORDS), words[0] if words else "paper")
    year = publication.paper.year
    family = family or "anon"
    return f"{family}{year}{word}" if year is not None else f"{family}_nd_{word}"


def citation_keys(publications: Sequence[Publication]) -> list[str]:
    """Unique keys for one export, in the order of ``publications``.

    When papers share a base key, the one stored first (lowest id) keeps it and the others get
    "-2", "-3", ... in the order they were stored, so the same data always gives the same keys.
    Base keys never contain "-", so a suffixed key cannot meet another paper's base key.

    Args:
        publications: Everything the export holds.

    Returns:
        One key per publication.
    """
    bases = [base_key(publication) for publication in publications]
    taken: dict[str, int] = {}
    keys = [""] * len(publications)
    for index in sorted(range(len(publications)), key=lambda i: publications[i].paper.id):
        seen = taken.get(bases[index], 0) + 1
        taken[bases[index]] = seen
        keys[index] = bases[index] if seen == 1 else f"{bases[index]}-{seen}"
    return keys
