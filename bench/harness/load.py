"""Load runs with wrk: a fixed number of connections for a fixed time, figures from its Lua hook."""

from __future__ import annotations

import json
import os
import resource
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.harness.paths import WRK_SCRIPT

# wrk on one thread drives tens of thousands of requests a second, far above any server here,
# and leaves the other core to the server and PostgreSQL.
WRK_THREADS = 1
_GRACE_SECONDS = 30


@dataclass(frozen=True, slots=True)
class LoadResult:
    """One measured run of one query against one server."""

    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    # The load generator's CPU time over the run's wall time: 1.0 is one core kept busy.
    generator_cpu: float

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the raw results."""
        return asdict(self)


def parse_report(text: str, *, connections: int, generator_cpu: float) -> LoadResult:
    """The figures written by ``bench/lua/bodies.lua``'s ``done`` hook.

    Args:
        text: The JSON the hook wrote.
        connections: The run's connection count.
        generator_cpu: wrk's CPU seconds per wall second.
    """
    report = json.loads(text)
    latency = report["latency_us"]
    return LoadResult(
        connections=connections,
        requests=int(report["requests"]),
        seconds=report["duration_us"] / 1e6,
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        errors=sum(int(count) for count in report["errors"].values()),
        generator_cpu=generator_cpu,
    )


def run_wrk(
    url: str, path: str, bodies: Path, *, connections: int, seconds: float, out: Path
) -> LoadResult:
    """Load ``url`` with ``connections`` connections for ``seconds``, posting ``bodies`` in turn.

    Args:
        url: The server's base URL (scheme, host and port).
        path: The path every request posts to.
        bodies: A file of JSON request bodies, one per line.
        connections: Open connections, each with one request in flight.
        seconds: How long the run lasts.
        out: Where the Lua hook writes its figures.
    """
    out.unlink(missing_ok=True)
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds:g}s"]
    command += ["--timeout", "10s", "-s", str(WRK_SCRIPT), url]
    env = {
        **os.environ,
        "BENCH_WRK_BODIES": str(bodies),
        "BENCH_WRK_PATH": path,
        "BENCH_WRK_OUT": str(out),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + _GRACE_SECONDS
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return parse_report(out.read_text(), connections=connections, generator_cpu=cpu / seconds)


def write_bodies(bodies: list[dict[str, Any]], path: Path) -> Path:
    """Write request bodies one per line, as the Lua script reads them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(body, separators=(",", ":")) + "\n" for body in bodies))
    return path
