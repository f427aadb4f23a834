"""Full-text search through the API, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.support.databases import DatabaseFactory
from tests.support.graphql_client import GraphQL, count_statements
from tests.support.search_papers import SEARCH, search_catalogue, shared_catalogue, titles

PAPERS = """query ($filter: PaperFilter, $order: PaperOrder, $first: Int, $after: String,
                  $last: Int) {
  papers(filter: $filter, orderBy: $order, first: $first, after: $after, last: $last) {
    totalCount nodes { title searchSnippet { titleHtml } } pageInfo { endCursor hasNextPage }
  }
}"""


@pytest.fixture(scope="module")
def graphql(databases: DatabaseFactory) -> Iterator[GraphQL]:
    # Every test here only reads, so they share one database per backend.
    with shared_catalogue(databases, search_catalogue()) as client:
        yield client


def test_title_matches_rank_above_abstract_matches(graphql: GraphQL) -> None:
    assert titles(graphql, "graph networks ") == [
        # Both words in a short title, then in a long one, then only in an abstract.
        "Graph Networks for Molecules",
        "Deep Graph Networks Revisited with Many More Words in a Longer Title",
        "Molecular Dynamics at Scale",
    ]


def test_every_word_must_match(graphql: GraphQL) -> None:
    assert titles(graphql, "graph networks molecules ") == ["Graph Networks for Molecules"]
    assert titles(graphql, "graph networks giraffes ") == []


def test_quoted_phrases_keep_words_together_and_in_order(graphql: GraphQL) -> None:
    assert set(titles(graphql, "neural networks ")) == {
        "Networks of Neural Cells",
        "Neural Networks for Speech",
    }
    assert titles(graphql, '"neural networks"') == ["Neural Networks for Speech"]
    # Punctuation inside a word makes a phrase of its parts, as the text was indexed.
    assert titles(graphql, "semi-supervised ") == ["Semi-Supervised Learning with Ladders"]


def test_the_last_word_is_a_prefix_while_typing(graphql: GraphQL) -> None:
    assert titles(graphql, "molec") == [
        "Graph Networks for Molecules",
        "Molecular Dynamics at Scale",
    ]
    assert titles(graphql, "molec ") == []
    assert titles(graphql, '"graph netw') == [
        "Graph Networks for Molecules",
        "Deep Graph Networks Revisited with Many More Words in a Longer Title",
        "Molecular Dynamics at Scale",
    ]


@pytest.mark.parametrize("query", ["kohler ", "KÖHLER ", "köhler's theorem ", "lodz ", "ÜBER "])
def test_case_and_diacritics_do_not_matter(graphql: GraphQL, query: str) -> None:
    assert titles(graphql, query) == ["Über Köhler's Theorem in Łódź"]


def test_letters_without_decomposition_fold_too(graphql: GraphQL) -> None:
    # ø, ß: abstract words, folded to o and ss on both backends.
    assert titles(graphql, "orsted weiss strasse ") == ["Über Köhler's Theorem in Łódź"]


def test_snippets_mark_matches_and_escape_html(graphql: GraphQL) -> None:
    data = graphql.data(SEARCH, text="graph networks", first=3)
    first, _, abstract_hit = data["search"]["papers"]["nodes"]
    assert first["searchSnippet"]["titleHtml"] == (
        "<mark>Graph</mark> <mark>Networks</mark> for Molecules"
    )
    snippet = abstract_hit["searchSnippet"]
    assert snippet["text"] == "We use graph networks to simulate proteins over long time scales."
    assert snippet["html"] == (
        "We use <mark>graph</mark> <mark>networks</mark> to simulate proteins over long time "
        "scales."
    )
    escaped = graphql.data(SEARCH, text="kohler")["search"]["papers"]["nodes"][0]
    assert (
        escaped["searchSnippet"]["titleHtml"] == "Über <mark>Köhler</mark>&#x27;s Theorem in Łódź"
    )
    # Outside a search there is no snippet.
    plain = graphql.data("{ papers(first: 1) { nodes { searchSnippet { titleHtml } } } }")
    assert plain["papers"]["nodes"] == [{"searchSnippet": None}]


def test_search_result_has_authors_by_name_prefix(graphql: GraphQL) -> None:
    data = graphql.data(SEARCH, text="rez", first=5)["search"]
    assert [a["name"] for a in data["authors"]["nodes"]] == ["Danilo Jimenez Rezende"]
    assert data["authors"]["totalCount"] == 1
    both = graphql.data(SEARCH, text="max wel", first=5)["search"]["authors"]["nodes"]
    assert [a["slug"] for a in both] == ["max-welling"]


def test_filter_search_combines_with_other_filters_and_orders(graphql: GraphQL) -> None:
    by_relevance = graphql.data(
        PAPERS, filter={"search": "graph networks", "venue": "NeurIPS"}, first=10
    )["papers"]
    assert [n["title"] for n in by_relevance["nodes"]] == [
        "Graph Networks for Molecules",
        "Molecular Dynamics at Scale",
    ]
    assert by_relevance["totalCount"] == 2
    by_year = graphql.data(
        PAPERS, filter={"search": "networks"}, order={"field": "YEAR"}, first=10
    )["papers"]
    assert [n["title"] for n in by_year["nodes"]] == [
        "Neural Networks for Speech",
        "Molecular Dynamics at Scale",
        "Graph Networks for Molecules",
        "Networks of Neural Cells",
        "Deep Graph Networks Revisited with Many More Words in a Longer Title",
    ]
    nested = graphql.data(
        """{ author(slug: "max-welling") {
              papers(filter: {search: "graph"}) { totalCount nodes { title } } } }"""
    )["author"]["papers"]
    assert nested == {
        "totalCount": 2,
        "nodes": [
            {"title": "Graph Networks for Molecules"},
            {"title": "Deep Graph Networks Revisited with Many More Words in a Longer Title"},
        ],
    }


def test_relevance_pages_follow_each_other_without_gaps(graphql: GraphQL) -> None:
    everything = titles(graphql, "networks")
    assert len(everything) == 5
    seen: list[str] = []
    after = None
    while True:
        page = graphql.data(PAPERS, filter={"search": "networks"}, first=2, after=after)
        seen += [node["title"] for node in page["papers"]["nodes"]]
        if not page["papers"]["pageInfo"]["hasNextPage"]:
            break
        after = page["papers"]["pageInfo"]["endCursor"]
    assert seen == everything
    # The cursor of Query.search continues in papers(filter: {search}).
    first = graphql.data(SEARCH, text="networks", first=2)["search"]["papers"]
    rest = graphql.data(
        PAPERS, filter={"search": "networks"}, first=10, after=first["pageInfo"]["endCursor"]
    )
    assert [n["title"] for n in rest["papers"]["nodes"]] == everything[2:]


@pytest.mark.parametrize(
    ("variables", "message", "field"),
    [
        (
            {"order": {"field": "RELEVANCE"}},
            "orderBy RELEVANCE needs filter.search",
            "orderBy.field",
        ),
        (
            {"filter": {"search": "graph"}, "order": {"field": "RELEVANCE", "direction": "ASC"}},
            "orderBy RELEVANCE runs one way, most relevant first; leave direction out",
            "orderBy.direction",
        ),
        (
            {"filter": {"search": "graph"}, "last": 2},
            "orderBy RELEVANCE pages forward only; use first and after",
            "last",
        ),
        (
            {"filter": {"search": "graph"}, "after": "WzAsImEiLDFd"},
            "invalid cursor in 'after': 'WzAsImEiLDFd' was not returned by this field with the "
            "same orderBy",
            "after",
        ),
        (
            {"filter": {"search": "()"}},
            "'filter.search' has no letters or digits to search for: '()'",
            "filter.search",
        ),
    ],
)
def test_bad_search_arguments_are_clear_errors(
    graphql: GraphQL, variables: dict[str, object], message: str, field: str
) -> None:
    (error,) = graphql.errors(PAPERS, **variables)
    assert error["message"] == message
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


def test_statement_count_does_not_depend_on_page_size(graphql: GraphQL) -> None:
    app = graphql.http.app
    assert isinstance(app, FastAPI)
    query = """query ($first: Int) { search(query: "networks", first: $first) {
        papers { totalCount nodes { title authors { name } searchSnippet { html } } }
        authors { nodes { name nameVariants } } } }"""
    counts = []
    for first in (1, 5):
        with count_statements(app) as counter:
            graphql.data(query, first=first)
        counts.append(counter.count)
    # Papers page, total, the authors page, their variants, the papers' authorships.
    assert counts[0] == counts[1] <= 5
