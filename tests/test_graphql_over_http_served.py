"""A real ``papergraph serve``: graphql-http's GraphQL-over-HTTP audit, and limits over the wire."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ROOT, SEED_FILE, _in_ci
from tests.support.databases import DatabaseFactory
from tests.support.served_api import serve_api

CONFORMANCE = ROOT / "tests" / "conformance"


def _node_problem() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (CONFORMANCE / "node_modules" / "graphql-http").is_dir():
        return "graphql-http is not installed: npm ci --prefix tests/conformance"
    return None


@pytest.fixture(scope="module")
def served(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``papergraph serve`` on a migrated database holding the seed listing, one per module."""
    from api.db import create_sync_engine
    from api.ingest.service import import_papers, parse_files

    url = databases.migrated()
    engine = create_sync_engine(url)
    import_papers(engine, parse_files([SEED_FILE]))
    engine.dispose()
    try:
        with serve_api(url, workdir=tmp_path_factory.mktemp("served")) as base:
            yield base
    finally:
        databases.release(url)


def test_every_must_and_should_audit_passes(served: str) -> None:
    problem = _node_problem()
    if problem is not None:
        if _in_ci():
            pytest.fail(f"{problem} (CI=true: the audit must run)")
        pytest.skip(problem)
    run = subprocess.run(
        ["node", "audit.mjs", f"{served}/graphql", "--json"],
        cwd=CONFORMANCE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = json.loads(run.stdout)
    failed = [a for level in ("MUST", "SHOULD") for a in results[level] if not a["ok"]]
    assert failed == [], failed
    assert (len(results["MUST"]), len(results["SHOULD"])) == (13, 23)
    assert run.returncode == 0, run.stderr


def test_oversized_bodies_get_an_answer_over_a_real_connection(served: str) -> None:
    body = b'{"query": "' + b"a" * 5_000_000 + b'"}'
    reply = httpx.post(
        f"{served}/graphql", content=body, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert reply.status_code == 413
    assert reply.json()["errors"][0]["message"] == (
        "request body is 5,000,013 bytes; the limit is 100,000"
    )
    after = httpx.post(f"{served}/graphql", json={"query": "{ papers { totalCount } }"})
    assert after.json() == {"data": {"papers": {"totalCount": 10}}}
