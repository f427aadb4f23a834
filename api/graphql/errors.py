"""Which errors clients see as they are, and which are replaced by a generic message."""

from __future__ import annotations

from graphql import GraphQLError

from api.errors import InputError


def should_mask(error: GraphQLError) -> bool:
    """Hide unexpected exceptions (they may quote SQL or internals); keep deliberate errors.

    Errors raised by GraphQL itself (syntax, validation) have no original error; errors a
    resolver raises on purpose are InputErrors or GraphQLErrors. Anything else is a bug or an
    outage, and its text is not for clients.
    """
    original = error.original_error
    return original is not None and not isinstance(original, InputError | GraphQLError)
