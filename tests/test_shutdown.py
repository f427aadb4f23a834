"""A real ``papergraph serve --workers 2 --no-prepare``, the compose file's API command.

SIGTERM lets the request in flight finish and the process exit 0, and ``/metrics`` adds up
the workers. The database plays no part in either, so this runs on an SQLite file only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.settings import Settings
from tests.conftest import ROOT
from tests.support.databases import migrate_url

STARTUP_SECONDS = 90


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(
    arguments: list[str], environment: dict[str, str], *, cwd: Path
) -> subprocess.Popen[bytes]:
    """Start ``papergraph ARGUMENTS``, wait until /healthz answers; output in cwd/server.log."""
    inherited = {
        key: value for key, value in os.environ.items() if not key.startswith("PAPERGRAPH_")
    }
    port = arguments[arguments.index("--port") + 1]
    log = (cwd / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", *arguments],
        cwd=cwd,
        env={**inherited, "PYTHONUNBUFFERED": "1", **environment},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}: {_log(cwd)}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"serve did not answer within {STARTUP_SECONDS}s: {_log(cwd)}")


def _log(cwd: Path) -> str:
    return (cwd / "server.log").read_text(encoding="utf-8", errors="replace")


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> int:
    """SIGTERM, as Docker sends it; the exit code."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def _in_flight(base: str) -> float:
    """Requests being answered now, the /metrics request itself included."""
    for line in httpx.get(f"{base}/metrics", timeout=5).text.splitlines():
        if line.startswith("papergraph_http_requests_in_progress "):
            return float(line.split()[1])
    raise AssertionError("no in-progress gauge")


def _json_lines(folder: Path) -> list[dict[str, Any]]:
    # Complete lines only: the server may be halfway through writing the last one.
    lines = _log(folder).splitlines(keepends=True)
    return [orjson.loads(line) for line in lines if line.startswith("{") and line.endswith("\n")]


def _metrics_add_up_over_workers(base: str, folder: Path) -> None:
    """Whichever worker answers /metrics counts the requests every worker answered."""
    counted = "query Counted { papers { totalCount } }"
    sent = 0
    while sent < 200:
        sent += 1
        # A new connection each time, so that either worker may take it.
        assert httpx.post(f"{base}/graphql", json={"query": counted}).status_code == 200
        workers = {
            line["pid"] for line in _json_lines(folder) if line.get("operation") == "Counted"
        }
        if len(workers) == 2 and sent >= 10:
            break
    assert len(workers) == 2, "one worker took every request"
    for _ in range(6):
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(httpx.get(f"{base}/metrics").text)
            for sample in family.samples
        }
        labels = (("method", "POST"), ("operation", "Counted"), ("route", "/graphql"))
        assert samples[("papergraph_http_requests_total", (*labels, ("status", "200")))] == sent
        assert samples[("papergraph_http_request_duration_seconds_count", labels)] == sent
        # Both workers' pools (SQLAlchemy's default of 5 for the SQLite file) are summed.
        assert samples[("papergraph_db_pool_size", ())] == 10


def test_sigterm_lets_the_request_in_flight_finish(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"sqlite:///{tmp_path / 'papergraph.sqlite'}"
    migrate_url(url)  # as the compose file's `migrate` service does before the API starts
    environment = {
        "PAPERGRAPH_ENV": "test",
        "PAPERGRAPH_DATABASE_URL": url,
        "PAPERGRAPH_SEEDS_DIR": str(ROOT / "seeds"),
        "PAPERGRAPH_LOG_FORMAT": "json",
    }
    # The compose file's API command: it must neither migrate nor seed.
    command = ["serve", "--port", str(port), "--workers", "2", "--no-prepare"]
    server = serve(command, environment, cwd=tmp_path)
    answers: list[httpx.Response] = []
    slow = threading.Thread(
        target=lambda: answers.append(
            httpx.get(
                f"{base}/_test/sleep",
                params={"seconds": 3},
                headers={"X-Request-ID": "slow-request-1"},
                timeout=30,
            )
        )
    )
    try:
        papers = httpx.post(f"{base}/graphql", json={"query": "{ papers { totalCount } }"})
        assert papers.json() == {"data": {"papers": {"totalCount": 0}}}
        assert httpx.get(f"{base}/readyz").status_code == 200
        _metrics_add_up_over_workers(base, tmp_path)
        slow.start()
        deadline = time.monotonic() + 10
        while _in_flight(base) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        signalled = time.monotonic()
        server.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # Shutting down: no new connections, while the one in flight goes on.
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            accepted_new = True
        except httpx.TransportError:
            accepted_new = False
        slow.join(timeout=30)
        exit_code = server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()

    assert not accepted_new
    [answer] = answers
    assert answer.status_code == 200
    assert answer.json() == {"slept": 3.0}
    assert time.monotonic() - signalled < 30
    assert exit_code == 0, _log(tmp_path)
    lines = _json_lines(tmp_path)
    [logged] = [line for line in lines if line.get("request_id") == "slow-request-1"]
    assert logged["logger"] == "papergraph.access"
    assert (logged["path"], logged["status"]) == ("/_test/sleep", 200)
    assert logged["duration_ms"] >= 3000
    assert any(line["message"].startswith("Waiting for connections to close") for line in lines)


def test_the_slow_route_exists_only_in_the_test_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'papergraph.sqlite'}"
    for env, status in (("test", 200), ("development", 404), ("production", 404)):
        with TestClient(create_app(Settings(env=env, database_url=url))) as http:
            assert http.get("/_test/sleep", params={"seconds": 0}).status_code == status
