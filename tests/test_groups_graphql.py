"""Groups over GraphQL: each paper once, members' years respected, paged, batched and written."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.db import sync_session_factory
from api.graphql.ids import to_global_id
from api.groups import service
from tests.support.amlab import (
    CURRENT_MEMBERS,
    DATED_LAB_PAPERS,
    LAB,
    LAB_NAME,
    UNDATED_LAB_PAPERS,
    add_years,
    make_lab,
)
from tests.support.curators import Curator, data_version, issue_key
from tests.support.graphql_client import GraphQL, count_statements
from tests.support.snapshots import snapshot

LAB_QUERY = """query ($slug: String!, $first: Int, $after: String, $filter: PaperFilter,
                     $orderBy: PaperOrder) {
  group(slug: $slug) {
    id slug name url paperCount
    members { author { slug } role startYear endYear current }
    current: members(current: true) { author { slug } }
    former: members(current: false) { author { slug } }
    papers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      nodes { title year }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


def _titles(group: dict[str, Any]) -> list[str]:
    return [node["title"] for node in group["papers"]["nodes"]]


def test_the_lab_lists_its_members_papers_once_each_within_their_years(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    make_lab(seeded_engine)
    add_years(seeded_engine)
    group = graphql.data(LAB_QUERY, slug=LAB)["group"]

    assert [(n["title"], n["year"]) for n in group["papers"]["nodes"]] == DATED_LAB_PAPERS
    assert group["papers"]["totalCount"] == group["paperCount"] == 5
    assert (group["name"], group["url"]) == (LAB_NAME, "https://amlab.science.uva.nl/")
    assert group["members"][0] == {
        "author": {"slug": "zeynep-akata"},
        "role": "postdoc",
        "startYear": 2017,
        "endYear": 2020,
        "current": False,
    }
    assert tuple(m["author"]["slug"] for m in group["current"]) == CURRENT_MEMBERS
    assert [m["author"]["slug"] for m in group["former"]] == [
        "zeynep-akata",
        "durk-p-kingma",
        "jonas-kohler",
    ]
    # The group's filters and orders are the papers' own.
    filtered = graphql.data(
        LAB_QUERY, slug=LAB, filter={"yearFrom": 2019, "titleContains": "generative"}
    )["group"]
    assert _titles(filtered) == [DATED_LAB_PAPERS[2][0]]
    assert filtered["papers"]["totalCount"] == 1
    by_title = graphql.data(LAB_QUERY, slug=LAB, orderBy={"field": "TITLE"})["group"]
    assert _titles(by_title) == sorted(title for title, _ in DATED_LAB_PAPERS)


def test_without_years_papers_count_for_current_members_only(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    make_lab(seeded_engine)
    group = graphql.data(LAB_QUERY, slug=LAB)["group"]
    assert _titles(group) == UNDATED_LAB_PAPERS
    assert group["paperCount"] == 4
    assert {node["year"] for node in group["papers"]["nodes"]} == {None}


def test_pages_follow_each_other_by_cursor_in_both_directions(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    make_lab(seeded_engine)
    add_years(seeded_engine)
    seen: list[str] = []
    after = None
    while True:
        page = graphql.data(LAB_QUERY, slug=LAB, first=2, after=after)["group"]["papers"]
        seen += [node["title"] for node in page["nodes"]]
        assert page["totalCount"] == 5
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [title for title, _ in DATED_LAB_PAPERS]
    backwards = graphql.data(
        '{ group(slug: "amlab") { papers(last: 2) { nodes { title } '
        "pageInfo { hasPreviousPage } } } }"
    )["group"]["papers"]
    assert [node["title"] for node in backwards["nodes"]] == seen[-2:]
    assert backwards["pageInfo"]["hasPreviousPage"] is True
    # Asked alone: a field that fails makes graphql-core cancel its siblings mid-statement.
    [error] = graphql.errors(
        'query ($after: String) { group(slug: "amlab") { papers(after: $after) { totalCount } } }',
        after="not-a-cursor",
    )
    assert error["message"].startswith("invalid cursor in 'after'")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_groups_are_nodes_listed_by_name_and_read_in_a_fixed_number_of_statements(
    client: TestClient, graphql: GraphQL, seeded_engine: Engine
) -> None:
    make_lab(seeded_engine)
    add_years(seeded_engine)
    with sync_session_factory(seeded_engine).begin() as session:
        service.create_group(session, slug="deltalab", name="Delta Lab")
        service.add_member(
            session, group_slug="deltalab", author_slug="max-welling", start_year=2019
        )
    query = """{ groups(first: 10) { totalCount nodes { id slug paperCount
                   members { author { name } }
                   papers(first: 2) { totalCount nodes { title authors { slug } } } } } }"""
    app = client.app
    assert isinstance(app, FastAPI)
    with count_statements(app) as counter:
        groups = graphql.data(query)["groups"]
    assert groups["totalCount"] == 2
    assert [(g["slug"], g["paperCount"]) for g in groups["nodes"]] == [
        (LAB, 5),
        ("deltalab", 9),  # Welling's 2019 and 2020 papers
    ]
    # Groups page, total, members, papers page, papers total, paper count, authorships:
    # the same whatever the number of groups.
    assert counter.count <= 8

    global_id = groups["nodes"][0]["id"]
    assert global_id == to_global_id("Group", 1)
    found = graphql.data(
        "query ($id: ID!) { node(id: $id) { ... on Group { slug } } }", id=global_id
    )
    assert found["node"] == {"slug": LAB}
    missing = graphql.data(
        'query ($id: ID!) { node(id: $id) { id } group(slug: "nolab") { id } }',
        id=to_global_id("Group", 999),
    )
    assert missing == {"node": None, "group": None}


WRITE = """
mutation ($create: CreateGroupInput!, $add: AddGroupMemberInput!) {
  createGroup(input: $create) { clientMutationId group { slug name paperCount } }
  addGroupMember(input: $add) {
    membership { author { slug } role startYear endYear current }
    group { paperCount papers { nodes { title } } }
  }
}"""
REMOVE = """
mutation ($remove: RemoveGroupMemberInput!, $delete: DeleteGroupInput!) {
  removeGroupMember(input: $remove) { removed { author { slug } } group { paperCount } }
  deleteGroup(input: $delete) { deletedGroupId }
}"""
ADD = """mutation ($add: AddGroupMemberInput!) {
  addGroupMember(input: $add) { membership { startYear } } }"""


def test_curators_create_fill_empty_and_delete_a_group(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    add_years(seeded_engine)
    api = Curator.with_key(graphql, issue_key(seeded_engine))
    version = data_version(seeded_engine)
    written = api.data(
        WRITE,
        create={"slug": "qml", "name": "Quantum ML", "clientMutationId": "c1"},
        add={"group": "qml", "author": "taco-s-cohen", "startYear": 2019, "endYear": 2019},
    )
    assert written["createGroup"] == {
        "clientMutationId": "c1",
        "group": {"slug": "qml", "name": "Quantum ML", "paperCount": 0},
    }
    assert written["addGroupMember"] == {
        "membership": {
            "author": {"slug": "taco-s-cohen"},
            "role": "member",
            "startYear": 2019,
            "endYear": 2019,
            "current": False,
        },
        "group": {
            "paperCount": 1,
            "papers": {
                "nodes": [{"title": "Covariance in Physics and Convolutional Neural Networks"}]
            },
        },
    }
    assert data_version(seeded_engine) == version + 2

    removed = api.data(
        REMOVE, remove={"group": "qml", "author": "taco-s-cohen"}, delete={"slug": "qml"}
    )
    assert removed == {
        "removeGroupMember": {
            "removed": [{"author": {"slug": "taco-s-cohen"}}],
            "group": {"paperCount": 0},
        },
        "deleteGroup": {"deletedGroupId": to_global_id("Group", 1)},
    }
    assert graphql.data('{ group(slug: "qml") { id } }') == {"group": None}


def test_group_writes_need_a_key_and_bad_input_is_refused_naming_the_field(
    graphql: GraphQL, seeded_engine: Engine
) -> None:
    make_lab(seeded_engine)
    before = snapshot(seeded_engine)
    add = {"group": LAB, "author": "max-welling", "startYear": 2020, "endYear": 2018}

    [anonymous] = graphql.errors(ADD, add=add)
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"

    api = Curator.with_key(graphql, issue_key(seeded_engine))
    before = snapshot(seeded_engine)  # the key is stored now
    cases = [
        (add, "the membership ends (2018) before it starts (2020)", "input.endYear"),
        (
            {**add, "author": "nobody", "endYear": None},
            "no author with slug 'nobody'",
            "input.author",
        ),
        (
            {
                **add,
                "author": "xiahan-shi",
                "startYear": 2018,
                "endYear": None,
                "role": "PhD student",
            },
            "xiahan-shi is already 'PhD student' of amlab for 2019\u2013present, which overlaps "
            "2018\u2013present",
            "input.startYear",
        ),
    ]
    for given, message, field in cases:
        [error] = api.errors(ADD, add=given)
        assert error["message"] == message
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
        assert snapshot(seeded_engine) == before
