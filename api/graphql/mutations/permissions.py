"""Who may write: requests carrying an active API key (``Authorization: Bearer KEY``)."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from api.auth.keys import ApiKeyRecord, verify_key
from api.graphql.context import Context
from api.graphql.types import ContextInfo

UNAUTHENTICATED = "UNAUTHENTICATED"
UNAUTHENTICATED_MESSAGE = "a valid API key is required: send Authorization: Bearer KEY"


async def current_key(context: Context) -> ApiKeyRecord | None:
    """The active key the request's bearer token names; looked up once per request."""
    if not context.api_key_checked:
        async with context.db.lock:
            context.api_key = await verify_key(context.db.session, context.bearer_token)
        context.api_key_checked = True
    return context.api_key


class IsCurator(BasePermission):
    """Lets a field run only for a request with an active key; else UNAUTHENTICATED.

    A missing, unknown and revoked key get the same answer, so it tells a guesser nothing.
    """

    message = UNAUTHENTICATED_MESSAGE
    error_extensions = {"code": UNAUTHENTICATED}  # noqa: RUF012 (Strawberry reads the class attribute)

    async def has_permission(self, source: Any, info: ContextInfo, **kwargs: Any) -> bool:
        """Whether the request carries an active API key."""
        return await current_key(info.context) is not None
