"""The steps of a run between loading the corpus and writing the report."""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.harness import profile, statements
from bench.harness.dialects import JSON
from bench.harness.dialects.papergraph import q1_body
from bench.harness.load import run_wrk, write_bodies
from bench.harness.queries import Q1, BenchQuery, Workload
from bench.harness.servers import Kind, RunningServer, ServerSpec, start
from bench.harness.verify import COMPARED_BODIES, Check, compare

Requests = dict[str, dict[str, list[JSON]]]
Q1_PAGE_SIZES = (5, 50, 100)
_STATEMENT_REPEATS = 20


def start_servers(
    specs: Sequence[ServerSpec], stack: ExitStack, log_dir: Path
) -> list[RunningServer]:
    """Start every server; ``stack`` stops them all however the run ends."""
    running = []
    for spec in specs:
        print(f"starting {spec.label}")
        server = start(spec, log_dir)
        stack.callback(server.stop)
        running.append(server)
    return running


def build_requests(
    servers: Sequence[RunningServer], queries: Sequence[BenchQuery], workload: Workload
) -> Requests:
    """Each server's request bodies per query; Q4's cursor is found through the server itself."""
    requests: Requests = {}
    for server in servers:
        dialect = server.spec.dialect
        cursor = dialect.deep_cursor(server.post, workload.deep_offset)
        requests[server.spec.name] = {
            query.key: dialect.bodies(query, workload, cursor) for query in queries
        }
    return requests


def write_request_files(requests: Requests, folder: Path) -> dict[tuple[str, str], Path]:
    """The bodies as files for wrk, keyed by (server, query)."""
    return {
        (server, query): write_bodies(bodies, folder / f"{server}-{query}.txt")
        for server, by_query in requests.items()
        for query, bodies in by_query.items()
    }


def verify_answers(
    servers: Sequence[RunningServer], queries: Sequence[BenchQuery], requests: Requests
) -> list[Check]:
    """Compare every server's answers with the floor's, before anything is timed."""
    floor = next(server for server in servers if server.spec.kind is Kind.FLOOR)
    checks = []
    for query in queries:
        reference_bodies = requests[floor.spec.name][query.key][:COMPARED_BODIES]
        reference = [
            floor.spec.dialect.answer(query, floor.post(body)) for body in reference_bodies
        ]
        for server in servers:
            if server is floor or query.key not in requests[server.spec.name]:
                continue
            bodies = requests[server.spec.name][query.key][:COMPARED_BODIES]
            responses = [server.post(body) for body in bodies]
            check = compare(query, reference, server.spec.name, server.spec.dialect, responses)
            checks.append(check)
            if not check.ok:
                print(f"  MISMATCH {server.spec.label} {query.label}: {check.problem}")
    return checks


def count_statements(
    specs: Sequence[ServerSpec], requests: Requests, workload: Workload, log_dir: Path
) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[str, dict[str, float]]]:
    """Statements per request of every query and server, and Papergraph's Q1 by page size.

    Servers on PostgreSQL are started once more behind a counting proxy; Papergraph on
    SQLite is counted in-process. One instance per program is enough: the 2-worker server
    runs the same code as the 1-worker one.
    """
    counted: dict[str, dict[str, dict[str, Any]]] = {}
    page_sizes: dict[str, dict[str, float]] = {}
    seen: set[tuple[Kind, bool]] = set()
    for spec in specs:
        if (spec.kind, spec.on_sqlite) in seen or spec.name not in requests:
            continue
        seen.add((spec.kind, spec.on_sqlite))
        print(f"counting statements of {spec.label}")
        if spec.on_sqlite:
            counts = statements.in_process(
                spec.database_url, requests[spec.name], repeats=_STATEMENT_REPEATS
            )
        else:
            counts = statements.over_the_wire(
                spec, requests[spec.name], log_dir, repeats=_STATEMENT_REPEATS
            )
        counted[spec.name] = {key: count.as_dict() for key, count in counts.items()}
        if spec.kind is Kind.PAPERGRAPH:
            by_size = {
                str(size): [q1_body(workload.top_author_slug, size)] for size in Q1_PAGE_SIZES
            }
            sized = statements.in_process(spec.database_url, by_size, repeats=3)
            page_sizes[spec.name] = {size: count.data for size, count in sized.items()}
    return counted, page_sizes


def profile_q1(
    server: RunningServer, bodies: Path, *, connections: int, seconds: float, scratch: Path
) -> dict[str, Any]:
    """Sample ``server`` with py-spy while wrk runs Q1; the top functions."""
    raw = scratch / f"profile-{server.spec.name}.txt"
    raw.unlink(missing_ok=True)
    recorder = profile.start_recording(server.process.pid, seconds, raw)
    time.sleep(1)  # py-spy attaches before the load starts
    run_wrk(
        f"http://127.0.0.1:{server.port}",
        server.spec.path,
        bodies,
        connections=connections,
        seconds=seconds,
        out=scratch / "profile-wrk.json",
    )
    _, error = recorder.communicate(timeout=seconds + 60)
    if recorder.returncode != 0 or not raw.exists():
        return {"problem": f"py-spy failed: {error.decode(errors='replace').strip()[:300]}"}
    summary = profile.summarise(raw.read_text())
    return {
        "server": server.spec.name,
        "query": Q1.key,
        "connections": connections,
        "seconds": seconds,
        **asdict(summary),
    }
