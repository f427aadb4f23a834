"""Giving back the database session of a request that failed or was stopped.

A stopped request's resolvers are cancelled, but a DataLoader batch runs in a task of its own
and may still be using the session. Closing under it would fail ("method already in
progress") and keep its connection out of the pool, so the close waits for the statement in
flight (the session's guard) and discards the connection when cancellation broke it.
"""

from __future__ import annotations

import logging

from api.graphql.context import GuardedSession

log = logging.getLogger("papergraph.limits")


async def release(db: GuardedSession) -> None:
    """Roll back and close ``db``'s session once no statement is running; never raises."""
    async with db.lock:
        try:
            await db.session.close()
        except Exception:
            log.warning("closing a stopped request's session failed; its connection is discarded")
            try:
                await db.session.invalidate()
            except Exception:
                log.exception("discarding a stopped request's connection failed")
