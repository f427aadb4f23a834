"""The seed's expected answers through the GraphQL API."""

from __future__ import annotations

from api.ingest.service import parse_files
from tests.conftest import SEED_FILE
from tests.support.graphql_client import GraphQL

WELLING = """
query ($slug: String!) {
  author(slug: $slug) {
    name slug givenName familyName orcid paperCount
    papers(first: 50) { totalCount nodes { title authorCount authors { name } } }
    coauthors(first: 100) { sharedPaperCount author { name familyName } }
  }
}
"""


def test_welling_publication_list_in_one_request(graphql: GraphQL) -> None:
    author = graphql.data(WELLING, slug="max-welling")["author"]
    assert (author["name"], author["givenName"], author["familyName"]) == (
        "Max Welling",
        "Max",
        "Welling",
    )
    assert author["paperCount"] == author["papers"]["totalCount"] == 10
    assert len(author["papers"]["nodes"]) == 10
    for paper in author["papers"]["nodes"]:
        assert "Max Welling" in [a["name"] for a in paper["authors"]]
        assert paper["authorCount"] == len(paper["authors"])


def test_welling_has_31_coauthors_strongest_first(graphql: GraphQL) -> None:
    coauthors = graphql.data(WELLING, slug="max-welling")["author"]["coauthors"]
    assert len(coauthors) == 31
    assert [(c["author"]["name"], c["sharedPaperCount"]) for c in coauthors[:3]] == [
        ("Zeynep Akata", 2),
        ("Tijmen Blankevoort", 2),
        ("Xiahan Shi", 2),
    ]
    assert {c["sharedPaperCount"] for c in coauthors[3:]} == {1}
    rest = [c["author"]["familyName"].casefold() for c in coauthors[3:]]
    assert rest == sorted(rest)


def test_coauthors_first_limits_the_list(graphql: GraphQL) -> None:
    query = '{ author(slug: "max-welling") { coauthors(first: 2) { author { name } } } }'
    names = [c["author"]["name"] for c in graphql.data(query)["author"]["coauthors"]]
    assert names == ["Zeynep Akata", "Tijmen Blankevoort"]


def test_every_paper_lists_its_authors_in_source_order(graphql: GraphQL) -> None:
    expected = {
        paper.title: [person.as_written for person in paper.authors]
        for paper in parse_files([SEED_FILE])
    }
    query = """{ papers(first: 100) { totalCount nodes {
        title authorships { position nameAsWritten author { name } paper { title } } } } }"""
    papers = graphql.data(query)["papers"]
    assert papers["totalCount"] == 10
    found = {
        paper["title"]: [a["nameAsWritten"] for a in paper["authorships"]]
        for paper in papers["nodes"]
    }
    assert found == expected
    for paper in papers["nodes"]:
        assert [a["position"] for a in paper["authorships"]] == list(
            range(1, len(paper["authorships"]) + 1)
        )
        assert {a["paper"]["title"] for a in paper["authorships"]} == {paper["title"]}


def test_paper_and_author_counts(graphql: GraphQL) -> None:
    data = graphql.data("{ papers { totalCount } authors { totalCount } }")
    assert data == {"papers": {"totalCount": 10}, "authors": {"totalCount": 32}}


def test_shared_authors_paper_counts(graphql: GraphQL) -> None:
    query = """{ authors(first: 100, orderBy: {field: PAPER_COUNT}) {
        nodes { name paperCount } } }"""
    nodes = graphql.data(query)["authors"]["nodes"]
    assert [(n["name"], n["paperCount"]) for n in nodes[:4]] == [
        ("Max Welling", 10),
        ("Zeynep Akata", 2),
        ("Tijmen Blankevoort", 2),
        ("Xiahan Shi", 2),
    ]
    assert {n["paperCount"] for n in nodes[4:]} == {1}
