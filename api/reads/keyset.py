"""Keyset pagination: validated page arguments, opaque cursors, and the SQL that pages.

A cursor holds the sort values of a row, so the next page starts with ``WHERE (sort) > (cursor)``
and page 1,000 costs what page 1 costs. Several parents (say, the papers of 50 authors) are paged
in one statement with ``row_number() OVER (PARTITION BY parent ...)``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, tuple_

from api.errors import InputError

CursorValues = tuple[int | str | None, ...]


@dataclass(frozen=True, slots=True)
class SortKey:
    """One ORDER BY term; the last key of a sort must be unique (the primary key)."""

    expression: ColumnElement[Any]
    descending: bool = False

    def reversed(self) -> SortKey:
        """The same term, the other way round (for paging backwards)."""
        return SortKey(self.expression, not self.descending)

    def ordering(self) -> ColumnElement[Any]:
        """The term as used in ORDER BY."""
        return self.expression.desc() if self.descending else self.expression.asc()


def encode_cursor(values: CursorValues) -> str:
    """An opaque cursor for a row with these sort values."""
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str, *, arity: int, argument: str) -> CursorValues:
    """The sort values inside a cursor; rejects cursors from another ordering or tampered ones."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        values = None
    valid = (
        isinstance(values, list)
        and len(values) == arity
        and all(value is None or isinstance(value, int | str) for value in values)
    )
    if not valid:
        raise InputError(
            f"invalid cursor in '{argument}': {cursor[:64]!r} was not returned by this field "
            "with the same orderBy",
            field=argument,
        )
    return tuple(values)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Validated connection arguments; hashable so loaders can batch by them."""

    first: int | None
    after: str | None
    last: int | None
    before: str | None

    @classmethod
    def build(
        cls,
        *,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        default_size: int,
        max_size: int,
    ) -> PageRequest:
        """Check the limits; ``first`` defaults only when neither it nor ``last`` is given."""
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise InputError(
                    f"'{name}' must be between 0 and {max_size}, got {value}",
                    field=name,
                    limit=max_size,
                )
        if first is not None and last is not None:
            raise InputError("pass either 'first' or 'last', not both", field="last")
        if first is None and last is None:
            first = default_size
        return cls(first=first, after=after, last=last, before=before)

    @property
    def backward(self) -> bool:
        """Whether the page is counted from the end (``last``)."""
        return self.last is not None

    @property
    def size(self) -> int:
        """How many rows the page holds at most."""
        size = self.last if self.backward else self.first
        assert size is not None
        return size


def after_predicate(sort: Sequence[SortKey], values: CursorValues) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in ``sort`` order (nulls never appear in sort values).

    When every key runs the same way this is one row-value comparison, which both SQLite and
    PostgreSQL turn into an index range scan; mixed directions need the longer OR form.
    """
    if any(value is None for value in values):
        return false()
    if len({key.descending for key in sort}) == 1:
        row, cursor = tuple_(*(key.expression for key in sort)), tuple_(*values)
        lead, value = sort[0].expression, values[0]
        if sort[0].descending:
            return and_(lead <= value, row < cursor)
        # The redundant bound on the first key lets SQLite seek an expression index too; it
        # seeks on row values only when every term is a plain column.
        return and_(lead >= value, row > cursor)
    alternatives = []
    for index, key in enumerate(sort):
        value = values[index]
        if value is None:
            return false()
        equal_before = [sort[i].expression == values[i] for i in range(index)]
        beyond = key.expression < value if key.descending else key.expression > value
        alternatives.append(and_(*equal_before, beyond))
    return or_(*alternatives)


@dataclass(frozen=True, slots=True)
class Window:
    """What one paged statement needs: the sort, the cursors, the page size."""

    sort: tuple[SortKey, ...]
    page: PageRequest

    def effective_sort(self) -> tuple[SortKey, ...]:
        """The order rows are fetched in (reversed when paging backwards)."""
        return tuple(key.reversed() for key in self.sort) if self.page.backward else self.sort

    def bounds(self) -> list[ColumnElement[bool]]:
        """The cursor conditions, in the fetch order."""
        arity = len(self.sort)
        conditions = []
        if self.page.after is not None:
            values = decode_cursor(self.page.after, arity=arity, argument="after")
            conditions.append(after_predicate(self.sort, values))
        if self.page.before is not None:
            values = decode_cursor(self.page.before, arity=arity, argument="before")
            conditions.append(after_predicate([key.reversed() for key in self.sort], values))
        return conditions


def paged_statement(
    base: Select[Any], window: Window, *, partition: ColumnElement[Any] | None
) -> Select[Any]:
    """Wrap ``base`` so it returns at most size+1 rows per partition, in fetch order.

    The extra row tells whether another page exists. Columns ``page_sort_0``... carry the sort
    values for cursors; ``page_parent`` carries the partition key when there is one.
    """
    order = window.effective_sort()
    limit = window.page.size + 1
    sort_columns = [key.expression.label(f"page_sort_{i}") for i, key in enumerate(window.sort)]
    filtered = base.add_columns(*sort_columns).where(*window.bounds())
    if partition is None:
        return filtered.order_by(*(key.ordering() for key in order)).limit(limit)
    numbered = filtered.add_columns(
        partition.label("page_parent"),
        func.row_number()
        .over(partition_by=partition, order_by=[key.ordering() for key in order])
        .label("page_row"),
    ).subquery()
    return (
        select(numbered)
        .where(numbered.c.page_row <= limit)
        .order_by(numbered.c.page_parent, numbered.c.page_row)
    )


T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a connection, with what PageInfo needs."""

    items: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool

    def map(self, build: Callable[[T], U]) -> Page[U]:
        """The same page with every item passed through ``build``."""
        return Page(
            [build(item) for item in self.items], self.cursors, self.has_next, self.has_previous
        )


def build_page(rows: list[T], cursors: list[CursorValues], window: Window) -> Page[T]:
    """Trim the look-ahead row, restore display order and work out PageInfo."""
    request = window.page
    more = len(rows) > request.size
    rows, cursors = rows[: request.size], cursors[: request.size]
    if request.backward:
        rows.reverse()
        cursors.reverse()
        has_previous, has_next = more, request.before is not None
    else:
        has_next, has_previous = more, request.after is not None
    return Page(
        items=rows,
        cursors=[encode_cursor(values) for values in cursors],
        has_next=has_next,
        has_previous=has_previous,
    )
