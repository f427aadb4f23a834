"""Snippets of search results: the title and a stretch of the abstract with the matches marked.

Built in Python from the stored text, so both backends give the same snippet, and a page of
results costs no statement more. A word is marked when a query word matches it the way the
index matched it: folded, whole, or by its start for the prefix word.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from api.search.query import SearchQuery
from api.search.text import words

# Words of the stored text as written; each is folded on its own to compare with the query.
_RAW_WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30
# Words of context shown before the first match of the chosen stretch.
_LEAD_IN = 5
_ELLIPSIS = "\u2026"


@dataclass(frozen=True, slots=True)
class Stretch:
    """About 30 words of an abstract around its matches, as plain text and as marked-up HTML."""

    text: str
    html: str


@dataclass(frozen=True, slots=True)
class _Scan:
    """The words of a text as (start, end) spans, and which of them matched."""

    spans: list[tuple[int, int]]
    hits: list[int]


class _Matcher:
    """Finds the words of a stored text that the query matches, as the index matched them."""

    def __init__(self, query: SearchQuery) -> None:
        self.exact = frozenset(
            word for term in query.terms for word in term.words[: -1 if term.prefix else None]
        )
        self.prefixes = tuple(term.words[-1] for term in query.terms if term.prefix)
        # Most text is ASCII, where folding is lowering: one regular expression finds every
        # match at C speed. A whole word, or a word that starts with the prefix.
        choices = [re.escape(word) + r"(?![^\W_])" for word in self.exact if word.isascii()]
        choices += [re.escape(prefix) for prefix in self.prefixes if prefix.isascii()]
        longest_first = sorted(choices, key=len, reverse=True)
        self.ascii = re.compile(r"(?<![^\W_])(?:" + "|".join(longest_first) + ")")
        self.has_ascii = bool(choices)

    def _matches(self, raw: str) -> bool:
        return any(word in self.exact or word.startswith(self.prefixes) for word in words(raw))

    def scan(self, text: str) -> _Scan:
        spans = [match.span() for match in _RAW_WORD.finditer(text)]
        if text.isascii():
            found = {m.start() for m in self.ascii.finditer(text.lower())} if self.has_ascii else ()
            hits = [index for index, (start, _) in enumerate(spans) if start in found]
        else:
            hits = [i for i, (start, end) in enumerate(spans) if self._matches(text[start:end])]
        return _Scan(spans, hits)


@lru_cache(maxsize=256)
def _matcher(query: SearchQuery) -> _Matcher:
    # A page of results shares one query: its regular expression is built once.
    return _Matcher(query)


def _marked(text: str, scan: _Scan, start: int, end: int) -> str:
    """``text[start:end]`` HTML-escaped, matched words in ``<mark>``."""
    parts: list[str] = []
    position = start
    for index in scan.hits:
        word_start, word_end = scan.spans[index]
        if start <= word_start and word_end <= end:
            parts.append(html.escape(text[position:word_start]))
            parts.append(f"<mark>{html.escape(text[word_start:word_end])}</mark>")
            position = word_end
    parts.append(html.escape(text[position:end]))
    return "".join(parts)


def _best_stretch(hits: list[int]) -> int:
    """Index of the first word of the stretch with the most matches, a little before them."""
    best, best_count = 0, 0
    for position, first in enumerate(hits):
        # Matches from this one on that fall within the stretch starting here.
        count = bisect_left(hits, first + SNIPPET_WORDS, lo=position) - position
        if count > best_count:
            best, best_count = first, count
    return max(best - _LEAD_IN, 0)


def marked_title(query: SearchQuery, title: str) -> str:
    """The whole title, HTML-escaped, with the words ``query`` matched in ``<mark>``."""
    title = unicodedata.normalize("NFC", title)
    return _marked(title, _matcher(query).scan(title), 0, len(title))


@lru_cache(maxsize=1024)
def abstract_stretch(query: SearchQuery, abstract: str | None) -> Stretch | None:
    """The stretch of about 30 words of the abstract with the most matches.

    Returns:
        The stretch (the abstract's start when nothing matches there), with "…" where it was
        cut, as text and as HTML with the matched words in ``<mark>``; None without an abstract.
    """
    if abstract is None:
        return None
    abstract = unicodedata.normalize("NFC", abstract)
    scan = _matcher(query).scan(abstract)
    if not scan.spans:
        return Stretch(text=abstract, html=html.escape(abstract))
    first = _best_stretch(scan.hits)
    last = min(first + SNIPPET_WORDS, len(scan.spans)) - 1
    start = 0 if first == 0 else scan.spans[first][0]
    end = len(abstract) if last == len(scan.spans) - 1 else scan.spans[last][1]
    before = "" if start == 0 else _ELLIPSIS
    after = "" if end == len(abstract) else _ELLIPSIS
    return Stretch(
        text=before + abstract[start:end] + after,
        html=before + _marked(abstract, scan, start, end) + after,
    )
