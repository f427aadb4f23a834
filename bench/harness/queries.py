"""The benchmark's queries and the facts about the corpus their variables come from."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import psycopg

PAGE_SIZE = 20
# Q4 reads page 500 of a 20-row list: the rows after the 9,980th.
DEEP_PAGE = 500
Q1_PAPERS = 50
Q3_YEAR = 2020
# How many different paper IDs Q2 cycles through; each request asks for the next one.
Q2_IDS = 2000


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """One measured query."""

    key: str
    label: str
    description: str
    # Whether PostGraphile's generated schema can say the same thing.
    on_postgraphile: bool = True


Q1 = BenchQuery(
    "q1",
    "Q1 author page",
    f"the most prolific author's {Q1_PAPERS} newest papers: title, year, ordered author names",
)
Q2 = BenchQuery(
    "q2",
    "Q2 paper by ID",
    "one paper (a different ID per request): title, abstract, ordered authors' name and slug",
)
Q3 = BenchQuery(
    "q3",
    "Q3 list page",
    f"papers of {Q3_YEAR} by title, first {PAGE_SIZE}, with author names and totalCount",
)
Q4_FIRST = BenchQuery(
    "q4_first",
    "Q4 page 1",
    f"all papers by title, first {PAGE_SIZE}, with author names and totalCount (Q3's list, "
    "one year, is too short to have a page 500, so Q4 pages through this one)",
)
Q4 = BenchQuery(
    "q4",
    "Q4 page 500",
    f"the same list as Q4 page 1, page {DEEP_PAGE} by cursor",
)
QUERIES = (Q1, Q2, Q3, Q4_FIRST, Q4)


@dataclass(frozen=True, slots=True)
class Workload:
    """Variables every server's queries share, read once from the loaded corpus."""

    top_author_slug: str
    top_author_papers: int
    paper_ids: tuple[int, ...]
    year_papers: int
    papers: int

    @property
    def deep_offset(self) -> int:
        """How many rows precede the deep page: page 500, or the last full page if fewer."""
        pages = max(self.papers // PAGE_SIZE, 1)
        return (min(DEEP_PAGE, pages) - 1) * PAGE_SIZE


def read_workload(database_url: str, *, seed: int) -> Workload:
    """The workload for the corpus in ``database_url`` (a PostgreSQL URL).

    Args:
        database_url: The loaded benchmark database.
        seed: Seeds the choice of Q2's paper IDs, so every run asks for the same papers.
    """
    with psycopg.connect(database_url) as connection:
        slug, count = _one(
            connection, "SELECT slug, paper_count FROM author ORDER BY paper_count DESC, id LIMIT 1"
        )
        ids = [row[0] for row in connection.execute("SELECT id FROM paper ORDER BY id")]
        (year_papers,) = _one(connection, "SELECT count(*) FROM paper WHERE year = %s", (Q3_YEAR,))
    chosen = random.Random(seed).sample(ids, min(Q2_IDS, len(ids)))
    return Workload(
        top_author_slug=str(slug),
        top_author_papers=int(count),
        paper_ids=tuple(chosen),
        year_papers=int(year_papers),
        papers=len(ids),
    )


def _one(
    connection: psycopg.Connection[tuple[object, ...]],
    query: str,
    params: tuple[object, ...] = (),
) -> tuple[Any, ...]:
    row = connection.execute(query, params).fetchone()
    assert row is not None, query
    return row
