"""``/metrics``: the app's Prometheus metrics in the text exposition format."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.observability.metrics import CONTENT_TYPE, Metrics


def metrics_router(metrics: Metrics) -> APIRouter:
    """A router serving ``metrics`` at ``/metrics``."""
    router = APIRouter()

    @router.get("/metrics", include_in_schema=False)
    async def scrape() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    return router
