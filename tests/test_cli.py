"""The command line, run as users run it, against real databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.db import create_sync_engine
from api.settings import get_settings
from api.stats import table_counts
from tests.conftest import SEED_FILE
from tests.support.portal_texts import write
from tests.support.snapshots import snapshot

runner = CliRunner()


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the CLI's settings at this test's database."""
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_seed_prints_a_summary_and_is_idempotent(cli_database: str) -> None:
    first = runner.invoke(app, ["seed", str(SEED_FILE)])
    assert first.exit_code == 0, first.output
    assert "10 new, 0 updated, 0 unchanged papers; 32 new authors" in first.output
    second = runner.invoke(app, ["seed", str(SEED_FILE)])
    assert "0 new, 0 updated, 10 unchanged papers; 0 new authors" in second.output


def test_seed_dry_run_writes_nothing(cli_database: str) -> None:
    result = runner.invoke(app, ["seed", "--dry-run", str(SEED_FILE)])
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: 10 new" in result.output
    assert table_counts(create_sync_engine(cli_database))["paper"] == 0


def test_seed_bad_file_exits_non_zero_and_writes_nothing(cli_database: str, tmp_path: Path) -> None:
    engine = create_sync_engine(cli_database)
    before = snapshot(engine)
    bad = write(tmp_path, "bad.txt", "A Title\nWelling, Max, Kingma\nAbstract.\n")
    result = runner.invoke(app, ["seed", str(SEED_FILE), str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}:2:" in result.output
    assert "nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert snapshot(engine) == before


def test_unknown_extension_asks_for_a_format(cli_database: str, tmp_path: Path) -> None:
    odd = write(tmp_path, "listing.dat", "x")
    result = runner.invoke(app, ["seed", str(odd)])
    assert result.exit_code == 1
    assert "cannot tell the format" in result.output
    assert "--format" in result.output


def test_stats_counts_rows(cli_database: str) -> None:
    runner.invoke(app, ["seed", str(SEED_FILE)])
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0
    assert [line.split() for line in result.output.splitlines()] == [
        ["paper", "10"],
        ["author", "32"],
        ["authorship", "44"],
    ]


def test_migrate_reports_the_revision(cli_database: str) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0
    assert "database at revision" in result.output


@pytest.mark.parametrize("command", ["migrate", "seed", "stats", "serve", "schema"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
