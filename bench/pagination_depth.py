"""Keyset pagination benchmark: page 1 against page 1,000 of the same list, through the API.

Usage: ``python -m bench.pagination_depth DATABASE_URL [--requests N]``

Load the corpus first (``python -m bench.load_corpus DATABASE_URL``). Requests go through the
ASGI app in-process (httpx), so the figures are the API's own latency without a network.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import select

from api.app import create_app
from api.db import create_sync_engine
from api.reads.keyset import encode_cursor
from api.reads.papers import PaperFilterSpec, PaperSortField, paper_conditions, paper_sort
from api.settings import Settings

PAGE = """query ($after: String, $order: PaperOrder, $filter: PaperFilter) {
  papers(first: 20, after: $after, orderBy: $order, filter: $filter) {
    nodes { title year authors { name } } pageInfo { endCursor } } }"""
# Each list with the page compared against page 1 (2020 holds about 200 pages of 20).
LISTS: dict[str, tuple[dict[str, Any], int]] = {
    "newest first (default)": ({}, 1_000),
    "by title": ({"order": {"field": "TITLE"}}, 1_000),
    "2020 by title": (
        {"order": {"field": "TITLE"}, "filter": {"yearFrom": 2020, "yearTo": 2020}},
        100,
    ),
}


async def _post(client: httpx.AsyncClient, variables: dict[str, Any]) -> dict[str, Any]:
    reply = await client.post("/graphql", json={"query": PAGE, "variables": variables})
    body: dict[str, Any] = reply.json()
    assert "errors" not in body, body
    return body["data"]["papers"]


def _cursor_of_page(database_url: str, variables: dict[str, Any], page: int) -> str:
    """The cursor that opens ``page`` (1-based), built from the same sort the API uses.

    Walking 1,000 pages through the API would take longer than the measurement itself.
    """
    order = variables.get("order", {})
    field = PaperSortField[order.get("field", "YEAR")]
    sort = paper_sort(field, field is not PaperSortField.TITLE)
    spec = PaperFilterSpec(
        year_from=variables.get("filter", {}).get("yearFrom"),
        year_to=variables.get("filter", {}).get("yearTo"),
    )
    statement = (
        select(*(key.expression for key in sort))
        .where(*paper_conditions(spec))
        .order_by(*(key.ordering() for key in sort))
        .offset((page - 1) * 20 - 1)
        .limit(1)
    )
    engine = create_sync_engine(database_url)
    with engine.connect() as connection:
        values = connection.execute(statement).one()
    engine.dispose()
    return encode_cursor(tuple(values))


async def _median_ms(client: httpx.AsyncClient, variables: dict[str, Any], requests: int) -> float:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        await _post(client, variables)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


async def run(database_url: str, requests: int) -> None:
    """Print page-1 and deep-page medians for each list."""
    app = create_app(Settings(env="production", database_url=database_url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        print(f"{'list':<24} {'page 1':>9} {'deep page':>16} {'ratio':>6}")
        for name, (variables, page) in LISTS.items():
            deep = {**variables, "after": _cursor_of_page(database_url, variables, page)}
            # Warm-up for both pages: each is compiled once and prepared by the driver.
            await _median_ms(client, variables, 5)
            await _median_ms(client, deep, 5)
            first_ms = await _median_ms(client, variables, requests)
            deep_ms = await _median_ms(client, deep, requests)
            label = f"{deep_ms:.1f}ms (p. {page:,})"
            print(f"{name:<24} {first_ms:7.1f}ms {label:>16} {deep_ms / first_ms:6.2f}")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(prog="python -m bench.pagination_depth")
    parser.add_argument("database_url")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args(argv)
    asyncio.run(run(args.database_url, args.requests))


if __name__ == "__main__":
    main()
