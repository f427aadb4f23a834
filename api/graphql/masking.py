"""Masked errors that still lead an operator to the cause: the request ID rides along.

The client sees a generic message, ``extensions.code = "INTERNAL_SERVER_ERROR"`` and the
request's ID (also in the ``X-Request-ID`` response header). Strawberry logs the original
exception while the request runs, so that log line carries the same ID.
"""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from api.graphql.errors import should_mask
from api.observability.context import current_request

INTERNAL_ERROR_MESSAGE = "Internal error."
INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"


class MaskErrorsWithRequestId(MaskErrors):
    """Strawberry's ``MaskErrors`` for Papergraph: what it masks, and the request ID added."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask, error_message=INTERNAL_ERROR_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """The generic error, at the same place in the response, with the request ID."""
        extensions: dict[str, object] = {"code": INTERNAL_ERROR_CODE}
        record = current_request.get()
        if record is not None:
            extensions["requestId"] = record.request_id
        return GraphQLError(
            message=self.error_message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions=extensions,
        )
