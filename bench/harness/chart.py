"""The results as a PNG: throughput and p99 latency per query, one bar per server."""

from __future__ import annotations

from pathlib import Path

from bench.harness.results import RunResults
from bench.harness.targets import headline_connections


def draw(results: RunResults, out: Path) -> Path:
    """Write the chart for the headline concurrency to ``out``."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display here
    import matplotlib.pyplot as plt

    connections = headline_connections(results)
    queries = [query for query in results.queries]
    servers = [
        server
        for server in results.servers
        if any(results.find(server["name"], q["key"], connections) for q in queries)
    ]
    figure, (throughput, latency) = plt.subplots(1, 2, figsize=(13, 5), dpi=110)
    width = 0.8 / max(len(servers), 1)
    for index, server in enumerate(servers):
        rps, p99 = [], []
        for query in queries:
            item = results.find(server["name"], query["key"], connections)
            # Nothing to draw (NaN) where a server was not measured or completed no request.
            rps.append(item.rps if item and item.rps else float("nan"))
            p99.append(item.p99_ms if item else 0.0)
        offsets = [
            position + (index - (len(servers) - 1) / 2) * width for position in range(len(queries))
        ]
        bars = throughput.bar(offsets, rps, width, label=server["label"])
        throughput.bar_label(bars, fmt="%.0f", fontsize=6, padding=1)
        latency.bar(offsets, p99, width, label=server["label"])
    labels = [query["label"] for query in queries]
    for axes, title in (
        (
            throughput,
            f"requests per second at {connections} connections, log scale (higher is better)",
        ),
        (latency, f"p99 latency in ms at {connections} connections (lower is better)"),
    ):
        axes.set_title(title, fontsize=10)
        axes.set_xticks(range(len(queries)), labels, rotation=15, fontsize=8)
        axes.grid(axis="y", alpha=0.3)
    # Servers differ by orders of magnitude; a log scale keeps the slow ones' bars visible.
    throughput.set_yscale("log")
    throughput.legend(fontsize=8)
    note = results.options.get("note") or ""
    figure.suptitle(
        f"Papergraph vs PostGraphile, {results.workload['papers']:,} papers, "
        f"{results.machine.get('cores', '?')} cores, {results.machine.get('date', '')}"
        + (f" — {note}" if note else ""),
        fontsize=10,
    )
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    plt.close(figure)
    return out
