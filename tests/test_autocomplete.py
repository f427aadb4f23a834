"""Author suggestions while a name is typed: any name part, case or accent; most papers first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from api.db import create_sync_engine
from api.graphql.inputs import AuthorOrder, AuthorOrderField, author_window
from api.reads.authors import AuthorFilterSpec, authors_select, first_prefix_page
from api.reads.keyset import PageRequest, paged_statement
from api.search.authors import prefix_page_statement, prefix_words
from tests.support.databases import DatabaseFactory
from tests.support.factories import make_paper
from tests.support.graphql_client import GraphQL
from tests.support.search_papers import shared_catalogue

AUTHORS = [
    make_paper(title="P1", authors="Berg, Rianne van den, Welling, Max"),
    make_paper(title="P2", authors="Bergstra, James, Welling, Max"),
    make_paper(title="P3", authors="Bergstra, James"),
    make_paper(title="P4", authors="Rezende, Danilo Jimenez, Köhler, Jonas"),
    make_paper(title="P5", authors="O'Donoghue, Brendan, Weller, Adrian"),
    make_paper(title="P6", authors="Welling, Max"),
]
SUGGEST = "query ($p: String!, $n: Int) { authorSuggestions(prefix: $p, first: $n) { name } }"


@pytest.fixture(scope="module")
def graphql(databases: DatabaseFactory) -> Iterator[GraphQL]:
    with shared_catalogue(databases, AUTHORS) as client:
        yield client


def names(graphql: GraphQL, prefix: str, first: int = 10) -> list[str]:
    found = graphql.data(SUGGEST, p=prefix, n=first)["authorSuggestions"]
    return [author["name"] for author in found]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        # Any part of the name, most papers first.
        ("ber", ["James Bergstra", "Rianne van den Berg"]),
        ("van", ["Rianne van den Berg"]),
        ("rez", ["Danilo Jimenez Rezende"]),
        ("jim", ["Danilo Jimenez Rezende"]),
        # Case, accents and apostrophes do not matter.
        ("KÖH", ["Jonas Köhler"]),
        ("kohl", ["Jonas Köhler"]),
        ("odon", ["Brendan O'Donoghue"]),
        ("donog", ["Brendan O'Donoghue"]),
        ("O'D", ["Brendan O'Donoghue"]),
        # Every word must start a part; the order does not matter.
        ("wel", ["Max Welling", "Adrian Weller"]),
        ("max wel", ["Max Welling"]),
        ("wel max", ["Max Welling"]),
        ("d jim rez", ["Danilo Jimenez Rezende"]),
        ("zzz", []),
    ],
)
def test_suggestions(graphql: GraphQL, prefix: str, expected: list[str]) -> None:
    assert names(graphql, prefix) == expected


def test_first_limits_and_checks(graphql: GraphQL) -> None:
    assert names(graphql, "ber", first=1) == ["James Bergstra"]
    (error,) = graphql.errors(SUGGEST, p="ber", n=101)
    assert error["message"] == "'first' must be between 0 and 100, got 101"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "'prefix' has no letters or digits to match names with: ''"),
        ("'-.", "'prefix' has no letters or digits to match names with: ''-.'"),
        ("a" * 201, "'prefix' is 201 characters; at most 200"),
        ("a b c d e f g h i", "'prefix' has 9 words; at most 8"),
    ],
)
def test_bad_prefixes_are_clear_errors(graphql: GraphQL, prefix: str, message: str) -> None:
    (error,) = graphql.errors(SUGGEST, p=prefix, n=5)
    assert error["message"] == message
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "prefix"}


def test_name_contains_filter_still_works(graphql: GraphQL) -> None:
    found = graphql.data('{ authors(filter: {nameContains: "KOHLER"}) { nodes { name } } }')
    assert found["authors"]["nodes"] == [{"name": "Jonas Köhler"}]


def test_the_walk_and_the_sort_give_the_plain_query_s_answer(
    graphql: GraphQL, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Which branch answers depends on where matches sit in the order; both must agree with the
    # plain statement. A walk of 1 author makes the sort answer nearly every prefix here.
    app = graphql.http.app
    assert isinstance(app, FastAPI)
    engine = create_sync_engine(app.state.settings.database_url)
    window = author_window(
        AuthorOrder(field=AuthorOrderField.PAPER_COUNT),
        PageRequest(first=2, after=None, last=None, before=None),
    )
    try:
        for walk in (1, 500):
            monkeypatch.setattr("api.search.authors.WALK", walk)
            for prefix in ["ber", "wel", "max wel", "o", "j", "zzz"]:
                prefixes = prefix_words(prefix, field="prefix")
                plain = paged_statement(
                    authors_select(AuthorFilterSpec(name_prefixes=prefixes)),
                    window,
                    partition=None,
                )
                adaptive = prefix_page_statement(
                    authors_select(AuthorFilterSpec()), prefixes, window.sort, 2
                )
                with engine.connect() as connection:
                    expected = [tuple(row) for row in connection.execute(plain)]
                    assert [tuple(row) for row in connection.execute(adaptive)] == expected
    finally:
        engine.dispose()


def test_first_pages_built_once_take_each_request_s_prefixes(graphql: GraphQL) -> None:
    # The statement for prefixes alone is built once per shape and bound per request: asked
    # for one prefix after another, each answer must still be the plain statement's.
    app = graphql.http.app
    assert isinstance(app, FastAPI)
    engine = create_sync_engine(app.state.settings.database_url)
    window = author_window(
        AuthorOrder(field=AuthorOrderField.PAPER_COUNT),
        PageRequest(first=2, after=None, last=None, before=None),
    )
    specs = [
        AuthorFilterSpec(name_prefixes=prefix_words(prefix, field="prefix"))
        for prefix in ["ber", "wel", "zzz", "ber", "max wel", "d jim rez", "wel max"]
    ]
    specs.append(AuthorFilterSpec(name_contains="welling", name_prefixes=("max",)))
    try:
        with engine.connect() as connection:
            for spec in specs:
                plain = paged_statement(authors_select(spec), window, partition=None)
                expected = [tuple(row) for row in connection.execute(plain)]
                cached = first_prefix_page(spec, window.sort, 2)
                assert [tuple(row) for row in connection.execute(cached)] == expected
    finally:
        engine.dispose()
