"""``/healthz``: the process answers; ``/readyz``: it can serve (database up, schema current)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api import migrate

log = logging.getLogger("papergraph.health")


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _schema_problem(current: str | None, head: str | None, known: frozenset[str]) -> str | None:
    if current == head:
        return None
    if current is not None and current not in known:
        # A newer release migrated the database; this process is the one to replace.
        return (
            f"database schema at revision {current}, newer than this version knows "
            f"(its newest is {head}); upgrade this server"
        )
    return (
        f"database schema at revision {current or 'none'}, this version needs {head}; "
        "run `papergraph migrate`"
    )


async def readiness_problem(
    engine: AsyncEngine, head: str | None, timeout: float, known: frozenset[str] = frozenset()
) -> str | None:
    """Why the app cannot serve yet, or None when it can.

    The database error itself goes to the log, not to the caller: probes may be public and
    driver messages name hosts and databases.
    """
    try:
        async with asyncio.timeout(timeout):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
                current = await connection.run_sync(_revision)
    except TimeoutError:
        log.warning("readiness: the database did not answer within %g s", timeout)
        return f"database did not answer within {timeout:g} s"
    except Exception as error:
        # Whatever the driver raises (refused, unknown database, unreadable file) means "down".
        first_line = next(iter(str(error).splitlines()), "")
        log.warning("readiness: database unreachable: %s: %s", type(error).__name__, first_line)
        return "database unreachable"
    return _schema_problem(current, head, known)


def health_router(engine: AsyncEngine, *, timeout: float) -> APIRouter:
    """Liveness never touches the database; readiness checks it within ``timeout`` seconds."""
    router = APIRouter(include_in_schema=False)
    head = migrate.head_revision()
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    known = frozenset(script.revision for script in scripts.walk_revisions())

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz() -> Any:
        problem = await readiness_problem(engine, head, timeout, known)
        if problem is not None:
            return JSONResponse({"status": "unavailable", "reason": problem}, status_code=503)
        return {"status": "ready", "revision": head}

    return router
