"""Restore refuses what it cannot do exactly, says why and where, and writes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, inspect
from typer.testing import CliRunner

from api import migrate
from api.backup.dump import dump
from api.backup.fileformat import BackupError
from api.backup.restore import restore
from api.cli import app
from api.data_version import read_data_version
from api.db import create_sync_engine
from api.ingest.service import import_papers, parse_files
from api.settings import get_settings
from tests.conftest import SEED_FILE
from tests.support.databases import DatabaseFactory
from tests.support.factories import make_paper
from tests.support.snapshots import snapshot

runner = CliRunner()


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dump of the seed listing, written once (a dump's rows read the same on any backend)."""
    folder = tmp_path_factory.mktemp("backup")
    engine = create_sync_engine(f"sqlite:///{folder / 'seeded.sqlite'}")
    migrate.upgrade(engine)
    import_papers(engine, parse_files([SEED_FILE]))
    dump(engine, folder / "backup.jsonl")
    engine.dispose()
    return folder / "backup.jsonl"


@pytest.fixture(scope="module")
def target(databases: DatabaseFactory) -> Iterator[Engine]:
    """An empty database migrated to head, shared by the refusals: each checks it wrote nothing."""
    url = databases.migrated()
    engine = create_sync_engine(url)
    yield engine
    engine.dispose()
    databases.release(url)


@pytest.fixture
def own_target(databases: DatabaseFactory) -> Iterator[Engine]:
    """An empty database migrated to head, for a test that writes to it."""
    url = databases.migrated()
    engine = create_sync_engine(url)
    yield engine
    engine.dispose()
    databases.release(url)


