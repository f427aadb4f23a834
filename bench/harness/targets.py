"""The product's targets, checked against one run's figures."""

from __future__ import annotations

from dataclasses import dataclass

from bench.harness.results import RunResults

PG = "papergraph-postgres"
SQLITE = "papergraph-sqlite"
POSTGRAPHILE = "postgraphile"
COMPARED_QUERIES = ("q1", "q2", "q3")
DEEP_PAGE_LIMIT = 1.2
Q1_STATEMENT_LIMIT = 4
RSS_LIMIT_MB = 300


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target: what was measured, whether it was met, and by how much it falls short."""

    target: str
    measured: str
    met: bool | None
    shortfall: str = ""

    @property
    def status(self) -> str:
        """``met``, ``missed`` or ``not measured``."""
        return "not measured" if self.met is None else ("met" if self.met else "missed")


def headline_connections(results: RunResults) -> int:
    """The connection count the throughput targets use: 16, or the most measured."""
    counts = {item.connections for item in results.measurements}
    return 16 if 16 in counts else max(counts, default=16)


def evaluate(results: RunResults) -> list[Verdict]:
    """Every target, in the order the requirement lists them."""
    verdicts: list[Verdict] = []
    for query in COMPARED_QUERIES:
        verdicts += _against_postgraphile(results, query)
    for query in COMPARED_QUERIES:
        verdicts.append(_sqlite_vs_postgres(results, query))
    verdicts += [_deep_page(results, server) for server in (PG, SQLITE)]
    verdicts += [_q1_statements(results, server) for server in (PG, SQLITE)]
    verdicts += [
        _memory(results, server["name"])
        for server in results.servers
        if server["kind"] == "papergraph"
    ]
    return verdicts


def _against_postgraphile(results: RunResults, query: str) -> list[Verdict]:
    connections = headline_connections(results)
    ours = results.find(PG, query, connections)
    theirs = results.find(POSTGRAPHILE, query, connections)
    name = query.upper()
    throughput = f"{name}: Papergraph/PostgreSQL >= 1.0x PostGraphile req/s at {connections} conn."
    tail = f"{name}: Papergraph/PostgreSQL p99 <= PostGraphile p99 at {connections} conn."
    if ours is None or theirs is None or not theirs.rps:
        return [Verdict(throughput, "-", None), Verdict(tail, "-", None)]
    ratio = ours.rps / theirs.rps
    speed = Verdict(
        throughput,
        f"{ratio:.2f}x ({ours.rps:,.0f} vs {theirs.rps:,.0f} req/s)",
        ratio >= 1.0,
        _throughput_shortfall(ratio),
    )
    if not ours.requests:
        return [speed, Verdict(tail, "no request completed", False, "no request completed")]
    latency_ratio = ours.p99_ms / theirs.p99_ms if theirs.p99_ms else float("inf")
    latency = Verdict(
        tail,
        f"{ours.p99_ms:.1f} vs {theirs.p99_ms:.1f} ms",
        latency_ratio <= 1.0,
        "" if latency_ratio <= 1.0 else f"{latency_ratio:.2f}x PostGraphile's p99",
    )
    return [speed, latency]


def _throughput_shortfall(ratio: float) -> str:
    if ratio >= 1.0:
        return ""
    needed = f"; needs {1 / ratio:.2f}x its throughput" if ratio > 0 else ""
    return f"{(1 - ratio) * 100:.0f}% short{needed}"


def _sqlite_vs_postgres(results: RunResults, query: str) -> Verdict:
    connections = headline_connections(results)
    target = f"{query.upper()}: SQLite >= PostgreSQL req/s (Papergraph) at {connections} conn."
    sqlite = results.find(SQLITE, query, connections)
    postgres = results.find(PG, query, connections)
    if sqlite is None or postgres is None:
        return Verdict(target, "-", None)
    if not postgres.rps:
        return Verdict(target, "PostgreSQL completed no request", None)
    ratio = sqlite.rps / postgres.rps
    return Verdict(
        target,
        f"{ratio:.2f}x ({sqlite.rps:,.0f} vs {postgres.rps:,.0f} req/s)",
        ratio >= 1.0,
        _throughput_shortfall(ratio),
    )


def _deep_page(results: RunResults, server: str) -> Verdict:
    """Page 500 against page 1 of the same list, at one connection.

    Q3's list (one year, about 3,800 papers) has no page 500, so Q4 pages through all papers
    by title. Its totalCount counts 100,000 rows where Q3's counts one year's, so Q3's page 1
    is shown beside the verdict but is not what it is judged against.
    """
    target = (
        f"Q4 page 500 p50 <= {DEEP_PAGE_LIMIT}x page 1 of the same list, 1 conn. "
        f"({results.label(server)})"
    )
    deep = results.find(server, "q4", 1)
    first = results.find(server, "q4_first", 1)
    if deep is None or first is None or not first.p50_ms:
        return Verdict(target, "-", None)
    ratio = deep.p50_ms / first.p50_ms
    q3 = results.find(server, "q3", 1)
    beside_q3 = f"; {deep.p50_ms / q3.p50_ms:.2f}x Q3's page 1" if q3 and q3.p50_ms else ""
    return Verdict(
        target,
        f"{ratio:.2f}x ({deep.p50_ms:.1f} vs {first.p50_ms:.1f} ms{beside_q3})",
        ratio <= DEEP_PAGE_LIMIT,
        "" if ratio <= DEEP_PAGE_LIMIT else f"{ratio / DEEP_PAGE_LIMIT:.2f}x over the limit",
    )


def _q1_statements(results: RunResults, server: str) -> Verdict:
    target = (
        f"Q1: at most {Q1_STATEMENT_LIMIT} SQL statements per request, any page size "
        f"({results.label(server)})"
    )
    sizes = results.q1_page_sizes.get(server)
    if not sizes:
        return Verdict(target, "-", None)
    worst = max(sizes.values())
    steady = len(set(sizes.values())) == 1
    shown = ", ".join(f"{count:g} at first={size}" for size, count in sizes.items())
    met = worst <= Q1_STATEMENT_LIMIT and steady
    shortfall = "" if met else f"{worst:g} statements" + ("" if steady else "; grows with size")
    return Verdict(target, shown, met, shortfall)


def _memory(results: RunResults, server: str) -> Verdict:
    target = f"RSS under load < {RSS_LIMIT_MB} MB per worker ({results.label(server)})"
    memory = results.memory.get(server)
    if not memory:
        return Verdict(target, "-", None)
    peak = memory["process_mb"]
    return Verdict(
        target,
        f"{peak:.0f} MB",
        peak < RSS_LIMIT_MB,
        "" if peak < RSS_LIMIT_MB else f"{peak - RSS_LIMIT_MB:.0f} MB over",
    )
