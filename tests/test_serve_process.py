"""A real ``papergraph serve`` process on a free port, queried by a real GraphQL client."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gql import Client, gql
from gql.transport.httpx import HTTPXTransport

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"serve did not answer at {url} within {timeout}s")


@pytest.fixture
def served(databases: object, tmp_path: Path) -> Iterator[str]:
    """Serve an empty database; ``serve`` must migrate it and load seeds/ by itself."""
    from tests.support.databases import DatabaseFactory

    assert isinstance(databases, DatabaseFactory)
    url = databases.empty()
    port = _free_port()
    env = {
        **os.environ,
        "PAPERGRAPH_DATABASE_URL": url,
        "PAPERGRAPH_SEEDS_DIR": str(ROOT / "seeds"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/graphql", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)
        databases.release(url)


def test_serve_migrates_seeds_and_answers_a_graphql_client(served: str) -> None:
    client = Client(transport=HTTPXTransport(url=f"{served}/graphql"))
    query = gql("""query Welling($slug: String!) { author(slug: $slug) {
        name paperCount coauthors(first: 3) { author { name } sharedPaperCount } } }""")
    query.variable_values = {"slug": "max-welling"}
    result = client.execute(query)
    assert result["author"]["name"] == "Max Welling"
    assert result["author"]["paperCount"] == 10
    assert [c["sharedPaperCount"] for c in result["author"]["coauthors"]] == [2, 2, 2]


def test_graphiql_is_served_to_browsers(served: str) -> None:
    page = httpx.get(f"{served}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
