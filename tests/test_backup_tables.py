"""Restore's writer: rows that point into their own table load whatever their order."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from api.backup.fileformat import BackupError
from api.backup.reader import DumpReader, Row
from api.backup.restore import TableWriter
from api.db import create_sync_engine
from tests.support.databases import DatabaseFactory

# A scratch table in a throwaway database: no Papergraph table points into itself (yet).
TREE = sa.Table(
    "tree",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("tree.id")),
    sa.Column("label", sa.Text, nullable=False),
)


def _load(url: str, rows: list[dict[str, object]], folder: Path) -> list[tuple[object, ...]]:
    engine = create_sync_engine(url)
    try:
        with engine.begin() as connection:
            TREE.create(connection)
        reader = DumpReader(folder / "tree.jsonl", io.StringIO())
        with engine.begin() as connection:
            writer = TableWriter(reader, connection, TREE)
            for number, values in enumerate(rows, start=2):
                writer.add(Row(number=number, table="tree", values=values))
            writer.finish(len(rows) + 1)
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.select(TREE).order_by(TREE.c.id))]
    finally:
        engine.dispose()


def test_a_row_may_point_at_one_that_comes_later(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.empty()
    rows = [
        {"id": 1, "parent_id": 3, "label": "child of the last"},
        {"id": 2, "parent_id": 1, "label": "grandchild"},
        {"id": 3, "parent_id": None, "label": "root"},
    ]
    assert _load(url, rows, tmp_path) == [
        (1, 3, "child of the last"),
        (2, 1, "grandchild"),
        (3, None, "root"),
    ]
    databases.release(url)


def test_a_pointer_to_nothing_is_refused_with_the_lines(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    url = databases.empty()
    rows = [{"id": 1, "parent_id": None, "label": "root"}, {"id": 2, "parent_id": 9, "label": "x"}]
    with pytest.raises(BackupError) as refusal:
        _load(url, rows, tmp_path)
    assert str(refusal.value).startswith(
        f"{tmp_path / 'tree.jsonl'}:2-3: table tree: the database refused these rows:"
    )
    databases.release(url)
