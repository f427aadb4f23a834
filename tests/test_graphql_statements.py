"""The number of SQL statements depends on the query's shape, never on how many rows it returns."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.graphql_client import GraphQL, count_statements

NESTED = """query ($first: Int!) {
  author(slug: "max-welling") {
    papers(first: $first) {
      totalCount
      nodes { title authorCount authors { name papers(first: 5) { totalCount nodes { title } } } }
    }
    coauthors(first: $first) { sharedPaperCount author { name } }
  }
}"""


def _app(client: TestClient) -> FastAPI:
    app = client.app
    assert isinstance(app, FastAPI)
    return app


@pytest.mark.parametrize("query", [NESTED])
def test_statement_count_is_the_same_for_5_and_50(
    client: TestClient, graphql: GraphQL, query: str
) -> None:
    engine = _app(client).state.engine
    counts = {}
    for first in (5, 50):
        with count_statements(engine) as counter:
            data = graphql.data(query, first=first)
        counts[first] = counter.count
        assert len(data["author"]["papers"]["nodes"]) == min(first, 10)
    assert counts[5] == counts[50]
    # author by slug, its papers page, its total, the authorships, author counts, every
    # co-author's papers page and total, co-authors: eight statements whatever the page size.
    assert counts[50] <= 8


def test_top_level_list_of_papers_with_authors_is_three_statements(
    client: TestClient, graphql: GraphQL
) -> None:
    engine = _app(client).state.engine
    with count_statements(engine) as counter:
        graphql.data("{ papers(first: 100) { totalCount nodes { title authors { name } } } }")
    assert counter.count == 3
