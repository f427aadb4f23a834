"""Importing the seed listing: the counts, the people, the order, on both backends."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from api.ingest.service import import_papers, parse_files
from api.models import Author, Authorship, Paper
from api.stats import table_counts
from tests.conftest import SEED_FILE


def _import_seed(engine: Engine) -> None:
    import_papers(engine, parse_files([SEED_FILE]))


def test_seed_counts(engine: Engine) -> None:
    summary = import_papers(engine, parse_files([SEED_FILE]))
    assert (summary.papers_new, summary.authors_new, summary.authorships_written) == (10, 32, 44)
    assert table_counts(engine) == {"paper": 10, "author": 32, "authorship": 44}


def test_welling_is_one_author_on_every_paper(engine: Engine) -> None:
    _import_seed(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Author.name, Author.slug, Author.paper_count).where(
                Author.family_name == "Welling"
            )
        ).all()
    assert rows == [("Max Welling", "max-welling", 10)]


def test_shared_authors_have_two_papers_each(engine: Engine) -> None:
    _import_seed(engine)
    with engine.connect() as connection:
        counts = dict(
            connection.execute(
                select(Author.name, func.count())
                .join(Authorship, Authorship.author_id == Author.id)
                .group_by(Author.name)
            ).all()
        )
        stored = dict(connection.execute(select(Author.name, Author.paper_count)).all())
    assert counts["Xiahan Shi"] == counts["Zeynep Akata"] == counts["Tijmen Blankevoort"] == 2
    assert stored == counts


def test_names_particles_and_diacritics(engine: Engine) -> None:
    _import_seed(engine)
    with engine.connect() as connection:
        people = {
            row.slug: row
            for row in connection.execute(
                select(Author.slug, Author.name, Author.given_name, Author.family_name)
            )
        }
    assert people["rianne-van-den-berg"].family_name == "van den Berg"
    assert people["rianne-van-den-berg"].given_name == "Rianne"
    assert people["pim-de-haan"].name == "Pim de Haan"
    assert people["jonas-kohler"].name == "Jonas Köhler"
    assert people["miranda-c-n-cheng"].given_name == "Miranda C. N."
    assert people["mart-van-baalen"].family_name == "van Baalen"


def test_authorships_keep_source_order_and_spelling(engine: Engine) -> None:
    _import_seed(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authorship.position, Authorship.name_as_written)
            .join(Paper, Paper.id == Authorship.paper_id)
            .where(
                Paper.title == "Differentiable probabilistic models of scientific imaging "
                "with the Fourier slice theorem"
            )
            .order_by(Authorship.position)
        ).all()
    assert rows == [
        (1, "Ullrich, Karen"),
        (2, "Berg, Rianne van den"),
        (3, "Brubaker, Marcus"),
        (4, "Fleet, David"),
        (5, "Welling, Max"),
    ]


def test_owner_and_interface_lines_are_not_imported(engine: Engine) -> None:
    _import_seed(engine)
    with engine.connect() as connection:
        titles = set(connection.scalars(select(Paper.title)))
    assert "Welling, Max" not in titles
    assert not {t for t in titles if t.startswith(("Not enough data", "Try a different view"))}
