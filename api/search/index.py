"""The search index as SQL sees it, on either backend, and the condition "this paper matches".

Both backends have two tables keyed by the paper id under the name ``rowid``, created by the
migrations and kept in step with ``paper`` by triggers: ``paper_search`` indexes title and
abstract, ``paper_title_search`` the title alone (its narrow rows make ranking title matches
cheap). They read ``paper.title_words`` and ``paper.abstract_words``.

- SQLite: FTS5 external-content tables (content ``paper``).
- PostgreSQL: tables of tsvectors, ``search_vector`` (title weight A, abstract B) and
  ``title_vector``, each with a GIN index.

They are not models: they hold nothing that cannot be rebuilt from ``paper``, and the migration
drift check leaves them out (:func:`is_search_index_table`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from api.search.query import SearchQuery, fts5_expression, tsquery_text

_index_metadata = sa.MetaData()
paper_search = sa.Table(
    "paper_search",
    _index_metadata,
    sa.Column("rowid", sa.Integer, primary_key=True),
    # PostgreSQL only; FTS5 tables are matched by their own name.
    sa.Column("search_vector", sa.Text),
)
paper_title_search = sa.Table(
    "paper_title_search",
    _index_metadata,
    sa.Column("rowid", sa.Integer, primary_key=True),
    sa.Column("title_vector", sa.Text),
)


def is_search_index_table(name: str | None) -> bool:
    """Whether a table name belongs to the search index (FTS5 shadow tables included)."""
    return name is not None and (
        name in {"paper_search", "paper_title_search"}
        or name.startswith(("paper_search_", "paper_title_search_"))
    )


class SearchQueryType(sa.types.TypeDecorator[SearchQuery]):
    """A bound search query, sent as the FTS5 expression or the tsquery text the engine reads."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: SearchQuery | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return fts5_expression(value) if dialect.name == "sqlite" else tsquery_text(value)


QUERY_PARAMETER = "search_query"


def search_bind(query: SearchQuery) -> sa.BindParameter[SearchQuery]:
    """The query as a bound parameter of whichever engine runs the statement.

    Every mention of the query in a statement is the one parameter ``search_query``, so a
    statement built once can be run for any query with ``.params(search_query=...)``.
    """
    return sa.bindparam(QUERY_PARAMETER, query, type_=SearchQueryType())


def tsquery(query: SearchQuery) -> sa.ColumnElement[Any]:
    """PostgreSQL's ``to_tsquery('simple', ...)`` of the query."""
    return sa.func.to_tsquery(sa.literal_column("'simple'"), search_bind(query))


class _IndexMatch(sa.ColumnElement[Any]):
    """``paper_search`` rows matching the query: FTS5 MATCH, or ``@@`` on the tsvector."""

    inherit_cache = True
    # Not Boolean: SQLite would get "MATCH ... = 1", which FTS5 refuses.
    type: sa.types.TypeEngine[Any] = sa.types.NullType()
    # SQLAlchemy reads this from the class to build cache keys.
    _traverse_internals = [("query", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, query: SearchQuery) -> None:
        self.query = search_bind(query)


@compiles(_IndexMatch, "sqlite")
def _match_sqlite(element: _IndexMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"paper_search MATCH {compiler.process(element.query, **kw)}"


@compiles(_IndexMatch, "postgresql")
def _match_postgresql(element: _IndexMatch, compiler: SQLCompiler, **kw: Any) -> str:
    query = compiler.process(element.query, **kw)
    return f"paper_search.search_vector @@ to_tsquery('simple', {query})"


def search_match(paper_id: sa.ColumnElement[int], query: SearchQuery) -> sa.ColumnElement[bool]:
    """``paper_id`` is the id of a paper matching ``query`` in its title or abstract."""
    return paper_id.in_(sa.select(paper_search.c.rowid).where(_IndexMatch(query)).correlate(None))


def include_in_migrations(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: the search index is not compared with the models."""
    return not (type_ == "table" and is_search_index_table(name))
