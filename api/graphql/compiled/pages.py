"""What SQL leaves to Python in a compiled answer: cursors and page info of connections.

A cursor is base64 of JSON in Python's spelling (``api.reads.keyset.encode_cursor``), which
neither backend writes alike, and ``hasNextPage`` needs the look-ahead row. So a connection
that asks for them is fetched one row longer, with its rows' sort values under a hidden key;
:meth:`PageFinish.apply` trims the look-ahead row, writes the cursors and the page info in
place, and drops the hidden key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from api.reads.keyset import encode_cursor

# The hidden key holding a connection's rows' sort values; no GraphQL name starts with "__"
# except introspection's, which never appears on a connection.
SORT_VALUES_KEY = "__page_sort_values"
# A step of a path that means "every item of this list".
EACH = None

Path = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class PageFinish:
    """How to finish every instance of one connection in an answer."""

    path: Path
    size: int
    has_previous: bool
    nodes_keys: tuple[str, ...]
    # (edges key, the cursor keys within each edge)
    edges: tuple[tuple[str, tuple[str, ...]], ...]
    # (pageInfo key, its (response key, field name) pairs in order)
    page_infos: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    def apply(self, data: dict[str, Any]) -> None:
        """Finish every instance of this connection found along :attr:`path` in ``data``."""
        _each_at(data, self.path, self._finish)

    def _finish(self, connection: dict[str, Any]) -> None:
        rows = connection.pop(SORT_VALUES_KEY)
        more = len(rows) > self.size
        cursors = [encode_cursor(tuple(values)) for values in rows[: self.size]]
        for key in self.nodes_keys:
            connection[key] = connection[key][: self.size]
        for key, cursor_keys in self.edges:
            edges = connection[key][: self.size]
            connection[key] = edges
            for edge, cursor in zip(edges, cursors, strict=True):
                for cursor_key in cursor_keys:
                    edge[cursor_key] = cursor
        facts: dict[str, object] = {
            "hasNextPage": more,
            "hasPreviousPage": self.has_previous,
            "startCursor": cursors[0] if cursors else None,
            "endCursor": cursors[-1] if cursors else None,
            "__typename": "PageInfo",
        }
        for key, fields in self.page_infos:
            connection[key] = {out: facts[name] for out, name in fields}


PAGE_INFO_FIELDS = frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"})


def _each_at(value: Any, path: Sequence[str | None], finish: Callable[[Any], None]) -> None:
    if value is None:
        return
    if not path:
        finish(value)
        return
    step, rest = path[0], path[1:]
    if step is EACH:
        for item in value:
            _each_at(item, rest, finish)
    else:
        _each_at(value.get(step), rest, finish)
