"""Filters and orders of papers and authors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.ingest.service import import_papers
from api.settings import Settings
from tests.support.factories import catalogue
from tests.support.graphql_client import GraphQL

PAPERS = """query ($filter: PaperFilter, $order: PaperOrder) {
  papers(first: 100, filter: $filter, orderBy: $order) { totalCount nodes { title } } }"""
AUTHORS = """query ($filter: AuthorFilter, $order: AuthorOrder, $last: Int) {
  authors(first: $last, filter: $filter, orderBy: $order) {
    totalCount nodes { name paperCount } } }"""


@pytest.fixture
def catalogue_graphql(app_settings: Settings, engine: Engine) -> Iterator[GraphQL]:
    import_papers(engine, catalogue())
    with TestClient(create_app(app_settings)) as http:
        yield GraphQL(http)


def _titles(graphql: GraphQL, **filter: Any) -> list[str]:
    papers = graphql.data(PAPERS, filter=filter, order={"field": "TITLE"})["papers"]
    titles = [node["title"] for node in papers["nodes"]]
    assert papers["totalCount"] == len(titles)
    return titles


def test_title_contains_ignores_case_and_diacritics(catalogue_graphql: GraphQL) -> None:
    assert _titles(catalogue_graphql, titleContains="EPSILON") == ["Épsilon Entropy"]
    assert _titles(catalogue_graphql, titleContains="épsilon") == ["Épsilon Entropy"]
    assert _titles(catalogue_graphql, titleContains="neural") == ["Gamma Rays and Neural Fields"]


def test_title_contains_treats_like_wildcards_as_text(catalogue_graphql: GraphQL) -> None:
    assert _titles(catalogue_graphql, titleContains="100%") == ["Kappa Statistics 100%"]
    assert _titles(catalogue_graphql, titleContains="s_r") == ["Lambda Calculus_Revisited"]
    assert _titles(catalogue_graphql, titleContains="%") == ["Kappa Statistics 100%"]


def test_year_range(catalogue_graphql: GraphQL) -> None:
    assert _titles(catalogue_graphql, yearFrom=2021) == ["Delta Rules", "Iota: A Small Thing"]
    assert _titles(catalogue_graphql, yearTo=2016) == ["Mu Models"]
    assert len(_titles(catalogue_graphql, yearFrom=2020, yearTo=2020)) == 4


def test_venue(catalogue_graphql: GraphQL) -> None:
    assert _titles(catalogue_graphql, venue="ICML") == [
        "beta Processes",
        "Épsilon Entropy",
        "Lambda Calculus_Revisited",
    ]


def test_author_slug_and_id(catalogue_graphql: GraphQL) -> None:
    by_slug = _titles(catalogue_graphql, authorSlug="jonas-kohler")
    assert by_slug == ["Alpha Networks", "beta Processes", "Kappa Statistics 100%"]
    author = catalogue_graphql.data('{ author(slug: "jonas-kohler") { id } }')["author"]
    assert _titles(catalogue_graphql, authorId=author["id"]) == by_slug


def test_filters_combine(catalogue_graphql: GraphQL) -> None:
    titles = _titles(catalogue_graphql, authorSlug="max-welling", venue="NeurIPS", yearFrom=2020)
    assert titles == ["Alpha Networks", "Eta Estimators"]


def test_unknown_author_slug_matches_nothing(catalogue_graphql: GraphQL) -> None:
    assert _titles(catalogue_graphql, authorSlug="nobody") == []


def test_filter_on_author_papers(catalogue_graphql: GraphQL) -> None:
    query = """{ author(slug: "max-welling") {
        papers(filter: {yearFrom: 2020, titleContains: "a"}, orderBy: {field: TITLE}) {
          totalCount nodes { title } } } }"""
    papers = catalogue_graphql.data(query)["author"]["papers"]
    assert [n["title"] for n in papers["nodes"]] == [
        "Alpha Networks",
        "Delta Rules",
        "Eta Estimators",
        "Iota: A Small Thing",
        "Lambda Calculus_Revisited",
    ]
    assert papers["totalCount"] == 5


@pytest.mark.parametrize(
    ("needle", "names"),
    [
        ("kohler", ["Jonas Köhler"]),
        ("KÖHLER", ["Jonas Köhler"]),
        ("van den", ["Rianne van den Berg"]),
        ("rez", ["Danilo Jimenez Rezende"]),
        ("c. n.", ["Miranda C. N. Cheng"]),
        ("zzz", []),
    ],
)
def test_author_name_contains(catalogue_graphql: GraphQL, needle: str, names: list[str]) -> None:
    authors = catalogue_graphql.data(AUTHORS, filter={"nameContains": needle})["authors"]
    assert [node["name"] for node in authors["nodes"]] == names
    assert authors["totalCount"] == len(names)


def test_author_orders(catalogue_graphql: GraphQL) -> None:
    by_name = catalogue_graphql.data(AUTHORS)["authors"]["nodes"]
    assert [n["name"] for n in by_name] == [
        "Miranda C. N. Cheng",
        "Jonas Köhler",
        "Danilo Jimenez Rezende",
        "Rianne van den Berg",
        "Max Welling",
    ]
    by_count = catalogue_graphql.data(AUTHORS, order={"field": "PAPER_COUNT"})["authors"]["nodes"]
    assert [(n["name"], n["paperCount"]) for n in by_count] == [
        ("Max Welling", 9),
        ("Jonas Köhler", 3),
        ("Rianne van den Berg", 2),
        ("Miranda C. N. Cheng", 1),
        ("Danilo Jimenez Rezende", 1),
    ]
    ascending = catalogue_graphql.data(AUTHORS, order={"field": "PAPER_COUNT", "direction": "ASC"})[
        "authors"
    ]["nodes"]
    assert [n["name"] for n in ascending][:2] == ["Miranda C. N. Cheng", "Danilo Jimenez Rezende"]


def test_overlong_filter_text_is_rejected(catalogue_graphql: GraphQL) -> None:
    errors = catalogue_graphql.errors(PAPERS, filter={"titleContains": "x" * 1001})
    assert errors[0]["message"] == "'filter.titleContains' is 1001 characters; at most 1000"
