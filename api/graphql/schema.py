"""The schema object, with the extensions every request goes through."""

from __future__ import annotations

import strawberry

from api.graphql.masking import MaskErrorsWithRequestId
from api.graphql.mutations import Mutation
from api.graphql.queries import Query
from api.graphql.types import Author, Paper
from api.limits.extensions import limit_extensions
from api.observability.graphql import OperationRecorder
from api.settings import Settings


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The Papergraph schema; built on demand so importing this module does no work.

    ``settings`` set the request limits; the SDL is the same whatever they are.
    """
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Paper, Author],
        extensions=[
            MaskErrorsWithRequestId,
            # After MaskErrors in the list, so it runs first on the way out and sees real errors.
            OperationRecorder,
            *limit_extensions(settings or Settings()),
        ],
    )
