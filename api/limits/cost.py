"""The query cost: how many objects an operation may return, judged before it runs.

In the spirit of GitHub's node limit. Every field that pages (it takes ``first`` or ``last``)
or that takes a list of IDs multiplies the fields below it by its size, and adds the product
of the sizes along its path to the cost. The sizes come from literals, from the request's
variables, from the variables' declared defaults, or from the argument's own default:

- ``first``/``last`` absent: the argument's default in the schema (``coauthors(first: 20)``),
  else the default page size (20), since that is what the resolver returns;
- a list argument (``nodes(ids: [...])``): the list's length;
- lists without paging (``Paper.authors``): 1. They hold what one record has, bounded by the
  data rather than by the request, and their parent's page size is already counted.

So ``authors(first: 100) { papers(first: 50) { nodes { title } } }`` costs
100 + 100 * 50 = 5,100. ``@skip``/``@include`` are ignored: the cost is an upper bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from graphql.pyutils import Undefined

PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True, slots=True)
class Cost:
    """An operation's cost and the path whose product of page sizes is the largest."""

    total: int
    worst_product: int
    worst_path: tuple[str, ...]

    def below(self, label: str, factor: int = 1) -> Cost:
        """This cost under a field called ``label`` that returns ``factor`` items."""
        return Cost(self.total * factor, self.worst_product * factor, (label, *self.worst_path))

    def plus(self, other: Cost) -> Cost:
        """The cost of both selections."""
        worst = other if other.worst_product > self.worst_product else self
        return Cost(self.total + other.total, worst.worst_product, worst.worst_path)


FREE = Cost(0, 0, ())


class _Walker:
    """Walks one operation; fragments are costed once and reused, so fragment bombs stay cheap."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_page_size = default_page_size
        self._fragment_costs: dict[str, Cost] = {}
        self._in_progress: set[str] = set()

    def selection_set(self, node: SelectionSetNode, parent: GraphQLNamedType | None) -> Cost:
        cost = FREE
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                cost = cost.plus(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                cost = cost.plus(self.selection_set(selection.selection_set, target))
            elif isinstance(selection, FragmentSpreadNode):
                cost = cost.plus(self.fragment(selection.name.value))
        return cost

    def fragment(self, name: str) -> Cost:
        if name in self._fragment_costs:
            return self._fragment_costs[name]
        definition = self.fragments.get(name)
        # Unknown and cyclic fragments are validation errors of their own; they cost nothing here.
        if definition is None or name in self._in_progress:
            return FREE
        self._in_progress.add(name)
        target = self.schema.get_type(definition.type_condition.name.value)
        cost = self.selection_set(definition.selection_set, target)
        self._in_progress.discard(name)
        self._fragment_costs[name] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Cost:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return FREE
        definition = parent.fields.get(node.name.value)
        if definition is None:  # __typename, introspection, or unknown (a validation error)
            return FREE
        below = FREE
        if node.selection_set is not None:
            below = self.selection_set(node.selection_set, get_named_type(definition.type))
        size = self.size(node, definition.args, definition.type)
        name = node.name.value
        if size is None:
            return below.below(name)
        label = f"{name}({size:,})"
        return Cost(size, size, (label,)).plus(below.below(label, size))

    def size(self, node: FieldNode, arguments: Mapping[str, Any], output: Any) -> int | None:
        """How many items the field returns at most, or None when it is not a list that pages."""
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for name in PAGE_ARGUMENTS:
            value = self.value(given.get(name)) if name in arguments else None
            # Anything but an integer fails variable coercion or the resolver's own check.
            if isinstance(value, int) and not isinstance(value, bool):
                return max(0, value)
        if any(name in arguments for name in PAGE_ARGUMENTS):
            default = arguments["first"].default_value if "first" in arguments else Undefined
            return int(default) if isinstance(default, int) else self.default_page_size
        if not isinstance(get_nullable_type(output), GraphQLList):
            return None
        for name, argument in arguments.items():
            if isinstance(get_nullable_type(argument.type), GraphQLList):
                value = self.value(given.get(name))
                if isinstance(value, list):
                    return len(value)
        return None

    def value(self, node: ValueNode | None) -> Any:
        """A literal's or variable's value, as far as sizes need it; None when absent."""
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return list(node.values)
        return None


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    *,
    default_page_size: int,
) -> Cost:
    """The cost of ``operation`` with the request's ``variables`` (declared defaults fill gaps)."""
    values = dict(_declared_defaults(operation))
    values.update(variables or {})
    root = schema.get_root_type(operation.operation)
    walker = _Walker(schema, fragments, values, default_page_size)
    return walker.selection_set(operation.selection_set, root)


def _declared_defaults(operation: OperationDefinitionNode) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        value = definition.default_value
        if isinstance(value, IntValueNode):
            defaults[definition.variable.name.value] = int(value.value)
        elif isinstance(value, ListValueNode):
            defaults[definition.variable.name.value] = list(value.values)
    return defaults
