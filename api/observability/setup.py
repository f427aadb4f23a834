"""Wiring operations into an app: middleware, ``/metrics``, and the test environment's routes."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from api.observability.debug import test_only_router
from api.observability.metrics import Metrics
from api.observability.middleware import ObservabilityMiddleware
from api.observability.routes import metrics_router
from api.settings import Settings


def instrument(app: FastAPI, settings: Settings, engine: AsyncEngine) -> Metrics:
    """Add request IDs, access logs and metrics to ``app``; returns its metrics."""
    metrics = Metrics(engine.sync_engine.pool)
    app.state.metrics = metrics
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    app.include_router(metrics_router(metrics))
    if settings.env == "test":
        app.include_router(test_only_router())
    return metrics
