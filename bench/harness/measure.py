"""The timed runs: every query against every server, servers taking turns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.harness.load import run_wrk
from bench.harness.queries import BenchQuery
from bench.harness.results import Measurement
from bench.harness.servers import Kind, RunningServer


def applies(server: RunningServer, query: BenchQuery) -> bool:
    """Whether ``server`` is measured on ``query`` (PostGraphile only where it can say it)."""
    return query.on_postgraphile or server.spec.kind is not Kind.POSTGRAPHILE


def measure_all(
    servers: Sequence[RunningServer],
    queries: Sequence[BenchQuery],
    bodies: Mapping[tuple[str, str], Path],
    *,
    connections: Sequence[int],
    duration: float,
    warmup: float,
    scratch: Path,
) -> list[Measurement]:
    """Warm up and time each (query, concurrency) on each server in turn.

    The order of servers rotates from one query to the next, so none is always first after
    the machine has rested or always last after it has heated up.

    Args:
        servers: The running servers.
        queries: The queries, measured in this order.
        bodies: The request bodies file of each (server name, query key).
        connections: The concurrencies, e.g. (1, 16).
        duration: Seconds of each timed run.
        warmup: Seconds of the untimed run before it.
        scratch: Where wrk's reports are written.
    """
    measurements = []
    for turn, query in enumerate(queries):
        order = [*servers[turn % len(servers) :], *servers[: turn % len(servers)]]
        for count in connections:
            for server in order:
                if not applies(server, query):
                    continue
                base = f"http://127.0.0.1:{server.port}"
                path = bodies[(server.spec.name, query.key)]
                report = scratch / f"{server.spec.name}-{query.key}-{count}.json"
                if warmup > 0:
                    run_wrk(
                        base, server.spec.path, path, connections=count, seconds=warmup, out=report
                    )
                    server.drain()
                load = run_wrk(
                    base, server.spec.path, path, connections=count, seconds=duration, out=report
                )
                server.drain()
                item = Measurement.of(server.spec.name, query.key, load)
                measurements.append(item)
                print(
                    f"  {query.label:<14} {count:>3} conn.  {server.spec.label:<34} "
                    f"{item.rps:>8,.0f} req/s  p50 {item.p50_ms:7.1f} ms  p99 {item.p99_ms:7.1f} ms"
                    + (f"  {item.errors} errors" if item.errors else "")
                )
    return measurements
