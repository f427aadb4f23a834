"""The FastAPI application factory: settings in, app out, nothing done at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse

from api.db import async_session_factory, create_async_db_engine
from api.graphql.compiled.lane import CompiledLane
from api.graphql.compiled.readers import reader_for
from api.graphql.compiled.statements import StatementCache
from api.graphql.schema import build_schema
from api.graphql_http import graphql_router
from api.health import health_router
from api.http.cors import cors_options
from api.http.exports import exports_router
from api.http.graphql_caching import GraphQLGetCaching
from api.http.graphql_over_http import GraphQLOverHTTP
from api.http.widget import widget_router
from api.limits.setup import install_limits
from api.observability.setup import instrument
from api.pages.routes import pages_router
from api.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app serving ``settings``' database; the engine is disposed when the app stops."""
    settings = settings or get_settings()
    engine = create_async_db_engine(settings.resolved_database_url, echo=settings.sql_echo)
    reader = reader_for(engine) if settings.compiled_reads != "off" else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if reader is not None:
            await reader.close()
        await engine.dispose()
        _app.state.metrics.forget_process()

    app = FastAPI(
        title="Papergraph",
        summary="Research-publication metadata as a GraphQL API.",
        lifespan=lifespan,
        docs_url=None if settings.env == "production" else "/docs",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.compiled_reader = reader
    statements = StatementCache()
    app.state.compiled_statements = statements
    schema = build_schema(settings, statements=statements)
    app.include_router(
        graphql_router(schema, async_session_factory(engine), settings), prefix="/graphql"
    )

    app.include_router(health_router(engine, timeout=settings.readiness_timeout))
    app.include_router(widget_router(async_session_factory(engine)))
    app.include_router(exports_router(async_session_factory(engine), settings))
    app.include_router(pages_router(async_session_factory(engine), settings))
    if reader is not None:
        # Innermost: a compiled read passes every other layer as a Strawberry answer would.
        app.add_middleware(
            CompiledLane,
            path="/graphql",
            schema=schema,
            settings=settings,
            reader=reader,
            statements=statements,
        )
    app.add_middleware(
        GraphQLGetCaching,
        path="/graphql",
        sessions=async_session_factory(engine),
        max_age=settings.cache_max_age,
    )
    app.add_middleware(GraphQLOverHTTP, path="/graphql")
    install_limits(app, settings)
    # Added last of these, so it is outside them: preflights are answered before anything else.
    app.add_middleware(CORSMiddleware, **cors_options(settings))
    # Last, so outermost: every request, answered by any layer, is timed, logged and given an ID.
    instrument(app, settings, engine)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/graphql")

    return app
