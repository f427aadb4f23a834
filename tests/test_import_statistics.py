"""An import that writes many papers leaves planner statistics behind; a small one does not."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from api.ingest import planner_statistics
from api.ingest.load import ImportSummary
from api.ingest.records import IncomingPaper
from api.ingest.service import import_papers
from tests.support.factories import make_paper

# The threshold is lowered to this many papers, so a test import of a few counts as large.
LARGE = 4
IMPORTED_TABLES = {"paper", "author", "authorship", "author_name_token", "author_name_variant"}


@pytest.fixture(autouse=True)
def low_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner_statistics, "ANALYZE_AFTER_PAPERS", LARGE)


def papers(count: int, abstract: str = "An abstract.") -> list[IncomingPaper]:
    # Spelled two ways, so the second spelling is stored as a name variant.
    authors = ("Welling, Max, Köhler, Jonas", "WELLING, Max, Kohler, Jonas")
    return [
        make_paper(title=f"Paper {number}", authors=authors[number % 2], abstract=abstract)
        for number in range(count)
    ]


def analysed_tables(engine: Engine) -> set[str]:
    """The tables the planner has statistics for."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            rows = connection.execute(
                text("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")
            )
            return set(rows.scalars())
        stats = text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if connection.execute(stats).first() is None:
            return set()
        return set(connection.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars())


def test_large_import_analyses_the_tables_it_wrote(engine: Engine, backend: str) -> None:
    summary = import_papers(engine, papers(LARGE))
    assert summary.papers_new == LARGE
    analysed = analysed_tables(engine)
    assert analysed >= IMPORTED_TABLES
    search_index = {table for table in analysed if table.startswith("paper_search")}
    search_index |= {table for table in analysed if table.startswith("paper_title_search")}
    if backend == "sqlite":
        # The FTS5 index (virtual tables and their shadow tables) is left alone.
        assert search_index == set()
        return
    assert search_index == {"paper_search", "paper_title_search"}
    with engine.connect() as connection:
        estimate = connection.scalar(
            text("SELECT reltuples FROM pg_class WHERE oid = 'paper'::regclass")
        )
    assert estimate == LARGE


def test_import_below_the_threshold_is_not_analysed(engine: Engine) -> None:
    import_papers(engine, papers(LARGE - 1))
    assert analysed_tables(engine) & IMPORTED_TABLES == set()


def test_dry_run_is_not_analysed(engine: Engine) -> None:
    summary = import_papers(engine, papers(LARGE), dry_run=True)
    assert summary.papers_new == LARGE
    assert analysed_tables(engine) & IMPORTED_TABLES == set()


def test_updated_papers_count_towards_the_threshold(engine: Engine) -> None:
    import_papers(engine, papers(LARGE - 1))
    summary = import_papers(engine, papers(LARGE, abstract="A corrected abstract."))
    assert (summary.papers_new, summary.papers_updated) == (1, LARGE - 1)
    assert analysed_tables(engine) >= IMPORTED_TABLES


def test_unchanged_papers_do_not_count() -> None:
    assert not planner_statistics.wrote_many(ImportSummary(papers_unchanged=LARGE * 10))
    assert planner_statistics.wrote_many(ImportSummary(papers_new=1, papers_updated=LARGE - 1))
