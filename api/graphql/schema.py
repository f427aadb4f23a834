"""The schema object, with the extensions every request goes through."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors

from api.graphql.errors import should_mask
from api.graphql.queries import Query
from api.graphql.types import Author, Paper


def build_schema() -> strawberry.Schema:
    """The Papergraph schema; built on demand so importing this module does no work."""
    return strawberry.Schema(
        query=Query,
        types=[Paper, Author],
        extensions=[
            lambda: MaskErrors(should_mask_error=should_mask, error_message="Internal error.")
        ],
    )
