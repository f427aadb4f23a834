"""Search and author-suggestion latency through the API, on databases holding the corpus.

Usage::

    python -m bench.load_corpus sqlite:///data/bench-search.db
    python -m bench.load_corpus postgresql://postgres@127.0.0.1:5432/pg_bench_search
    python -m bench.search_latency sqlite:///data/bench-search.db \\
        postgresql://postgres@127.0.0.1:5432/pg_bench_search [--rounds 15]

Each request goes through the whole application (FastAPI, Strawberry, loaders, SQL) in process,
over httpx's ASGI transport, one at a time: this measures latency, not throughput. Every query
runs once to warm caches, then ``--rounds`` times; medians and 95th percentiles are over all
timed requests of a kind. ``SQL ms`` is the time spent in the database driver per request
(statements and fetching), so the rest is the application's; ``{ __typename }`` requests give
the cost of a request that runs no SQL at all, for reading figures taken on a busy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from sqlalchemy import event

from api.app import create_app
from api.db import create_sync_engine, is_sqlite
from api.settings import Settings
from api.stats import table_counts

# What people type: topics (mostly two words), one-word queries, a phrase, words still being
# typed, a name, and words the corpus never uses.
SEARCHES = (
    "graph neural networks",
    "machine translation",
    "speech recognition",
    "question answering",
    "time series forecasting",
    "monte carlo",
    "causal discovery",
    "anomaly detection",
    "object detection",
    "semantic segmentation",
    "pose estimation",
    "belief propagation",
    "link prediction",
    "program synthesis",
    "video prediction",
    "molecular dynamics",
    "patch clamp recordings",
    "genome wide",
    "single cell",
    "kernel methods",
    "combinatorial optimization",
    "effective field theory",
    "inverse problems",
    "entity linking",
    '"neural architecture search"',
    '"language models"',
    "robotic grasp",
    "medical image segm",
    "hamiltonian mont",
    "gradient desc",
    "bayesian",
    "transformer",
    "uncertainty",
    "quantum",
    "diffusion",
    "köhler",
    "schrödinger operators",
    "low rank",
    "giraffe physics",
    "zebra finch",
)
# Names as people start typing them: two to five letters of a family or given name.
PREFIXES = (
    "ber", "rez", "wel", "mül", "sch", "wang", "li", "zh", "garc", "mart", "ko", "jim", "van",
    "ng", "sm", "ch", "kum", "pat", "ross", "dub", "mo", "ha", "jon", "max", "ann", "pier",
    "xiao", "lu", "kh", "sato", "ö", "ol", "bra", "fe", "gu", "st", "ka", "ma", "ro", "sh",
)  # fmt: skip

# A results page as a UI shows it: papers with snippets and author lists, and matching authors.
SEARCH = """query ($q: String!) { search(query: $q, first: 10) {
  papers { nodes { id title year venue searchSnippet { html } authors { name slug } } }
  authors { nodes { name slug paperCount } } } }"""
# Just the ten best papers, as a search-as-you-type box lists them.
SEARCH_TITLES = """query ($q: String!) { search(query: $q, first: 10) {
  papers { nodes { id title searchSnippet { titleHtml } } } } }"""
SUGGEST = """query ($p: String!) { authorSuggestions(prefix: $p, first: 10) {
  name slug paperCount } }"""
# The variable is sent and unused by the selection: it only keeps one request helper for all.
FLOOR = "{ __typename }"


@dataclass(frozen=True, slots=True)
class Timing:
    """Latencies of one kind of request on one database, in milliseconds."""

    backend: str
    kind: str
    latencies: list[float]
    sql: list[float]

    def line(self) -> str:
        """One row of the results table."""
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return (
            f"{self.backend:<11} {self.kind:<19} {len(ordered):>6} "
            f"{statistics.median(ordered):>9.1f} {p95:>9.1f} {ordered[-1]:>9.1f} "
            f"{statistics.median(self.sql):>9.1f}"
        )


class _SqlClock:
    """Adds up the time the engine's cursors spend executing, per request."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started: dict[int, float] = {}

    def before(self, _conn: object, cursor: object, *_args: object) -> None:
        self._started[id(cursor)] = time.perf_counter()

    def after(self, _conn: object, cursor: object, *_args: object) -> None:
        self.total += (time.perf_counter() - self._started.pop(id(cursor))) * 1000


async def _time_requests(
    client: httpx.AsyncClient,
    clock: _SqlClock,
    query: str,
    name: str | None,
    values: Sequence[str],
    rounds: int,
) -> tuple[list[float], list[float]]:
    async def once(value: str) -> tuple[float, float]:
        clock.total = 0.0
        variables = {name: value} if name else {}
        started = time.perf_counter()
        reply = await client.post("/graphql", json={"query": query, "variables": variables})
        elapsed = (time.perf_counter() - started) * 1000
        body = reply.json()
        if reply.status_code != 200 or body.get("errors"):
            raise SystemExit(f"{value!r} failed: {reply.status_code} {body}")
        return elapsed, clock.total

    for value in values:
        await once(value)
    timed = [await once(value) for _ in range(rounds) for value in values]
    return [total for total, _ in timed], [sql for _, sql in timed]


async def measure(url: str, rounds: int) -> list[Timing]:
    """Time searches and suggestions against the database at ``url``."""
    backend = "sqlite" if is_sqlite(url) else "postgresql"
    app = create_app(Settings(env="production", database_url=url))
    transport = httpx.ASGITransport(app=app)
    clock = _SqlClock()
    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", clock.before)
    event.listen(engine, "after_cursor_execute", clock.after)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
    ):
        floor = await _time_requests(client, clock, FLOOR, None, [""] * 10, rounds)
        searches = await _time_requests(client, clock, SEARCH, "q", SEARCHES, rounds)
        titles = await _time_requests(client, clock, SEARCH_TITLES, "q", SEARCHES, rounds)
        suggestions = await _time_requests(client, clock, SUGGEST, "p", PREFIXES, rounds)
    return [
        Timing(backend, "{ __typename }", *floor),
        Timing(backend, "search, full page", *searches),
        Timing(backend, "search, titles", *titles),
        Timing(backend, "authorSuggestions", *suggestions),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    """Print median, 95th percentile and maximum latency per backend and kind of request."""
    parser = argparse.ArgumentParser(prog="python -m bench.search_latency")
    parser.add_argument("database_urls", nargs="+", help="databases loaded by bench.load_corpus")
    parser.add_argument("--rounds", type=int, default=15, help="timed passes over the queries")
    args = parser.parse_args(argv)
    print(
        f"{'backend':<11} {'request':<19} {'n':>6} {'median ms':>9} {'p95 ms':>9} "
        f"{'max ms':>9} {'SQL ms':>9}"
    )
    for url in args.database_urls:
        engine = create_sync_engine(url)
        papers = table_counts(engine)["paper"]
        engine.dispose()
        if papers == 0:
            raise SystemExit(f"{url} holds no papers; load it with python -m bench.load_corpus")
        for timing in asyncio.run(measure(url, args.rounds)):
            print(timing.line(), flush=True)


if __name__ == "__main__":
    main()
