"""The schema extension that bounds a query before it runs, built from the settings.

Tokens are bounded while parsing (graphql-core stops at the limit). Depth, aliases, fields
and cost are checked next, before graphql-core's validation rules: when one is over its
limit the rules are skipped, since some of them (overlapping fields) take quadratic time on
exactly the documents refused here. Nothing is executed, and each error states the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
)
from strawberry.extensions import DisableIntrospection, SchemaExtension

from api.limits.cost import operation_cost
from api.limits.shape import ShapeWalker, written_fields
from api.settings import Settings


def _error(message: str, node: Any, code: str, **details: int) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code, **details})


def _selected(
    name: str | None, operations: list[OperationDefinitionNode]
) -> list[OperationDefinitionNode]:
    # Only the operation that would run is costed; without a name every one is (a document
    # with several and no name is refused by the executor anyway).
    if name is None:
        return operations
    return [op for op in operations if op.name is not None and op.name.value == name]


class QueryLimits(SchemaExtension):
    """Refuses documents over the settings' token, depth, alias, field and cost limits."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_operation(self) -> Iterator[None]:
        """Bound the tokens the parser reads."""
        self.execution_context.parse_options["max_tokens"] = self.settings.max_tokens
        yield

    def on_validate(self) -> Iterator[None]:
        """Check the limits; errors found here stand in for validation's."""
        context = self.execution_context
        assert context.graphql_document is not None
        errors = self.problems(
            context.schema._schema,
            context.graphql_document,
            context.operation_name,
            context.variables,
        )
        if errors:
            context.pre_execution_errors = errors
        yield

    def problems(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> list[GraphQLError]:
        """The limits ``document`` breaks, one error each, run as ``operation_name``."""
        limits = self.settings
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        errors: list[GraphQLError] = []
        fields = written_fields(document)
        if fields > limits.max_fields:
            message = f"query selects {fields:,} fields; the limit is {limits.max_fields:,}"
            errors.append(_error(message, None, "TOO_MANY_FIELDS", limit=limits.max_fields))
        walker = ShapeWalker(fragments)
        aliases = 0
        for operation in operations:
            shape = walker.selection_set(operation.selection_set)
            aliases += shape.aliases
            if shape.depth > limits.max_query_depth:
                message = (
                    f"query depth {shape.depth} exceeds the limit of {limits.max_query_depth} "
                    f"(along {' > '.join(shape.deepest)})"
                )
                limit = limits.max_query_depth
                errors.append(_error(message, operation, "QUERY_TOO_DEEP", limit=limit))
        if aliases > limits.max_aliases:
            message = f"query has {aliases:,} aliases; the limit is {limits.max_aliases:,}"
            errors.append(_error(message, None, "TOO_MANY_ALIASES", limit=limits.max_aliases))
        for operation in _selected(operation_name, operations):
            cost = operation_cost(
                schema,
                operation,
                fragments,
                variables,
                default_page_size=limits.default_page_size,
            )
            if cost.total > limits.max_query_cost:
                message = (
                    f"query cost {cost.total:,} exceeds the limit of {limits.max_query_cost:,} "
                    f"(the product of page sizes along {' > '.join(cost.worst_path)} "
                    f"is {cost.worst_product:,})"
                )
                details = {"cost": cost.total, "limit": limits.max_query_cost}
                errors.append(_error(message, operation, "QUERY_TOO_COSTLY", **details))
        return errors


def limit_extensions(settings: Settings) -> list[Callable[[], Any]]:
    """Factories of the limiting extensions, a new instance per request."""
    extensions: list[Callable[[], Any]] = [lambda: QueryLimits(settings)]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return extensions
