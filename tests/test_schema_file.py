"""schema.graphql is what frontends generate types from; it must match the code."""

from __future__ import annotations

from api.graphql.schema import build_schema
from tests.conftest import ROOT


def test_committed_schema_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == build_schema().as_str() + "\n", (
        "schema.graphql is out of date: run `make schema` and commit the result"
    )


def test_schema_keeps_the_public_contract() -> None:
    sdl = build_schema().as_str()
    for line in (
        "paper(id: ID!): Paper",
        "node(id: ID!): Node",
        "nodes(ids: [ID!]!): [Node]!",
        "type Paper implements Node",
        "type Author implements Node",
        "coauthors(",
        "authorships: [Authorship!]!",
        "totalCount: Int!",
        "pageInfo: PageInfo!",
    ):
        assert line in sdl
