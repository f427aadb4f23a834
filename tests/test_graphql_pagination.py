"""Relay pagination: forwards and backwards across page boundaries, cursors and limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.ingest.service import import_papers
from api.settings import Settings
from tests.support.factories import catalogue
from tests.support.graphql_client import GraphQL

PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: PaperOrder) {
  papers(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount
    edges { cursor node { title year } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
ORDERS = [
    None,
    {"field": "TITLE"},
    {"field": "TITLE", "direction": "DESC"},
    {"field": "YEAR", "direction": "ASC"},
    {"field": "CREATED"},
    {"field": "CREATED", "direction": "ASC"},
]


@pytest.fixture
def catalogue_graphql(app_settings: Settings, engine: Engine) -> Iterator[GraphQL]:
    import_papers(engine, catalogue())
    with TestClient(create_app(app_settings)) as http:
        yield GraphQL(http)


def _all_titles(graphql: GraphQL, order: dict[str, str] | None) -> list[str]:
    papers = graphql.data(PAGE, first=100, order=order)["papers"]
    return [edge["node"]["title"] for edge in papers["edges"]]


@pytest.mark.parametrize("order", ORDERS)
def test_forward_pages_join_up_to_the_whole_list(
    catalogue_graphql: GraphQL, order: dict[str, str] | None
) -> None:
    everything = _all_titles(catalogue_graphql, order)
    assert len(everything) == 12
    seen: list[str] = []
    after = None
    while True:
        papers = catalogue_graphql.data(PAGE, first=5, after=after, order=order)["papers"]
        assert papers["totalCount"] == 12
        seen += [edge["node"]["title"] for edge in papers["edges"]]
        info = papers["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
        assert after == papers["edges"][-1]["cursor"]
    assert seen == everything


@pytest.mark.parametrize("order", ORDERS)
def test_backward_pages_join_up_to_the_whole_list(
    catalogue_graphql: GraphQL, order: dict[str, str] | None
) -> None:
    everything = _all_titles(catalogue_graphql, order)
    seen: list[str] = []
    before = None
    while True:
        papers = catalogue_graphql.data(PAGE, last=5, before=before, order=order)["papers"]
        seen = [edge["node"]["title"] for edge in papers["edges"]] + seen
        info = papers["pageInfo"]
        assert info["hasNextPage"] is (before is not None)
        if not info["hasPreviousPage"]:
            break
        before = info["startCursor"]
    assert seen == everything


def test_default_order_is_year_descending_nulls_last_then_title(catalogue_graphql: GraphQL) -> None:
    papers = catalogue_graphql.data(PAGE, first=100)["papers"]["edges"]
    years = [edge["node"]["year"] for edge in papers]
    assert years == [2022, 2021, 2020, 2020, 2020, 2020, 2019, 2018, 2017, 2016, None, None]
    assert [edge["node"]["title"] for edge in papers[2:6]] == [
        "Alpha Networks",
        "beta Processes",
        "Eta Estimators",
        "Lambda Calculus_Revisited",
    ]


def test_title_order_ignores_case_and_diacritics(catalogue_graphql: GraphQL) -> None:
    titles = _all_titles(catalogue_graphql, {"field": "TITLE"})
    assert titles[:5] == [
        "Alpha Networks",
        "beta Processes",
        "Delta Rules",
        "Épsilon Entropy",
        "Eta Estimators",
    ]


def test_pages_in_the_middle_both_ways(catalogue_graphql: GraphQL) -> None:
    everything = catalogue_graphql.data(PAGE, first=100)["papers"]["edges"]
    middle = catalogue_graphql.data(PAGE, first=3, after=everything[3]["cursor"])["papers"]["edges"]
    assert [e["node"]["title"] for e in middle] == [e["node"]["title"] for e in everything[4:7]]
    back = catalogue_graphql.data(PAGE, last=2, before=everything[6]["cursor"])["papers"]["edges"]
    assert [e["node"]["title"] for e in back] == [e["node"]["title"] for e in everything[4:6]]


def test_empty_page_and_zero_size(catalogue_graphql: GraphQL) -> None:
    papers = catalogue_graphql.data(PAGE, first=0)["papers"]
    assert papers["edges"] == []
    assert papers["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    assert papers["totalCount"] == 12


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 101}, "'first' must be between 0 and 100, got 101"),
        ({"first": -1}, "'first' must be between 0 and 100, got -1"),
        ({"last": 1000}, "'last' must be between 0 and 100, got 1000"),
        ({"first": 2, "last": 2}, "pass either 'first' or 'last', not both"),
        ({"after": "bm90IGEgY3Vyc29y"}, "invalid cursor in 'after'"),
        ({"before": "%%%"}, "invalid cursor in 'before'"),
    ],
)
def test_bad_page_arguments_are_clear_errors(
    catalogue_graphql: GraphQL, variables: dict[str, object], message: str
) -> None:
    errors = catalogue_graphql.errors(PAGE, **variables)
    assert errors[0]["message"].startswith(message)
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_cursor_from_another_order_is_rejected(catalogue_graphql: GraphQL) -> None:
    cursor = catalogue_graphql.data(PAGE, first=1)["papers"]["pageInfo"]["endCursor"]
    errors = catalogue_graphql.errors(PAGE, first=1, after=cursor, order={"field": "CREATED"})
    assert "invalid cursor in 'after'" in errors[0]["message"]


def test_author_papers_paginate_too(catalogue_graphql: GraphQL) -> None:
    query = """query ($after: String) { author(slug: "max-welling") {
        papers(first: 2, after: $after) { totalCount nodes { title }
        pageInfo { hasNextPage endCursor } } } }"""
    titles: list[str] = []
    after = None
    while True:
        papers = catalogue_graphql.data(query, after=after)["author"]["papers"]
        titles += [node["title"] for node in papers["nodes"]]
        if not papers["pageInfo"]["hasNextPage"]:
            break
        after = papers["pageInfo"]["endCursor"]
    assert papers["totalCount"] == len(titles) == 9
    assert titles[-1] == "Theta Methods"