def _rewrite(path: Path, edit: dict[int, str | None], folder: Path) -> Path:
    """A copy of ``path`` in ``folder``, lines replaced (or dropped when None), from 1."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, text in edit.items():
        lines[number - 1] = "" if text is None else text
    changed = folder / f"changed-{path.name}"
    changed.write_text("".join(lines), encoding="utf-8")
    return changed


def _with_revision(path: Path, revision: str, folder: Path) -> Path:
    header = orjson.loads(path.read_text(encoding="utf-8").splitlines()[0])
    edited = orjson.dumps({**header, "revision": revision}).decode() + "\n"
    return _rewrite(path, {1: edited}, folder)


def _refused(engine: Engine, path: Path, *, replace: bool = False) -> str:
    """Restore ``path`` expecting a refusal; checks nothing changed and returns the message."""
    before = snapshot(engine)
    with pytest.raises(BackupError) as refusal:
        restore(engine, path, replace=replace)
    assert snapshot(engine) == before
    return str(refusal.value)


def test_a_database_holding_data_is_refused(backup: Path, seeded_engine: Engine) -> None:
    message = _refused(seeded_engine, backup)
    held = re.fullmatch(r"the database is not empty \((.*) rows\); restore into .*", message)
    assert held, message
    counts = dict(part.split(": ") for part in held[1].split(", "))
    assert {"author": "32", "authorship": "44", "paper": "10"}.items() <= counts.items()
    assert "--replace" in message


def _version(engine: Engine) -> int:
    with engine.connect() as connection:
        return read_data_version(connection)


def test_replace_wipes_and_restores_in_one_go(backup: Path, own_target: Engine) -> None:
    target = own_target
    restore(target, backup)
    restored = snapshot(target)
    import_papers(target, [make_paper(title="Only In The Target", authors="Neu, Anna")])
    import_papers(target, [make_paper(title="Also Only Here", authors="Neu, Anna")])
    version_before = _version(target)

    restore(target, backup, replace=True)

    after = snapshot(target)
    assert {name: rows for name, rows in after.items() if name != "data_version"} == {
        name: rows for name, rows in restored.items() if name != "data_version"
    }
    # Caches keyed by the data version must see a version that never meant other data.
    assert _version(target) == version_before + 1


def test_a_dump_of_another_schema_revision_is_refused(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    changed = _with_revision(backup, "0001", tmp_path)
    message = _refused(target, changed)
    assert "was dumped at schema revision 0001, but the database is at" in message


def test_an_unmigrated_database_is_left_untouched_by_an_old_dump(
    backup: Path, databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.empty()
    engine = create_sync_engine(url)
    changed = _with_revision(backup, "0001", tmp_path)
    with pytest.raises(BackupError, match="restore it with the version that wrote it"):
        restore(engine, changed)
    assert inspect(engine).get_table_names() == []
    engine.dispose()
    databases.release(url)


def test_a_failed_restore_into_an_unmigrated_database_leaves_no_tables(
    backup: Path, databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.empty()
    engine = create_sync_engine(url)
    truncated = _rewrite(backup, {len(backup.read_text().splitlines()): None}, tmp_path)
    with pytest.raises(BackupError, match="incomplete"):
        restore(engine, truncated)
    # The migration ran in the restore's transaction, and went with it.
    assert inspect(engine).get_table_names() == []
    engine.dispose()
    databases.release(url)


def test_a_truncated_file_is_refused(backup: Path, target: Engine, tmp_path: Path) -> None:
    last = len(backup.read_text(encoding="utf-8").splitlines())
    message = _refused(target, _rewrite(backup, {last: None}, tmp_path))
    assert "stops before its end line: it is incomplete" in message


def test_counts_that_disagree_with_the_rows_are_refused(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    last_row = len(backup.read_text(encoding="utf-8").splitlines()) - 1  # an authorship
    message = _refused(target, _rewrite(backup, {last_row: None}, tmp_path))
    assert "the end line counts" in message and "'authorship': 43" in message


def test_a_line_that_is_not_json_names_file_and_line(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    changed = _rewrite(backup, {7: '{"table": "author", "row": {\n'}, tmp_path)
    message = _refused(target, changed)
    assert message.startswith(f"{changed}:7: not a JSON line")


def test_an_unknown_column_names_file_and_line(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    row = orjson.loads(backup.read_text(encoding="utf-8").splitlines()[2])
    row["row"]["nickname"] = "Max"
    changed = _rewrite(backup, {3: orjson.dumps(row).decode() + "\n"}, tmp_path)
    message = _refused(target, changed)
    assert message == f"{changed}:3: table author: missing [], unknown ['nickname']"


def test_an_unknown_type_tag_names_file_and_line(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    row = orjson.loads(backup.read_text(encoding="utf-8").splitlines()[1])
    row["row"]["created_at"] = {"$moment": "now"}
    changed = _rewrite(backup, {2: orjson.dumps(row).decode() + "\n"}, tmp_path)
    message = _refused(target, changed)
    assert message == f"{changed}:2: table author: unknown type tag '$moment'"


def test_rows_the_database_refuses_roll_everything_back(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    lines = backup.read_text(encoding="utf-8").splitlines()
    duplicate = _rewrite(backup, {3: lines[1] + "\n"}, tmp_path)  # author 1 twice
    message = _refused(target, duplicate)
    assert message.startswith(f"{duplicate}:2-33: table author: the database refused these rows:")


def test_rows_out_of_dependency_order_are_refused(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    lines = backup.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = [lines[0], *lines[-2:-1], *lines[1:-2], lines[-1]]  # an authorship first
    path = tmp_path / "moved.jsonl"
    path.write_text("".join(moved), encoding="utf-8")
    message = _refused(target, path)
    assert "rows of author come after rows of authorship" in message


def test_a_file_that_is_not_a_dump_is_refused(tmp_path: Path, target: Engine) -> None:
    listing = tmp_path / "listing.txt"
    listing.write_text("Welling, Max\n", encoding="utf-8")
    assert _refused(target, listing).startswith(f"{listing}:1: not a JSON line")
    header_less = tmp_path / "other.jsonl"
    header_less.write_text('{"hello": "world"}\n', encoding="utf-8")
    assert (
        _refused(target, header_less) == f"{header_less}:1: not a Papergraph dump (no header line)"
    )


def test_a_missing_file_is_refused(tmp_path: Path, target: Engine) -> None:
    assert _refused(target, tmp_path / "nope.jsonl") == (
        f"cannot read {tmp_path / 'nope.jsonl'}: No such file or directory"
    )


def test_dump_of_a_database_never_migrated_is_refused(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.empty()
    engine = create_sync_engine(url)
    with pytest.raises(BackupError, match="never migrated: there is nothing to dump"):
        dump(engine, tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []
    engine.dispose()
    databases.release(url)


def test_dump_to_a_folder_that_does_not_exist_leaves_no_file(
    seeded_engine: Engine, tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match=r"cannot write .*/missing/out.jsonl: No such file"):
        dump(seeded_engine, tmp_path / "missing" / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the command line at this test's database."""
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


SEEDED = {("author", 32), ("paper", 10), ("authorship", 44), ("data_version", 1)}


def _reported(output: str, verb: str, place: str) -> set[tuple[str, int]]:
    """The (table, rows) pairs of a "dumped N rows (32 author, ...) to FILE" line."""
    line = re.search(rf"^{verb} [\d,]+ rows \((.*)\) {re.escape(place)}$", output, re.M)
    assert line, output
    pairs = (part.split(" ") for part in line[1].split(", "))
    return {(table, int(count.replace(",", ""))) for count, table in pairs}


def test_the_commands_report_counts_and_errors_without_tracebacks(
    cli_database: str, tmp_path: Path
) -> None:
    runner.invoke(app, ["migrate", "--seed-if-empty"])
    file = tmp_path / "backup.jsonl"

    dumped = runner.invoke(app, ["dump", str(file)])
    assert dumped.exit_code == 0, dumped.output
    assert _reported(dumped.output, "dumped", f"to {file}") >= SEEDED

    refused = runner.invoke(app, ["restore", str(file)])
    assert refused.exit_code == 1
    assert "error: the database is not empty" in refused.output
    assert "nothing was restored" in refused.output
    assert "Traceback" not in refused.output

    replaced = runner.invoke(app, ["restore", "--replace", str(file)])
    assert replaced.exit_code == 0, replaced.output
    assert _reported(replaced.output, "restored", f"from {file}") >= SEEDED
    with create_sync_engine(cli_database).connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM paper")) == 10
