"""Spellings imports keep apart, and the candidate pairs people are shown to judge."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from api.db import sync_session_factory
from api.identity.duplicates import describe, duplicate_candidates
from api.identity.names import agreement, compatible
from api.ingest.service import import_papers
from api.models import author_name_variant_table, author_table
from tests.support.cli_env import cli_on, run
from tests.support.factories import make_paper
from tests.support.snapshots import snapshot

PAPERS = [
    make_paper(title="One", authors="Welling, Max, Kingma, Durk, Mohamed, Shakir"),
    make_paper(title="Two", authors="Welling, M., Kingma, Durk, Mohamed, Shakir"),
    make_paper(title="Three", authors="WELLING, max"),
    make_paper(title="Four", authors="Cheng, Miranda C. N."),
    make_paper(title="Five", authors="Cheng, Miranda"),
    make_paper(title="Six", authors="Akata, Zeynep, Akata, Z."),
    make_paper(title="Seven", authors="Welling, Moritz"),
    make_paper(title="Eight", authors="Lin, G.A."),
    make_paper(title="Nine", authors="Lin, Gal A."),
]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("m",), ("max",), True),
        (("g", "a"), ("gal", "a"), True),
        (("max",), ("max", "a"), True),
        (("miranda", "c", "n"), ("miranda",), True),
        ((), ("max",), True),
        (("max",), ("moritz",), False),
        (("m",), ("j",), False),
        (("max",), ("max",), False),
    ],
)
def test_compatible_given_names(a: tuple[str, ...], b: tuple[str, ...], expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


def test_agreement_counts_initials_half() -> None:
    assert agreement(("m",), ("max",)) == 0.5
    assert agreement(("gal", "a"), ("g", "a")) == 0.75
    assert agreement(("miranda", "c", "n"), ("miranda",)) == pytest.approx(1 / 3)


def test_imports_merge_exact_spellings_only_and_keep_each_variant(engine: Engine) -> None:
    import_papers(engine, PAPERS)
    import_papers(engine, PAPERS)  # again: nothing new, no repeated variants
    with engine.connect() as connection:
        slugs = connection.scalars(
            select(author_table.c.slug).where(author_table.c.family_name == "Welling")
        )
        assert sorted(slugs) == ["m-welling", "max-welling", "moritz-welling"]
        variants = connection.execute(
            select(author_table.c.slug, author_name_variant_table.c.variant)
            .join(author_table, author_table.c.id == author_name_variant_table.c.author_id)
            .where(author_table.c.family_name.in_(["Welling", "WELLING"]))
            .order_by(author_table.c.slug, author_name_variant_table.c.variant)
        )
        assert [tuple(row) for row in variants] == [
            ("m-welling", "Welling, M."),
            ("max-welling", "WELLING, max"),
            ("max-welling", "Welling, Max"),
            ("moritz-welling", "Welling, Moritz"),
        ]
        total = connection.scalar(select(func.count()).select_from(author_name_variant_table))
        assert total == 12


def test_candidates_come_with_evidence_and_a_score(engine: Engine) -> None:
    import_papers(engine, PAPERS)
    with sync_session_factory(engine)() as session:
        found = duplicate_candidates(session)
    pairs = [(c.keep.slug, c.drop.slug, c.score) for c in found]
    assert pairs == [
        # Two shared co-authors and a fitting initial.
        ("max-welling", "m-welling", 0.6),
        ("gal-a-lin", "g-a-lin", 0.3),
        # "M." may be Moritz as well: the name alone is weak evidence.
        ("moritz-welling", "m-welling", 0.2),
        ("miranda-c-n-cheng", "miranda-cheng", 0.13),
        # Listed together on a paper: most likely two people.
        ("zeynep-akata", "z-akata", 0.05),
    ]
    assert describe(found[0]) == [
        "given names 'Max' and 'M.' agree 50%",
        "2 shared co-authors: Durk Kingma, Shakir Mohamed",
    ]
    assert describe(found[-1])[-1] == "listed together on 1 paper: likely two people"
    with sync_session_factory(engine)() as session:
        assert len(duplicate_candidates(session, min_score=0.25)) == 2
        assert len(duplicate_candidates(session, limit=1)) == 1


def test_the_duplicates_command_lists_and_merges_nothing(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_papers(engine, PAPERS)
    before = snapshot(engine)
    with cli_on(database_url, monkeypatch):
        result = run("authors", "duplicates", "--min-score", "0.5")
    assert result.exit_code == 0, result.output
    assert "papergraph authors merge max-welling m-welling" in result.output
    assert "2 shared co-authors" in result.output
    assert "akata" not in result.output
    assert snapshot(engine) == before
