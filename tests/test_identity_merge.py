"""Merging authors and undoing it: every row moves, and every row comes back exactly."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.app import create_app
from api.db import sync_session_factory
from api.errors import InputError
from api.identity.identifiers import set_orcid
from api.identity.merge import merge_authors, unmerge_author
from api.ingest.service import import_papers
from api.models import author_table, authorship_table, paper_table
from api.settings import Settings
from tests.support.cli_env import cli_on, run
from tests.support.factories import make_paper
from tests.support.graphql_client import GraphQL
from tests.support.snapshots import snapshot

ORCID = "0000-0002-1825-0097"


def welling_papers() -> list[Any]:
    """Max Welling spelled two ways, once both on one paper."""
    return [
        make_paper(title="Full Name Paper", authors="Welling, Max, Kingma, Durk"),
        make_paper(title="Initial Paper", authors="Welling, M., Kingma, Durk"),
        # Both spellings on one paper: the merge keeps the earlier place.
        make_paper(title="Both Spellings Paper", authors="Kingma, Durk, Welling, M., Welling, Max"),
        make_paper(title="Alone Paper", authors="Welling, M.", abstract="Only the initial."),
    ]


@pytest.fixture
def welling(engine: Engine) -> Engine:
    import_papers(engine, welling_papers())
    with sync_session_factory(engine).begin() as session:
        set_orcid(session, "m-welling", f"https://orcid.org/{ORCID}")
    return engine


def content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows but the data version, which every write bumps."""
    tables = snapshot(engine)
    del tables["data_version"]
    return tables


def in_session(engine: Engine, action: Any) -> Any:
    with sync_session_factory(engine).begin() as session:
        return action(session)


def authors_of(engine: Engine, title: str) -> list[tuple[int, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                authorship_table.c.position, author_table.c.slug, authorship_table.c.name_as_written
            )
            .join(author_table, author_table.c.id == authorship_table.c.author_id)
            .join(paper_table, paper_table.c.id == authorship_table.c.paper_id)
            .where(paper_table.c.title == title)
            .order_by(authorship_table.c.position)
        )
        return [(row.position, row.slug, row.name_as_written) for row in rows]


