"""Authors by prefixes of their name parts: "ber" finds Rianne van den Berg, "rez" Rezende.

Every word typed must start some part of the author's name (``author_name_token``), in any
case and with or without diacritics. The SQL comes in two shapes that select the same authors:

- sparse: start from the tokens in the longest word's range (an index range scan) and look the
  authors up; right when few tokens match, as for "rez";
- dense: walk authors from the most papers down and keep those whose tokens match, stopping at
  the page size; right when many do, as for "m", where the sparse shape would sort thousands.

:func:`density_statement` counts the matching tokens up to :data:`DENSE_AT`, which picks one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, select

from api.errors import InputError
from api.identity.tokens import prefix_range
from api.ingest.names import excerpt
from api.models import author_name_token_table as tokens
from api.models import author_table
from api.search.text import words

DENSE_AT = 1_000
MAX_PREFIX_CHARS = 200
MAX_PREFIX_WORDS = 8


def prefix_words(text: str, *, field: str) -> tuple[str, ...]:
    """The folded words of a name prefix as typed, longest first.

    Raises:
        InputError: The text is too long, has too many words, or none.
    """
    if len(text) > MAX_PREFIX_CHARS:
        raise InputError(
            f"'{field}' is {len(text)} characters; at most {MAX_PREFIX_CHARS}", field=field
        )
    found = tuple(dict.fromkeys(words(text)))
    if not found:
        raise InputError(
            f"'{field}' has no letters or digits to match names with: {excerpt(text)}",
            field=field,
        )
    if len(found) > MAX_PREFIX_WORDS:
        raise InputError(
            f"'{field}' has {len(found)} words; at most {MAX_PREFIX_WORDS}", field=field
        )
    return ordered(found)


def ordered(prefixes: Sequence[str]) -> tuple[str, ...]:
    """Prefixes longest first: the longest matches fewest tokens, so it leads the scan."""
    return tuple(sorted(dict.fromkeys(prefixes), key=lambda word: (-len(word), word)))


def _in_range(token: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    low, high = prefix_range(prefix)
    return and_(token >= low, token < high)


def _has_token(prefix: str) -> ColumnElement[bool]:
    return exists().where(
        tokens.c.author_id == author_table.c.id, _in_range(tokens.c.token, prefix)
    )


def name_prefix_condition(prefixes: Sequence[str], *, dense: bool) -> ColumnElement[bool]:
    """Authors for whom every prefix starts a name token; ``prefixes`` longest first."""
    if dense:
        return and_(*(_has_token(prefix) for prefix in prefixes))
    leading = select(tokens.c.author_id).where(_in_range(tokens.c.token, prefixes[0]))
    return and_(author_table.c.id.in_(leading), *(_has_token(prefix) for prefix in prefixes[1:]))


def density_statement(prefixes: Sequence[str]) -> Select[Any]:
    """How many tokens the leading prefix matches, counted up to :data:`DENSE_AT`."""
    capped = (
        select(literal(1))
        .select_from(tokens)
        .where(_in_range(tokens.c.token, prefixes[0]))
        .limit(DENSE_AT)
        .subquery()
    )
    return select(func.count()).select_from(capped)
