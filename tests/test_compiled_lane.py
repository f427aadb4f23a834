"""The compiled lane answers compiled reads ahead of FastAPI, and leaves the rest alone.

Every test of the suite runs in verify mode, where the lane's answer, operation name and
route are compared with Strawberry's for the same request. These tests check what verify mode
cannot see: that the lane does answer (its own connections run the statement, the engine
none), that requests it leaves to Strawberry are answered exactly as without it, headers
included, that bound variables share one statement, that a lane connection that fails hands
the request to the resolvers, and that verify mode does catch a difference.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, event, text

from api.app import create_app
from api.db import create_async_db_engine
from api.graphql.compiled.readers import reader_for
from api.graphql.ids import to_global_id
from api.serve import prepare_database
from api.settings import Settings
from tests.conftest import ROOT
from tests.support.served_api import free_port

PAPER = "query Paper($id: ID!) { paper(id: $id) { id title authors { name slug } } }"
AUTHOR = """query Author($slug: String!) {
  author(slug: $slug) { name papers(first: 3) { totalCount nodes { title } } } }"""
EITHER = "query Either($id: ID, $slug: String) { author(id: $id, slug: $slug) { name slug } }"


def _settings(database_url: str, mode: str) -> Settings:
    return Settings(
        env="test", database_url=database_url, seeds_dir=ROOT / "seeds", compiled_reads=mode
    )


@pytest.fixture
def both(database_url: str, seeded_engine: Engine) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on the seeded database: the lane on, and compiled reads off."""
    with (
        TestClient(create_app(_settings(database_url, "on"))) as lane,
        TestClient(create_app(_settings(database_url, "off"))) as resolvers,
    ):
        yield lane, resolvers


def _app(client: TestClient) -> FastAPI:
    app = client.app
    assert isinstance(app, FastAPI)
    return app


@contextmanager
def _sent(client: TestClient) -> Iterator[tuple[list[str], list[str]]]:
    """The statements the app's engine sends, and those its lane sends, inside the block."""
    app = _app(client)
    by_engine: list[str] = []
    by_lane: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        by_engine.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    app.state.compiled_reader.listeners.append(by_lane.append)
    try:
        yield by_engine, by_lane
    finally:
        event.remove(engine, "before_cursor_execute", record)
        app.state.compiled_reader.listeners.remove(by_lane.append)


def _paper_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT id FROM paper ORDER BY id")).scalars().all()
    return [to_global_id("Paper", key) for key in keys]


def _reply(client: TestClient, body: dict[str, Any], **headers: str) -> tuple[int, Any, Any]:
    """Status, headers (but the request ID) and body, to compare two apps' answers."""
    reply = client.post("/graphql", json=body, headers=headers)
    kept = sorted((k, v) for k, v in reply.headers.items() if k != "x-request-id")
    return reply.status_code, kept, reply.json()


def test_a_compiled_read_runs_on_the_lanes_connection_alone(
    both: tuple[TestClient, TestClient], seeded_engine: Engine
) -> None:
    lane, _ = both
    body = {"query": PAPER, "variables": {"id": _paper_ids(seeded_engine)[0]}}
    with _sent(lane) as (by_engine, by_lane):
        reply = lane.post("/graphql", json=body)
    assert reply.status_code == 200
    assert reply.json()["data"]["paper"]["title"]
    # One statement, and no session: no ping, no transaction, nothing else.
    assert (len(by_engine), len(by_lane)) == (0, 1)

    search = '{ search(query: "variational", first: 2) { papers { nodes { title } } } }'
    with _sent(lane) as (by_engine, by_lane):
        assert "errors" not in lane.post("/graphql", json={"query": search}).json()
    assert by_engine
    assert not by_lane


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"accept": "application/graphql-response+json"},
        {"origin": "https://lab.example.org", "accept": "application/json"},
    ],
)
def test_the_lane_answers_with_strawberrys_status_headers_and_body(
    both: tuple[TestClient, TestClient], seeded_engine: Engine, headers: dict[str, str]
) -> None:
    paper = _paper_ids(seeded_engine)[3]
    bodies = [
        {"query": PAPER, "variables": {"id": paper}},
        {"query": AUTHOR, "variables": {"slug": "max-welling"}, "operationName": "Author"},
        {"query": "{ papers(first: 2, orderBy: {field: TITLE}) { totalCount nodes { title } } }"},
    ]
    for body in bodies:
        with _sent(both[0]) as (by_engine, by_lane):
            lane = _reply(both[0], body, **headers)
        assert (len(by_engine), len(by_lane)) == (0, 1)  # the lane did answer
        assert lane == _reply(both[1], body, **headers)
        assert lane[0] == 200


