"""Compiled statements kept per process, found by query text, operation and variables.

Building a statement costs about a millisecond for an author page, as much as running it;
clients repeat the same few queries. A variable that only names the row to read (a paper's
ID, an author's slug) is bound as a parameter, so the same statement serves every value of it;
any other variable is part of the key, since its value shapes the statement.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import DocumentNode
from strawberry import Schema

from api.graphql.compiled.json_sql import json_sql
from api.graphql.compiled.selection import CompiledQuery, Compiler, Unsupported
from api.settings import Settings

# Compiled statements are large object graphs: 512 of them made the collector's full passes
# take 200 ms (a request that waits for one is the p99). Repeated requests need only a few.
CACHED_STATEMENTS = 32


@dataclass(frozen=True, slots=True)
class Read:
    """A compiled statement and the parameters one request binds to it."""

    query: CompiledQuery
    parameters: dict[str, object]


class StatementCache:
    """Compiled statements, the most recently used kept; None for what does not compile."""

    def __init__(self, capacity: int = CACHED_STATEMENTS) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[object, ...], CompiledQuery | None] = OrderedDict()
        # The variables each (query, operation) binds, learnt when it is first compiled.
        self._bound: OrderedDict[tuple[object, ...], frozenset[str]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def read(
        self,
        schema: Schema,
        settings: Settings,
        dialect: str,
        request: tuple[DocumentNode, str, str | None, dict[str, Any] | None],
    ) -> Read | None:
        """The statement for ``request`` (document, text, operation name, variables), or None."""
        document, text, operation_name, variables = request
        variables = variables or {}
        operation = (
            text,
            operation_name,
            dialect,
            settings.default_page_size,
            settings.max_page_size,
        )
        key = self._key(operation, variables)
        if key is None:
            return None

        def build() -> CompiledQuery | None:
            compiler = Compiler(schema, settings, json_sql(dialect))
            try:
                return compiler.compile(document, operation_name, variables)
            except Unsupported:
                return None

        compiled = self._get(key, build, operation, variables)
        if compiled is None:
            return None
        parameters = compiled.parameters(variables)
        return None if parameters is None else Read(compiled, parameters)

    def _key(
        self, operation: tuple[object, ...], variables: dict[str, Any]
    ) -> tuple[object, ...] | None:
        bound = self._bound.get(operation, frozenset())
        shaping = {name: value for name, value in variables.items() if name not in bound}
        try:
            # The bound names are part of the key: an entry serves only requests that agree
            # with the variables it was compiled with on every variable it did not bind.
            shape = orjson.dumps(shaping, option=orjson.OPT_SORT_KEYS)
            return (*operation, tuple(sorted(bound)), shape)
        except TypeError:
            return None

    def _get(
        self,
        key: tuple[object, ...],
        build: Callable[[], CompiledQuery | None],
        operation: tuple[object, ...],
        variables: dict[str, Any],
    ) -> CompiledQuery | None:
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        compiled = build()
        if compiled is not None and compiled.bindings:
            self._bound[operation] = compiled.bound_variables
            self._bound.move_to_end(operation)
            if len(self._bound) > self.capacity * 16:
                self._bound.popitem(last=False)
            key = self._key(operation, variables) or key
        self._entries[key] = compiled
        self._entries.move_to_end(key)
        if len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return compiled
