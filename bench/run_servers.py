"""Benchmark Papergraph against PostGraphile on the same PostgreSQL, and against a SQL floor.

Usage: ``python -m bench.run_servers [--quick] [--duration S] [--fresh] [--note TEXT] ...``
(``make bench`` runs it with the defaults.)

One run installs what is missing (bench Python tools, PostGraphile with a Node 22 binary, wrk),
loads the synthetic corpus into SQLite and PostgreSQL once (cached by size and seed), starts
every server on 127.0.0.1, checks their answers agree, times each query on each server in
turn with wrk, counts SQL statements per request, profiles Papergraph, stops everything it
started, and writes ``results.md``, ``chart.png`` and ``raw.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

from bench.corpus import DEFAULT_PAPERS, DEFAULT_SEED
from bench.harness import chart, lineup, phases, report, targets
from bench.harness.corpus_db import (
    CorpusKey,
    apply_postgraphile_objects,
    migrate_to_head,
    postgres_corpus,
    sqlite_corpus,
)
from bench.harness.machine import describe_machine
from bench.harness.measure import measure_all
from bench.harness.memory import MemorySampler
from bench.harness.paths import RESULTS_DIR, TMP_DIR
from bench.harness.queries import QUERIES, BenchQuery, Workload, read_workload
from bench.harness.results import RunResults
from bench.harness.servers import ServerSpec, describe
from bench.harness.tools import ensure_tools

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SCRATCH = TMP_DIR / "run"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run_servers", description=__doc__)
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help="corpus size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per timed run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per run")
    parser.add_argument(
        "--connections", default="1,16", help="comma-separated concurrencies (default 1,16)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 4 s runs, 1 s warm-up, results under bench/results/tmp/quick/",
    )
    parser.add_argument("--fresh", action="store_true", help="reload the cached corpora")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL),
        help="a database on the PostgreSQL server to create the benchmark database from",
    )
    parser.add_argument("--servers", help="comma-separated server names (the floor always runs)")
    parser.add_argument("--queries", help="comma-separated query keys, e.g. q1,q3")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profile")
    parser.add_argument("--note", default="", help="a remark for the report, e.g. 'busy machine'")
    parser.add_argument("--output", type=Path, help="where results.md, chart.png, raw.json go")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite results.md and chart.png from raw.json"
    )
    options = parser.parse_args(argv)
    if options.quick:
        options.duration, options.warmup = min(options.duration, 4.0), min(options.warmup, 1.0)
    options.output = options.output or (TMP_DIR / "quick" if options.quick else RESULTS_DIR)
    options.connections = [int(count) for count in options.connections.split(",")]
    return options


def prepare_databases(options: argparse.Namespace) -> tuple[str, str]:
    """The SQLite and PostgreSQL URLs of the corpus, loaded, migrated and ready for both APIs."""
    key = CorpusKey(options.papers, options.seed)
    sqlite_url = sqlite_corpus(key, fresh=options.fresh)
    postgres_url = postgres_corpus(options.postgres_url, key, fresh=options.fresh)
    for url in (sqlite_url, postgres_url):
        migrate_to_head(url)
    apply_postgraphile_objects(postgres_url)
    return sqlite_url, postgres_url


def new_results(
    options: argparse.Namespace,
    postgres_url: str,
    workload: Workload,
    specs: Sequence[ServerSpec],
    queries: Sequence[BenchQuery],
) -> RunResults:
    """A run's results before anything is measured: machine, options, workload, line-up."""
    return RunResults(
        machine=describe_machine(postgres_url),
        options={
            "papers": options.papers,
            "seed": options.seed,
            "duration": options.duration,
            "warmup": options.warmup,
            "connections": options.connections,
            "note": options.note,
        },
        workload={**asdict(workload), "paper_ids": len(workload.paper_ids)},
        servers=[describe(spec) for spec in specs],
        queries=[{"key": q.key, "label": q.label, "description": q.description} for q in queries],
    )


def run_timed(
    options: argparse.Namespace,
    specs: Sequence[ServerSpec],
    queries: Sequence[BenchQuery],
    workload: Workload,
    results: RunResults,
) -> phases.Requests:
    """Start every server, compare answers, time, sample memory and profile; stop them all.

    Returns:
        The request bodies used, for counting statements afterwards.
    """
    with ExitStack() as stack:
        servers = phases.start_servers(specs, stack, SCRATCH / "logs")
        requests = phases.build_requests(servers, queries, workload)
        files = phases.write_request_files(requests, SCRATCH / "bodies")
        print("comparing answers")
        checks = phases.verify_answers(servers, queries, requests)
        results.checks = [asdict(check) for check in checks]
        sampler = MemorySampler({server.spec.name: server.process.pid for server in servers})
        sampler.start()
        print("timing")
        results.measurements = measure_all(
            servers,
            queries,
            files,
            connections=options.connections,
            duration=options.duration,
            warmup=options.warmup,
            scratch=SCRATCH,
        )
        results.memory = {name: peak.in_mb() for name, peak in sampler.stop().items()}
        profiled = next((s for s in servers if s.spec.name == lineup.PROFILED), None)
        if profiled and not options.no_profile and (lineup.PROFILED, "q1") in files:
            print(f"profiling {profiled.spec.label} under Q1")
            results.profile = phases.profile_q1(
                profiled,
                files[(lineup.PROFILED, "q1")],
                connections=max(options.connections),
                seconds=options.duration,
                scratch=SCRATCH,
            )
    return requests


def write_outputs(results: RunResults, folder: Path) -> None:
    """results.md and chart.png from the run's figures."""
    markdown = report.render(results, targets.evaluate(results))
    (folder / "results.md").write_text(markdown)
    chart.draw(results, folder / "chart.png")
    print(f"wrote {folder / 'results.md'} and {folder / 'chart.png'}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or re-render its report) and write the results."""
    options = parse_args(argv)
    # Progress lines show up as they happen even when the output goes to a file.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    folder: Path = options.output
    if options.report_only:
        write_outputs(RunResults.load(folder / "raw.json"), folder)
        return 0
    ensure_tools()
    sqlite_url, postgres_url = prepare_databases(options)
    workload = read_workload(postgres_url, seed=options.seed)
    specs = lineup.select(lineup.server_specs(sqlite_url, postgres_url), options.servers)
    queries = [q for q in QUERIES if not options.queries or q.key in options.queries.split(",")]
    results = new_results(options, postgres_url, workload, specs, queries)
    requests = run_timed(options, specs, queries, workload, results)
    results.statements, results.q1_page_sizes = phases.count_statements(
        specs, requests, workload, SCRATCH / "logs"
    )
    folder.mkdir(parents=True, exist_ok=True)
    results.save(folder / "raw.json")
    write_outputs(results, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
