"""Writing needs an active API key; reading needs none. A refused write writes nothing."""

from __future__ import annotations

from sqlalchemy import Engine, select

from api.models import ApiKey
from tests.support.curators import Curator, issue_key, revoke_key
from tests.support.graphql_client import GraphQL, count_statements
from tests.support.mutations import CREATE_PAPER, PAPER_ID_BY_TITLE
from tests.support.snapshots import snapshot

NEW_PAPER = {"title": "A Paper Nobody May Write", "authors": ["Welling, Max"]}
UNAUTHENTICATED = {
    "message": "a valid API key is required: send Authorization: Bearer KEY",
    "locations": [{"line": 3, "column": 3}],
    "path": ["createPaper"],
    "extensions": {"code": "UNAUTHENTICATED"},
}


def test_writes_without_a_valid_key_are_refused_and_write_nothing(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    key = issue_key(seeded_engine, name="revoked")
    revoke_key(seeded_engine, "revoked")
    active = issue_key(seeded_engine, name="active")
    before = snapshot(seeded_engine)
    headers = {
        "missing": None,
        "wrong key": "Bearer pg_" + "A" * 43,
        "revoked key": f"Bearer {key}",
        "key of another scheme": f"Basic {active}",
        "key without scheme": active,
        "key cut short": f"Bearer {active[:-1]}",
        "empty bearer": "Bearer ",
    }
    for case, header in headers.items():
        body = Curator(graphql.http, authorization=header).response(CREATE_PAPER, input=NEW_PAPER)
        assert body == {"data": {"createPaper": None}, "errors": [UNAUTHENTICATED]}, case
    assert snapshot(seeded_engine) == before


def test_reads_need_no_key_and_ignore_a_wrong_one(graphql: GraphQL) -> None:
    query = "{ papers(first: 1) { totalCount } }"
    assert graphql.data(query) == {"papers": {"totalCount": 10}}
    wrong = Curator(graphql.http, authorization="Bearer pg_wrong")
    assert wrong.data(query) == {"papers": {"totalCount": 10}}


def test_a_key_writes_until_it_is_revoked(graphql: GraphQL, seeded_engine: Engine) -> None:
    curator = Curator.with_key(graphql, issue_key(seeded_engine))
    body = curator.data(CREATE_PAPER, input=NEW_PAPER)
    assert body["createPaper"]["paper"]["title"] == NEW_PAPER["title"]
    with seeded_engine.connect() as connection:
        used = connection.execute(select(ApiKey.last_used_at)).scalar_one()
    assert used is not None

    # Revoked, it stops working at once: the next request is refused.
    revoke_key(seeded_engine, "curator")
    before = snapshot(seeded_engine)
    errors = curator.errors(CREATE_PAPER, input={**NEW_PAPER, "title": "Second Paper After"})
    assert errors == [UNAUTHENTICATED]
    assert snapshot(seeded_engine) == before


def test_the_key_is_looked_up_once_per_request(graphql: GraphQL, seeded_engine: Engine) -> None:
    curator = Curator.with_key(graphql, issue_key(seeded_engine))
    curator.data(CREATE_PAPER, input=NEW_PAPER)
    paper_id = graphql.data(PAPER_ID_BY_TITLE, title="Nobody May")["papers"]["nodes"][0]["id"]
    two_fields = """
    mutation ($a: CreatePaperInput!, $b: DeletePaperInput!) {
      createPaper(input: $a) { paper { id } }
      deletePaper(input: $b) { deletedPaperId }
    }"""
    with count_statements(graphql.http.app) as counter:  # type: ignore[arg-type]
        curator.data(
            two_fields,
            a={"title": "Another One", "authors": ["Welling, Max"]},
            b={"id": paper_id},
        )
    lookups = [sql for sql in counter.statements if "FROM api_key" in sql]
    assert len(lookups) == 1, lookups
