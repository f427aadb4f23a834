"""Throwaway databases for tests: migrated templates, copied per test, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from api import migrate
from api.db import create_sync_engine

POSTGRES_URL = os.environ.get(
    "PAPERGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgresql")


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        with psycopg.connect(_libpq(POSTGRES_URL), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} is unreachable: {str(error).strip()}"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(_libpq(POSTGRES_URL), autocommit=True)


def postgres_url_for(database: str) -> str:
    """The test server's URL with another database name."""
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


def create_postgres_database(*, template: str | None = None) -> str:
    """A new empty (or template-copied) database; returns its name."""
    name = f"pgtest_{uuid.uuid4().hex[:16]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"{clause}')  # type: ignore[arg-type]
    return name


def drop_postgres_database(name: str) -> None:
    """Drop a test database, closing whatever still holds it."""
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def migrate_url(url: str) -> None:
    """Run every migration against ``url``."""
    engine = create_sync_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


class DatabaseFactory:
    """Hands out fresh databases of one backend, each copied from a migrated template."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.workdir = workdir
        self._template: str | None = None
        self._created: list[str] = []

    def _template_name(self) -> str:
        if self._template is None:
            if self.backend == "sqlite":
                path = self.workdir / "template.sqlite"
                migrate_url(f"sqlite:///{path}")
                self._template = str(path)
            else:
                name = create_postgres_database()
                self._created.append(name)
                migrate_url(postgres_url_for(name))
                self._template = name
        return self._template

    def migrated(self) -> str:
        """The URL of a new database migrated to head."""
        template = self._template_name()
        if self.backend == "sqlite":
            path = self.workdir / f"{uuid.uuid4().hex[:12]}.sqlite"
            shutil.copyfile(template, path)
            return f"sqlite:///{path}"
        name = create_postgres_database(template=template)
        self._created.append(name)
        return postgres_url_for(name)

    def empty(self) -> str:
        """The URL of a new database with no tables at all."""
        if self.backend == "sqlite":
            return f"sqlite:///{self.workdir / uuid.uuid4().hex[:12]}.sqlite"
        name = create_postgres_database()
        self._created.append(name)
        return postgres_url_for(name)

    def release(self, url: str) -> None:
        """Drop a database handed out earlier (SQLite files go with the temp folder)."""
        if self.backend == "postgresql":
            name = make_url(url).database
            assert name is not None
            drop_postgres_database(name)
            self._created.remove(name)

    def close(self) -> None:
        """Drop every database still held."""
        for name in list(self._created):
            drop_postgres_database(name)
        self._created.clear()


@contextmanager
def database_factory(backend: str, workdir: Path) -> Iterator[DatabaseFactory]:
    """A factory whose databases are dropped when the block ends."""
    factory = DatabaseFactory(backend, workdir)
    try:
        yield factory
    finally:
        factory.close()
