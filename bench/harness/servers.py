"""The servers under test: how each is started, reached, and stopped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from bench.harness.dialects import JSON, Dialect
from bench.harness.dialects.floor import FloorDialect
from bench.harness.dialects.papergraph import PapergraphDialect
from bench.harness.dialects.postgraphile import PostGraphileDialect
from bench.harness.paths import (
    NODE_BINARY,
    POSTGRAPHILE_CLI,
    POSTGRAPHILE_CONFIG,
    POSTGRAPHILE_DIR,
    REPO_DIR,
    VENV_BIN,
)

STARTUP_SECONDS = 180
_REQUEST_SECONDS = 60
_SETTLE_SECONDS = 0.5


class Kind(Enum):
    """What program serves."""

    PAPERGRAPH = "papergraph"
    POSTGRAPHILE = "postgraphile"
    FLOOR = "floor"


@dataclass(frozen=True, slots=True)
class ServerSpec:
    """One server of the comparison."""

    name: str
    label: str
    kind: Kind
    database_url: str
    workers: int = 1

    @property
    def dialect(self) -> Dialect:
        """How this server is asked the queries."""
        if self.kind is Kind.PAPERGRAPH:
            return PapergraphDialect()
        if self.kind is Kind.POSTGRAPHILE:
            return PostGraphileDialect()
        return FloorDialect()

    @property
    def path(self) -> str:
        """The HTTP path queries are posted to."""
        return "/" if self.kind is Kind.FLOOR else "/graphql"

    @property
    def on_sqlite(self) -> bool:
        """Whether the server reads the SQLite file."""
        return self.database_url.startswith("sqlite")

    def command(self, port: int, database_url: str) -> tuple[list[str], dict[str, str]]:
        """The command line and extra environment that serve ``database_url`` on ``port``."""
        if self.kind is Kind.PAPERGRAPH:
            argv = [
                str(VENV_BIN / "papergraph"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ]
            argv += ["--workers", str(self.workers)]
            return argv, {"PAPERGRAPH_DATABASE_URL": database_url, "PAPERGRAPH_ENV": "production"}
        if self.kind is Kind.POSTGRAPHILE:
            argv = [str(NODE_BINARY), str(POSTGRAPHILE_CLI), "-C", str(POSTGRAPHILE_CONFIG)]
            return argv, {
                "BENCH_DATABASE_URL": database_url,
                "BENCH_PORT": str(port),
                "NODE_ENV": "production",
                "GRAPHILE_ENV": "production",
            }
        argv = [str(VENV_BIN / "uvicorn"), "bench.harness.floor_server:app", "--port", str(port)]
        argv += ["--host", "127.0.0.1", "--no-access-log", "--log-level", "warning"]
        return argv, {"BENCH_DATABASE_URL": database_url}

    def ping(self) -> JSON:
        """A cheap request that succeeds once the server is ready."""
        if self.kind is Kind.FLOOR:
            return {"query": "cursor", "variables": {"offset": 1}}
        return {"query": "{ __typename }"}


class ServerError(RuntimeError):
    """A server did not start, or answered a request with an HTTP error."""


class RunningServer:
    """A started server process (and its workers), in a process group of its own."""

    def __init__(self, spec: ServerSpec, process: subprocess.Popen[bytes], port: int, log: Path):
        self.spec = spec
        self.process = process
        self.port = port
        self.log = log

    @property
    def url(self) -> str:
        """Where queries go."""
        return f"http://127.0.0.1:{self.port}{self.spec.path}"

    def post(self, body: JSON) -> JSON:
        """Send one request and decode the JSON answer (GraphQL errors included)."""
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=_REQUEST_SECONDS) as reply:
                answer: JSON = json.loads(reply.read())
        except urllib.error.HTTPError as error:
            answer = json.loads(error.read() or b"{}")
            if "errors" not in answer:
                raise ServerError(f"{self.spec.name}: HTTP {error.code}") from error
        return answer

    def wait_ready(self) -> None:
        """Block until the server answers its ping; raise if it exits or takes too long."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{self.spec.name} exited; see {self.log}")
            try:
                answer = self.post(self.spec.ping())
            except (OSError, ServerError, ValueError):
                time.sleep(0.5)
                continue
            if "errors" in answer:
                raise ServerError(f"{self.spec.name} answered its ping with {answer}")
            return
        raise ServerError(
            f"{self.spec.name} was not ready after {STARTUP_SECONDS} s; see {self.log}"
        )

    def drain(self) -> None:
        """Wait until requests a load run left behind are done.

        wrk stops with requests in flight; the server still works on them, and the next run
        must not pay for that. A request sent now is answered once the backlog before it is.
        """
        self.post(self.spec.ping())
        time.sleep(_SETTLE_SECONDS)

    def stop(self) -> None:
        """Stop the server's process group: SIGTERM, then SIGKILL after ten seconds."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(spec: ServerSpec, log_dir: Path, *, database_url: str | None = None) -> RunningServer:
    """Start ``spec`` on a free port and wait until it answers.

    Args:
        spec: The server.
        log_dir: Where its output goes (``<name>.log``).
        database_url: Serve this URL instead of the spec's (the statement counter's proxy).
    """
    port = free_port()
    argv, extra_env = spec.command(port, database_url or spec.database_url)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{spec.name}.log"
    cwd = POSTGRAPHILE_DIR if spec.kind is Kind.POSTGRAPHILE else REPO_DIR
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env={**os.environ, **extra_env},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = RunningServer(spec, process, port, log)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def describe(spec: ServerSpec) -> dict[str, Any]:
    """The spec as plain data for the raw results."""
    return {
        "name": spec.name,
        "label": spec.label,
        "kind": spec.kind.value,
        "workers": spec.workers,
    }
