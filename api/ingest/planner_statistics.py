"""Fresh planner statistics after an import that wrote many rows.

Both databases plan statements from statistics about each table (how many rows, how many
distinct values an index column holds), gathered by ``ANALYZE``. A large import leaves them
describing a far smaller database, or nothing at all: SQLite never gathers them by itself, and
PostgreSQL does so only when autovacuum runs, some time after the load (and never when it is
off, as on some servers). Until then plans are guesses: after a 100,000-paper import into
PostgreSQL a GraphQL request took 87 ms instead of 20 ms until the tables were analysed. So an
import that wrote many papers analyses the tables it wrote before it returns.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from api.ingest.load import ImportSummary

# Papers inserted or updated from which an import refreshes the statistics. Below it the
# tables change by too little to mislead the planner (and a one-paper write must not pay for
# ANALYZE); from it, ANALYZE costs a small part of the import itself: at 100,000 papers, about
# 0.3 s on SQLite and 1 to 1.5 s on PostgreSQL, against about a minute of import.
ANALYZE_AFTER_PAPERS = 1_000

# The tables an import writes.
_IMPORTED_TABLES = ("paper", "author", "authorship", "author_name_token", "author_name_variant")
# PostgreSQL's search index is two ordinary tables filled by triggers on paper, with statistics
# of their own. SQLite's is FTS5 virtual tables, which ANALYZE must not be given.
_POSTGRESQL_SEARCH_TABLES = ("paper_search", "paper_title_search")


def wrote_many(summary: ImportSummary) -> bool:
    """Whether an import changed enough papers for the statistics to need refreshing."""
    return summary.papers_new + summary.papers_updated >= ANALYZE_AFTER_PAPERS


def analyze_imported_tables(connection: Connection) -> None:
    """Gather fresh statistics for the tables an import writes (and, on PostgreSQL, the index)."""
    if connection.dialect.name == "postgresql":
        tables = _IMPORTED_TABLES + _POSTGRESQL_SEARCH_TABLES
        connection.execute(text(f"ANALYZE {', '.join(tables)}"))
        return
    # SQLite analyses one table (or the whole database) per statement.
    for table in _IMPORTED_TABLES:
        connection.execute(text(f"ANALYZE {table}"))
