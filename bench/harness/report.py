"""The results as markdown: targets first, then every figure behind them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bench.harness.results import Measurement, RunResults
from bench.harness.targets import POSTGRAPHILE, Verdict

FLOOR = "floor"
# "1,234", "0.42x", "12.5%", "3 (+2)" or "-": cells that line up on the right.
_FIGURE = re.compile(r"-|\d[\d.,]*(x|%)?( \(\+[\d.]+\))?")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A markdown table; text columns left-aligned, figures right-aligned."""
    rows = [list(row) for row in rows]
    numeric = [
        all(_is_figure(row[index]) for row in rows) and bool(rows) for index in range(len(header))
    ]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if right else "---" for right in numeric) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(value: float, base: float | None) -> str:
    """``value / base`` as ``0.42x``, or ``-`` without a base."""
    return f"{value / base:.2f}x" if base else "-"


def render(results: RunResults, verdicts: Sequence[Verdict]) -> str:
    """The whole report."""
    parts = [
        "# Papergraph vs PostGraphile: server benchmark",
        _preamble(results),
        "## Targets",
        _targets(verdicts),
        "## Throughput and latency",
        _method(results),
        *(_query_section(results, query) for query in results.queries),
        "## SQL statements per request",
        _statements(results),
        "## Memory",
        _memory(results),
        "## Answers compared before timing",
        _checks(results),
        "## Profile: Papergraph on PostgreSQL under Q1",
        _profile(results),
        "## Machine and versions",
        table(["", ""], results.machine.items()),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _preamble(results: RunResults) -> str:
    options, workload = results.options, results.workload
    note = options.get("note") or ""
    lines = [
        f"Taken {results.machine.get('date', '')} on {results.machine.get('cores', '?')} cores"
        f"{f' — {note}' if note else ''}. Reproduce with `make bench`"
        " (or `.venv/bin/python -m bench.run_servers`).",
        "",
        f"Corpus: {workload['papers']:,} papers (seed {options['seed']}); Q1's author "
        f"`{workload['top_author_slug']}` has {workload['top_author_papers']} papers; "
        f"{workload['year_papers']:,} papers are from 2020.",
    ]
    return "\n".join(lines)


def _targets(verdicts: Sequence[Verdict]) -> str:
    rows = [[v.target, v.measured, v.status, v.shortfall] for v in verdicts]
    return (
        table(["target", "measured", "status", "short by"], rows)
        + "\n\nWhere a Papergraph server spends its time is in the profile at the end."
    )


def _method(results: RunResults) -> str:
    options = results.options
    connections = " and ".join(str(count) for count in options["connections"])
    return (
        f"wrk, one thread, at {connections} connections; each cell is a {options['duration']:g} s "
        f"run after a {options['warmup']:g} s warm-up at the same concurrency. Servers take turns "
        "per query and concurrency, so slow drifts of the machine hit them alike. "
        "`x floor` is throughput over the floor's (one hand-written `json_agg` statement per "
        "request through asyncpg, in a raw ASGI app on uvicorn: no GraphQL layer); "
        "`x PostGraphile` is throughput over PostGraphile's. `wrk CPU` is the load generator's "
        "share of one core: well below 1, so it was not the bottleneck. No server caches "
        "responses."
    )


def _query_section(results: RunResults, query: dict[str, str]) -> str:
    key = query["key"]
    rows = []
    for connections in results.options["connections"]:
        floor = results.find(FLOOR, key, connections)
        theirs = results.find(POSTGRAPHILE, key, connections)
        for server in results.servers:
            item = results.find(server["name"], key, connections)
            if item is not None:
                rows.append(_row(results, item, floor, theirs))
    if not rows:
        return ""
    header = ["server", "conn.", "req/s", "p50 ms", "p99 ms", "x floor", "x PostGraphile"]
    header += ["errors", "wrk CPU"]
    return f"### {query['label']}\n\n{query['description']}.\n\n" + table(header, rows)


def _row(
    results: RunResults,
    item: Measurement,
    floor: Measurement | None,
    theirs: Measurement | None,
) -> list[str]:
    return [
        results.label(item.server),
        str(item.connections),
        f"{item.rps:,.0f}",
        f"{item.p50_ms:.1f}" if item.requests else "-",
        f"{item.p99_ms:.1f}" if item.requests else "-",
        ratio(item.rps, floor.rps if floor else None),
        ratio(item.rps, theirs.rps if theirs else None),
        str(item.errors),
        f"{item.generator_cpu:.2f}",
    ]


def _statements(results: RunResults) -> str:
    servers = [s for s in results.servers if s["name"] in results.statements]
    rows = []
    for query in results.queries:
        cells = [query["label"]]
        for server in servers:
            count = results.statements[server["name"]].get(query["key"])
            cells.append(_statement_cell(count) if count else "-")
        rows.append(cells)
    sizes = [
        [results.label(server), ", ".join(f"{n:g} at first={size}" for size, n in counts.items())]
        for server, counts in results.q1_page_sizes.items()
    ]
    return "\n\n".join(
        [
            "Data statements per request, plus round trips that read no data (BEGIN, ROLLBACK, "
            "pings) in brackets. PostgreSQL servers are counted on the wire by a proxy in front "
            "of PostgreSQL, so every driver is counted alike; Papergraph on SQLite in-process, "
            "as the test suite counts: SQLAlchemy's `before_cursor_execute` hook and the "
            "compiled lane's own statement listeners.",
            table(["query", *(s["label"] for s in servers)], rows),
            "Q1 at several page sizes (in-process count):",
            table(["server", "data statements"], sizes) if sizes else "",
        ]
    )


def _statement_cell(count: dict[str, float]) -> str:
    control = count.get("control", 0)
    return f"{count['data']:g}" + (f" (+{control:g})" if control else "")


def _memory(results: RunResults) -> str:
    rows = [
        [
            results.label(server),
            f"{memory['process_mb']:.0f}",
            f"{memory['tree_mb']:.0f}",
            f"{memory['high_water_mb']:.0f}",
        ]
        for server, memory in results.memory.items()
    ]
    return (
        "Resident memory sampled every 0.25 s through the timed runs: the largest single "
        "process (a worker), the whole process tree, and the kernel's high-water mark.\n\n"
        + table(["server", "peak RSS per process MB", "peak tree MB", "VmHWM MB"], rows)
    )


def _checks(results: RunResults) -> str:
    rows = [
        [
            results.label(check["server"]),
            _query_label(results, check["query"]),
            str(check["compared"]),
            "same as the floor" if check["problem"] is None else f"MISMATCH: {check['problem']}",
        ]
        for check in results.checks
    ]
    return (
        "Each server's answers (titles, years, author names in order, totals) against the "
        "floor's, request by request.\n\n" + table(["server", "query", "requests", "result"], rows)
    )


def _profile(results: RunResults) -> str:
    profile = results.profile
    if not profile.get("samples"):
        return str(profile.get("problem", "Not profiled in this run."))
    intro = (
        f"py-spy, {profile['samples']:,} samples while wrk ran Q1 at "
        f"{profile['connections']} connections for {profile['seconds']:g} s (a separate run: "
        "sampling slows the server, so these figures are not in the tables above)."
    )

    def lines(entries: list[dict[str, object]]) -> str:
        rows = [
            [f"`{e['name']}`", f"{e['self_share']:.1%}", f"{e['total_share']:.1%}"] for e in entries
        ]
        return table(["function", "self", "total"], rows)

    packages = table(
        ["package", "share of samples"],
        [[str(e["name"]), f"{e['self_share']:.1%}"] for e in profile["by_package"]],
    )
    return "\n\n".join(
        [
            intro,
            "Own time by package (where the sampled frame's code lives; Papergraph's by "
            "subpackage):",
            packages,
            "Top functions by own time:",
            lines(profile["by_self"]),
            "Papergraph's own functions by time including callees:",
            lines(profile["by_total"]),
        ]
    )


def _query_label(results: RunResults, key: str) -> str:
    return next((q["label"] for q in results.queries if q["key"] == key), key)


def _is_figure(text: str) -> bool:
    return _FIGURE.fullmatch(text) is not None
