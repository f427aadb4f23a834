"""The words search sees: folded text split on everything that is not a letter or digit.

Both search indexes read words prepared here rather than tokenizing text themselves, so SQLite
and PostgreSQL match exactly the same words: "Köhler's U-Net" is indexed as "kohler s u net" on
both, whatever FTS5's tokenizer or PostgreSQL's parser would have made of the apostrophe and
hyphen.
"""

from __future__ import annotations

import re
from functools import lru_cache

from api.ingest.names import fold

WORD = re.compile(r"[^\W_]+")
# Every ASCII character but letters and digits becomes a space; str.translate runs in C.
_ASCII_SEPARATORS = str.maketrans({code: " " for code in range(128) if not chr(code).isalnum()})


def words(text: str) -> list[str]:
    """The folded words of ``text``: "Köhler's U-Net" -> ["kohler", "s", "u", "net"].

    The same as ``WORD.findall(fold(text))``, faster: every import folds every abstract, and
    most text is ASCII, where folding is lowering. Folding acts on each character alone, so
    the rest can be folded a whitespace-separated chunk at a time, and chunks repeat.
    """
    if text.isascii():
        return text.lower().translate(_ASCII_SEPARATORS).split()
    folded = " ".join(
        chunk.lower() if chunk.isascii() else _folded(chunk) for chunk in text.split()
    )
    return WORD.findall(folded)


@lru_cache(maxsize=65_536)
def _folded(chunk: str) -> str:
    return fold(chunk)


def search_words(text: str | None) -> str | None:
    """The folded words of ``text`` joined by single spaces; None for None.

    This is what ``paper.title_words`` and ``paper.abstract_words`` hold: every write that sets
    a title or an abstract sets these from it.
    """
    return None if text is None else " ".join(words(text))


def search_columns(*, title: str, abstract: str | None) -> dict[str, str | None]:
    """The search columns of a paper with this title and abstract, for inserts and updates."""
    return {"title_words": search_words(title) or "", "abstract_words": search_words(abstract)}
