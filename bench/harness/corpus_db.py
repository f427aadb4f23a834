"""The corpus loaded once into an SQLite file and a PostgreSQL database, cached by size and seed.

Both are built by ``python -m bench.load_corpus`` (the project's importer) under a temporary
name and renamed when the load succeeded, so an interrupted load is never mistaken for a cache.
"""

from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from api import migrate
from api.db import create_sync_engine
from bench.harness.paths import POSTGRAPHILE_SQL, REPO_DIR, TMP_DIR, VENV_BIN


@dataclass(frozen=True, slots=True)
class CorpusKey:
    """What a cached corpus depends on."""

    papers: int
    seed: int

    @property
    def tag(self) -> str:
        """A name fragment, e.g. ``p100000_s20261126``."""
        return f"p{self.papers}_s{self.seed}"


def sqlite_corpus(key: CorpusKey, *, fresh: bool) -> str:
    """The URL of an SQLite file holding the corpus, loading it first if needed."""
    path = TMP_DIR / f"corpus_{key.tag}.db"
    if fresh:
        _remove_sqlite(path)
    if not path.exists():
        loading = path.with_name(path.name + ".loading")
        _remove_sqlite(loading)
        _load(f"sqlite:///{loading}", key)
        _checkpoint(loading)
        loading.rename(path)
        _remove_sqlite(loading)
    return f"sqlite:///{path}"


def postgres_corpus(admin_url: str, key: CorpusKey, *, fresh: bool) -> str:
    """The URL of a PostgreSQL database holding the corpus, loading it first if needed.

    Args:
        admin_url: A database on the server to connect to for CREATE/DROP DATABASE.
        key: The corpus.
        fresh: Drop and reload even when the database exists.
    """
    name = f"papergraph_bench_{key.tag}"
    with _admin(admin_url) as admin:
        if fresh:
            _drop(admin, name)
        if not _exists(admin, name):
            loading = f"{name}_loading"
            _drop(admin, loading)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(loading)))
            _load(_database_url(admin_url, loading), key)
            _vacuum(_database_url(admin_url, loading))
            admin.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(loading), sql.Identifier(name)
                )
            )
    return _database_url(admin_url, name)


def migrate_to_head(database_url: str) -> None:
    """Bring a cached corpus to the application's newest schema, as ``papergraph serve`` would.

    Done before any server starts, so PostGraphile introspects the same tables and indexes
    Papergraph serves. A migration that rewrote rows leaves dead tuples and stale statistics
    behind, so PostgreSQL is vacuumed and analysed afterwards (a no-op's worth of work when
    nothing changed).
    """
    engine = create_sync_engine(database_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    if not database_url.startswith("sqlite"):
        _vacuum(database_url)


def apply_postgraphile_objects(database_url: str) -> None:
    """Create the SQL function and smart tags PostGraphile's queries need (idempotent)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(POSTGRAPHILE_SQL.read_text())


def _vacuum(database_url: str) -> None:
    # Plans and index-only scans as on any server whose autovacuum has caught up.
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _load(url: str, key: CorpusKey) -> None:
    print(f"loading {key.papers:,} papers (seed {key.seed}) into {url}")
    command = [str(VENV_BIN / "python"), "-m", "bench.load_corpus", url]
    command += ["--papers", str(key.papers), "--seed", str(key.seed)]
    subprocess.run(command, cwd=REPO_DIR, check=True)


def _admin(admin_url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(_plain(admin_url), autocommit=True)


def _exists(admin: psycopg.Connection[tuple[object, ...]], name: str) -> bool:
    found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return found is not None


def _drop(admin: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _database_url(admin_url: str, name: str) -> str:
    return _plain(make_url(admin_url).set(database=name).render_as_string(hide_password=False))


def _plain(url: str) -> str:
    # psycopg and the other clients take libpq URLs, without SQLAlchemy's "+driver".
    parsed = make_url(url)
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=False)


def _checkpoint(path: Path) -> None:
    # Everything into the main file before it is renamed away from its -wal file.
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
