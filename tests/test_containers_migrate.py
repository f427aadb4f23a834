"""The compose file's one-shot ``migrate`` service: ``papergraph migrate --seed-if-empty``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.db import create_sync_engine
from api.settings import get_settings
from api.stats import table_counts
from tests.conftest import ROOT
from tests.support.databases import DatabaseFactory

runner = CliRunner()


@pytest.fixture
def never_migrated(databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database with no tables, and the command line pointed at it."""
    url = databases.empty()
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", url)
    monkeypatch.setenv("PAPERGRAPH_SEEDS_DIR", str(ROOT / "seeds"))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    databases.release(url)


def _counts(url: str) -> dict[str, int]:
    engine = create_sync_engine(url)
    try:
        return table_counts(engine)
    finally:
        engine.dispose()


def test_migrate_seeds_an_empty_database_once(never_migrated: str) -> None:
    first = runner.invoke(app, ["migrate", "--seed-if-empty"])
    assert first.exit_code == 0, first.output
    assert "10 new, 0 updated, 0 unchanged papers; 32 new authors" in first.output
    assert "database at revision" in first.output

    again = runner.invoke(app, ["migrate", "--seed-if-empty"])
    assert again.exit_code == 0, again.output
    assert "new" not in again.output
    assert _counts(never_migrated) == {"paper": 10, "author": 32, "authorship": 44}


def test_migrate_alone_never_seeds(never_migrated: str) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert _counts(never_migrated) == {"paper": 0, "author": 0, "authorship": 0}


def test_a_seeds_folder_that_does_not_exist_seeds_nothing(
    never_migrated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERGRAPH_SEEDS_DIR", "/nonexistent/seeds")
    get_settings.cache_clear()
    result = runner.invoke(app, ["migrate", "--seed-if-empty"])
    assert result.exit_code == 0, result.output
    assert _counts(never_migrated)["paper"] == 0
