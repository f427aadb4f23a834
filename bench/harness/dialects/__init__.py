"""How each server is asked the benchmark's queries, and how its answers are compared.

A dialect turns a query into request bodies for one server's schema, and its answer into a
canonical value (tuples of titles, years and names), so answers from different schemas compare
with ``==``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bench.harness.queries import BenchQuery, Workload

JSON = dict[str, Any]
Post = Callable[[JSON], JSON]


class Dialect(Protocol):
    """One server's way of asking the benchmark queries."""

    name: str

    def bodies(self, query: BenchQuery, workload: Workload, deep_cursor: str) -> list[JSON]:
        """The request bodies for ``query``, cycled through by the load generator."""
        ...

    def answer(self, query: BenchQuery, response: JSON) -> object:
        """The canonical answer in ``response``; raises ``AnswerError`` on GraphQL errors."""
        ...

    def deep_cursor(self, post: Post, offset: int) -> str:
        """The cursor after the first ``offset`` papers by title, found through the server."""
        ...


class AnswerError(RuntimeError):
    """A server answered with errors or without the expected data."""


def data_of(response: JSON) -> JSON:
    """The ``data`` of a GraphQL response that has no errors."""
    if response.get("errors") or not isinstance(response.get("data"), dict):
        raise AnswerError(str(response.get("errors") or response)[:500])
    data: JSON = response["data"]
    return data


def walk_pages(post: Post, offset: int, page: Callable[[int, str | None], JSON], end: str) -> str:
    """Page through a connection 100 rows at a time; the end cursor after ``offset`` rows.

    Args:
        post: Sends one body and returns the decoded response.
        offset: How many rows to step over.
        page: The body asking for ``first`` rows after a cursor (None: from the start).
        end: The dotted path of ``endCursor`` in the response data.
    """
    cursor: str | None = None
    remaining = offset
    while remaining > 0:
        step = min(100, remaining)
        value: Any = data_of(post(page(step, cursor)))
        for part in end.split("."):
            value = value[part]
        cursor = str(value)
        remaining -= step
    if cursor is None:
        raise AnswerError("the deep page needs an offset of at least one row")
    return cursor
