"""Compiled statements kept per process, found by query text, operation and variables.

Building a statement costs about a millisecond for an author page, as much as running it;
clients repeat the same few queries. A variable that only names the row to read (a paper's
ID, an author's slug) is bound as a parameter, so the same statement serves every value of it;
any other variable is part of the key, since its value shapes the statement.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import DocumentNode, OperationDefinitionNode
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
        # Each statement is kept under the variables it did not bind, with the names of those
        # it did: it serves only requests that agree with the ones it was compiled for on
        # every variable it did not bind. What did not compile is kept under all of them.
        self._entries: OrderedDict[tuple[object, ...], CompiledQuery | None] = OrderedDict()
        # The sets of variables each operation's statements bind, most recent first.
        self._bound: OrderedDict[tuple[object, ...], tuple[frozenset[str], ...]] = OrderedDict()
        self.compiled = 0  # statements built, for tests and curiosity

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
        document, text, operation_name, given = request
        # Only declared variables can shape a statement; others would only fill the cache.
        declared = _declared(document)
        variables = {name: value for name, value in (given or {}).items() if name in declared}
        operation = (
            text,
            operation_name,
            dialect,
            settings.default_page_size,
            settings.max_page_size,
        )
        found, compiled = self._cached(operation, variables)
        if not found:
            compiler = Compiler(schema, settings, json_sql(dialect))
            self.compiled += 1
            try:
                compiled = compiler.compile(document, operation_name, variables)
            except Unsupported:
                compiled = None
            self._keep(operation, variables, compiled)
        if compiled is None:
            return None
        parameters = compiled.parameters(variables)
        return None if parameters is None else Read(compiled, parameters)

    def _cached(
        self, operation: tuple[object, ...], variables: dict[str, Any]
    ) -> tuple[bool, CompiledQuery | None]:
        """Whether a statement (or a known failure) is kept for these variables, and which."""
        for bound in (*self._bound.get(operation, ()), frozenset()):
            key = _key(operation, bound, variables)
            if key is None:
                return True, None  # variables that are not JSON: the resolvers judge them
            if key in self._entries:
                self._entries.move_to_end(key)
                return True, self._entries[key]
        return False, None

    def _keep(
        self,
        operation: tuple[object, ...],
        variables: dict[str, Any],
        compiled: CompiledQuery | None,
    ) -> None:
        bound = compiled.bound_variables if compiled is not None else frozenset()
        key = _key(operation, bound, variables)
        if key is None:
            return
        if bound:
            learnt = self._bound.get(operation, ())
            self._bound[operation] = (bound, *(b for b in learnt if b != bound))[:_BOUND_SETS]
            self._bound.move_to_end(operation)
            if len(self._bound) > self.capacity * 16:
                self._bound.popitem(last=False)
        self._entries[key] = compiled
        self._entries.move_to_end(key)
        if len(self._entries) > self.capacity:
            self._entries.popitem(last=False)


# Statement shapes one operation binds differently (author by ID, author by slug ...) kept.
_BOUND_SETS = 4


def _key(
    operation: tuple[object, ...], bound: frozenset[str], variables: dict[str, Any]
) -> tuple[object, ...] | None:
    shaping = {name: value for name, value in variables.items() if name not in bound}
    try:
        shape = orjson.dumps(shaping, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    return (*operation, tuple(sorted(bound)), shape)


def _declared(document: DocumentNode) -> set[str]:
    return {
        definition.variable.name.value
        for operation in document.definitions
        if isinstance(operation, OperationDefinitionNode)
        for definition in operation.variable_definitions or ()
    }
