"""Global IDs: node and nodes round trips, unknown and malformed IDs, masked internal errors."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import Engine, text

from tests.support.graphql_client import GraphQL

NODE = """query ($id: ID!) { node(id: $id) { id __typename
  ... on Paper { title } ... on Author { slug } } }"""


def _gid(type_name: str, key: int | str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def test_node_round_trip_for_papers_and_authors(graphql: GraphQL) -> None:
    data = graphql.data(
        "{ papers(first: 3) { nodes { id title } } authors(first: 2) { nodes { id slug } } }"
    )
    for paper in data["papers"]["nodes"]:
        node = graphql.data(NODE, id=paper["id"])["node"]
        assert node == {"id": paper["id"], "__typename": "Paper", "title": paper["title"]}
        assert graphql.data("query ($id: ID!) { paper(id: $id) { title } }", id=paper["id"])[
            "paper"
        ] == {"title": paper["title"]}
    for author in data["authors"]["nodes"]:
        node = graphql.data(NODE, id=author["id"])["node"]
        assert node == {"id": author["id"], "__typename": "Author", "slug": author["slug"]}
        by_id = graphql.data("query ($id: ID!) { author(id: $id) { slug } }", id=author["id"])
        assert by_id["author"] == {"slug": author["slug"]}


def test_nodes_keeps_order_and_gives_null_for_unknown(graphql: GraphQL) -> None:
    data = graphql.data("{ papers(first: 2) { nodes { id } } authors(first: 1) { nodes { id } } }")
    ids = [
        data["authors"]["nodes"][0]["id"],
        _gid("Paper", 999_999),
        data["papers"]["nodes"][1]["id"],
        data["papers"]["nodes"][0]["id"],
        _gid("Author", 2**40),
    ]
    nodes = graphql.data("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", ids=ids)["nodes"]
    assert [node and node["id"] for node in nodes] == [ids[0], None, ids[2], ids[3], None]


def test_unknown_well_formed_ids_are_null_without_error(graphql: GraphQL) -> None:
    body = graphql.response(
        "query ($p: ID!, $a: ID!) { paper(id: $p) { title } author(id: $a) { name } "
        'bySlug: author(slug: "nobody") { name } node(id: $p) { id } }',
        p=_gid("Paper", 424242),
        a=_gid("Author", 424242),
    )
    assert body == {"data": {"paper": None, "author": None, "bySlug": None, "node": None}}


@pytest.mark.parametrize(
    ("bad_id", "message"),
    [
        ("not-an-id", "malformed ID 'not-an-id': expected an ID returned by this API"),
        (_gid("Paper", "x1"), "malformed ID"),
        (_gid("Author", 1), "is a Author ID; expected Paper"),
        (_gid("Group", 1), "is a Group ID; expected Paper"),
    ],
)
def test_malformed_or_mistyped_ids_are_clear_errors(
    graphql: GraphQL, bad_id: str, message: str
) -> None:
    errors = graphql.errors("query ($id: ID!) { paper(id: $id) { title } }", id=bad_id)
    assert message in errors[0]["message"]
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert errors[0]["path"] == ["paper"]


def test_author_needs_exactly_one_of_id_and_slug(graphql: GraphQL) -> None:
    errors = graphql.errors("{ author { name } }")
    assert errors[0]["message"] == "give exactly one of 'id' and 'slug'"


def test_internal_errors_carry_no_sql_or_traceback(graphql: GraphQL, seeded_engine: Engine) -> None:
    with seeded_engine.begin() as connection:
        connection.execute(text("DROP TABLE authorship"))
    body = graphql.response("{ papers(first: 1) { nodes { title authors { name } } } }")
    assert body["errors"][0]["message"] == "Internal error."
    flat = str(body)
    for leak in ("authorship", "SELECT", "Traceback", "sqlalchemy", 'File "'):
        assert leak not in flat
