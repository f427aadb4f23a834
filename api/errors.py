"""The error every layer raises for bad client input; it says what was wrong and where."""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Input the client can fix. ``extensions`` reaches GraphQL clients as error extensions."""

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # graphql-core copies a dict named ``extensions`` from the original error into the response.
        self.extensions: dict[str, Any] = {"code": "BAD_USER_INPUT", **details}
        if field is not None:
            self.extensions["field"] = field
