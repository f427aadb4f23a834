"""Whatever users type into a search box gives results or a clear error, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.databases import DatabaseFactory
from tests.support.graphql_client import GraphQL
from tests.support.search_papers import search_catalogue, shared_catalogue

HOSTILE = [
    # Quotes and escapes.
    "'", '"', '""', '"""', "''", "\\", "\\'", '\\"', "`", "\u201c", "\u201d",
    # FTS5 and tsquery syntax.
    "*", "graph*", "*graph", "^graph", ":", "title:graph", "{title_words}: graph",
    "paper_search:graph", "NEAR(graph networks)", "NEAR(graph networks, 2)", "graph NOT x",
    "graph AND", "OR", "AND NOT", "-graph", "+graph", "(", ")", "((graph)", "graph)",
    "graph & networks", "graph | networks", "!graph", "<->", "graph <-> networks",
    "'graph':*A", "graph:*", "graph:A", "!!", "&&", "||",
    # SQL.
    "'; DROP TABLE paper; --", "1; SELECT * FROM author", '" OR 1=1 --', "' OR '1'='1",
    "%' OR 1=1 --", "%", "_", "%_%", "$1", "?", ":name", "%s", "%(x)s",
    # Control characters, odd Unicode.
    "\x00", "graph\x00networks", "\t\n\r", "\u202egraph", "\ufeffgraph", "\u200b",
    "👩\u200d🔬 graph", "💥", "\U0001d50a\U0001d52f\U0001d51e\U0001d52d\U0001d525",
    "\ufdfa", "İstanbul", "ς", "日本語の論文", "x\u0301",
    "\u0301", "ǅ", "½", "Ⅻ", "\U0010ffff",
    # Markup and sizes.
    "<script>alert(1)</script>", "{}", "[]", "graph " * 40, "x" * 100, "x" * 101,
    "x " * 500, "é" * 1000, "a" * 10_000, " " * 10_000, "graph " * 2_000,
]  # fmt: skip

# Every way user text reaches a search, in one request; each field fails or answers alone.
EVERY_SEARCH = """query ($text: String!) {
  search(query: $text, first: 3) {
    papers { totalCount nodes { title searchSnippet { html } } }
    authors { totalCount nodes { name } }
  }
  filtered: papers(first: 3, filter: {search: $text}) { totalCount nodes { title } }
  authorSuggestions(prefix: $text, first: 3) { name }
  titled: papers(first: 3, filter: {titleContains: $text}) { totalCount }
  named: authors(first: 3, filter: {nameContains: $text}) { totalCount }
}"""


@pytest.fixture(scope="module")
def graphql(databases: DatabaseFactory) -> Iterator[GraphQL]:
    with shared_catalogue(databases, search_catalogue()) as client:
        yield client


def test_hostile_text_gives_results_or_a_clear_error(graphql: GraphQL) -> None:
    for text in HOSTILE:
        body = graphql.response(EVERY_SEARCH, text=text)
        for error in body.get("errors", []):
            assert error["extensions"]["code"] == "BAD_USER_INPUT", (text, error)
            # The message names the argument it is about.
            assert error["extensions"]["field"] in error["message"], (text, error)
        if not body.get("errors"):
            assert set(body["data"]) == {
                "search",
                "filtered",
                "authorSuggestions",
                "titled",
                "named",
            }


def test_some_hostile_text_finds_papers(graphql: GraphQL) -> None:
    # Operators and SQL are words like any others: here they leave "graph" to be found.
    for text in ["graph*", "(graph)", "'; graph --", "\x00graph", "<graph>", "-graph"]:
        found = graphql.data(
            "query ($t: String!) { papers(filter: {search: $t}) { totalCount } }", t=text
        )
        assert found["papers"]["totalCount"] > 0, text
