"""The folded parts of author names that suggestions match by prefix ("ber" finds van den Berg).

An author's tokens are the words of their folded display name, plus each apostrophe-free form
("O'Donoghue" gives "o", "donoghue" and "odonoghue"). Imports add them for new authors; a
merge gives the author kept the tokens of the one dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.orm import Session

from api.ingest.names import fold
from api.models import author_name_token_table
from api.search.text import WORD

_APOSTROPHES = re.compile("['`\u2019\u02bc\u00b4]")
# Above every character a token can hold, so [prefix, prefix + _TOP) spans what starts with it.
_TOP = "\U0010ffff"
_INSERT_BATCH = 5_000


def name_tokens(name: str) -> set[str]:
    """The tokens of one name: "Rianne van den Berg" -> {"rianne", "van", "den", "berg"}."""
    folded = fold(name)
    found = set(WORD.findall(folded))
    if _APOSTROPHES.search(folded):
        found.update(WORD.findall(_APOSTROPHES.sub("", folded)))
    return found


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds ``low <= token < high`` of the tokens that start with ``prefix`` (folded)."""
    return prefix, prefix + _TOP


def add_name_tokens(session: Session, authors: Iterable[tuple[int, str]]) -> None:
    """Store the tokens of new authors, given as (author id, display name); flushes only."""
    rows = [
        {"token": token, "author_id": author_id}
        for author_id, name in authors
        for token in sorted(name_tokens(name))
    ]
    for start in range(0, len(rows), _INSERT_BATCH):
        session.execute(insert(author_name_token_table), rows[start : start + _INSERT_BATCH])
