"""Authors by prefixes of their name parts: "ber" finds Rianne van den Berg, "rez" Rezende.

Every word typed must start some part of the author's name (``author_name_token``), in any
case and with or without diacritics. A first page of such authors (most papers first, say) is
one statement with two branches, of which one runs:

- the walk: go down the first :data:`WALK` authors in the page's order and keep those with a
  matching name part; when that fills the page it is the answer, found after a few probes, as
  for "m" or "li", which thousands of names start with;
- the sort: otherwise take the authors whose name parts fall in the longest word's range (an
  index range scan), then sort just those; right for "rez", which few names start with, and for
  prefixes whose authors have few papers each, which a walk would reach last.

Counting first to choose would cost a statement and still guess wrong where matches cluster
among authors with few papers; the walk is bounded, so a wrong start costs little.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, func, select, union_all

from api.errors import InputError
from api.identity.tokens import prefix_range
from api.ingest.names import excerpt
from api.models import author_name_token_table as tokens
from api.models import author_table
from api.reads.keyset import SortKey
from api.search.text import words

MAX_PREFIX_CHARS = 200
MAX_PREFIX_WORDS = 8
# How far down the page's order the walk goes before the sort takes over.
WALK = 500


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


def _in_range(token: ColumnElement[str], position: int, prefix: str) -> ColumnElement[bool]:
    # Named by the prefix's position, so a statement built once serves other prefixes through
    # .params(prefix_parameters(...)), as relevance statements serve other queries.
    low, high = prefix_range(prefix)
    return and_(
        token >= bindparam(f"name_prefix_{position}_low", low),
        token < bindparam(f"name_prefix_{position}_high", high),
    )


def prefix_parameters(prefixes: Sequence[str]) -> dict[str, str]:
    """The bound values of a prefix condition: ``statement.params()`` of these changes them."""
    values: dict[str, str] = {}
    for position, prefix in enumerate(prefixes):
        low, high = prefix_range(prefix)
        values[f"name_prefix_{position}_low"] = low
        values[f"name_prefix_{position}_high"] = high
    return values


def _has_token(author_id: ColumnElement[int], position: int, prefix: str) -> ColumnElement[bool]:
    return exists().where(
        tokens.c.author_id == author_id, _in_range(tokens.c.token, position, prefix)
    )


def name_prefix_condition(
    prefixes: Sequence[str], *, only_if: ColumnElement[bool] | None = None
) -> ColumnElement[bool]:
    """Authors for whom every prefix starts a name token; ``prefixes`` longest first.

    ``only_if``, a condition on no row, is tested in the scan of the leading prefix's tokens:
    when it is false no author matches, and the authors that prefix starts are never gathered.
    """
    leading = select(tokens.c.author_id).where(_in_range(tokens.c.token, 0, prefixes[0]))
    if only_if is not None:
        leading = leading.where(only_if)
    others = list(enumerate(prefixes))[1:]
    return and_(
        author_table.c.id.in_(leading),
        *(_has_token(author_table.c.id, position, prefix) for position, prefix in others),
    )


def prefix_page_statement(
    base: Select[Any], prefixes: Sequence[str], sort: Sequence[SortKey], size: int
) -> Select[Any]:
    """The first page of ``base``'s authors whose names the prefixes start, in ``sort`` order.

    Args:
        base: Authors and their columns (``api.reads.authors.authors_select`` without the
            prefixes), possibly with other conditions.
        prefixes: Folded prefixes, longest first.
        sort: The page's full, unique order.
        size: The page size; one more row is fetched to tell whether another page exists.

    Returns:
        A statement whose rows have ``base``'s columns and ``page_sort_0``... in page order,
        as ``api.reads.keyset.paged_statement`` gives them.
    """
    limit = size + 1
    labels = [key.expression.label(f"page_sort_{i}") for i, key in enumerate(sort)]
    leaders = (
        base.add_columns(*labels).order_by(*(key.ordering() for key in sort)).limit(WALK)
    ).subquery("leaders")
    walked = (
        select(*leaders.c)
        .where(*(_has_token(leaders.c.id, *numbered) for numbered in enumerate(prefixes)))
        .order_by(*_orderings(leaders.c, sort))
        .limit(limit)
        .cte("walked")
    )
    walked_count = select(func.count()).select_from(walked).scalar_subquery()
    walk_filled = walked_count >= limit
    # A fence: the candidates are gathered first and sorted after, whatever an index offers.
    # SQLite builds the list of authors the leading prefix starts before it tests any condition
    # on the candidates themselves, so the gate goes into that token scan: otherwise "ma" would
    # still gather its 12,000 authors of the 100,000-paper corpus (20 ms) after the walk had
    # filled the page.
    candidates = (
        base.add_columns(*labels)
        .where(name_prefix_condition(prefixes, only_if=~walk_filled))
        .cte("prefix_candidates")
        .prefix_with("MATERIALIZED")
    )
    # As in api.search.ranking, the gate is stated inside for SQLite and outside for PostgreSQL.
    sorted_candidates = (
        select(*candidates.c)
        .where(~walk_filled)
        .order_by(*_orderings(candidates.c, sort))
        .limit(limit)
        .subquery()
    )
    page = union_all(
        select(*walked.c).where(walk_filled),
        select(*sorted_candidates.c).where(~walk_filled),
    ).subquery("prefix_page")
    return select(*page.c).order_by(*_orderings(page.c, sort)).limit(limit)


def _orderings(columns: Any, sort: Sequence[SortKey]) -> list[ColumnElement[Any]]:
    return [
        SortKey(columns[f"page_sort_{i}"], key.descending).ordering() for i, key in enumerate(sort)
    ]
