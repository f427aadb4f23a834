"""The widget's group query: valid against the schema, and answering with what the list shows."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from graphql import parse, validate
from sqlalchemy import Engine

from api.graphql.schema import build_schema
from tests.support.amlab import CURRENT_MEMBERS, LAB, UNDATED_LAB_PAPERS, make_lab
from tests.support.widget_source import WIDGET_JS


def group_query() -> str:
    """The exact group query text in widget.js (a template literal without substitutions)."""
    found = re.search(r"const GROUP_QUERY = `([^`]*)`;", WIDGET_JS.read_text(encoding="utf-8"))
    assert found and "${" not in found.group(1), "widget.js must define GROUP_QUERY as plain text"
    return found.group(1)


def test_the_group_query_is_valid_against_the_schema() -> None:
    errors = validate(build_schema()._schema, parse(group_query()))
    assert errors == [], [error.message for error in errors]


def test_the_group_query_answers_with_the_papers_and_every_member(
    client: TestClient, seeded_engine: Engine
) -> None:
    make_lab(seeded_engine)
    body = client.get(
        "/graphql",
        params={"query": group_query(), "variables": json.dumps({"slug": LAB})},
        headers={"Accept": "application/json"},
    ).json()
    assert "errors" not in body, body
    group = body["data"]["group"]
    assert [paper["title"] for paper in group["papers"]["nodes"]] == UNDATED_LAB_PAPERS
    assert all(paper["bibtex"].startswith("@") for paper in group["papers"]["nodes"])
    members = {member["author"]["slug"] for member in group["members"]}
    assert set(CURRENT_MEMBERS) < members and len(members) == 5