def test_requests_the_lane_leaves_alone_are_answered_as_without_it(
    both: tuple[TestClient, TestClient], seeded_engine: Engine
) -> None:
    paper = _paper_ids(seeded_engine)[0]
    deep = (
        "{ papers { nodes { authors { papers { nodes { authors { papers { nodes { authors "
        "{ papers { nodes { authors { name } } } } } } } } } } } } }"
    )
    persisted = "{ papers(first: 1) { totalCount } }"
    bodies: list[dict[str, Any]] = [
        {"query": "{ paper(id: "},  # syntax error
        {"query": "{ paper(id: 1) { nosuchfield } }"},  # validation error
        {"query": deep},  # over the depth limit
        {"query": PAPER, "variables": {"id": to_global_id("Author", 1)}},  # wrong kind of ID
        {"query": PAPER, "variables": {"id": "not an id"}},
        {"query": PAPER, "variables": {"id": True}},  # not coercible to ID
        {"query": PAPER, "variables": {}},  # required variable missing
        {"query": PAPER, "variables": {"id": to_global_id("Paper", 2**31)}},  # out of range
        {"query": PAPER, "variables": {"id": paper}, "operationName": "Other"},
        {"query": f"{PAPER} {AUTHOR}", "variables": {"id": paper}},  # which operation?
        {"query": EITHER, "variables": {"id": None, "slug": None}},
        {"query": EITHER, "variables": {"id": to_global_id("Author", 1), "slug": "max-welling"}},
        {"query": AUTHOR, "variables": {"slug": "nobody-at-all"}},  # null root
        {"query": "mutation { __typename }"},
        {
            "query": persisted,
            "extensions": {
                "persistedQuery": {
                    "version": 1,
                    "sha256Hash": hashlib.sha256(persisted.encode()).hexdigest(),
                }
            },
        },
    ]
    lane_client = both[0]
    slash = [
        client.post(
            "/graphql/", json={"query": PAPER, "variables": {"id": paper}}, follow_redirects=False
        )
        for client in both
    ]
    assert [(r.status_code, r.headers["location"]) for r in slash] == [
        (307, "http://testserver/graphql")
    ] * 2
    for body in bodies:
        with _sent(lane_client) as (_, by_lane):
            lane, resolvers = (_reply(client, body) for client in both)
        assert lane == resolvers, body
        if body.get("query") != AUTHOR:
            assert not by_lane, body  # nothing ran on the lane's own connection


def test_variables_that_name_the_row_share_one_compiled_statement(
    both: tuple[TestClient, TestClient], seeded_engine: Engine
) -> None:
    lane, resolvers = both
    statements = _app(lane).state.compiled_statements
    for paper in _paper_ids(seeded_engine):
        body = {"query": PAPER, "variables": {"id": paper}}
        assert _reply(lane, body) == _reply(resolvers, body)
    assert len(statements) == 1
    # A variable that shapes the statement (here: which argument finds the author) does not
    # bind; each shape gets its own statement, and the answers stay right in any order.
    authors = [
        {"id": None, "slug": "max-welling"},
        {"id": to_global_id("Author", 1), "slug": None},
        {"id": None, "slug": "jonas-kohler"},
        {"id": to_global_id("Author", 2), "slug": None},
    ]
    for variables in authors:
        body = {"query": EITHER, "variables": variables}
        lane_reply = _reply(lane, body)
        assert lane_reply == _reply(resolvers, body)
        assert lane_reply[2]["data"]["author"] is not None


def test_a_statement_serves_only_the_variables_it_was_compiled_for(
    both: tuple[TestClient, TestClient],
) -> None:
    # $slug appears twice, so it is never bound; $id is bound when it names the author.
    query = """query Q($id: ID, $slug: String) {
      author(id: $id, slug: $slug) { name }
      papers(first: 1, filter: {titleContains: $slug}) { totalCount } }"""
    author = to_global_id("Author", 1)
    for variables in (
        {"id": author},
        {"slug": "max-welling"},
        {"id": author, "slug": "max-welling"},  # both: an error, not the slug's answer
        {"id": author},
    ):
        body = {"query": query, "variables": variables}
        assert _reply(both[0], body) == _reply(both[1], body), variables
    errors = _reply(both[0], {"query": query, "variables": {"id": author, "slug": "x"}})[2]
    assert "give exactly one of 'id' and 'slug'" in errors["errors"][0]["message"]


