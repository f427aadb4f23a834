"""A schema extension that tells the request record which operation ran and how it failed."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.graphql.errors import should_mask
from api.observability.context import current_request

ANONYMOUS = "anonymous"


def error_code(error: GraphQLError) -> str:
    """The code an error is counted under: its ``extensions.code``, else what kind it is."""
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    if error.original_error is None:
        # graphql-core raises these itself while parsing and validating the document.
        return "GRAPHQL_VALIDATION_FAILED"
    if should_mask(error):
        return "INTERNAL_SERVER_ERROR"
    return "GRAPHQL_ERROR"


class OperationRecorder(SchemaExtension):
    """Records the operation name and error codes; must run before errors are masked."""

    def on_operation(self) -> Iterator[None]:
        """Let the operation run, then note its name and the codes of its errors."""
        yield
        record = current_request.get()
        if record is None:
            return
        context = self.execution_context
        record.operation = context.operation_name or ANONYMOUS
        errors = getattr(context.result, "errors", None) or context.pre_execution_errors or []
        record.error_codes.extend(error_code(error) for error in errors)
