"""Migrations: one head, up/down/up on both backends, and no drift between models and DDL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from api import migrate
from api.db import create_sync_engine
from api.migrate import include_in_autogenerate
from api.models import SQLModel
from tests.support.databases import DatabaseFactory

TABLES = {"paper", "author", "authorship"}


@pytest.fixture
def empty_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    url = databases.empty()
    engine = create_sync_engine(url)
    yield engine
    engine.dispose()
    databases.release(url)


def test_there_is_exactly_one_head() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1


def test_upgrade_downgrade_upgrade(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) >= TABLES
    assert migrate.current_revision(empty_engine) == migrate.head_revision()

    migrate.downgrade(empty_engine)
    assert not TABLES & set(inspect(empty_engine).get_table_names())
    assert migrate.current_revision(empty_engine) is None

    migrate.upgrade(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) >= TABLES


def test_every_step_downgrades_and_upgrades_again(empty_engine: Engine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    for revision in revisions:
        migrate.upgrade(empty_engine, revision)
        migrate.downgrade(empty_engine, "-1")
        migrate.upgrade(empty_engine, revision)
        assert migrate.current_revision(empty_engine) == revision


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_in_autogenerate}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
