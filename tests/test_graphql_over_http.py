"""GraphQL over HTTP: media types, status codes and refusals, as the specification asks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.http.media_types import GRAPHQL_RESPONSE, JSON, preferred_media_type
from api.settings import Settings

GRAPHQL_ONLY = {"Accept": GRAPHQL_RESPONSE}
JSON_ONLY = {"Accept": JSON}


@pytest.fixture
def http(app_settings: Settings) -> Iterator[TestClient]:
    """An app on a migrated, empty database: nothing here reads rows."""
    with TestClient(create_app(app_settings)) as client:
        yield client


def _post(http: TestClient, body: Any, headers: dict[str, str]) -> Any:
    return http.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json;q=0.5", JSON),
        ("application/graphql-response+json;q=0, application/json", JSON),
        ("text/html", JSON),
    ],
)
def test_the_preferred_media_type_follows_accept(accept: str | None, expected: str) -> None:
    assert preferred_media_type(accept) == expected


def test_a_result_is_200_in_the_media_type_asked_for(http: TestClient) -> None:
    for headers, media_type in ((GRAPHQL_ONLY, GRAPHQL_RESPONSE), (JSON_ONLY, JSON), ({}, JSON)):
        reply = _post(http, {"query": "{ __typename }"}, headers)
        assert reply.status_code == 200
        assert reply.headers["content-type"] == media_type
        assert reply.json() == {"data": {"__typename": "Query"}}
        assert "Accept" in reply.headers["vary"]


def test_request_errors_are_400_without_data_for_graphql_response_clients(
    http: TestClient,
) -> None:
    request_errors = {
        "parse": {"query": "{"},
        "validation": {"query": "{ noSuchField }"},
        "variables": {"query": "query Q($id: ID!) { node(id: $id) { id } }", "variables": {}},
    }
    for kind, body in request_errors.items():
        strict = _post(http, body, GRAPHQL_ONLY)
        assert strict.status_code == 400, kind
        assert strict.headers["content-type"] == GRAPHQL_RESPONSE
        assert "data" not in strict.json() and strict.json()["errors"], kind
        legacy = _post(http, body, JSON_ONLY)
        assert legacy.status_code == 200, kind
        assert legacy.json()["data"] is None and legacy.json()["errors"], kind


def test_field_errors_keep_200_and_their_data(http: TestClient) -> None:
    reply = _post(http, {"query": '{ paper(id: "not-an-id") { id } }'}, GRAPHQL_ONLY)
    assert reply.status_code == 200
    body = reply.json()
    assert body["data"] == {"paper": None}
    assert body["errors"][0]["path"] == ["paper"]


def test_malformed_requests_are_refused_with_400_and_a_json_error(http: TestClient) -> None:
    cases: dict[str, tuple[bytes, str]] = {
        "not JSON": (b'{"query', "the request body is not valid JSON: "),
        "empty": (b"", "the request body is empty: send a JSON object with a query"),
        "a batch": (
            b'[{"query": "{ __typename }"}]',
            "batched requests (a JSON array) are not supported: send one operation per request",
        ),
        "a string": (b'"{ __typename }"', "must be a JSON object with a query, not a string"),
        "query not a string": (b'{"query": 0}', "'query' must be a string or null, not a number"),
        "variables not an object": (
            b'{"query": "{ __typename }", "variables": "x"}',
            "'variables' must be an object or null, not a string",
        ),
        "operationName not a string": (
            b'{"query": "{ __typename }", "operationName": false}',
            "'operationName' must be a string or null, not a boolean",
        ),
        "extensions not an object": (
            b'{"query": "{ __typename }", "extensions": []}',
            "'extensions' must be an object or null, not an array",
        ),
        "no query": (b'{"qeury": "{ __typename }"}', "No GraphQL query found in the request"),
    }
    for accept in (GRAPHQL_ONLY, JSON_ONLY):
        for case, (body, message) in cases.items():
            reply = http.post(
                "/graphql", content=body, headers={**accept, "Content-Type": "application/json"}
            )
            assert reply.status_code == 400, case
            assert reply.headers["content-type"] == accept["Accept"], case
            [error] = reply.json()["errors"]
            assert message in error["message"], case
            assert error["extensions"]["code"] == "BAD_REQUEST", case


def test_other_media_types_are_415_and_other_methods_405(http: TestClient) -> None:
    for content_type in (
        None,
        "text/plain",
        "application/graphql",
        "application/json; charset=latin-1",
    ):
        headers = {"Content-Type": content_type} if content_type else {}
        reply = http.post("/graphql", content=b'{"query": "{ __typename }"}', headers=headers)
        assert reply.status_code == 415, content_type
        assert reply.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    utf8 = http.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert utf8.status_code == 200
    for method in ("PUT", "DELETE", "PATCH"):
        reply = http.request(method, "/graphql", headers=GRAPHQL_ONLY)
        assert reply.status_code == 405
        assert reply.headers["allow"] == "GET, POST"
        assert (
            reply.json()["errors"][0]["message"] == f"/graphql answers GET and POST, not {method}"
        )


def test_get_queries_follow_the_same_rules(http: TestClient) -> None:
    ok = http.get("/graphql", params={"query": "{ __typename }"}, headers=GRAPHQL_ONLY)
    assert (ok.status_code, ok.headers["content-type"]) == (200, GRAPHQL_RESPONSE)
    bad = http.get("/graphql", params={"query": "{ nope }"}, headers=GRAPHQL_ONLY)
    assert bad.status_code == 400 and "data" not in bad.json()
    mutation = http.get("/graphql", params={"query": "mutation { __typename }"}, headers=JSON_ONLY)
    assert mutation.status_code == 400
    assert mutation.json()["errors"][0]["message"] == "mutations are not allowed when using GET"
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
