"""Snippets of search results: the title and a stretch of the abstract with the matches marked.

Built in Python from the stored text, so both backends give the same snippet, and a page of
results costs no statement more. A word is marked when a query word matches it the way the
index matched it: folded, whole, or by its start for the prefix word.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from api.search.query import SearchQuery
from api.search.text import words

# Words of the stored text as written; each is folded on its own to compare with the query.
_RAW_WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30
# Words of context shown before the first match of the chosen stretch.
_LEAD_IN = 5
_ELLIPSIS = "\u2026"


@dataclass(frozen=True, slots=True)
class Snippet:
    """A search result's title and abstract stretch, as plain text and as marked-up HTML."""

    title_html: str
    text: str | None
    html: str | None


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    matched: bool


def _words(text: str, query: SearchQuery) -> list[_Word]:
    return [
        _Word(m.start(), m.end(), any(query.matches(word) for word in words(m.group())))
        for m in _RAW_WORD.finditer(text)
    ]


def _marked(text: str, found: list[_Word], start: int, end: int) -> str:
    """``text[start:end]`` HTML-escaped, matched words in ``<mark>``."""
    parts: list[str] = []
    position = start
    for word in found:
        if word.matched and start <= word.start and word.end <= end:
            parts.append(html.escape(text[position : word.start]))
            parts.append(f"<mark>{html.escape(text[word.start : word.end])}</mark>")
            position = word.end
    parts.append(html.escape(text[position:end]))
    return "".join(parts)


def _best_stretch(found: list[_Word]) -> int:
    """Index of the first word of the stretch with the most matches, a little before them."""
    best, best_count = 0, -1
    for first in range(len(found)):
        if not found[first].matched:
            continue
        count = sum(word.matched for word in found[first : first + SNIPPET_WORDS])
        if count > best_count:
            best, best_count = first, count
    return max(best - _LEAD_IN, 0) if best_count > 0 else 0


def snippet(query: SearchQuery, title: str, abstract: str | None) -> Snippet:
    """The snippet of one result.

    Args:
        query: The query the result came from.
        title: The stored title.
        abstract: The stored abstract, if any.

    Returns:
        The whole title marked up; the stretch of about 30 words of the abstract with the most
        matches (its start when nothing matches there), as text with "…" where it was cut, and
        as HTML; None for both when there is no abstract.
    """
    title = unicodedata.normalize("NFC", title)
    title_html = _marked(title, _words(title, query), 0, len(title))
    if abstract is None:
        return Snippet(title_html=title_html, text=None, html=None)
    abstract = unicodedata.normalize("NFC", abstract)
    found = _words(abstract, query)
    if not found:
        return Snippet(title_html=title_html, text=abstract, html=html.escape(abstract))
    first = _best_stretch(found)
    last = min(first + SNIPPET_WORDS, len(found)) - 1
    start = 0 if first == 0 else found[first].start
    end = len(abstract) if last == len(found) - 1 else found[last].end
    before = "" if start == 0 else _ELLIPSIS
    after = "" if end == len(abstract) else _ELLIPSIS
    return Snippet(
        title_html=title_html,
        text=before + abstract[start:end] + after,
        html=before + _marked(abstract, found, start, end) + after,
    )
