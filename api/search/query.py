"""What users type into a search box, turned into terms, and the terms into each engine's syntax.

The syntax is the one people expect without reading a manual:

- several words: every one must match (``graph neural networks``);
- ``"quoted phrases"``: the words in this order, next to each other; a quote left open runs to the
  end of the text, as it does while someone is still typing;
- a word written with punctuation inside (``semi-supervised``, ``Green's``) is a phrase of its
  parts, the way the text was indexed;
- the last word matches as a prefix while it is being typed (``neural netw``), unless the text
  ends with a space or a closing quote;
- case and diacritics never matter (``kohler`` finds Köhler).

Nothing else is syntax: operators, brackets, ``*``, ``:`` and SQL are ordinary characters,
which separate words like any punctuation. Engine expressions are built only from the folded
words (letters and digits), each quoted for its engine, so no user character reaches either
engine's query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.errors import InputError
from api.ingest.names import excerpt
from api.search.text import words

MAX_QUERY_CHARS = 1_000
MAX_WORDS = 32
MAX_WORD_CHARS = 100
# A one-letter prefix would match most of the index; it is matched as a whole word instead.
MIN_PREFIX_CHARS = 2

_QUOTES = '"\u201c\u201d\u201e'
# A quoted part (closed or running to the end), or a run of text without spaces and quotes.
_CHUNK = re.compile(rf"[{_QUOTES}](?P<quoted>[^{_QUOTES}]*)(?P<close>[{_QUOTES}]?)|[^\s{_QUOTES}]+")


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One word, or a phrase of words that must appear in this order, next to each other."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Parsed search text: every term must match."""

    terms: tuple[SearchTerm, ...]


def parse_search(text: str, *, field: str) -> SearchQuery:
    """Read search text as described in the module docstring.

    Args:
        text: What the user typed.
        field: The argument the text came in, named in error messages ("query", "filter.search").

    Returns:
        The terms, in the order typed, without repeats.

    Raises:
        InputError: The text is too long, has no letters or digits, too many words, or a word
            too long to be a word.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(
            f"'{field}' is {len(text)} characters; at most {MAX_QUERY_CHARS}", field=field
        )
    terms: list[SearchTerm] = []
    still_typing = False
    for chunk in _CHUNK.finditer(text):
        quoted = chunk.group("quoted")
        found = tuple(words(chunk.group() if quoted is None else quoted))
        if found:
            terms.append(SearchTerm(found))
        # Only the last chunk counts: an open quote, or a bare word the text ends in.
        open_quote = quoted is not None and not chunk.group("close")
        still_typing = bool(found) and chunk.end() == len(text) and (quoted is None or open_quote)
    if not terms:
        raise InputError(
            f"'{field}' has no letters or digits to search for: {excerpt(text)}", field=field
        )
    last = terms[-1]
    if still_typing and len(last.words[-1]) >= MIN_PREFIX_CHARS:
        terms[-1] = SearchTerm(last.words, prefix=True)
    unique = tuple(dict.fromkeys(terms))
    _check_sizes(unique, field)
    return SearchQuery(unique)


def _check_sizes(terms: tuple[SearchTerm, ...], field: str) -> None:
    count = sum(len(term.words) for term in terms)
    if count > MAX_WORDS:
        raise InputError(f"'{field}' has {count} words; at most {MAX_WORDS}", field=field)
    longest = max((word for term in terms for word in term.words), key=len)
    if len(longest) > MAX_WORD_CHARS:
        raise InputError(
            f"'{field}' has a word of {len(longest)} characters ({excerpt(longest, 24)}); "
            f"words are at most {MAX_WORD_CHARS}",
            field=field,
        )


def fts5_expression(query: SearchQuery) -> str:
    """The query as an SQLite FTS5 MATCH expression: quoted phrases joined by AND.

    ``graph "neural net`` becomes ``"graph" AND "neural net"*``.
    """
    return " AND ".join(_fts5_term(term) for term in query.terms)


def _fts5_term(term: SearchTerm) -> str:
    # Inside an FTS5 string only the double quote is special, and it is escaped by doubling.
    phrase = " ".join(term.words).replace('"', '""')
    return f'"{phrase}"' + ("*" if term.prefix else "")


def tsquery_text(query: SearchQuery) -> str:
    """The query for PostgreSQL's ``to_tsquery``: quoted lexemes, ``<->`` in phrases, ``&``.

    ``graph "neural net`` becomes ``('graph') & ('neural' <-> 'net':*)``.
    """
    return " & ".join(_tsquery_term(term) for term in query.terms)


def _tsquery_term(term: SearchTerm) -> str:
    lexemes = [_tsquery_lexeme(word) for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def _tsquery_lexeme(word: str) -> str:
    # In tsquery input a quoted lexeme escapes its quote by doubling and a backslash by another.
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
