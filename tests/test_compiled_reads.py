"""Compiled reads answer exactly as the resolvers do, and compile the shapes they claim.

The whole suite runs in verify mode (tests/conftest.py), so every query any test sends that
compiles is checked against the resolvers. This module makes sure the shapes the compiler
claims do compile, and compares whole responses, errors included, of two apps on one database:
one with compiled reads, one without.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import parse
from sqlalchemy import Engine, text

from api.app import create_app
from api.graphql.compiled.json_sql import json_sql
from api.graphql.compiled.selection import Compiler, Unsupported
from api.graphql.ids import to_global_id
from api.graphql.schema import build_schema
from api.settings import Settings
from tests.conftest import ROOT

AUTHOR_PAGE = """query ($slug: String!, $first: Int) { author(slug: $slug) {
  id name slug givenName familyName orcid paperCount __typename
  papers(first: $first) { __typename totalCount nodes { id title year venue doi url abstract
    authorCount authors { name slug } } } } }"""

COMPILED = [
    (AUTHOR_PAGE, {"slug": "max-welling", "first": 50}),
    (AUTHOR_PAGE, {"slug": "jonas-kohler", "first": 1}),
    ("query ($id: ID!) { paper(id: $id) { title abstract authors { name slug } } }", None),
    ("{ papers { totalCount nodes { title } } }", None),
    ("{ papers(first: 3, orderBy: {field: TITLE}) { edges { node { title } } } }", None),
    ("{ papers(orderBy: {field: TITLE, direction: DESC}) { nodes { title year } } }", None),
    ("{ papers(orderBy: {field: YEAR, direction: ASC}) { nodes { title year } } }", None),
    ("{ papers(orderBy: {field: CREATED}) { nodes { id } } }", None),
    ("{ papers(filter: {yearFrom: 2019, yearTo: 2020}) { totalCount nodes { year } } }", None),
    ('{ papers(filter: {titleContains: "LEARNING"}) { totalCount nodes { title } } }', None),
    ('{ papers(filter: {venue: "nowhere"}) { totalCount nodes { title } } }', None),
    ("{ papers(first: 0) { totalCount nodes { title } } }", None),
    (
        """{ papers(first: 4, orderBy: {field: TITLE}) { totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
          edges { cursor node { title } } nodes { id } } }""",
        None,
    ),
    (
        """{ author(slug: "max-welling") { papers(first: 3) {
          info: pageInfo { more: hasNextPage end: endCursor }
          edges { c: cursor node { authors { papers(first: 1) { pageInfo { hasNextPage } } } } }
        } } }""",
        None,
    ),
    ("{ papers(first: 100) { pageInfo { hasNextPage endCursor } } }", None),
    (
        """{ a: author(slug: "max-welling") { n: name ps: papers(first: 2) { t: totalCount
          nodes { authors { name papers(first: 1) { nodes { title } } } } } }
          b: papers(first: 1) { nodes { __typename } } }""",
        None,
    ),
]

NOT_COMPILED = [
    '{ papers(filter: {search: "graph"}) { nodes { title } } }',
    '{ papers(filter: {authorSlug: "max-welling"}) { nodes { title } } }',
    "{ papers(last: 2) { nodes { title } } }",
    '{ author(slug: "max-welling") { coauthors { author { name } } } }',
    "{ papers { nodes { ...T } } } fragment T on Paper { title }",
    "query ($t: Boolean!) { papers { nodes { title @include(if: $t) } } }",
    '{ node(id: "UGFwZXI6MQ==") { id } }',
    "mutation { __typename }",
    "{ __typename }",
]


def _paper_id() -> str:
    return to_global_id("Paper", 1)


def _compiles(query: str, variables: dict[str, Any] | None) -> bool:
    compiler = Compiler(build_schema(), Settings(), json_sql("sqlite"))
    try:
        compiler.compile(parse(query), None, variables)
    except Unsupported:
        return False
    return True


@pytest.mark.parametrize(("query", "variables"), COMPILED)
def test_these_shapes_compile(query: str, variables: dict[str, Any] | None) -> None:
    assert _compiles(query, variables if variables is not None else {"id": _paper_id()})


@pytest.mark.parametrize("query", NOT_COMPILED)
def test_these_shapes_are_left_to_the_resolvers(query: str) -> None:
    assert not _compiles(query, {"t": True})


@pytest.fixture
def both(database_url: str, seeded_engine: Engine) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on the seeded database: compiled reads on, and off."""

    def settings(mode: str) -> Settings:
        return Settings(
            env="test", database_url=database_url, seeds_dir=ROOT / "seeds", compiled_reads=mode
        )

    with (
        TestClient(create_app(settings("on"))) as compiled,
        TestClient(create_app(settings("off"))) as resolved,
    ):
        yield compiled, resolved