def test_bad_or_extra_variables_do_not_push_good_statements_out(
    both: tuple[TestClient, TestClient], seeded_engine: Engine
) -> None:
    lane, resolvers = both
    statements = _app(lane).state.compiled_statements
    good = {"query": PAPER, "variables": {"id": _paper_ids(seeded_engine)[0]}}
    assert _reply(lane, good)[0] == 200
    # Undeclared variables are ignored, as GraphQL ignores them, and key nothing.
    for index in range(40):
        junk = {"query": PAPER, "variables": {**good["variables"], "junk": index}}
        assert _reply(lane, junk) == _reply(resolvers, junk)
    bogus = {"query": PAPER, "variables": {"id": "bogus"}}
    assert _reply(lane, bogus) == _reply(resolvers, bogus)
    with _sent(lane) as (by_engine, by_lane):
        assert "errors" not in _reply(lane, good)[2]
    assert (len(by_engine), len(by_lane)) == (0, 1)  # still compiled, by the lane
    # One statement in all: the bogus ID was refused by its parameter, not compiled.
    assert statements.compiled == 1


def test_each_shape_of_an_operation_is_compiled_once(
    both: tuple[TestClient, TestClient],
) -> None:
    lane, resolvers = both
    statements = _app(lane).state.compiled_statements
    for index in range(6):
        by_id = {"id": to_global_id("Author", 1 + index), "slug": None}
        by_slug = {"id": None, "slug": ["max-welling", "jonas-kohler"][index % 2]}
        for variables in (by_id, by_slug):
            body = {"query": EITHER, "variables": variables}
            assert _reply(lane, body) == _reply(resolvers, body)
    assert statements.compiled == 2


def test_a_lane_connection_that_fails_hands_the_request_to_the_resolvers(
    both: tuple[TestClient, TestClient], seeded_engine: Engine, tmp_path: Path
) -> None:
    lane, resolvers = both
    reader = _app(lane).state.compiled_reader
    # A real failure to connect: nothing listens on the port, or the file's folder is gone.
    if reader.dialect_name == "postgresql":
        reader._connect["port"] = free_port()
    else:
        reader._path = str(tmp_path / "gone" / "papergraph.sqlite")
    body = {"query": PAPER, "variables": {"id": _paper_ids(seeded_engine)[1]}}
    with _sent(lane) as (by_engine, by_lane):
        answer = _reply(lane, body)
    assert answer == _reply(resolvers, body)
    assert "errors" not in answer[2]
    assert by_lane  # tried,
    assert by_engine  # and then answered through the session


def test_metrics_count_lane_answers_under_their_operation_and_route(
    both: tuple[TestClient, TestClient],
) -> None:
    lane, _ = both
    with _sent(lane) as (by_engine, by_lane):
        for _ in range(2):
            lane.post("/graphql", json={"query": AUTHOR, "variables": {"slug": "max-welling"}})
        lane.post("/graphql", json={"query": "{ papers(first: 1) { totalCount } }"})
    assert (len(by_engine), len(by_lane)) == (0, 3)
    samples = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(lane.get("/metrics").text)
        for sample in family.samples
    }
    labels = {"method": "POST", "route": "/graphql", "status": "200"}
    named = frozenset({**labels, "operation": "Author"}.items())
    anonymous = frozenset({**labels, "operation": "anonymous"}.items())
    assert samples[("papergraph_http_requests_total", named)] == 2
    assert samples[("papergraph_http_requests_total", anonymous)] == 1


def test_an_in_memory_sqlite_database_has_no_lane() -> None:
    # Only the engine's own connection can see an in-memory database.
    assert reader_for(create_async_db_engine("sqlite://")) is None


def test_verify_mode_reports_an_answer_that_differs(tmp_path: Path) -> None:
    served = tmp_path / "served.sqlite"
    prepare_database(Settings(database_url=f"sqlite:///{served}", seeds_dir=ROOT / "seeds"))
    # The lane reads a copy in which one title differs: verify mode must notice.
    altered = tmp_path / "altered.sqlite"
    shutil.copy(served, altered)
    with sqlite3.connect(altered) as connection:
        connection.execute("UPDATE paper SET title = 'Changed' WHERE id = 1")
    settings = _settings(f"sqlite:///{served}", "verify")
    with TestClient(create_app(settings)) as client:
        _app(client).state.compiled_reader._path = str(altered)
        body = {"query": PAPER, "variables": {"id": to_global_id("Paper", 1)}}
        errors = client.post("/graphql", json=body).json()["errors"]
        assert "the compiled lane's answer differs from Strawberry's" in errors[0]["message"]
        # Another paper reads the same in both files, and is answered.
        body = {"query": PAPER, "variables": {"id": to_global_id("Paper", 2)}}
        assert "errors" not in client.post("/graphql", json=body).json()
