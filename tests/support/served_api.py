"""A real ``papergraph serve`` process on a free port, for tests that need real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve_api(database_url: str, *, workdir: Path, timeout: float = 90) -> Iterator[str]:
    """Run ``papergraph serve`` on ``database_url`` until the block ends; yields its base URL.

    The database is migrated by ``serve`` and seeded only when it holds no papers, so a test can
    load its own papers first. The process's output is kept in ``workdir / "serve.log"``.
    """
    port = free_port()
    # Defaults only: a developer's PAPERGRAPH_* variables must not change what the test sees.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERGRAPH_")}
    env["PAPERGRAPH_DATABASE_URL"] = database_url
    log = (workdir / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/widget.js", process, timeout, workdir / "serve.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise AssertionError(f"serve exited with {process.returncode}:\n{output}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    output = log.read_text(errors="replace")
    raise AssertionError(f"serve did not answer at {url} within {timeout}s:\n{output}")
