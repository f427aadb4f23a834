"""Conditional GET: ETags keyed by the data version, 304 answers, and what is never cached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.http.caching import etag_matches
from api.ingest.service import import_papers, parse_files
from tests.conftest import SEED_FILE
from tests.support.databases import DatabaseFactory
from tests.support.lab import served_lab
from tests.support.portal_texts import write

LIST = "/authors/max-welling/publications.bib"
QUERY = '{ author(slug: "max-welling") { name paperCount } }'
TAG = '"0123456789abcdef0123456789abcdef"'


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("", False),
        (TAG, True),
        (f"W/{TAG}", True),
        (f'"other", {TAG}', True),
        (f'"other",W/{TAG} ,  "third"', True),
        ('"other"', False),
        ("*", True),
        ("0123456789abcdef0123456789abcdef", False),
    ],
)
def test_if_none_match_uses_weak_comparison_over_a_list(header: str | None, matches: bool) -> None:
    assert etag_matches(header, TAG) is matches


def test_star_matches_only_where_the_resource_is_known_to_exist() -> None:
    assert etag_matches("*", TAG, any_tag=False) is False


def _add_a_paper(engine: Engine, tmp_path: Path) -> None:
    listing = write(tmp_path, "new.txt", "A New Paper\nWelling, Max\nAbstract.\n")
    assert import_papers(engine, parse_files([listing])).papers_new == 1


def test_exports_answer_304_until_the_data_changes(
    client: TestClient, seeded_engine: Engine, tmp_path: Path
) -> None:
    first = client.get(LIST)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    assert etag.startswith('"') and not etag.startswith("W/")
    for header in (etag, f'W/{etag}, "other"', "*"):
        cached = client.get(LIST, headers={"If-None-Match": header})
        assert cached.status_code == 304, header
        assert cached.content == b""
        assert cached.headers["etag"] == etag
        assert cached.headers["cache-control"] == "public, max-age=60"
    # An import that changes nothing leaves the data version, and so the ETag, alone.
    import_papers(seeded_engine, parse_files([SEED_FILE]))
    assert client.get(LIST, headers={"If-None-Match": etag}).status_code == 304
    _add_a_paper(seeded_engine, tmp_path)
    changed = client.get(LIST, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert "A New Paper" in changed.text
    # Every export's tag moves, the paper exports' too.
    assert client.get("/papers/1.ris").headers["etag"] != first.headers["etag"]


@pytest.fixture(scope="module")
def lab(databases: DatabaseFactory) -> Iterator[TestClient]:
    """A served seed and .bib for the tests that only read."""
    with served_lab(databases) as http:
        yield http


def test_each_request_has_its_own_tag_whatever_the_parameter_order(lab: TestClient) -> None:
    tags = {
        path: lab.get(path).headers["etag"]
        for path in (
            LIST,
            "/authors/max-welling/publications.ris",
            f"{LIST}?year=2019",
            "/papers/1.bib",
            "/papers/2.bib",
        )
    }
    assert len(set(tags.values())) == len(tags)
    one = lab.get("/graphql", params=[("query", QUERY), ("variables", "{}")])
    other = lab.get("/graphql", params=[("variables", "{}"), ("query", QUERY)])
    assert one.headers["etag"] == other.headers["etag"]


def test_graphql_get_queries_are_cached_and_revalidated(
    client: TestClient, seeded_engine: Engine, tmp_path: Path
) -> None:
    first = client.get("/graphql", params={"query": QUERY})
    assert first.json()["data"]["author"]["paperCount"] == 10
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "accept" in first.headers["vary"].lower()
    cached = client.get("/graphql", params={"query": QUERY}, headers={"If-None-Match": etag})
    assert (cached.status_code, cached.content) == (304, b"")
    # The media type follows Accept, so another Accept is another representation.
    spec = {"Accept": "application/graphql-response+json", "If-None-Match": etag}
    other = client.get("/graphql", params={"query": QUERY}, headers=spec)
    assert other.status_code == 200 and other.headers["etag"] != etag
    # "*" cannot tell, before the query runs, whether the answer is an error.
    assert client.get("/graphql", params={"query": QUERY}, headers={"If-None-Match": "*"}).json()
    _add_a_paper(seeded_engine, tmp_path)
    fresh = client.get("/graphql", params={"query": QUERY}, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.json()["data"]["author"]["paperCount"] == 11
    assert fresh.headers["etag"] != etag


BAD_QUERIES = [
    "{ author(slug: 1) { name } }",
    '{ paper(id: "bm90LWFuLWlk") { title } }',
    "mutation { anything }",
    "{ author(slug: ",
]


def test_graphql_errors_are_never_stored(lab: TestClient) -> None:
    for query in BAD_QUERIES:
        answer = lab.get("/graphql", params={"query": query})
        assert answer.headers["cache-control"] == "no-store", query
        assert "etag" not in answer.headers, query


def test_posted_queries_carry_no_validators(lab: TestClient) -> None:
    answer = lab.post("/graphql", json={"query": QUERY})
    assert answer.status_code == 200
    assert "etag" not in answer.headers
    assert "cache-control" not in answer.headers


def test_max_age_is_configurable(lab: TestClient) -> None:
    app = lab.app
    assert isinstance(app, FastAPI)
    settings = app.state.settings.model_copy(update={"cache_max_age": 300})
    with TestClient(create_app(settings)) as http:
        assert http.get(LIST).headers["cache-control"] == "public, max-age=300"
        graphql = http.get("/graphql", params={"query": QUERY})
        assert graphql.headers["cache-control"] == "public, max-age=300"
