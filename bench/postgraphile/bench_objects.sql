-- What PostGraphile needs to answer the benchmark queries, applied by the harness to the
-- benchmark database only (never part of Papergraph's migrations). It adds no index: both
-- servers read the same tables through the same indexes.

-- PostGraphile cannot order a relation by a joined table's column, so an author's newest
-- papers come from a computed column, in Papergraph's order: year descending with papers
-- without a year last, then by folded title, then by id.
CREATE OR REPLACE FUNCTION author_recent_papers(a author, n integer)
RETURNS SETOF paper
LANGUAGE sql STABLE
AS $$
  SELECT p.*
  FROM authorship s
  JOIN paper p ON p.id = s.paper_id
  WHERE s.author_id = a.id
  ORDER BY coalesce(p.year, -1) DESC, p.folded_title, p.id
  LIMIT n
$$;

-- No smart tag is needed: v5 offers orderBy only on indexed columns, and the queries order by
-- paper.folded_title (ix_paper_folded_title_id, as Papergraph does) and authorship.position
-- (the second column of the primary key), which both qualify.
-- A tag left by an earlier version of this file is removed so the schema is the plain default.
COMMENT ON COLUMN authorship.position IS NULL;
