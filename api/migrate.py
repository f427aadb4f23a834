"""Running Alembic from code: the CLI, ``serve`` and the tests migrate through here."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config() -> Config:
    """An Alembic config that finds ``migrations/`` wherever the process was started."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` up to ``revision``."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database behind ``engine`` down to ``revision``."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision in ``migrations/``."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


# Indexes on expressions that only migrations declare: SQLite cannot reflect them, so
# autogenerate would report them as drift on every run.
EXPRESSION_INDEXES = frozenset(
    {"ix_paper_newest_first", "ix_paper_oldest_first", "ix_author_most_papers"}
)


def include_in_autogenerate(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: what autogenerate compares with the models."""
    from api.search.index import include_in_migrations

    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    return include_in_migrations(name, type_, parent_names)
