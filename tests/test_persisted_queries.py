"""Automatic persisted queries, replayed with the requests Apollo Client and urql really send."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from api.app import create_app
from api.http.persisted_queries import QueryStore, query_hash
from api.settings import Settings
from tests.support.apq_recordings import Recording, recordings

NOT_FOUND = {
    "message": "PersistedQueryNotFound",
    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
}
QUERY = "query Welling($slug: String!) { author(slug: $slug) { name paperCount } }"


def _extensions(sha256: str, version: object = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256}}


def _get(http: TestClient, **params: Any) -> Response:
    """A GET the way the clients build it: JSON-encoded variables and extensions."""
    encoded = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return http.get(f"/graphql?{urlencode(encoded)}", headers={"Accept": "application/json"})


def _errors(reply: Response) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = reply.json()["errors"]
    return errors


# --- the store -------------------------------------------------------------------------------


def test_the_store_drops_the_least_recently_used_text_when_full() -> None:
    store = QueryStore(capacity=2)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"  # a is now the most recently used
    store.put("c", "{ c }")
    assert (store.get("a"), store.get("b"), store.get("c")) == ("{ a }", None, "{ c }")
    assert len(store) == 2


def test_the_store_refuses_a_capacity_below_one() -> None:
    with pytest.raises(ValueError, match="capacity must be at least 1"):
        QueryStore(capacity=0)


# --- recorded client conversations ------------------------------------------------------------


@pytest.mark.parametrize("recording", recordings(), ids=lambda recording: recording.key)
def test_a_recorded_client_misses_resends_once_then_asks_by_hash(
    client: TestClient, recording: Recording
) -> None:
    miss, resend, by_hash = recording.requests

    first = miss.send(client)
    assert first.status_code == 200, first.text
    assert first.json() == {"data": None, "errors": [NOT_FOUND]}, recording.client
    assert first.headers["cache-control"] == "no-store"

    second = resend.send(client)
    assert second.status_code == 200, second.text
    assert second.json()["data"]["author"]["name"] == "Max Welling"

    third = by_hash.send(client)
    assert third.status_code == 200, third.text
    assert "json" in third.headers["content-type"]  # not GraphiQL
    assert third.json() == second.json()
    if by_hash.method == "GET":
        # The same URL each time, with validators, so browsers and CDNs can keep the answer.
        assert by_hash.target == miss.target
        assert third.headers["cache-control"].startswith("public, max-age=")
        revalidated = client.request(
            "GET",
            by_hash.target,
            headers={**by_hash.headers, "If-None-Match": third.headers["etag"]},
        )
        assert revalidated.status_code == 304


def test_hash_only_gets_are_answered_with_the_same_body_each_time(client: TestClient) -> None:
    sha256 = query_hash(QUERY)
    variables = {"slug": "max-welling"}
    client.post(
        "/graphql", json={"query": QUERY, "variables": variables, "extensions": _extensions(sha256)}
    )

    first = _get(
        client, operationName="Welling", variables=variables, extensions=_extensions(sha256)
    )
    again = _get(
        client, operationName="Welling", variables=variables, extensions=_extensions(sha256)
    )
    assert (
        first.json()
        == again.json()
        == {"data": {"author": {"name": "Max Welling", "paperCount": 10}}}
    )


def test_a_stored_text_serves_other_variables(client: TestClient) -> None:
    sha256 = query_hash(QUERY)
    client.post(
        "/graphql",
        json={
            "query": QUERY,
            "variables": {"slug": "max-welling"},
            "extensions": _extensions(sha256),
        },
    )
    reply = _get(client, variables={"slug": "zeynep-akata"}, extensions=_extensions(sha256))
    assert reply.json()["data"]["author"]["name"] == "Zeynep Akata"


# --- bad requests -------------------------------------------------------------------------------


def test_a_text_that_does_not_match_its_hash_is_refused(client: TestClient) -> None:
    reply = client.post(
        "/graphql",
        json={"query": QUERY, "extensions": _extensions(query_hash("{ papers { totalCount } }"))},
    )
    assert reply.status_code == 400
    [error] = _errors(reply)
    assert error["message"] == "provided sha does not match query"
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "extensions.persistedQuery.sha256Hash",
    }
    # Nothing was stored under the wrong hash.
    retry = _get(client, extensions=_extensions(query_hash("{ papers { totalCount } }")))
    assert _errors(retry) == [NOT_FOUND]


@pytest.mark.parametrize(
    ("persisted", "message", "field"),
    [
        (
            {"version": 2, "sha256Hash": "0" * 64},
            "unsupported persisted query version 2",
            "version",
        ),
        ({"sha256Hash": "0" * 64}, "unsupported persisted query version None", "version"),
        ({"version": 1, "sha256Hash": "abc"}, "must be 64 hexadecimal digits", "sha256Hash"),
        ({"version": 1}, "must be 64 hexadecimal digits (SHA-256), got None", "sha256Hash"),
        ("0" * 64, "extensions.persistedQuery must be an object", None),
    ],
)
def test_a_malformed_persisted_query_says_what_is_wrong(
    client: TestClient, persisted: object, message: str, field: str | None
) -> None:
    reply = _get(client, extensions={"persistedQuery": persisted})
    assert reply.status_code == 400
    [error] = _errors(reply)
    assert message in error["message"]
    expected_field = "extensions.persistedQuery" + (f".{field}" if field else "")
    assert error["extensions"]["field"] == expected_field
    assert reply.headers["cache-control"] == "no-store"


def test_an_upper_case_hash_finds_the_stored_text(client: TestClient) -> None:
    sha256 = query_hash(QUERY)
    client.post(
        "/graphql",
        json={
            "query": QUERY,
            "variables": {"slug": "max-welling"},
            "extensions": _extensions(sha256),
        },
    )
    reply = _get(client, variables={"slug": "max-welling"}, extensions=_extensions(sha256.upper()))
    assert reply.json()["data"]["author"]["paperCount"] == 10


# --- the bound and the rest of the route ---------------------------------------------------------


def test_the_store_size_is_a_setting_and_a_dropped_text_is_asked_for_again(
    database_url: str, seeded_engine: Engine
) -> None:
    settings = Settings(env="test", database_url=database_url, persisted_query_cache_size=1)
    first, second = "{ papers { totalCount } }", "{ authors { totalCount } }"
    with TestClient(create_app(settings)) as http:
        for text in (first, second):
            http.post("/graphql", json={"query": text, "extensions": _extensions(query_hash(text))})
        assert _get(http, extensions=_extensions(query_hash(second))).json()["data"]
        assert _errors(_get(http, extensions=_extensions(query_hash(first)))) == [NOT_FOUND]


def test_graphiql_and_plain_queries_are_unchanged(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" in page.text.lower()
    plain = client.get("/graphql", params={"query": "{ papers { totalCount } }"})
    assert plain.json() == {"data": {"papers": {"totalCount": 10}}}


def test_a_mutation_by_get_is_still_refused_when_sent_by_hash(client: TestClient) -> None:
    text = "mutation { __typename }"
    with_text = _get(client, query=text, extensions=_extensions(query_hash(text)))
    by_hash = _get(client, extensions=_extensions(query_hash(text)))
    for reply in (with_text, by_hash):
        assert reply.status_code == 400
        assert "mutations are not allowed when using GET" in reply.text
