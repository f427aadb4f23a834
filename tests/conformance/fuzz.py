"""schemathesis in GraphQL mode against a live ``papergraph serve``: no 5xx, no broken schema.

    .venv/bin/python -m tests.conformance.fuzz [--backend sqlite|postgresql] [--operations 1000]

For each backend: a fresh migrated database with the seed listing and one API key (so the
mutations run rather than stop at authentication), a server on a free port, and schemathesis
generating at least ``--operations`` queries and mutations from the server's introspection.
Every response must be below 500, free of masked internal errors, and consistent with the
schema (no null in a non-null field). Exits non-zero on any failure; prints the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from api.auth.keys import create_api_key
from api.db import create_sync_engine
from api.ingest.service import import_papers, parse_files
from tests.support.databases import BACKENDS, database_factory, postgres_problem
from tests.support.served_api import serve_api

ROOT = Path(__file__).resolve().parents[2]
SEED_FILE = ROOT / "seeds" / "welling-max.portal.txt"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
ROOT_FIELDS = "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }"


def _prepare(url: str) -> str:
    """Seed the database and make an API key; returns the key."""
    engine = create_sync_engine(url)
    try:
        import_papers(engine, parse_files([SEED_FILE]))
        with Session(engine) as session, session.begin():
            return create_api_key(session, name="schemathesis").key
    finally:
        engine.dispose()


def _operation_count(base: str) -> int:
    schema = httpx.post(f"{base}/graphql", json={"query": ROOT_FIELDS}).json()["data"]["__schema"]
    roots = (schema["queryType"], schema["mutationType"])
    return sum(len(root["fields"]) for root in roots if root is not None)


def fuzz(backend: str, *, operations: int, seed: int, workdir: Path) -> bool:
    """Run schemathesis against a server on ``backend``; True when nothing failed."""
    with database_factory(backend, workdir) as databases:
        url = databases.migrated()
        try:
            key = _prepare(url)
            with serve_api(url, workdir=workdir) as base:
                per_operation = math.ceil(operations / _operation_count(base))
                report = workdir / f"schemathesis-{backend}.json"
                command = [
                    str(SCHEMATHESIS), "run", f"{base}/graphql",
                    "--phases", "fuzzing", "--max-examples", str(per_operation),
                    "--checks", "not_a_server_error,response_schema_conformance",
                    "--header", f"Authorization: Bearer {key}",
                    "--seed", str(seed), "--no-shrink", "--workers", "2",
                    "--generation-database", "none", "--no-color",
                    "--report", "json", "--report-json-path", str(report),
                ]  # fmt: skip
                run = subprocess.run(command, capture_output=True, text=True, timeout=900)
        finally:
            databases.release(url)
    results = json.loads(report.read_text())
    generated = results["test_cases"]["generated"]
    failures = len(results["failures"]) + len(results["errors"])
    print(
        f"schemathesis on {backend}: {generated:,} operations generated over "
        f"{results['operations']['tested']} root fields in {results['running_time']:.0f} s, "
        f"{failures} failures (exit {run.returncode})"
    )
    if run.returncode != 0 or failures:
        print(run.stdout[-20_000:], run.stderr[-5_000:], sep="\n")
    return run.returncode == 0 and failures == 0 and generated >= operations


def main() -> None:
    """Parse the arguments and fuzz each backend asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=BACKENDS, action="append")
    parser.add_argument("--operations", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()
    backends = args.backend or list(BACKENDS)
    if "postgresql" in backends and (problem := postgres_problem()) is not None:
        sys.exit(problem)
    passed = True
    for backend in backends:
        with tempfile.TemporaryDirectory() as workdir:
            directory = Path(workdir)
            passed &= fuzz(backend, operations=args.operations, seed=args.seed, workdir=directory)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
