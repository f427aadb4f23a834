"""PostGraphile v5's generated schema (Amber preset) over the same tables.

Authors of a paper are read through ``authorshipsByPaperId`` ordered by position, and an
author's newest papers through the ``recentPapers`` computed column that
``bench/postgraphile/bench_objects.sql`` defines.
"""

from __future__ import annotations

from typing import Any

from bench.harness.dialects import JSON, Post, data_of, walk_pages
from bench.harness.queries import PAGE_SIZE, Q1_PAPERS, Q3_YEAR, BenchQuery, Workload

_AUTHOR_NAMES = (
    "authorshipsByPaperId(orderBy: POSITION_ASC) { nodes { authorByAuthorId { name } } }"
)
_BY_TITLE = "orderBy: [FOLDED_TITLE_ASC, ROW_ID_ASC]"

Q1_TEXT = f"""query Q1($slug: String!) {{
  authorBySlug(slug: $slug) {{
    recentPapers(n: {Q1_PAPERS}) {{ nodes {{ title year {_AUTHOR_NAMES} }} }}
  }}
}}"""
Q2_TEXT = """query Q2($id: Int!) {
  paperByRowId(rowId: $id) {
    title abstract
    authorshipsByPaperId(orderBy: POSITION_ASC) { nodes { authorByAuthorId { name slug } } }
  }
}"""
Q3_TEXT = f"""query Q3 {{
  allPapers(first: {PAGE_SIZE}, condition: {{year: {Q3_YEAR}}}, {_BY_TITLE}) {{
    totalCount nodes {{ title {_AUTHOR_NAMES} }}
  }}
}}"""
Q4_TEXT = f"""query Q4($after: Cursor) {{
  allPapers(first: {PAGE_SIZE}, after: $after, {_BY_TITLE}) {{
    totalCount nodes {{ title {_AUTHOR_NAMES} }}
  }}
}}"""
WALK_TEXT = f"""query Walk($first: Int!, $after: Cursor) {{
  allPapers(first: $first, after: $after, {_BY_TITLE}) {{ pageInfo {{ endCursor }} }}
}}"""


class PostGraphileDialect:
    """Queries as a PostGraphile client writes them."""

    name = "postgraphile"

    def bodies(self, query: BenchQuery, workload: Workload, deep_cursor: str) -> list[JSON]:
        """One body, or one per paper ID for Q2."""
        if query.key == "q1":
            return [_body(Q1_TEXT, slug=workload.top_author_slug)]
        if query.key == "q2":
            return [_body(Q2_TEXT, id=key) for key in workload.paper_ids]
        if query.key == "q3":
            return [_body(Q3_TEXT)]
        if query.key == "q4_first":
            return [_body(Q4_TEXT, after=None)]
        return [_body(Q4_TEXT, after=deep_cursor)]

    def answer(self, query: BenchQuery, response: JSON) -> object:
        """The same canonical shape as Papergraph's answers."""
        data = data_of(response)
        if query.key == "q1":
            author = data["authorBySlug"]
            return tuple(
                (node["title"], node["year"], _names(node))
                for node in author["recentPapers"]["nodes"]
            )
        if query.key == "q2":
            paper = data["paperByRowId"]
            if paper is None:
                return None
            authors = tuple(
                (edge["authorByAuthorId"]["name"], edge["authorByAuthorId"]["slug"])
                for edge in paper["authorshipsByPaperId"]["nodes"]
            )
            return (paper["title"], paper["abstract"], authors)
        papers = data["allPapers"]
        nodes = tuple((node["title"], _names(node)) for node in papers["nodes"])
        return (papers["totalCount"], nodes)

    def deep_cursor(self, post: Post, offset: int) -> str:
        """Walks ``allPapers`` by folded title with PostGraphile's own cursors."""
        return walk_pages(
            post,
            offset,
            lambda first, after: _body(WALK_TEXT, first=first, after=after),
            "allPapers.pageInfo.endCursor",
        )


def _names(paper: JSON) -> tuple[str, ...]:
    return tuple(
        edge["authorByAuthorId"]["name"] for edge in paper["authorshipsByPaperId"]["nodes"]
    )


def _body(text: str, **variables: Any) -> JSON:
    return {"query": text, "variables": variables}
