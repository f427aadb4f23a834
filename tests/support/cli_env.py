"""Running ``papergraph`` commands in tests against the test's own database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from click.testing import Result
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings

runner = CliRunner()


@contextmanager
def cli_on(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI's settings at ``database_url`` for the block."""
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        yield
    finally:
        get_settings.cache_clear()


def run(*args: str) -> Result:
    """Run ``papergraph ARGS``; output and errors are in ``result.output``."""
    return runner.invoke(app, list(args))
