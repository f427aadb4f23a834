"""Exports over GET and GraphQL: the same text both ways, read back by bibtexparser, citeproc-py
and feedparser, on the seed plus a lab's .bib file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
import feedparser
import pytest
from bibtexparser import middlewares
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.graphql.ids import from_global_id
from api.ingest.bibtex import latex_to_text
from tests.support.databases import DatabaseFactory
from tests.support.graphql_client import GraphQL, count_statements
from tests.support.lab import served_lab

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIST = "/authors/max-welling/publications"
CONTENT_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
PAPERS = """{ author(slug: "max-welling") {
  papers(first: 100) { nodes { id title year authors { familyName givenName } } } } }"""


@pytest.fixture(scope="module")
def lab(databases: DatabaseFactory) -> Iterator[TestClient]:
    """The seed listing and the lab's .bib, served; these tests only read."""
    with served_lab(databases) as http:
        yield http


def _stored(lab: TestClient) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = GraphQL(lab).data(PAPERS)["author"]["papers"]["nodes"]
    return nodes


def test_every_format_has_its_content_type_and_matches_graphql(lab: TestClient) -> None:
    graphql = GraphQL(lab)
    for extension, content_type in CONTENT_TYPES.items():
        answer = lab.get(f"{LIST}.{extension}")
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == content_type
        if extension == "atom":
            continue
        name = {"bib": "BIBTEX", "json": "CSL_JSON", "ris": "RIS"}[extension]
        query = f'{{ author(slug: "max-welling") {{ publications(format: {name}) }} }}'
        assert graphql.data(query)["author"]["publications"] == answer.text


def test_bibtex_list_parses_back_into_the_same_papers(lab: TestClient) -> None:
    library = bibtexparser.parse_string(
        lab.get(f"{LIST}.bib").text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )
    assert library.failed_blocks == []
    stored = _stored(lab)
    assert len(library.entries) == len(stored) == 12
    assert [entry["title"] for entry in library.entries] == [paper["title"] for paper in stored]
    assert [int(entry["year"]) if "year" in entry else None for entry in library.entries] == [
        paper["year"] for paper in stored
    ]
    for entry, paper in zip(library.entries, stored, strict=True):
        names = [
            (latex_to_text(" ".join(n.von + n.last + n.jr)), latex_to_text(" ".join(n.first)))
            for n in entry["author"]
        ]
        assert names == [(a["familyName"], a["givenName"]) for a in paper["authors"]]
    keys = [entry.key for entry in library.entries]
    assert len(set(keys)) == len(keys)
    assert keys[:2] == ["bejnordi2020batch", "shi2020relational"]


def test_csl_json_list_renders_in_apa_style(lab: TestClient) -> None:
    items = lab.get(f"{LIST}.json").json()
    style = CitationStylesStyle(str(FIXTURES / "apa-like.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 12
    assert (
        "Nagel, M., van Baalen, M., Blankevoort, T., & Welling, M. (2019). Data-Free Quantization "
        "through Weight Equalization and Bias Correction. Proceedings of the IEEE/CVF "
        "International Conference on Computer Vision (ICCV). https://doi.org/10.1109/iccv.2019.00141"
    ) in rendered


def test_atom_feed_lists_every_paper_newest_first(lab: TestClient) -> None:
    text = lab.get(f"{LIST}.atom").text
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Publications of Max Welling"
    assert feed.feed.links[0].href == f"http://testserver{LIST}.atom"
    stored = _stored(lab)
    assert [entry.title for entry in feed.entries] == [paper["title"] for paper in stored]
    assert stored[0]["year"] == 2020 and stored[-1]["year"] is None
    again = feedparser.parse(lab.get(f"{LIST}.atom").text)
    assert feed.feed.id == again.feed.id
    assert [entry.id for entry in feed.entries] == [entry.id for entry in again.entries]
    filtered = feedparser.parse(lab.get(f"{LIST}.atom?year=2019").text)
    assert filtered.feed.id != feed.feed.id
    assert filtered.feed.title == "Publications of Max Welling (2019)"


def test_year_filter(lab: TestClient) -> None:
    years = {paper["title"]: paper["year"] for paper in _stored(lab)}
    one = lab.get(f"{LIST}.json?year=2019").json()
    assert sorted(item["title"] for item in one) == sorted(t for t, y in years.items() if y == 2019)
    span = lab.get(f"{LIST}.ris", params={"year": "2019-2020"}).text
    assert span.count("ER  - ") == sum(1 for year in years.values() if year in {2019, 2020})
    assert lab.get(f"{LIST}.bib?year=1990").text == ""


BAD_REQUESTS = [
    (f"{LIST}.bib?year=soon", 400, "year must be a year like 2019 or a range like 2017-2019"),
    (f"{LIST}.bib?year=2020-2019", 400, "year range '2020-2019' ends before it starts"),
    ("/authors/nobody/publications.bib", 404, "no author with slug 'nobody'"),
    (f"{LIST}.xml", 404, "unknown format '.xml': use .bib, .json, .ris or .atom"),
    ("/papers/1.atom", 404, "unknown format '.atom': use .bib, .json or .ris"),
    ("/papers/424242.bib", 404, "no paper with id '424242'"),
    ("/papers/QXV0aG9yOjE=.bib", 400, "is a Author ID; expected Paper"),
    ("/papers/not-an-id.bib", 400, "malformed ID 'not-an-id'"),
]


def test_bad_requests_say_what_was_wrong(lab: TestClient) -> None:
    for path, status, message in BAD_REQUESTS:
        answer = lab.get(path)
        assert answer.status_code == status, path
        assert message in answer.json()["detail"], path
        assert answer.headers["cache-control"] == "no-store", path
        assert "etag" not in answer.headers, path


def test_one_paper_over_get_is_the_paper_field_over_graphql(lab: TestClient) -> None:
    data = GraphQL(lab).data(
        '{ papers(first: 1, filter: {titleContains: "Data-Free"}) '
        "{ nodes { id bibtex cslJson ris } } }"
    )
    paper = data["papers"]["nodes"][0]
    assert lab.get(f"/papers/{paper['id']}.bib").text == paper["bibtex"]
    assert lab.get(f"/papers/{paper['id']}.ris").text == paper["ris"]
    assert lab.get(f"/papers/{paper['id']}.json").json() == [paper["cslJson"]]
    assert paper["cslJson"]["DOI"] == "10.1109/iccv.2019.00141"
    assert paper["bibtex"].startswith("@inproceedings{nagel2019data,\n")
    _, key = from_global_id(paper["id"])
    assert lab.get(f"/papers/{key}.bib").text == paper["bibtex"]


def _app(client: TestClient) -> FastAPI:
    app = client.app
    assert isinstance(app, FastAPI)
    return app


@pytest.mark.parametrize(
    "query",
    [
        "query ($n: Int!) { papers(first: $n) { nodes { bibtex cslJson ris } } }",
        "query ($n: Int!) { authors(first: $n) { nodes { publications(format: BIBTEX) } } }",
    ],
)
def test_export_fields_cost_the_same_for_5_and_50(lab: TestClient, query: str) -> None:
    counts = {}
    for first in (5, 50):
        with count_statements(_app(lab)) as counter:
            GraphQL(lab).data(query, n=first)
        counts[first] = counter.count
    assert counts[5] == counts[50] <= 3


def test_exports_are_readable_from_any_origin(lab: TestClient) -> None:
    answer = lab.get(f"{LIST}.bib", headers={"Origin": "https://lab.example.org"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-expose-headers"] == "ETag"
