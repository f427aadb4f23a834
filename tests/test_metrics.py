"""/metrics: requests and latency per GraphQL operation, errors by code, the database pool."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from api.app import create_app
from api.observability.metrics import MAX_OPERATION_LABELS, OTHER_OPERATION, Metrics
from api.settings import Settings

AUTHOR = 'query Welling { author(slug: "max-welling") { name } }'


def _samples(http: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    answer = http.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_and_timed_per_operation(client: TestClient) -> None:
    for _ in range(3):
        assert client.post("/graphql", json={"query": AUTHOR}).status_code == 200
    client.get("/graphql", params={"query": "query Count { papers { totalCount } }"})
    client.post("/graphql", json={"query": "{ papers { totalCount } }"})
    client.get("/healthz")

    samples = _samples(client)

    post = {"method": "POST", "route": "/graphql"}
    assert (
        _value(samples, "papergraph_http_requests_total", **post, operation="Welling", status="200")
        == 3
    )
    assert (
        _value(
            samples,
            "papergraph_http_requests_total",
            method="GET",
            route="/graphql",
            operation="Count",
            status="200",
        )
        == 1
    )
    assert (
        _value(
            samples, "papergraph_http_requests_total", **post, operation="anonymous", status="200"
        )
        == 1
    )
    assert (
        _value(
            samples,
            "papergraph_http_requests_total",
            method="GET",
            route="/healthz",
            operation="",
            status="200",
        )
        == 1
    )
    assert (
        _value(
            samples, "papergraph_http_request_duration_seconds_count", **post, operation="Welling"
        )
        == 3
    )
    assert (
        _value(samples, "papergraph_http_request_duration_seconds_sum", **post, operation="Welling")
        > 0
    )
    assert (
        _value(
            samples,
            "papergraph_http_request_duration_seconds_bucket",
            **post,
            operation="Welling",
            le="+Inf",
        )
        == 3
    )


def test_graphql_errors_are_counted_by_code(client: TestClient, seeded_engine: Engine) -> None:
    client.post("/graphql", json={"query": 'query Both { author(id: "x", slug: "y") { name } }'})
    client.post("/graphql", json={"query": "query Typo { papres { totalCount } }"})
    client.post("/graphql", json={"query": "query Broken {"})
    # An outage the client cannot fix: the table is gone, and the error is masked.
    with seeded_engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE paper RENAME TO paper_gone"))
    masked = client.post("/graphql", json={"query": "query Count { papers { totalCount } }"})
    assert masked.json()["errors"][0]["message"] == "Internal error."

    samples = _samples(client)

    errors = "papergraph_graphql_errors_total"
    assert _value(samples, errors, operation="Both", code="BAD_USER_INPUT") == 1
    assert _value(samples, errors, operation="Typo", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert _value(samples, errors, operation="anonymous", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert _value(samples, errors, operation="Count", code="INTERNAL_SERVER_ERROR") == 1


def test_the_database_pool_is_reported(client: TestClient) -> None:
    client.post("/graphql", json={"query": AUTHOR})

    samples = _samples(client)

    assert _value(samples, "papergraph_db_pool_size") >= 1
    # Between requests every connection is back in the pool.
    assert _value(samples, "papergraph_db_pool_checked_out") == 0
    assert _value(samples, "papergraph_db_pool_checked_in") >= 1
    assert _value(samples, "papergraph_db_pool_overflow") == 0


def test_each_app_counts_only_its_own_requests(client: TestClient, app_settings: Settings) -> None:
    client.post("/graphql", json={"query": AUTHOR})
    with TestClient(create_app(app_settings)) as other:
        samples = _samples(other)
    assert (
        _value(
            samples,
            "papergraph_http_requests_total",
            method="POST",
            route="/graphql",
            operation="Welling",
            status="200",
        )
        == 0
    )


def test_operation_labels_are_bounded() -> None:
    metrics = Metrics()
    assert metrics.operation_label(None) == ""
    assert metrics.operation_label("Welling") == "Welling"
    assert metrics.operation_label("not a name; drop table") == OTHER_OPERATION
    for index in range(MAX_OPERATION_LABELS + 10):
        metrics.operation_label(f"Generated{index}")
    assert metrics.operation_label("OneTooMany") == OTHER_OPERATION
    assert metrics.operation_label("Welling") == "Welling"


def test_unknown_paths_share_one_label(tmp_path: Path) -> None:
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path / 'unused.sqlite'}")
    with TestClient(create_app(settings)) as http:
        for path in ("/wp-admin", "/.env", "/a/b/c"):
            assert http.get(path).status_code == 404
        samples = _samples(http)
    assert (
        _value(
            samples,
            "papergraph_http_requests_total",
            method="GET",
            route="unmatched",
            operation="",
            status="404",
        )
        == 3
    )