def test_merge_then_unmerge_restores_every_row(
    welling: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = content(welling)
    with cli_on(database_url, monkeypatch):
        merged = run("authors", "merge", "max-welling", "m-welling")
        assert merged.exit_code == 0, merged.output
        assert "merged 'm-welling' into 'max-welling': 3 papers, 1 duplicate authorships" in (
            merged.output
        )
        assert "undo with: papergraph authors unmerge m-welling" in merged.output

        after = content(welling)
        assert [row for row in after["author"] if row[4] == "m-welling"] == []
        assert len(after["author_merge"]) == 1
        # One authorship left, at the earlier place, spelled as it was there.
        assert authors_of(welling, "Both Spellings Paper") == [
            (1, "durk-kingma", "Kingma, Durk"),
            (2, "max-welling", "Welling, M."),
        ]
        restored = run("authors", "unmerge", "m-welling")
        assert restored.exit_code == 0, restored.output
        assert "restored 'm-welling' from 'max-welling': 3 papers" in restored.output
    assert content(welling) == before


def test_a_merge_moves_papers_spellings_tokens_and_orcid(
    welling: Engine, app_settings: Settings
) -> None:
    in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    query = """{ author(slug: "m-welling") { slug paperCount orcid nameVariants
                 papers { nodes { title } } }
               authorSuggestions(prefix: "welling") { slug } }"""
    with TestClient(create_app(app_settings)) as http:
        data = GraphQL(http).data(query)
    # The dropped slug leads to the author kept.
    assert data["author"] == {
        "slug": "max-welling",
        "paperCount": 4,
        "orcid": ORCID,
        "nameVariants": ["Welling, M.", "Welling, Max"],
        "papers": {
            "nodes": [
                {"title": "Alone Paper"},
                {"title": "Both Spellings Paper"},
                {"title": "Full Name Paper"},
                {"title": "Initial Paper"},
            ]
        },
    }
    assert data["authorSuggestions"] == [{"slug": "max-welling"}]


def test_importing_a_merged_spelling_again_finds_the_author_kept(welling: Engine) -> None:
    in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    before = content(welling)
    summary = import_papers(welling, welling_papers())
    assert (summary.papers_new, summary.papers_unchanged, summary.authors_new) == (0, 4, 0)
    assert content(welling) == before
    summary = import_papers(welling, [make_paper(title="New Paper", authors="Welling, M.")])
    assert summary.authors_new == 0
    assert authors_of(welling, "New Paper") == [(1, "max-welling", "Welling, M.")]
    # A merged slug keeps leading to the author kept, so a newcomer does not get it.
    import_papers(welling, [make_paper(title="Other Paper", authors="Welling, M. 李")])
    assert authors_of(welling, "Other Paper") == [(1, "m-welling-2", "Welling, M. 李")]


def test_unmerge_follows_merges_of_merges_in_reverse(welling: Engine) -> None:
    before = content(welling)
    in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    in_session(welling, lambda s: merge_authors(s, "durk-kingma", "max-welling"))
    with pytest.raises(InputError) as raised:
        in_session(welling, lambda s: unmerge_author(s, "m-welling"))
    assert raised.value.message == (
        "cannot unmerge 'm-welling': 'max-welling' was merged into 'durk-kingma' since; "
        "unmerge 'max-welling' first"
    )
    in_session(welling, lambda s: unmerge_author(s, "max-welling"))
    in_session(welling, lambda s: unmerge_author(s, "m-welling"))
    assert content(welling) == before


BAD_MERGES = [
    (lambda s: merge_authors(s, "max-welling", "nobody"), "no author has slug or id 'nobody'"),
    (lambda s: merge_authors(s, "404", "max-welling"), "no author has slug or id '404'"),
    (
        lambda s: merge_authors(s, "max-welling", "1"),
        "cannot merge 'max-welling' into itself",
    ),
    (lambda s: unmerge_author(s, "max-welling"), "'max-welling' is an author that is not merged"),
    (lambda s: unmerge_author(s, "nobody"), "no merged author has slug or id 'nobody'"),
]


def test_bad_merges_say_why_and_change_nothing(welling: Engine) -> None:
    before = snapshot(welling)
    for action, message in BAD_MERGES:
        with pytest.raises(InputError) as raised:
            in_session(welling, action)
        assert raised.value.message == message
    assert snapshot(welling) == before


def test_different_orcids_are_different_people(welling: Engine) -> None:
    in_session(welling, lambda s: set_orcid(s, "max-welling", "0000-0001-5109-3700"))
    before = snapshot(welling)
    with pytest.raises(InputError) as raised:
        in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    assert raised.value.message == (
        f"cannot merge 'm-welling' into 'max-welling': they have different ORCID iDs "
        f"({ORCID} and 0000-0001-5109-3700), so they are different people"
    )
    assert snapshot(welling) == before


def test_merging_a_merged_author_again_is_refused(welling: Engine) -> None:
    in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    before = snapshot(welling)
    with pytest.raises(InputError) as raised:
        in_session(welling, lambda s: merge_authors(s, "durk-kingma", "m-welling"))
    assert raised.value.message == "'m-welling' was merged into 'max-welling' already"
    assert snapshot(welling) == before


def test_unmerge_refuses_when_a_paper_changed_since(
    welling: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    import_papers(welling, [make_paper(title="Alone Paper", authors="Welling, M., Kingma, Durk")])
    before = snapshot(welling)
    with cli_on(database_url, monkeypatch):
        result = run("authors", "unmerge", "m-welling")
    assert result.exit_code == 1
    assert "error: cannot unmerge 'm-welling': the authors of paper 4 changed since the merge" in (
        result.output
    )
    assert "nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert snapshot(welling) == before


def test_cli_errors_exit_non_zero(
    welling: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(welling)
    with cli_on(database_url, monkeypatch):
        result = run("authors", "merge", "max-welling", "max-welling")
    assert result.exit_code == 1
    assert "error: cannot merge 'max-welling' into itself" in result.output
    assert snapshot(welling) == before


def test_unmerge_after_the_merged_id_was_given_to_a_newcomer(welling: Engine) -> None:
    # m-welling has the largest id; SQLite hands a freed largest id to the next new author.
    in_session(welling, lambda s: merge_authors(s, "max-welling", "m-welling"))
    import_papers(welling, [make_paper(title="Newcomer Paper", authors="Cohen, Taco")])
    in_session(welling, lambda s: unmerge_author(s, "m-welling"))
    assert authors_of(welling, "Both Spellings Paper") == [
        (1, "durk-kingma", "Kingma, Durk"),
        (2, "m-welling", "Welling, M."),
        (3, "max-welling", "Welling, Max"),
    ]
    assert authors_of(welling, "Newcomer Paper") == [(1, "taco-cohen", "Cohen, Taco")]
    with welling.connect() as connection:
        rows = connection.execute(
            select(author_table.c.slug, author_table.c.orcid, author_table.c.paper_count)
            .where(author_table.c.slug.in_(["m-welling", "max-welling"]))
            .order_by(author_table.c.slug)
        )
        assert [tuple(row) for row in rows] == [("m-welling", ORCID, 3), ("max-welling", None, 2)]
