"""The number of SQL statements depends on the query's shape, never on how many rows it returns."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.conftest import ROOT
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


@pytest.fixture(params=["off", "on"])
def app_settings(request: pytest.FixtureRequest, database_url: str) -> Settings:
    """Counted with the resolvers alone and with compiled reads (verify mode runs both)."""
    return Settings(
        env="test",
        database_url=database_url,
        seeds_dir=ROOT / "seeds",
        compiled_reads=request.param,
    )


def _compiled(client: TestClient) -> bool:
    return bool(_app(client).state.settings.compiled_reads == "on")


def _app(client: TestClient) -> FastAPI:
    app = client.app
    assert isinstance(app, FastAPI)
    return app


@pytest.mark.parametrize("query", [NESTED])
def test_statement_count_is_the_same_for_5_and_50(
    client: TestClient, graphql: GraphQL, query: str
) -> None:
    counts = {}
    for first in (5, 50):
        with count_statements(_app(client)) as counter:
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
    with count_statements(_app(client)) as counter:
        graphql.data("{ papers(first: 100) { totalCount nodes { title authors { name } } } }")
    # Page, total, authorships; compiled, one statement answers it all.
    assert counter.count == (1 if _compiled(client) else 3)


def test_an_author_page_compiled_is_one_statement_whatever_its_size(
    client: TestClient, graphql: GraphQL
) -> None:
    query = """query ($first: Int!) { author(slug: "max-welling") {
      papers(first: $first) { nodes { title year authors { name } } } } }"""
    counts = []
    for first in (2, 50):
        with count_statements(_app(client)) as counter:
            graphql.data(query, first=first)
        counts.append(counter.count)
    assert counts[0] == counts[1] == (1 if _compiled(client) else 3)
