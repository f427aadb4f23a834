"""Groups and memberships through the service and the command line, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from typer.testing import CliRunner

from api.backup.dump import dump
from api.backup.restore import restore
from api.cli import app
from api.db import create_sync_engine, sync_session_factory
from api.errors import InputError
from api.groups import service
from api.models import group_membership_table, group_table
from api.settings import get_settings
from tests.support.amlab import LAB, LAB_NAME, MEMBERS, add_years, make_lab
from tests.support.databases import DatabaseFactory
from tests.support.snapshots import snapshot

runner = CliRunner()


def _refused(engine: Engine, message: str, field: str, **call: object) -> None:
    """Run ``service.<call["action"]>(**call)``; it must fail with ``message`` and write nothing."""
    action = getattr(service, str(call.pop("action")))
    before = snapshot(engine)
    with pytest.raises(InputError) as refused, sync_session_factory(engine).begin() as session:
        action(session, **call)
    assert refused.value.message == message
    assert refused.value.field == field
    assert snapshot(engine) == before


def test_a_lab_is_created_with_members_and_listed(seeded_engine: Engine) -> None:
    make_lab(seeded_engine)
    with sync_session_factory(seeded_engine).begin() as session:
        [summary] = service.list_groups(session)
        members = service.list_members(session, group_slug=LAB)
    assert (summary.group.slug, summary.group.name) == (LAB, LAB_NAME)
    assert (summary.current_members, summary.all_members) == (2, 5)
    assert summary.paper_count == 4  # undated seed: current members' papers only
    # By family name: Akata, Blankevoort, Kingma, Köhler, Shi.
    assert [(m.author.slug, m.start_year, m.end_year, m.role) for m in members] == [
        MEMBERS[1],
        MEMBERS[2],
        MEMBERS[3],
        MEMBERS[4],
        MEMBERS[0],
    ]


# (call, message, field): each call is refused with the message, naming the field.
REFUSALS: list[tuple[dict[str, object], str, str]] = [
    (
        {"action": "add_member", "group_slug": LAB, "author_slug": "nobody",
         "start_year": 2015},
        "no author with slug 'nobody'",
        "author",
    ),
    (
        {"action": "add_member", "group_slug": "nolab", "author_slug": "max-welling",
         "start_year": 2015},
        "no group with slug 'nolab'",
        "group",
    ),
    (
        {"action": "add_member", "group_slug": LAB, "author_slug": "max-welling",
         "start_year": 2021, "end_year": 2019},
        "the membership ends (2019) before it starts (2021)",
        "endYear",
    ),
    (
        {"action": "add_member", "group_slug": LAB, "author_slug": "max-welling",
         "start_year": 1066},
        "startYear must be a year between 1800 and 2100, got 1066",
        "startYear",
    ),
    (
        {"action": "add_member", "group_slug": LAB, "author_slug": "xiahan-shi",
         "start_year": 2015, "end_year": 2019, "role": "PhD student"},
        "xiahan-shi is already 'PhD student' of amlab for 2019\u2013present, which overlaps "
        "2015\u20132019",
        "startYear",
    ),
    (
        {"action": "add_member", "group_slug": LAB, "author_slug": "max-welling",
         "start_year": 2015, "role": "  "},
        "role must not be empty",
        "role",
    ),
    (
        {"action": "create_group", "slug": LAB, "name": "Another"},
        "a group with slug 'amlab' exists already",
        "slug",
    ),
    (
        {"action": "create_group", "slug": "AM Lab", "name": "Another"},
        "slug 'AM Lab' is not valid: use lowercase letters, digits and single hyphens, "
        "at most 100 characters (e.g. 'amlab')",
        "slug",
    ),
    (
        {"action": "create_group", "slug": "qml", "name": "   "},
        "name must not be empty",
        "name",
    ),
    (
        {"action": "create_group", "slug": "qml", "name": "QML", "url": "ftp://x.org"},
        "url 'ftp://x.org' is not valid: give an http:// or https:// address",
        "url",
    ),
    (
        {"action": "remove_member", "group_slug": LAB, "author_slug": "max-welling"},
        "max-welling is not a member of amlab",
        "author",
    ),
    (
        {"action": "remove_member", "group_slug": LAB, "author_slug": "xiahan-shi",
         "role": "postdoc", "start_year": 2019},
        "xiahan-shi is not a member of amlab as 'postdoc' from 2019",
        "author",
    ),
    (
        {"action": "delete_group", "slug": "nolab"},
        "no group with slug 'nolab'",
        "slug",
    ),
]  # fmt: skip


def test_bad_input_is_refused_with_a_clear_message_and_writes_nothing(
    seeded_engine: Engine,
) -> None:
    make_lab(seeded_engine)
    for call, message, field in REFUSALS:
        _refused(seeded_engine, message, field, **dict(call))


def test_periods_may_overlap_in_another_role_and_follow_each_other_in_one(
    seeded_engine: Engine,
) -> None:
    make_lab(seeded_engine)
    with sync_session_factory(seeded_engine).begin() as session:
        service.add_member(
            session, group_slug=LAB, author_slug="xiahan-shi", start_year=2021, role="postdoc"
        )
        service.add_member(
            session, group_slug=LAB, author_slug="zeynep-akata", start_year=2021, role="postdoc"
        )
        removed = service.remove_member(
            session, group_slug=LAB, author_slug="zeynep-akata", start_year=2017
        )
        rows = session.execute(
            select(group_membership_table.c.role, group_membership_table.c.start_year)
            .join(group_table, group_table.c.id == group_membership_table.c.group_id)
            .where(group_table.c.slug == LAB)
            .order_by(group_membership_table.c.start_year, group_membership_table.c.role)
        ).all()
    assert [(m.author.slug, m.start_year) for m in removed] == [("zeynep-akata", 2017)]
    assert ("postdoc", 2021) in rows and ("PhD student", 2019) in rows
    assert len(rows) == 6


def test_a_removed_group_takes_its_memberships_but_no_authors(seeded_engine: Engine) -> None:
    make_lab(seeded_engine)
    before = snapshot(seeded_engine)
    with sync_session_factory(seeded_engine).begin() as session:
        service.delete_group(session, slug=LAB)
    after = snapshot(seeded_engine)
    assert after["group"] == [] and after["group_membership"] == []
    assert after["author"] == before["author"] and after["paper"] == before["paper"]


def test_the_reserved_table_name_works_in_raw_sql_and_through_dump_and_restore(
    seeded_engine: Engine, databases: DatabaseFactory, tmp_path: Path
) -> None:
    make_lab(seeded_engine)
    add_years(seeded_engine)
    quoted = seeded_engine.dialect.identifier_preparer.quote("group")
    assert quoted == '"group"'
    with seeded_engine.connect() as connection:
        names = connection.execute(text(f"SELECT slug, name FROM {quoted}")).all()
    assert names == [(LAB, LAB_NAME)]

    path = tmp_path / "lab.papergraph"
    dump(seeded_engine, path)
    url = databases.migrated()
    copy = create_sync_engine(url)
    try:
        restore(copy, path)
        assert snapshot(copy) == snapshot(seeded_engine)
        # Ids continue after the restored ones (PostgreSQL's sequences were moved on).
        with sync_session_factory(copy).begin() as session:
            created = service.create_group(session, slug="qml", name="QML")
        assert created.id == 2
    finally:
        copy.dispose()
        databases.release(url)


@pytest.fixture
def cli_database(
    database_url: str, seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """The CLI pointed at this test's seeded database."""
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield seeded_engine
    get_settings.cache_clear()


