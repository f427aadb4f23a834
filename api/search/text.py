"""The words search sees: folded text split on everything that is not a letter or digit.

Both search indexes read words prepared here rather than tokenizing text themselves, so SQLite
and PostgreSQL match exactly the same words: "Köhler's U-Net" is indexed as "kohler s u net" on
both, whatever FTS5's tokenizer or PostgreSQL's parser would have made of the apostrophe and
hyphen.
"""

from __future__ import annotations

import re

from api.ingest.names import fold

WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The folded words of ``text``: "Köhler's U-Net" -> ["kohler", "s", "u", "net"]."""
    return WORD.findall(fold(text))


def search_words(text: str | None) -> str | None:
    """The folded words of ``text`` joined by single spaces; None for None.

    This is what ``paper.title_words`` and ``paper.abstract_words`` hold: every write that sets
    a title or an abstract sets these from it.
    """
    return None if text is None else " ".join(words(text))


def search_columns(*, title: str, abstract: str | None) -> dict[str, str | None]:
    """The search columns of a paper with this title and abstract, for inserts and updates."""
    return {"title_words": search_words(title) or "", "abstract_words": search_words(abstract)}
