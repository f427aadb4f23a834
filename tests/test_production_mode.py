"""Production mode: no GraphiQL, masked errors with the request ID, introspection by choice."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from api.app import create_app
from api.observability.logs import JsonFormatter
from api.settings import Settings

INTROSPECTION = {"query": "{ __schema { queryType { name } } }"}


def _production(app_settings: Settings, **changes: object) -> TestClient:
    return TestClient(create_app(app_settings.model_copy(update={"env": "production", **changes})))


@pytest.fixture
def production(app_settings: Settings, seeded_engine: Engine) -> Iterator[TestClient]:
    with _production(app_settings) as http:
        yield http


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything logged while the test runs, one JSON object a line, as production logs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_graphiql_and_docs_are_off(production: TestClient) -> None:
    page = production.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"] == "application/json"
    assert production.get("/docs").status_code == 404
    query = production.get("/graphql", params={"query": "{ papers { totalCount } }"})
    assert query.json() == {"data": {"papers": {"totalCount": 10}}}


def test_an_internal_error_is_masked_and_its_request_id_leads_to_the_log_line(
    production: TestClient, seeded_engine: Engine, log_lines: io.StringIO
) -> None:
    with seeded_engine.begin() as connection:  # an outage: the table is gone
        connection.execute(text("ALTER TABLE paper RENAME TO paper_elsewhere"))
    reply = production.post("/graphql", json={"query": "{ papers { totalCount } }"})

    [error] = reply.json()["errors"]
    request_id = reply.headers["x-request-id"]
    assert error["message"] == "Internal error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "paper" not in reply.text.replace('"papers"', "")  # no SQL reaches the client

    lines = [orjson.loads(line) for line in log_lines.getvalue().splitlines()]
    causes = [
        line for line in lines if line.get("request_id") == request_id and "exception" in line
    ]
    assert causes, lines
    assert "paper" in causes[0]["exception"]


def test_introspection_is_on_by_default_and_can_be_turned_off(
    production: TestClient, app_settings: Settings
) -> None:
    on = production.post("/graphql", json=INTROSPECTION)
    assert on.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    with _production(app_settings, introspection=False) as closed:
        errors = closed.post("/graphql", json=INTROSPECTION).json()["errors"]
        assert errors[0]["message"] == (
            "GraphQL introspection has been disabled, but the requested query contained the "
            "field '__schema'."
        )
        typename = closed.post("/graphql", json={"query": "{ __typename }"})
        assert typename.json() == {"data": {"__typename": "Query"}}
