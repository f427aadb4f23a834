"""Dump and restore recreate every row, on each backend and from one backend to the other."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from api.backup.dump import dump
from api.backup.restore import restore
from api.backup.values import encode
from api.db import create_sync_engine
from api.ingest.service import import_papers
from api.models import SQLModel, author_table, paper_table
from tests.support.databases import DatabaseFactory, database_factory
from tests.support.factories import catalogue, make_paper
from tests.support.snapshots import snapshot

UNICODE_PAPERS = [
    make_paper(title="Über Graphen", authors="Köhler, Jonas, 王, 小明", year=2024),
    make_paper(title="图神经网络", authors="王, 小明", doi="10.1000/图.1", abstract="摘要 ✓"),
]


MOMENT = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


def _sample(column: sa.Column[Any], connection: sa.Connection) -> Any:
    """A value for ``column`` that exercises its type: Unicode, microseconds, JSON, bytes."""
    if column.foreign_keys:
        [key] = column.foreign_keys
        return connection.scalar(sa.select(sa.func.min(key.column)))
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return MOMENT if kind.timezone else MOMENT.replace(tzinfo=None)
    if isinstance(kind, sa.JSON):
        return {"kept": [1, "Köhler"], "王": None, "nested": {"ok": True}}
    if isinstance(kind, sa.LargeBinary):
        return b"\x00\xffbytes"
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 7
    if isinstance(kind, sa.String):
        return f"Köhler 王 {column.name}"[: kind.length or None]
    raise AssertionError(f"no sample for {column.table.name}.{column.name} of type {kind!r}")


def _fill(engine: Engine) -> None:
    """Papers with Unicode names through the importer, then a row in every table still empty.

    Tables added later get their row here too, so a round trip always covers all of them.
    """
    import_papers(engine, [*catalogue(), *UNICODE_PAPERS])
    with engine.begin() as connection:
        connection.execute(
            sa.update(author_table)
            .where(author_table.c.family_name == "Köhler")
            .values(orcid="0000-0002-1825-0097", updated_at=MOMENT)
        )
        for table in SQLModel.metadata.sorted_tables:
            if connection.scalar(sa.select(sa.func.count()).select_from(table)):
                continue
            row = {
                column.name: _sample(column, connection)
                for column in table.columns
                if not (column.primary_key and column.autoincrement is True)
                and column.computed is None
            }
            connection.execute(table.insert().values(row))


def _portable(engine: Engine) -> dict[str, list[list[Any]]]:
    """Every row as the dump encodes it: comparable between SQLite and PostgreSQL."""
    rows = snapshot(engine)
    return {
        table.name: [
            [encode(value, column) for column, value in zip(table.columns, row, strict=True)]
            for row in rows[table.name]
        ]
        for table in SQLModel.metadata.sorted_tables
    }


@pytest.fixture
def other_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    """A second database of the same backend that was never migrated."""
    url = databases.empty()
    engine = create_sync_engine(url)
    yield engine
    engine.dispose()
    databases.release(url)


def test_restore_recreates_every_row(engine: Engine, other_engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    file = tmp_path / "backup.jsonl"
    dumped = dump(engine, file)
    assert dumped["paper"] == 14 and dumped["author"] > 0 and dumped["authorship"] > 0

    restored = restore(other_engine, file)

    assert restored == dumped
    assert all(dumped.values()), f"every table has rows to carry: {dumped}"
    assert snapshot(other_engine) == snapshot(engine)
    with other_engine.connect() as connection:
        names = set(connection.scalars(sa.select(author_table.c.name)))
    assert "Jonas Köhler" in names
    assert any("王" in name and "小明" in name for name in names)


def test_restored_database_takes_new_rows_without_id_clashes(
    engine: Engine, other_engine: Engine, tmp_path: Path
) -> None:
    _fill(engine)
    dump(engine, tmp_path / "backup.jsonl")
    restore(other_engine, tmp_path / "backup.jsonl")

    summary = import_papers(other_engine, [make_paper(title="A New Paper", authors="Neu, Anna")])

    assert summary.papers_new == 1 and summary.authors_new == 1
    with other_engine.connect() as connection:
        ids = connection.scalars(sa.select(paper_table.c.id).order_by(paper_table.c.id)).all()
    assert ids == sorted(set(ids)) and ids[-1] == len(ids)


def _derived_tables_agree(engine: Engine) -> list[str]:
    """Check what the database derives from the restored rows; returns the tables checked.

    SQLite's FTS5 integrity check compares an external-content index with its table; on
    PostgreSQL a table the migrations keep by triggers has one row per paper.
    """
    checked = []
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            for name in connection.scalars(
                sa.text("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            ):
                connection.execute(
                    sa.text(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
                )
                checked.append(name)
        elif sa.inspect(connection).has_table("paper_search"):
            counts = connection.execute(
                sa.text("SELECT (SELECT count(*) FROM paper_search), (SELECT count(*) FROM paper)")
            ).one()
            assert counts[0] == counts[1]
            checked.append("paper_search")
    return checked


def test_search_indexes_follow_the_restored_rows(
    engine: Engine, other_engine: Engine, tmp_path: Path
) -> None:
    _fill(engine)
    dump(engine, tmp_path / "backup.jsonl")
    restore(other_engine, tmp_path / "backup.jsonl")
    restore(other_engine, tmp_path / "backup.jsonl", replace=True)

    assert _derived_tables_agree(other_engine) == _derived_tables_agree(engine)


def test_gzip_dump_restores_the_same(engine: Engine, other_engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    dump(engine, tmp_path / "backup.jsonl.gz")
    assert (tmp_path / "backup.jsonl.gz").read_bytes()[:2] == b"\x1f\x8b"
    restore(other_engine, tmp_path / "backup.jsonl.gz")
    assert snapshot(other_engine) == snapshot(engine)


@pytest.fixture
def both_backends(
    postgres_checked: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[DatabaseFactory, DatabaseFactory]]:
    """A factory per backend, for the tests that cross from one to the other."""
    with (
        database_factory("sqlite", tmp_path_factory.mktemp("cross-sqlite")) as sqlite,
        database_factory("postgresql", tmp_path_factory.mktemp("cross-pg")) as postgres,
    ):
        yield sqlite, postgres


def _engines(*urls: str) -> list[Engine]:
    return [create_sync_engine(url) for url in urls]


def test_sqlite_to_postgresql_and_back_loses_nothing(
    both_backends: tuple[DatabaseFactory, DatabaseFactory], tmp_path: Path
) -> None:
    sqlite, postgres = both_backends
    start, middle, end = _engines(sqlite.migrated(), postgres.empty(), sqlite.empty())
    _fill(start)

    dump(start, tmp_path / "from-sqlite.jsonl")
    restore(middle, tmp_path / "from-sqlite.jsonl")
    dump(middle, tmp_path / "from-postgresql.jsonl")
    restore(end, tmp_path / "from-postgresql.jsonl")

    assert snapshot(end) == snapshot(start)
    assert _portable(middle) == _portable(start)
    bodies = [
        (tmp_path / name).read_text(encoding="utf-8").splitlines()[1:]
        for name in ("from-sqlite.jsonl", "from-postgresql.jsonl")
    ]
    assert bodies[0] == bodies[1]
    for engine in (start, middle, end):
        engine.dispose()


def test_postgresql_to_sqlite_and_back_loses_nothing(
    both_backends: tuple[DatabaseFactory, DatabaseFactory], tmp_path: Path
) -> None:
    sqlite, postgres = both_backends
    start, middle, end = _engines(postgres.migrated(), sqlite.empty(), postgres.empty())
    # PostgreSQL's now() has microseconds, which SQLite's CURRENT_TIMESTAMP never has.
    _fill(start)

    dump(start, tmp_path / "a.jsonl")
    restore(middle, tmp_path / "a.jsonl")
    dump(middle, tmp_path / "b.jsonl")
    restore(end, tmp_path / "b.jsonl")

    assert snapshot(end) == snapshot(start)
    assert _portable(middle) == _portable(start)
    for engine in (start, middle, end):
        engine.dispose()
