"""Conditional GET: strong ETags derived from the data version, and 304 Not Modified answers.

An ETag is a hash of the data version (which every write bumps), the request's normalized URL
and the release of Papergraph. Any write therefore changes every ETag at once: simpler than
tracking which rows an answer read, and never wrong, at the price of revalidating answers a write
did not touch. Clients revalidate with If-None-Match and get an empty 304 while nothing changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlencode

from starlette.requests import HTTPConnection
from starlette.responses import Response

NO_STORE = "no-store"
_TAGS = re.compile(r'(?:W/)?("[^"]*")')


@lru_cache(maxsize=1)
def _release() -> str:
    # A new release may render the same data differently, so it must not revalidate old copies.
    try:
        return version("papergraph")
    except PackageNotFoundError:
        return "unreleased"


def request_identity(request: HTTPConnection, vary: Sequence[str] = ()) -> str:
    """The request's URL with its query parameters sorted, so their order does not matter.

    Args:
        request: The request.
        vary: Request headers the answer depends on (its ``Vary``), e.g. ``("accept",)``.
    """
    url = request.url
    query = urlencode(sorted(request.query_params.multi_items()))
    headers = "".join(f"\n{name}: {request.headers.get(name, '')}" for name in vary)
    return f"{url.scheme}://{url.netloc}{url.path}?{query}{headers}"


def strong_etag(data_version: int, identity: str) -> str:
    """A quoted strong entity tag for ``identity`` at ``data_version``.

    Args:
        data_version: The data version read for this answer (``api.data_version``).
        identity: What was asked, e.g. :func:`request_identity` of the request.

    Returns:
        E.g. ``"3f2a..."``, 32 hex digits in double quotes.
    """
    material = f"{_release()}\n{data_version}\n{identity}".encode()
    return f'"{hashlib.sha256(material).hexdigest()[:32]}"'


def cache_headers(etag: str, max_age: int) -> dict[str, str]:
    """The headers of a cacheable answer: its ETag, and how long it may be reused unasked."""
    return {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}


def validators(
    request: HTTPConnection, data_version: int, max_age: int, vary: Sequence[str] = ()
) -> dict[str, str]:
    """:func:`cache_headers` for the answer to ``request`` at ``data_version``.

    With ``vary``, the tag also depends on those request headers and ``Vary`` names them.
    """
    headers = cache_headers(strong_etag(data_version, request_identity(request, vary)), max_age)
    if vary:
        headers["Vary"] = ", ".join(vary)
    return headers


def etag_matches(if_none_match: str | None, etag: str, *, any_tag: bool = True) -> bool:
    """Whether an If-None-Match header names ``etag``, by weak comparison (RFC 9110, 13.1.2).

    Args:
        if_none_match: The header's value; a list of tags, weak or strong, or ``*``.
        etag: The current tag of the resource.
        any_tag: Whether ``*`` matches; pass False when the resource may not exist.

    Returns:
        True when the client's copy is current and a 304 is the answer.
    """
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return any_tag
    opaque = etag.removeprefix("W/")
    return opaque in _TAGS.findall(if_none_match)


def not_modified(headers: dict[str, str]) -> Response:
    """An empty 304 carrying the same validators a 200 would (RFC 9110, 15.4.5)."""
    return Response(status_code=304, headers=headers)


def not_modified_or_none(
    request: HTTPConnection, headers: dict[str, str], *, any_tag: bool = True
) -> Response | None:
    """A 304 when the request's If-None-Match names ``headers["ETag"]``, else None."""
    if etag_matches(request.headers.get("if-none-match"), headers["ETag"], any_tag=any_tag):
        return not_modified(headers)
    return None
