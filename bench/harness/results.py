"""Everything one benchmark run found, as plain data that round-trips through JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.harness.load import LoadResult


@dataclass(frozen=True, slots=True)
class Measurement:
    """One timed run: a query against a server at a number of connections."""

    server: str
    query: str
    connections: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int
    generator_cpu: float

    @classmethod
    def of(cls, server: str, query: str, load: LoadResult) -> Measurement:
        """The figures of a wrk run."""
        return cls(
            server=server,
            query=query,
            connections=load.connections,
            rps=load.rps,
            p50_ms=load.p50_ms,
            p90_ms=load.p90_ms,
            p99_ms=load.p99_ms,
            max_ms=load.max_ms,
            requests=load.requests,
            errors=load.errors,
            generator_cpu=load.generator_cpu,
        )


@dataclass
class RunResults:
    """A whole run; ``servers`` and ``queries`` keep the order the report shows them in."""

    machine: dict[str, str]
    options: dict[str, Any]
    workload: dict[str, Any]
    servers: list[dict[str, Any]]
    queries: list[dict[str, Any]]
    measurements: list[Measurement] = field(default_factory=list)
    # server -> query -> {"data": per request, "control": per request, "examples": [...]}
    statements: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # server -> page size -> data statements for Q1
    q1_page_sizes: dict[str, dict[str, float]] = field(default_factory=dict)
    # server -> {"process_mb", "tree_mb", "high_water_mb"}
    memory: dict[str, dict[str, float]] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)

    def find(self, server: str, query: str, connections: int) -> Measurement | None:
        """The measurement of one cell, if it was taken."""
        for item in self.measurements:
            if (item.server, item.query, item.connections) == (server, query, connections):
                return item
        return None

    def label(self, server: str) -> str:
        """A server's display name."""
        return next((s["label"] for s in self.servers if s["name"] == server), server)

    def save(self, path: Path) -> None:
        """Write the run as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> RunResults:
        """Read a run written by ``save``."""
        raw = json.loads(path.read_text())
        raw["measurements"] = [Measurement(**item) for item in raw["measurements"]]
        return cls(**raw)
