"""Cross-origin reads: which browser origins may call the API, and with which headers."""

from __future__ import annotations

from typing import Any

from api.settings import Settings

ALLOWED_METHODS = ["GET", "POST", "OPTIONS"]
# Content-Type for JSON POSTs, Authorization for deployments behind a token-checking proxy,
# If-None-Match so a page can revalidate what it fetched.
ALLOWED_HEADERS = ["Content-Type", "Authorization", "If-None-Match"]
EXPOSED_HEADERS = ["ETag"]
# How long a browser may reuse a preflight answer.
PREFLIGHT_MAX_AGE = 600


def cors_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for Starlette's ``CORSMiddleware`` from ``PAPERGRAPH_CORS_ORIGINS``.

    Any origin may read by default, since the API is public and read-only; a list of origins
    restricts browsers to those. Credentials (cookies) are never sent cross-origin.
    """
    return {
        "allow_origins": settings.cors_origin_list,
        "allow_methods": ALLOWED_METHODS,
        "allow_headers": ALLOWED_HEADERS,
        "expose_headers": EXPOSED_HEADERS,
        "allow_credentials": False,
        "max_age": PREFLIGHT_MAX_AGE,
    }
