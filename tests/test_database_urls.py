"""Plain database URLs get the right driver, and libpq's TLS mode reaches asyncpg too."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.db import async_url, create_async_db_engine, create_sync_engine, sync_url
from tests.support.databases import POSTGRES_URL


@pytest.mark.parametrize(
    ("url", "sync", "asynchronous"),
    [
        ("sqlite:///data/x.db", "sqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        (
            "postgresql://u@h/db",
            "postgresql+psycopg://u@h/db",
            "postgresql+asyncpg://u@h/db",
        ),
        (
            "postgresql+psycopg2://u@h/db?sslmode=require",
            "postgresql+psycopg://u@h/db?sslmode=require",
            "postgresql+asyncpg://u@h/db?ssl=require",
        ),
        (
            "postgresql://u@h/db?application_name=pg&sslmode=verify-full",
            "postgresql+psycopg://u@h/db?application_name=pg&sslmode=verify-full",
            "postgresql+asyncpg://u@h/db?application_name=pg&ssl=verify-full",
        ),
    ],
)
def test_urls_get_their_drivers(url: str, sync: str, asynchronous: str) -> None:
    assert sync_url(url) == make_url(sync)
    assert async_url(url) == make_url(asynchronous)


@pytest.mark.parametrize("mode", ["disable", "prefer"])
def test_an_sslmode_in_the_url_connects_with_both_drivers(
    postgres_checked: None, mode: str
) -> None:
    # The local server runs without TLS: these two modes must connect to it, by both drivers.
    url = make_url(POSTGRES_URL).update_query_dict({"sslmode": mode}).render_as_string(False)
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()

    async def ask() -> int:
        engine = create_async_db_engine(url)
        try:
            async with engine.connect() as connection:
                return int((await connection.execute(text("SELECT 1"))).scalar_one())
        finally:
            await engine.dispose()

    assert asyncio.run(ask()) == 1
