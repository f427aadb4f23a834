"""Mutation arguments as services take them: database keys from global IDs, given fields."""

from __future__ import annotations

from typing import Any

import strawberry

from api.errors import InputError
from api.graphql.ids import MAX_KEY, from_global_id
from api.writes.authors import UNKNOWN_AUTHOR
from api.writes.papers import UNKNOWN_PAPER
from api.writes.validation import FieldProblem, InvalidFields

_UNKNOWN = {"Paper": UNKNOWN_PAPER, "Author": UNKNOWN_AUTHOR}


def key_of(global_id: strawberry.ID, type_name: str, field: str) -> int:
    """The database key behind a global ID of ``type_name``.

    Raises:
        InvalidFields: On ``field``: the ID is malformed or of another type, or too large to
            name anything.
    """
    try:
        _, key = from_global_id(str(global_id), expected={type_name})
    except InputError:
        article = "an" if type_name[0] in "AEIOU" else "a"
        problem = FieldProblem(field, global_id, f"is not {article} {type_name} ID from this API")
        raise InvalidFields([problem]) from None
    if key > MAX_KEY:
        raise InvalidFields([FieldProblem(field, global_id, _UNKNOWN[type_name])])
    return key


def given_fields(source: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields of an update input the client gave (null included), by name."""
    return {
        name: getattr(source, name)
        for name in names
        if getattr(source, name) is not strawberry.UNSET
    }