def test_the_groups_commands_create_add_list_and_remove(cli_database: Engine) -> None:
    steps = [
        (["create", LAB, "--name", LAB_NAME], f"created group {LAB} ({LAB_NAME})"),
        (
            ["add", LAB, "xiahan-shi", "--from", "2019", "--role", "PhD student"],
            "added to amlab: Xiahan Shi (xiahan-shi), PhD student, 2019\u2013present",
        ),
        (
            ["add", LAB, "zeynep-akata", "--from", "2017", "--until", "2020"],
            "added to amlab: Zeynep Akata (zeynep-akata), member, 2017\u20132020",
        ),
        (["list"], "amlab"),
        (["list", LAB], "Xiahan Shi (xiahan-shi), PhD student, 2019\u2013present"),
        (
            ["remove", LAB, "zeynep-akata"],
            "removed from amlab: Zeynep Akata (zeynep-akata), member, 2017\u20132020",
        ),
    ]
    for arguments, expected in steps:
        result = runner.invoke(app, ["groups", *arguments])
        assert result.exit_code == 0, result.output
        assert expected in result.output
    listing = runner.invoke(app, ["groups", "list"]).output
    assert LAB_NAME in listing and "│ 1 " in listing


COMMAND_REFUSALS = [
    (["add", LAB, "nobody", "--from", "2019"], "error: no author with slug 'nobody'"),
    (
        ["add", LAB, "max-welling", "--from", "2020", "--until", "2010"],
        "error: the membership ends (2010) before it starts (2020)",
    ),
    (["create", LAB, "--name", "Again"], "error: a group with slug 'amlab' exists already"),
    (["remove", LAB, "max-welling"], "error: max-welling is not a member of amlab"),
    (["list", "nolab"], "error: no group with slug 'nolab'"),
]


def test_a_refused_command_says_why_exits_non_zero_and_writes_nothing(
    cli_database: Engine,
) -> None:
    make_lab(cli_database)
    before = snapshot(cli_database)
    for arguments, message in COMMAND_REFUSALS:
        result = runner.invoke(app, ["groups", *arguments])
        assert result.exit_code == 1, arguments
        assert message in result.output
        assert "nothing was changed" in result.output
        assert "Traceback" not in result.output
        assert snapshot(cli_database) == before
