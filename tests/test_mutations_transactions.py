"""Each mutation field is one transaction; a failure anywhere in it leaves everything as before."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.support.curators import Curator, data_version, issue_key
from tests.support.failing_writes import MESSAGE, break_authorship_inserts
from tests.support.graphql_client import GraphQL
from tests.support.mutations import PAPER_ID_BY_TITLE
from tests.support.snapshots import snapshot

TWO_PAPERS = """
mutation ($a: CreatePaperInput!, $b: CreatePaperInput!) {
  a: createPaper(input: $a) { paper { title } }
  b: createPaper(input: $b) { paper { title } }
}"""
GOOD = {"title": "The Good Paper", "authors": ["Doe, Jane"]}
BAD = {"title": "", "authors": ["Roe, Richard"]}


def titles(graphql: GraphQL, text: str) -> list[str]:
    nodes = graphql.data(PAPER_ID_BY_TITLE, title=text)["papers"]["nodes"]
    return [node["title"] for node in nodes]


def test_a_failing_field_keeps_the_fields_around_it(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    version = data_version(seeded_engine)
    body = api.response(TWO_PAPERS, a=GOOD, b=BAD)
    assert body["data"] == {"a": {"paper": {"title": "The Good Paper"}}, "b": None}
    assert [error["path"] for error in body["errors"]] == [["b"]]
    assert body["errors"][0]["extensions"]["fields"][0]["field"] == "input.title"
    assert titles(graphql, "Good Paper") == ["The Good Paper"]
    assert data_version(seeded_engine) == version + 1

    # A failing first field does not stop the second.
    other = {"title": "Another Good Paper", "authors": ["Doe, Jane"]}
    body = api.response(TWO_PAPERS, a=BAD, b=other)
    assert body["data"] == {"a": None, "b": {"paper": {"title": "Another Good Paper"}}}
    assert [error["path"] for error in body["errors"]] == [["a"]]
    assert titles(graphql, "Another Good") == ["Another Good Paper"]


def test_a_failure_late_in_a_write_undoes_all_of_it(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    break_authorship_inserts(seeded_engine)
    before = snapshot(seeded_engine)
    # The new author and the paper are inserted before the authorship insert fails.
    body = api.response(TWO_PAPERS, a=GOOD, b={**GOOD, "title": "Another Good One"})
    assert body["data"] == {"a": None, "b": None}
    for error in body["errors"]:
        assert error["message"] == "Internal error."
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert MESSAGE not in str(error)
    # Even the key's "last used" time: the failed write never happened.
    assert snapshot(seeded_engine) == before


def test_mutations_by_get_are_refused(graphql: GraphQL, seeded_engine: Engine) -> None:
    key = issue_key(seeded_engine)
    before = snapshot(seeded_engine)
    query = 'mutation { createPaper(input: {title: "GET", authors: ["J. Doe"]}) { paper { id } } }'
    reply = graphql.http.get(
        "/graphql", params={"query": query}, headers={"Authorization": f"Bearer {key}"}
    )
    assert reply.status_code in {400, 405}, reply.text
    assert reply.headers["cache-control"] == "no-store"
    assert "mutations are not allowed when using GET" in reply.text
    assert snapshot(seeded_engine) == before
