"""The FastAPI application factory: settings in, app out, nothing done at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from api.db import async_session_factory, create_async_db_engine
from api.graphql.schema import build_schema
from api.graphql_http import graphql_router
from api.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app serving ``settings``' database; the engine is disposed when the app stops."""
    settings = settings or get_settings()
    engine = create_async_db_engine(settings.resolved_database_url, echo=settings.sql_echo)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(
        title="Papergraph",
        summary="Research-publication metadata as a GraphQL API.",
        lifespan=lifespan,
        docs_url=None if settings.env == "production" else "/docs",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.include_router(
        graphql_router(build_schema(), async_session_factory(engine), settings), prefix="/graphql"
    )

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/graphql")

    return app
