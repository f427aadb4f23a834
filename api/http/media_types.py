"""Which media type a GraphQL client asked for, by its ``Accept`` header.

The GraphQL-over-HTTP specification knows two: ``application/graphql-response+json``, whose
status codes tell request errors (4xx) from results, and ``application/json``, answered with
200 whatever happened. A client that names neither, or sends no ``Accept``, gets JSON.
"""

from __future__ import annotations

from starlette.types import Scope

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# Rank among equally weighted choices: the specific GraphQL type first, wildcards last.
_KNOWN = {GRAPHQL_RESPONSE: 2, JSON: 1, "application/*": 0, "*/*": 0}


def _weight(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def preferred_media_type(accept: str | None) -> str:
    """``GRAPHQL_RESPONSE`` when the client prefers it, else ``JSON``."""
    best: tuple[float, int] = (0.0, -1)
    choice = JSON
    for item in (accept or "").split(","):
        media, *parameters = item.split(";")
        media = media.strip().lower()
        rank = _KNOWN.get(media)
        weight = _weight(parameters)
        if rank is None or weight <= 0 or (weight, rank) <= best:
            continue
        best = (weight, rank)
        choice = GRAPHQL_RESPONSE if media == GRAPHQL_RESPONSE else JSON
    return choice


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of header ``name`` (lower case), or None."""
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def requested_media_type(scope: Scope) -> str:
    """The media type to answer this request's GraphQL with."""
    return preferred_media_type(header(scope, b"accept"))
