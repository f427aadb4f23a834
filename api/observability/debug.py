"""Routes that exist only with ``PAPERGRAPH_ENV=test``, to exercise operations behaviour.

A slow request is what graceful shutdown must let finish, and no real query is reliably slow.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query

MAX_SLEEP_SECONDS = 10.0


def test_only_router() -> APIRouter:
    """``/_test/sleep?seconds=`` answers after sleeping; registered in the test env alone."""
    router = APIRouter(prefix="/_test", include_in_schema=False)

    @router.get("/sleep")
    async def sleep(seconds: float = Query(ge=0, le=MAX_SLEEP_SECONDS)) -> dict[str, float]:
        await asyncio.sleep(seconds)
        return {"slept": seconds}

    return router
