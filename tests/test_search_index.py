"""The search index follows every write to ``paper``: imports, updates, deletes, migrations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, func, insert, select, text, update

from api import migrate
from api.db import create_sync_engine
from api.ingest.service import import_papers
from api.models import author_name_token_table, author_name_variant_table, paper_table
from api.reads.papers import PaperFilterSpec, paper_conditions
from api.search.query import parse_search
from api.search.ranking import relevance_page
from api.search.text import search_columns
from tests.support.databases import DatabaseFactory
from tests.support.factories import make_paper


def found(engine: Engine, query: str) -> list[str]:
    """Titles matching ``query``, by the condition every search filter uses."""
    spec = PaperFilterSpec(search=parse_search(query, field="query"))
    with engine.connect() as connection:
        rows = connection.execute(
            select(paper_table.c.title).where(*paper_conditions(spec)).order_by(paper_table.c.id)
        )
        return list(rows.scalars())


def ranked(engine: Engine, query: str) -> list[int]:
    """Paper ids in relevance order, through the ranked statement."""
    hits = relevance_page(
        parse_search(query, field="query"),
        dialect=engine.dialect.name,
        size=100,
        after=None,
        paper_ids=None,
    )
    with engine.connect() as connection:
        rows = connection.execute(
            select(hits.c.search_paper_id).order_by(
                hits.c.search_tier, hits.c.search_score, hits.c.search_paper_id
            )
        )
        return list(rows.scalars())


def assert_index_consistent(engine: Engine) -> None:
    """The index holds exactly the stored papers."""
    with engine.begin() as connection:
        papers = connection.scalar(select(func.count()).select_from(paper_table))
        if engine.dialect.name == "sqlite":
            # FTS5 compares its index with the content table and raises on any difference.
            for index in ("paper_search", "paper_title_search"):
                connection.exec_driver_sql(
                    f"INSERT INTO {index}({index}) VALUES('integrity-check')"
                )
        else:
            for index in ("paper_search", "paper_title_search"):
                rows = connection.scalar(text(f"SELECT count(*) FROM {index}"))
                assert rows == papers, index


def test_imports_updates_and_deletes_keep_the_index_in_step(engine: Engine) -> None:
    import_papers(
        engine,
        [
            make_paper(title="Kernel Methods", abstract="Support vectors.", doi="10.1/k"),
            make_paper(title="Boosting Trees", abstract="Weak learners."),
        ],
    )
    assert found(engine, "vectors ") == ["Kernel Methods"]

    # A changed title (same DOI) and a changed abstract, imported again.
    import_papers(
        engine,
        [
            make_paper(title="Kernel Machines", abstract="Support vectors.", doi="10.1/k"),
            make_paper(title="Boosting Trees", abstract="Gradient steps."),
        ],
    )
    assert found(engine, "machines ") == ["Kernel Machines"]
    assert found(engine, "methods ") == []
    assert found(engine, "gradient ") == ["Boosting Trees"]
    assert found(engine, "learners ") == []

    with engine.begin() as connection:
        connection.execute(delete(paper_table).where(paper_table.c.title == "Boosting Trees"))
    assert found(engine, "gradient ") == []
    assert ranked(engine, "support ") == [1]
    assert_index_consistent(engine)


def test_writes_outside_the_importer_are_indexed_too(engine: Engine) -> None:
    with engine.begin() as connection:
        # An insert that leaves the search columns out gets them from title and abstract.
        connection.execute(
            insert(paper_table),
            [
                {"title": "Über Łódź", "folded_title": "uber lodz", "fingerprint": "f1"},
                {
                    "title": "Sparse Coding",
                    "folded_title": "sparse coding",
                    "abstract": "Dictionaries.",
                    "fingerprint": "f2",
                },
            ],
        )
        connection.execute(
            update(paper_table)
            .where(paper_table.c.fingerprint == "f2")
            .values(
                title="Dense Coding",
                abstract="Codebooks.",
                **search_columns(title="Dense Coding", abstract="Codebooks."),
            )
        )
    assert found(engine, "LODZ ") == ["Über Łódź"]
    assert found(engine, "dense codebooks ") == ["Dense Coding"]
    assert found(engine, "dictionaries ") == []
    assert_index_consistent(engine)


@pytest.fixture
def engine_at_0003(databases: DatabaseFactory) -> Iterator[Engine]:
    url = databases.empty()
    engine = create_sync_engine(url)
    migrate.upgrade(engine, "0003")
    yield engine
    engine.dispose()
    databases.release(url)


def test_the_migration_indexes_papers_and_authors_stored_before_it(engine_at_0003: Engine) -> None:
    engine = engine_at_0003
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO paper (id, title, folded_title, abstract, fingerprint) VALUES "
                "(1, 'Graph Kernels', 'graph kernels', 'On Köhler graphs.', 'a'), "
                "(2, 'Random Walks', 'random walks', NULL, 'b')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO author (id, given_name, family_name, name, slug, match_key, "
                "folded_name, sort_name) VALUES (1, 'Rianne', 'van den Berg', "
                "'Rianne van den Berg', 'rianne-van-den-berg', 'van den berg|rianne', "
                "'rianne van den berg', 'van den berg')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO authorship (paper_id, position, author_id, name_as_written) "
                "VALUES (1, 1, 1, 'Berg, Rianne van den'), (2, 1, 1, 'Berg, Rianne van den')"
            )
        )
    migrate.upgrade(engine)
    assert found(engine, "kohler graphs ") == ["Graph Kernels"]
    assert found(engine, "walks") == ["Random Walks"]
    assert_index_consistent(engine)
    with engine.connect() as connection:
        tokens = connection.execute(select(author_name_token_table.c.token).order_by("token"))
        assert list(tokens.scalars()) == ["berg", "den", "rianne", "van"]
        variants = connection.execute(select(author_name_variant_table))
        assert [tuple(row) for row in variants] == [
            (1, "Berg, Rianne van den", "van den berg|rianne")
        ]
