"""Wiring the per-request limits into an app, in the order they must run."""

from __future__ import annotations

from fastapi import FastAPI

from api.limits.body_size import BodySizeLimit
from api.limits.buckets import TokenBuckets
from api.limits.rate_limit import RateLimit
from api.limits.timeout import RequestTimeout
from api.settings import Settings


def install_limits(app: FastAPI, settings: Settings, *, graphql_path: str = "/graphql") -> None:
    """Add the rate, body-size and time limits around everything added to ``app`` so far.

    The last middleware added runs first: a request is counted against its rate limit before
    its body is read, and its body is bounded before the clock for the answer matters.
    """
    app.add_middleware(
        RequestTimeout, seconds=settings.request_timeout_seconds, graphql_path=graphql_path
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    per_address, per_key = settings.rate_limit_per_ip, settings.rate_limit_per_key
    if per_address or per_key:
        app.add_middleware(
            RateLimit,
            per_address=TokenBuckets(per_minute=per_address) if per_address else None,
            per_key=TokenBuckets(per_minute=per_key) if per_key else None,
        )
