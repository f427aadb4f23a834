"""The benchmark's figures: wrk's report, the lock filter, memory readings, targets, tables."""

from __future__ import annotations

import json

import pytest

from bench.harness.lineup import select, server_specs
from bench.harness.load import parse_report
from bench.harness.locks import bench_only, pins
from bench.harness.memory import descendants, status_kb
from bench.harness.report import ratio, table
from bench.harness.results import Measurement, RunResults
from bench.harness.targets import evaluate


def test_wrk_report_becomes_requests_per_second_and_milliseconds() -> None:
    text = json.dumps(
        {
            "requests": 5000,
            "duration_us": 10_000_000,
            "bytes": 1,
            "errors": {"connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 0},
            "latency_us": {"p50": 1500, "p90": 2500, "p99": 9000, "max": 12000, "mean": 1800.0},
        }
    )
    result = parse_report(text, connections=16, generator_cpu=0.1)
    assert result.rps == 500
    assert (result.p50_ms, result.p99_ms, result.max_ms) == (1.5, 9.0, 12.0)
    assert result.errors == 3


def test_bench_lock_installs_only_what_the_application_lock_lacks() -> None:
    main = "fastapi==0.165.0\n    # via papergraph\nPackaging==25.0\n"
    bench = "fastapi==0.165.0\nmatplotlib==3.11.2\npackaging==25.0\npy-spy==0.4.3\n"
    assert pins(main) == {"fastapi": "0.165.0", "packaging": "25.0"}
    assert bench_only(bench, main) == ["matplotlib==3.11.2", "py-spy==0.4.3"]


def test_memory_fields_and_process_trees() -> None:
    status = "Name:\tpython\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n"
    assert status_kb(status, "VmRSS") == 102400
    assert status_kb(status, "VmSwap") == 0
    parents = {10: 1, 11: 10, 12: 10, 13: 11, 20: 1}
    assert descendants(parents, 10) == [10, 11, 12, 13]


def _measurement(
    server: str, query: str, connections: int, rps: float, p50: float, p99: float
) -> Measurement:
    return Measurement(server, query, connections, rps, p50, p50, p99, p99, 100, 0, 0.05)


def _results(measurements: list[Measurement]) -> RunResults:
    return RunResults(
        machine={},
        options={},
        workload={},
        servers=[
            {"name": "papergraph-postgres", "label": "PG", "kind": "papergraph"},
            {"name": "papergraph-sqlite", "label": "SQLite", "kind": "papergraph"},
            {"name": "postgraphile", "label": "PostGraphile", "kind": "postgraphile"},
        ],
        queries=[],
        measurements=measurements,
        q1_page_sizes={
            "papergraph-postgres": {"5": 3, "50": 3},
            "papergraph-sqlite": {"5": 3, "50": 5},
        },
        memory={
            "papergraph-postgres": {"process_mb": 120.0},
            "papergraph-sqlite": {"process_mb": 320.0},
        },
    )


def test_targets_say_met_or_by_how_much_they_fall_short() -> None:
    results = _results(
        [
            _measurement("papergraph-postgres", "q1", 16, 50, 300, 400),
            _measurement("postgraphile", "q1", 16, 200, 80, 100),
            _measurement("papergraph-sqlite", "q1", 16, 60, 250, 300),
            _measurement("papergraph-postgres", "q2", 16, 300, 50, 90),
            _measurement("postgraphile", "q2", 16, 250, 60, 100),
            _measurement("papergraph-postgres", "q3", 1, 10, 5.0, 12),
            _measurement("papergraph-postgres", "q4_first", 1, 10, 10.0, 12),
            _measurement("papergraph-postgres", "q4", 1, 10, 11.0, 13),
        ]
    )
    verdicts = {verdict.target: verdict for verdict in evaluate(results)}
    q1 = verdicts["Q1: Papergraph/PostgreSQL >= 1.0x PostGraphile req/s at 16 conn."]
    assert (q1.met, q1.shortfall) == (False, "75% short; needs 4.00x its throughput")
    q1_tail = verdicts["Q1: Papergraph/PostgreSQL p99 <= PostGraphile p99 at 16 conn."]
    assert (q1_tail.met, q1_tail.shortfall) == (False, "4.00x PostGraphile's p99")
    assert verdicts["Q2: Papergraph/PostgreSQL >= 1.0x PostGraphile req/s at 16 conn."].met
    assert verdicts["Q1: SQLite >= PostgreSQL req/s (Papergraph) at 16 conn."].met
    assert verdicts["Q3: SQLite >= PostgreSQL req/s (Papergraph) at 16 conn."].met is None
    deep = verdicts["Q4 page 500 p50 <= 1.2x page 1 of the same list, 1 conn. (PG)"]
    assert deep.met
    assert deep.measured == "1.10x (11.0 vs 10.0 ms; 2.20x Q3's page 1)"
    statements = [v for v in verdicts.values() if v.target.startswith("Q1: at most 4")]
    assert [v.met for v in statements] == [True, False]
    assert statements[1].shortfall == "5 statements; grows with size"
    memory = [v for v in verdicts.values() if v.target.startswith("RSS")]
    assert [(v.met, v.shortfall) for v in memory] == [(True, ""), (False, "20 MB over")]


def test_markdown_table_aligns_figures_right() -> None:
    rendered = table(["server", "req/s", "x floor"], [["A", "1,234", "0.50x"], ["B", "-", "-"]])
    assert rendered.splitlines() == [
        "| server | req/s | x floor |",
        "|---|---:|---:|",
        "| A | 1,234 | 0.50x |",
        "| B | - | - |",
    ]


@pytest.mark.parametrize(("value", "base", "shown"), [(50, 200, "0.25x"), (3, None, "-")])
def test_ratio(value: float, base: float | None, shown: str) -> None:
    assert ratio(value, base) == shown


def test_server_selection_always_keeps_the_floor() -> None:
    specs = server_specs("sqlite:///corpus.db", "postgresql://postgres@127.0.0.1/bench")
    chosen = select(specs, "postgraphile")
    assert [spec.name for spec in chosen] == ["postgraphile", "floor"]
    assert select(specs, None) == specs
    with pytest.raises(ValueError, match="unknown servers: hasura"):
        select(specs, "hasura")
