"""A group's publications over GET, as an author's: every format, the feed, caching, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator

import bibtexparser
import feedparser
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.support.amlab import DATED_LAB_PAPERS, LAB, LAB_NAME, amlab_database
from tests.support.databases import DatabaseFactory
from tests.support.graphql_client import GraphQL

LIST = f"/groups/{LAB}/publications"
TITLES = [title for title, _ in DATED_LAB_PAPERS]


@pytest.fixture(scope="module")
def http(databases: DatabaseFactory) -> Iterator[TestClient]:
    """The seed with years and the lab, served; these tests only read."""
    with (
        amlab_database(databases, years=True) as url,
        TestClient(create_app(Settings(env="test", database_url=url))) as client,
    ):
        yield client


def test_every_format_lists_the_labs_papers_once_each_as_graphql_does(http: TestClient) -> None:
    bibtex = http.get(f"{LIST}.bib")
    assert bibtex.status_code == 200
    assert bibtex.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(bibtex.text)
    assert library.failed_blocks == []
    assert [entry["title"] for entry in library.entries] == TITLES

    csl = http.get(f"{LIST}.json").json()
    assert [(item["title"], item["issued"]["date-parts"][0][0]) for item in csl] == (
        DATED_LAB_PAPERS
    )
    ris = http.get(f"{LIST}.ris").text
    assert ris.count("TY  - ") == 5 and ris.count("ER  -") == 5

    graphql = GraphQL(http)
    for extension, name in (("bib", "BIBTEX"), ("json", "CSL_JSON"), ("ris", "RIS")):
        query = f'{{ group(slug: "{LAB}") {{ publications(format: {name}) }} }}'
        assert graphql.data(query)["group"]["publications"] == http.get(f"{LIST}.{extension}").text


def test_the_feed_is_the_groups_with_a_stable_id_and_a_year_filter(http: TestClient) -> None:
    feed = feedparser.parse(http.get(f"{LIST}.atom").text)
    assert feed.bozo == 0
    assert feed.feed.title == f"Publications of {LAB_NAME}"
    assert [entry.title for entry in feed.entries] == TITLES
    again = feedparser.parse(http.get(f"{LIST}.atom").text)
    assert again.feed.id == feed.feed.id
    assert (
        feed.feed.id
        != feedparser.parse(http.get("/authors/xiahan-shi/publications.atom").text).feed.id
    )

    recent = json.loads(http.get(f"{LIST}.json", params={"year": "2019-2020"}).text)
    assert [item["title"] for item in recent] == TITLES[:4]
    only = feedparser.parse(http.get(f"{LIST}.atom", params={"year": "2014"}).text)
    assert [entry.title for entry in only.entries] == TITLES[4:]
    assert only.feed.title == f"Publications of {LAB_NAME} (2014)"


def test_answers_are_cached_by_etag(http: TestClient) -> None:
    first = http.get(f"{LIST}.bib")
    assert first.headers["cache-control"] == "public, max-age=60"
    again = http.get(f"{LIST}.bib", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    other = http.get("/authors/xiahan-shi/publications.bib")
    assert other.headers["etag"] != first.headers["etag"]


def test_an_unknown_group_a_bad_year_and_an_unknown_format_say_what_is_wrong(
    http: TestClient,
) -> None:
    cases = [
        ("/groups/nolab/publications.bib", 404, "no group with slug 'nolab'"),
        (
            f"{LIST}.bib?year=last",
            400,
            "year must be a year like 2019 or a range like 2017-2019, got 'last'",
        ),
        (f"{LIST}.pdf", 404, "unknown format '.pdf': use .bib, .json, .ris or .atom"),
    ]
    for path, status, message in cases:
        answer = http.get(path)
        assert answer.status_code == status, path
        assert answer.json() == {"detail": message}
        assert answer.headers["cache-control"] == "no-store"