def _answers(
    both: tuple[TestClient, TestClient], query: str, variables: dict[str, Any]
) -> tuple[Any, Any]:
    bodies = []
    for client in both:
        reply = client.post("/graphql", json={"query": query, "variables": variables})
        bodies.append((reply.status_code, reply.json()))
    return bodies[0], bodies[1]


def test_every_compiled_shape_answers_as_the_resolvers_do(
    both: tuple[TestClient, TestClient], seeded_engine: Engine
) -> None:
    with seeded_engine.connect() as connection:
        first_id = connection.execute(text("SELECT min(id) FROM paper")).scalar_one()
    for query, variables in COMPILED:
        given = variables if variables is not None else {"id": to_global_id("Paper", first_id)}
        compiled, resolved = _answers(both, query, given)
        assert compiled == resolved, query
        assert "errors" not in compiled[1], compiled


def test_nulls_unicode_and_missing_rows_answer_alike(
    both: tuple[TestClient, TestClient], seeded_engine: Engine
) -> None:
    with seeded_engine.begin() as connection:
        connection.execute(text("UPDATE paper SET abstract = NULL, venue = 'Zürich \"ø\" ✓' "))
    cases = [
        (AUTHOR_PAGE, {"slug": "jonas-kohler", "first": 5}),
        ("query ($id: ID!) { paper(id: $id) { title venue abstract } }", {"id": _paper_id()}),
        # Unknown rows: the compiled null goes to the resolvers (a merged slug may lead on).
        ("query ($id: ID!) { paper(id: $id) { title } }", {"id": to_global_id("Paper", 99999)}),
        (AUTHOR_PAGE, {"slug": "nobody-at-all", "first": 5}),
    ]
    for query, variables in cases:
        compiled, resolved = _answers(both, query, variables)
        assert compiled == resolved, query


def test_pages_after_a_cursor_answer_alike(both: tuple[TestClient, TestClient]) -> None:
    walk = "{ papers(first: 3, orderBy: {field: TITLE}) { pageInfo { endCursor } } }"
    cursor = both[1].post("/graphql", json={"query": walk}).json()
    after = cursor["data"]["papers"]["pageInfo"]["endCursor"]
    query = """query ($after: String) { papers(first: 3, after: $after, orderBy: {field: TITLE}) {
      totalCount nodes { title } } }"""
    compiled, resolved = _answers(both, query, {"after": after})
    assert compiled == resolved
    assert len(compiled[1]["data"]["papers"]["nodes"]) == 3


@pytest.mark.parametrize("order", ["TITLE", "YEAR", "CREATED"])
def test_walking_every_page_by_cursor_answers_alike(
    both: tuple[TestClient, TestClient], order: str
) -> None:
    query = """query ($after: String, $order: PaperOrderField!) {
      papers(first: 3, after: $after, orderBy: {field: $order}) {
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { title year } } } }"""
    after, pages = None, 0
    while True:
        variables = {"after": after, "order": order}
        compiled, resolved = _answers(both, query, variables)
        assert compiled == resolved, (order, pages)
        papers = compiled[1]["data"]["papers"]
        pages += 1
        if not papers["pageInfo"]["hasNextPage"]:
            break
        after = papers["pageInfo"]["endCursor"]
    assert pages == 4  # ten seed papers, three a page


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query ($id: ID!) { paper(id: $id) { title } }", {"id": "not-an-id"}),
        ("{ papers(first: 100000) { nodes { title } } }", {}),
        ('{ papers(after: "bogus") { nodes { title } } }', {}),
        ('{ author(slug: "max-welling", id: "QXV0aG9yOjE=") { name } }', {}),
        ("query ($n: Int!) { papers(first: $n) { nodes { title } } }", {"n": "three"}),
    ],
)
def test_errors_answer_alike(
    both: tuple[TestClient, TestClient], query: str, variables: dict[str, Any]
) -> None:
    compiled, resolved = _answers(both, query, variables)
    assert compiled == resolved
    assert compiled[1]["errors"], compiled
