"""Cross-origin use from browsers: any origin by default, a configured list when restricted."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.app import create_app
from api.settings import Settings

LAB = "https://lab.example.org"
ELSEWHERE = "https://elsewhere.example.com"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}


def _client(tmp_path: Path, **settings: str) -> TestClient:
    # Neither preflights nor the redirect at "/" read the database, so none is migrated here.
    url = f"sqlite:///{tmp_path / 'unused.db'}"
    return TestClient(create_app(Settings(env="test", database_url=url, **settings)))


def test_any_origin_may_read_by_default(tmp_path: Path) -> None:
    http = _client(tmp_path)
    answer = http.get("/", headers={"Origin": ELSEWHERE}, follow_redirects=False)
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-expose-headers"] == "ETag"
    preflight = http.options("/graphql", headers={"Origin": ELSEWHERE, **PREFLIGHT})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_preflight_for_a_graphql_post_from_an_allowed_origin(tmp_path: Path) -> None:
    http = _client(tmp_path, cors_origins=f"{LAB}, http://localhost:4000/")
    answer = http.options(
        "/graphql",
        headers={
            "Origin": LAB,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, if-none-match",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == LAB
    assert "POST" in answer.headers["access-control-allow-methods"]
    allowed = answer.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed and "if-none-match" in allowed
    assert "access-control-allow-credentials" not in answer.headers
    local = http.options("/graphql", headers={"Origin": "http://localhost:4000", **PREFLIGHT})
    assert local.headers["access-control-allow-origin"] == "http://localhost:4000"


def test_other_origins_are_refused_when_restricted(tmp_path: Path) -> None:
    http = _client(tmp_path, cors_origins=LAB)
    preflight = http.options("/graphql", headers={"Origin": ELSEWHERE, **PREFLIGHT})
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    simple = http.get("/", headers={"Origin": ELSEWHERE}, follow_redirects=False)
    assert "access-control-allow-origin" not in simple.headers
    allowed = http.get("/", headers={"Origin": LAB}, follow_redirects=False)
    assert allowed.headers["access-control-allow-origin"] == LAB


def test_a_header_outside_the_list_is_refused(tmp_path: Path) -> None:
    http = _client(tmp_path, cors_origins=LAB)
    answer = http.options(
        "/graphql",
        headers={
            "Origin": LAB,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-custom",
        },
    )
    assert answer.status_code == 400


@pytest.mark.parametrize("origins", ["https://lab.example.org/people", "lab.example.org"])
def test_a_setting_that_is_not_an_origin_is_rejected(origins: str) -> None:
    with pytest.raises(ValidationError, match="is not an origin: expected scheme://host"):
        Settings(cors_origins=origins)
