"""A merge carries the dropped author's lab memberships, and an unmerge gives them back."""

from __future__ import annotations

from sqlalchemy import Engine

from api.db import sync_session_factory
from api.groups.service import add_member, create_group
from api.identity.merge import merge_authors, unmerge_author
from api.ingest.service import import_papers
from tests.support.factories import make_paper
from tests.support.snapshots import snapshot


def test_merge_moves_memberships_and_unmerge_restores_them(engine: Engine) -> None:
    import_papers(
        engine,
        [
            make_paper(title="Full Name Paper", authors="Welling, Max", year=2019),
            make_paper(title="Initial Paper", authors="Welling, M.", year=2012),
        ],
    )
    with sync_session_factory(engine).begin() as session:
        create_group(session, slug="amlab", name="AMLab")
        add_member(session, group_slug="amlab", author_slug="m-welling", start_year=2010)
    before = snapshot(engine)

    with sync_session_factory(engine).begin() as session:
        merge_authors(session, "max-welling", "m-welling")
    merged = snapshot(engine)
    assert [row for row in merged["author"] if "m-welling" in row] == []
    memberships = merged["group_membership"]
    assert len(memberships) == 1

    with sync_session_factory(engine).begin() as session:
        unmerge_author(session, "m-welling")
    after = snapshot(engine)
    del before["data_version"], after["data_version"]
    assert after == before
