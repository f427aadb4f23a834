"""Query limits over HTTP: each is refused before execution, with a message naming the limit."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from graphql import get_introspection_query
from sqlalchemy import Engine

from api.app import create_app
from api.settings import Settings
from tests.conftest import ROOT
from tests.support.graphql_client import GraphQL, count_statements

README_QUERY = re.search(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
WIDGET_QUERY = re.search(
    r"const QUERY = `(.*?)`;", (ROOT / "api/static/widget.js").read_text(), re.S
)


# author > papers > nodes > authors > papers > nodes > authors > papers > nodes > title
DEPTH_10 = """{ author(slug: "max-welling") { name papers(first: 2) { nodes { authors {
    papers(first: 2) { nodes { authors { papers(first: 2) { nodes { LEAF } } } } } } } } } }"""


def _depth(levels: int) -> str:
    return DEPTH_10.replace("LEAF", "title" if levels == 10 else "authors { name }")


def _codes(errors: list[dict[str, object]]) -> list[object]:
    return [error.get("extensions", {}).get("code") for error in errors]  # type: ignore[union-attr]


def test_depth_up_to_the_limit_runs_and_beyond_it_is_refused(graphql: GraphQL) -> None:
    assert graphql.data(_depth(10))["author"]["name"] == "Max Welling"
    [error] = graphql.errors(_depth(11))
    assert error["message"].startswith("query depth 11 exceeds the limit of 10 (along author > ")
    assert _codes([error]) == ["QUERY_TOO_DEEP"]


def test_aliases_up_to_the_limit_run_and_beyond_it_are_refused(graphql: GraphQL) -> None:
    thirty = " ".join(f"a{i}: __typename" for i in range(30))
    assert len(graphql.data("{ " + thirty + " }")) == 30
    [error] = graphql.errors("{ " + thirty + " extra: __typename }")
    assert error["message"] == "query has 31 aliases; the limit is 30"
    assert _codes([error]) == ["TOO_MANY_ALIASES"]


def test_documents_over_the_token_and_field_limits_are_refused(graphql: GraphQL) -> None:
    [tokens] = graphql.errors("{ " + "__typename " * 5_001 + "}")
    assert "Document contains more than 5000 tokens" in tokens["message"]
    [fields] = graphql.errors("{ " + "papers { totalCount } " * 101 + "}")
    assert fields["message"] == "query selects 202 fields; the limit is 200"


def test_a_costly_query_is_refused_before_any_sql_runs(client: TestClient) -> None:
    query = """query Wide($size: Int) { authors(first: 100) { nodes {
        papers(first: $size) { nodes { authors { coauthors(first: 100) { sharedPaperCount } } } }
    } } }"""
    with count_statements(client.app) as counter:  # type: ignore[arg-type]
        reply = client.post("/graphql", json={"query": query, "variables": {"size": 50}})
    assert counter.count == 0
    [error] = reply.json()["errors"]
    assert error["message"] == (
        "query cost 505,100 exceeds the limit of 100,000 (the product of page sizes along "
        "authors(100) > nodes > papers(50) > nodes > authors > coauthors(100) is 500,000)"
    )
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 505_100, "limit": 100_000}
    smaller = client.post("/graphql", json={"query": query, "variables": {"size": 5}})
    assert "errors" not in smaller.json()


def test_documented_and_shipped_queries_pass_every_limit(graphql: GraphQL) -> None:
    assert README_QUERY is not None and WIDGET_QUERY is not None
    assert graphql.data(README_QUERY.group(1))["author"]["paperCount"] == 10
    assert graphql.data(WIDGET_QUERY.group(1), slug="max-welling")["author"]["slug"]
    types = graphql.data(get_introspection_query(descriptions=True))["__schema"]["types"]
    assert "Paper" in {t["name"] for t in types}


def test_a_limit_error_is_a_400_for_clients_that_accept_graphql_responses(
    client: TestClient,
) -> None:
    reply = client.post(
        "/graphql",
        json={"query": _depth(11)},
        headers={"Accept": "application/graphql-response+json"},
    )
    assert reply.status_code == 400
    assert reply.headers["content-type"] == "application/graphql-response+json"
    assert "data" not in reply.json()


@pytest.fixture
def strict_client(app_settings: Settings, seeded_engine: Engine) -> Iterator[TestClient]:
    strict = app_settings.model_copy(
        update={"max_query_depth": 3, "max_aliases": 1, "max_query_cost": 50, "max_tokens": 100}
    )
    with TestClient(create_app(strict)) as http:
        yield http


def test_every_limit_follows_its_setting(strict_client: TestClient) -> None:
    graphql = GraphQL(strict_client)
    assert graphql.data("{ papers(first: 50) { nodes { title } } }")
    refused = {
        "{ papers { nodes { authors { name } } } }": "QUERY_TOO_DEEP",
        "{ a: __typename b: __typename }": "TOO_MANY_ALIASES",
        "{ papers(first: 51) { totalCount } }": "QUERY_TOO_COSTLY",
    }
    for query, code in refused.items():
        assert _codes(graphql.errors(query)) == [code], query
    [tokens] = graphql.errors("{ " + "__typename " * 101 + "}")
    assert "more than 100 tokens" in tokens["message"]


def test_a_refused_document_stays_refused_when_sent_again(graphql: GraphQL) -> None:
    # Parsed and validated documents are cached per process; the limits still see each request.
    for _ in range(3):
        [error] = graphql.errors(_depth(11))
        assert error["message"].startswith("query depth 11 exceeds the limit of 10")
        [syntax] = graphql.errors("{ papers {")
        assert syntax["message"].startswith("Syntax Error")
