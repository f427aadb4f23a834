"""Papergraph's schema: ``author(slug)``, ``paper(id)``, ``papers(...)`` with Relay IDs."""

from __future__ import annotations

import base64
from typing import Any

from bench.harness.dialects import JSON, Post, data_of, walk_pages
from bench.harness.queries import PAGE_SIZE, Q1_PAPERS, Q3_YEAR, BenchQuery, Workload

Q2_TEXT = """query Q2($id: ID!) {
  paper(id: $id) { title abstract authors { name slug } }
}"""
Q3_TEXT = f"""query Q3 {{
  papers(
    first: {PAGE_SIZE}
    filter: {{yearFrom: {Q3_YEAR}, yearTo: {Q3_YEAR}}}
    orderBy: {{field: TITLE}}
  ) {{
    totalCount nodes {{ title authors {{ name }} }}
  }}
}}"""
Q4_TEXT = f"""query Q4($after: String) {{
  papers(first: {PAGE_SIZE}, after: $after, orderBy: {{field: TITLE}}) {{
    totalCount nodes {{ title authors {{ name }} }}
  }}
}}"""
WALK_TEXT = """query Walk($first: Int!, $after: String) {
  papers(first: $first, after: $after, orderBy: {field: TITLE}) { pageInfo { endCursor } }
}"""


def q1_text(first: int = Q1_PAPERS) -> str:
    """Q1 with a given page size (the statement count must not depend on it)."""
    return f"""query Q1($slug: String!) {{
  author(slug: $slug) {{ papers(first: {first}) {{ nodes {{ title year authors {{ name }} }} }} }}
}}"""


def paper_global_id(key: int) -> str:
    """Papergraph's Relay ID of paper ``key``: base64 of ``Paper:<key>``."""
    return base64.b64encode(f"Paper:{key}".encode()).decode()


class PapergraphDialect:
    """Queries as a Papergraph client writes them."""

    name = "papergraph"

    def bodies(self, query: BenchQuery, workload: Workload, deep_cursor: str) -> list[JSON]:
        """One body, or one per paper ID for Q2."""
        if query.key == "q1":
            return [q1_body(workload.top_author_slug)]
        if query.key == "q2":
            return [_body(Q2_TEXT, id=paper_global_id(key)) for key in workload.paper_ids]
        if query.key == "q3":
            return [_body(Q3_TEXT)]
        if query.key == "q4_first":
            return [_body(Q4_TEXT, after=None)]
        return [_body(Q4_TEXT, after=deep_cursor)]

    def answer(self, query: BenchQuery, response: JSON) -> object:
        """Titles, years and author names, in the order served."""
        return papergraph_answer(query, data_of(response))

    def deep_cursor(self, post: Post, offset: int) -> str:
        """Walks ``papers`` by title with Papergraph's own cursors."""
        return walk_pages(
            post,
            offset,
            lambda first, after: _body(WALK_TEXT, first=first, after=after),
            "papers.pageInfo.endCursor",
        )


def papergraph_answer(query: BenchQuery, data: JSON) -> object:
    """The canonical answer in data shaped like Papergraph's (the floor answers the same way)."""
    if query.key == "q1":
        author = data["author"]
        return tuple(
            (node["title"], node["year"], _names(node["authors"]))
            for node in author["papers"]["nodes"]
        )
    if query.key == "q2":
        paper = data["paper"]
        if paper is None:
            return None
        authors = tuple((author["name"], author["slug"]) for author in paper["authors"])
        return (paper["title"], paper["abstract"], authors)
    papers = data["papers"]
    nodes = tuple((node["title"], _names(node["authors"])) for node in papers["nodes"])
    return (papers["totalCount"], nodes)


def _names(authors: list[JSON]) -> tuple[str, ...]:
    return tuple(author["name"] for author in authors)


def q1_body(slug: str, first: int = Q1_PAPERS) -> JSON:
    """Q1's request body for ``slug`` with a page size of ``first``."""
    return _body(q1_text(first), slug=slug)


def _body(text: str, **variables: Any) -> JSON:
    return {"query": text, "variables": variables}
