"""The widget's routes over HTTP: the script, the embed page, and the query the script sends."""

from __future__ import annotations

from fastapi.testclient import TestClient
from graphql import parse, validate

from api.graphql.schema import build_schema
from tests.support.widget_source import WIDGET_JS, widget_query


def test_the_script_is_served_as_javascript_with_cache_headers(client: TestClient) -> None:
    reply = client.get("/widget.js")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("application/javascript")
    assert reply.headers["cache-control"] == "public, max-age=3600"
    assert reply.headers["cross-origin-resource-policy"] == "cross-origin"
    assert reply.content == WIDGET_JS.read_bytes()

    again = client.get("/widget.js", headers={"If-None-Match": reply.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_embed_page_loads_the_widget_for_a_known_author(client: TestClient) -> None:
    reply = client.get("/embed/authors/max-welling")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert reply.headers["content-security-policy"] == "frame-ancestors *"
    assert "<title>Publications of Max Welling</title>" in reply.text
    assert '<papergraph-publications author="max-welling"></papergraph-publications>' in reply.text
    assert '<script src="../../widget.js" defer></script>' in reply.text


def test_the_embed_page_of_an_unknown_author_is_a_404_page(client: TestClient) -> None:
    reply = client.get("/embed/authors/nobody")
    assert reply.status_code == 404
    assert reply.headers["content-type"].startswith("text/html")
    assert "No author “nobody” is known here." in reply.text
    assert "<papergraph-publications" not in reply.text


def test_the_embed_page_escapes_what_the_path_says(client: TestClient) -> None:
    reply = client.get("/embed/authors/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert reply.status_code == 404
    assert "<img" not in reply.text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in reply.text


def test_the_widgets_query_is_valid_against_the_schema() -> None:
    schema = build_schema()
    errors = validate(schema._schema, parse(widget_query()))
    assert errors == [], [error.message for error in errors]


def test_the_widgets_query_answers_with_everything_the_list_shows(client: TestClient) -> None:
    body = client.get(
        "/graphql",
        params={"query": widget_query(), "variables": '{"slug": "max-welling"}'},
        headers={"Accept": "application/json"},
    ).json()
    assert "errors" not in body, body
    papers = body["data"]["author"]["papers"]
    assert len(papers["nodes"]) == 10
    assert papers["pageInfo"]["hasNextPage"] is False
    assert all(paper["bibtex"].startswith("@") for paper in papers["nodes"])
