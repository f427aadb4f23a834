"""The floor: each benchmark answer built by one hand-written PostgreSQL statement.

Every statement returns the whole GraphQL-shaped response as JSON text, exactly as Papergraph
would serve it, so the floor is what a server costs with no GraphQL layer at all: one round trip,
JSON assembled by PostgreSQL. Orders match Papergraph's: year descending with missing years
last, then folded title, then id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloorStatement:
    """One statement and the request variables its parameters ``$1, $2, ...`` take, in order."""

    sql: str
    parameters: tuple[str, ...]


def _author_names(paper: str, *fields: str) -> str:
    pairs = ", ".join(f"'{field}', a.{field}" for field in fields)
    return (
        f"coalesce((SELECT json_agg(json_build_object({pairs}) ORDER BY s.position) "
        f"FROM authorship s JOIN author a ON a.id = s.author_id WHERE s.paper_id = {paper}.id), "
        "'[]'::json)"
    )


_NEWEST = "coalesce(p.year, -1) DESC, p.folded_title, p.id"

_Q1 = f"""
SELECT json_build_object('data', json_build_object('author', (
  SELECT json_build_object('papers', json_build_object('nodes', coalesce((
    SELECT json_agg(json_build_object(
      'title', p.title, 'year', p.year, 'authors', {_author_names("p", "name")}) ORDER BY {_NEWEST})
    FROM (
      SELECT p.id, p.title, p.year, p.folded_title
      FROM authorship mine JOIN paper p ON p.id = mine.paper_id
      WHERE mine.author_id = me.id
      ORDER BY {_NEWEST}
      LIMIT $2
    ) p), '[]'::json)))
  FROM author me WHERE me.slug = $1)))::text
"""

_Q2 = f"""
SELECT json_build_object('data', json_build_object('paper', (
  SELECT json_build_object(
    'title', p.title, 'abstract', p.abstract, 'authors', {_author_names("p", "name", "slug")})
  FROM paper p WHERE p.id = $1)))::text
"""


def _title_page(where: str, count_where: str, limit: str) -> str:
    return f"""
SELECT json_build_object('data', json_build_object('papers', json_build_object(
  'totalCount', (SELECT count(*) FROM paper WHERE {count_where}),
  'nodes', coalesce((
    SELECT json_agg(json_build_object('title', p.title, 'authors', {_author_names("p", "name")})
      ORDER BY p.folded_title, p.id)
    FROM (
      SELECT id, title, folded_title FROM paper WHERE {where}
      ORDER BY folded_title, id LIMIT {limit}
    ) p), '[]'::json))))::text
"""


# Keyset, as Papergraph pages: the row values after the cursor's, through (folded_title, id).
_AFTER = "(folded_title, id) > ($1::text, $2::integer)"

STATEMENTS = {
    "q1": FloorStatement(_Q1, ("slug", "first")),
    "q2": FloorStatement(_Q2, ("id",)),
    "q3": FloorStatement(_title_page("year = $1", "year = $1", "$2"), ("year", "first")),
    "q4_first": FloorStatement(_title_page("true", "true", "$1"), ("first",)),
    "q4": FloorStatement(_title_page(_AFTER, "true", "$3"), ("afterTitle", "afterId", "first")),
    # Not measured: the sort values after the first $1 papers by title, for Q4's variables.
    "cursor": FloorStatement(
        """
SELECT json_build_object(
  'data', json_build_object('cursor', json_build_array(folded_title, id)))::text
FROM paper ORDER BY folded_title, id OFFSET $1 - 1 LIMIT 1
""",
        ("offset",),
    ),
}
