"""The query cost and shape, computed from documents alone: sizes multiply along paths."""

from __future__ import annotations

import time
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
)

from api.graphql.schema import build_schema
from api.limits.cost import Cost, operation_cost
from api.limits.shape import Shape, ShapeWalker, written_fields

SCHEMA = build_schema()._schema


def _parts(query: str) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]]:
    document = parse(query)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return operation, fragments


def cost(query: str, variables: dict[str, Any] | None = None) -> Cost:
    operation, fragments = _parts(query)
    return operation_cost(SCHEMA, operation, fragments, variables, default_page_size=20)


def shape(query: str) -> Shape:
    operation, fragments = _parts(query)
    return ShapeWalker(fragments).selection_set(operation.selection_set)


def test_page_sizes_multiply_along_each_path_and_the_paths_add_up() -> None:
    measured = cost("{ authors(first: 100) { nodes { papers(first: 50) { totalCount } } } }")
    assert measured == Cost(
        total=100 + 100 * 50,
        worst_product=5_000,
        worst_path=("authors(100)", "nodes", "papers(50)"),
    )


def test_absent_sizes_count_the_default_page_and_the_arguments_own_default() -> None:
    # papers: 20 by default; coauthors(first: 20) in the schema; authors is not paged: 1.
    measured = cost("{ papers { nodes { authors { coauthors { sharedPaperCount } } } } }")
    assert measured.total == 20 + 20 * 20
    assert measured.worst_path == ("papers(20)", "nodes", "authors", "coauthors(20)")


def test_sizes_come_from_variables_else_from_their_declared_defaults() -> None:
    query = "query Page($n: Int = 7) { papers(first: $n) { totalCount } }"
    assert cost(query).total == 7
    assert cost(query, {"n": 3}).total == 3
    assert cost("query Page($n: Int) { papers(last: $n) { totalCount } }", {"n": 90}).total == 90


def test_fragments_count_wherever_they_are_spread() -> None:
    query = """
        { authors(first: 5) { nodes { ...Pages } }  me: author(slug: "x") { ...Pages } }
        fragment Pages on Author { papers(first: 10) { totalCount } }
    """
    assert cost(query).total == 5 + 5 * 10 + 10


def test_a_list_of_ids_counts_its_length() -> None:
    query = '{ nodes(ids: ["a", "b", "c"]) { ... on Author { papers(first: 2) { totalCount } } } }'
    assert cost(query).total == 3 + 3 * 2
    with_variable = "query Some($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    assert cost(with_variable, {"ids": ["a"] * 40}).total == 40


def test_fragment_bombs_are_measured_in_linear_time() -> None:
    # Each fragment spreads the next twice: written out, 2**40 fields.
    levels = 40
    fragments = " ".join(
        f"fragment F{i} on Author {{ papers(first: 2) {{ nodes {{ authors {{ "
        f"...F{i + 1} ...F{i + 1} }} }} }} }}"
        for i in range(levels)
    )
    query = (
        '{ author(slug: "x") { ...F0 } } ' + fragments + f" fragment F{levels} on Author {{ name }}"
    )
    started = time.perf_counter()
    measured, measured_shape = cost(query), shape(query)
    assert time.perf_counter() - started < 1.0
    assert measured.total > 2**40
    assert measured_shape.depth == 3 * levels + 2


def test_depth_counts_fields_to_the_deepest_leaf_and_ignores_introspection() -> None:
    assert shape('{ author(slug: "x") { name } }').depth == 2
    assert shape("{ __schema { types { fields { type { ofType { name } } } } } }").depth == 0
    deep = shape("{ papers { nodes { authors { papers { nodes { title } } } } } }")
    assert deep == Shape(6, ("papers", "nodes", "authors", "papers", "nodes", "title"), 0)


def test_aliases_count_every_spread_and_fields_count_the_text() -> None:
    query = (
        "{ a: papers { totalCount } ...Two ...Two } "
        "fragment Two on Query { b: __typename c: __typename }"
    )
    assert shape(query).aliases == 1 + 2 * 2
    assert written_fields(parse(query)) == 4
    # The full introspection query (what GraphiQL and code generators send) is 67 fields.
    assert written_fields(parse(get_introspection_query(descriptions=True))) == 67
