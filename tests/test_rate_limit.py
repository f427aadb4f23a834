"""Rate limits: token buckets per client address and per API key, 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits.buckets import TokenBuckets
from api.settings import Settings

QUERY = {"query": "{ __typename }"}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_a_minute_at_once_then_refills_at_the_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=3, clock=clock)
    for _ in range(3):
        assert buckets.wait("a") == 0
        buckets.take("a")
    assert buckets.wait("a") == pytest.approx(20.0)  # one token every 60/3 s
    assert buckets.wait("b") == 0  # other clients have their own
    clock.now += 20
    assert buckets.wait("a") == 0


def test_buckets_are_bounded_in_number() -> None:
    buckets = TokenBuckets(per_minute=1, max_clients=2)
    for client in ("a", "b", "c"):
        buckets.take(client)
    assert len(buckets) == 2
    assert buckets.wait("a") == 0  # pushed out: it starts again with a full bucket


def _limited(app_settings: Settings, **limits: int) -> TestClient:
    return TestClient(create_app(app_settings.model_copy(update=limits)))


@pytest.fixture
def per_address(app_settings: Settings) -> Iterator[TestClient]:
    with _limited(app_settings, rate_limit_per_ip=2) as http:
        yield http


def test_an_address_over_its_limit_gets_429_with_retry_after(per_address: TestClient) -> None:
    assert [per_address.post("/graphql", json=QUERY).status_code for _ in range(2)] == [200, 200]
    refused = per_address.post("/graphql", json=QUERY)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "30"
    assert refused.json()["errors"] == [
        {
            "message": (
                "too many requests from this address: the limit is 2 a minute; retry in 30 s"
            ),
            "extensions": {"code": "RATE_LIMITED", "retryAfter": 30},
        }
    ]
    # Probes are never limited, and a made-up key does not buy a fresh allowance.
    assert per_address.get("/healthz").status_code == 200
    keyed = per_address.post("/graphql", json=QUERY, headers={"Authorization": "Bearer made-up"})
    assert keyed.status_code == 429
    other = TestClient(per_address.app, client=("192.0.2.7", 4000))
    assert other.post("/graphql", json=QUERY).status_code == 200


def test_each_key_has_its_own_allowance(app_settings: Settings) -> None:
    with _limited(app_settings, rate_limit_per_key=1) as http:
        first = {"Authorization": "Bearer key-one"}
        assert http.post("/graphql", json=QUERY, headers=first).status_code == 200
        again = http.post("/graphql", json=QUERY, headers=first)
        assert again.status_code == 429
        assert again.json()["errors"][0]["message"].startswith(
            "too many requests with this API key: the limit is 1 a minute"
        )
        second = {"Authorization": "Bearer key-two"}
        assert http.post("/graphql", json=QUERY, headers=second).status_code == 200
        # Without a key only the address limit applies, and it is off.
        assert all(http.post("/graphql", json=QUERY).status_code == 200 for _ in range(5))


def test_rate_limits_are_off_unless_configured(client: TestClient) -> None:
    assert Settings().rate_limit_per_ip == Settings().rate_limit_per_key == 0
    assert all(client.post("/graphql", json=QUERY).status_code == 200 for _ in range(30))
