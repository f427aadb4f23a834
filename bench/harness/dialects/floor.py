"""The floor's requests: a statement name and its variables; answers in Papergraph's shape."""

from __future__ import annotations

import json

from bench.harness.dialects import JSON, Post, data_of
from bench.harness.dialects.papergraph import papergraph_answer
from bench.harness.queries import PAGE_SIZE, Q1_PAPERS, Q3_YEAR, BenchQuery, Workload


class FloorDialect:
    """Requests for ``bench.harness.floor_server``."""

    name = "floor"

    def bodies(self, query: BenchQuery, workload: Workload, deep_cursor: str) -> list[JSON]:
        """One body, or one per paper ID for Q2."""
        if query.key == "q1":
            return [_body("q1", slug=workload.top_author_slug, first=Q1_PAPERS)]
        if query.key == "q2":
            return [_body("q2", id=key) for key in workload.paper_ids]
        if query.key == "q3":
            return [_body("q3", year=Q3_YEAR, first=PAGE_SIZE)]
        if query.key == "q4_first":
            return [_body("q4_first", first=PAGE_SIZE)]
        title, key = json.loads(deep_cursor)
        return [_body("q4", afterTitle=title, afterId=key, first=PAGE_SIZE)]

    def answer(self, query: BenchQuery, response: JSON) -> object:
        """The floor builds Papergraph's response shape, so Papergraph's reading applies."""
        return papergraph_answer(query, data_of(response))

    def deep_cursor(self, post: Post, offset: int) -> str:
        """The sort values of the ``offset``-th paper by title, as JSON."""
        return json.dumps(data_of(post(_body("cursor", offset=offset)))["cursor"])


def _body(query: str, **variables: object) -> JSON:
    return {"query": query, "variables": variables}
