"""Each mutation field is one transaction: committed when it succeeds, rolled back when not.

That is the GraphQL norm: fields of one mutation run one after another, and a field that fails
leaves the database as it was before that field, without undoing the fields before it (whose
answers stand in the same response). Services flush; only this module commits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from sqlalchemy.orm import Session

from api.auth.keys import mark_used
from api.errors import InputError
from api.graphql.loaders import Loaders
from api.graphql.types import ContextInfo
from api.writes.validation import InvalidFields

T = TypeVar("T")


async def write(
    info: ContextInfo,
    work: Callable[[Session], T],
    *,
    fields_under: str | None = "input",
    shown: Mapping[str, object] | None = None,
    dry_run: bool = False,
) -> T:
    """Run ``work`` (a synchronous service) as this field's own transaction.

    Args:
        info: The field's info; ``IsCurator`` has checked the request's key.
        work: Writes through the session it is given, flushing only.
        fields_under: The argument the service's field names belong to ("input"), or None when
            they are the field's own arguments.
        shown: Values to report for fields in errors instead of the service's (global IDs).
        dry_run: Roll back even when ``work`` succeeds.

    Returns:
        What ``work`` returned.

    Raises:
        InvalidFields: The input was refused (any InputError naming a field is reported as one,
            its field under ``fields_under``); nothing was written.
    """
    context = info.context
    assert context.api_key is not None, "IsCurator runs before every mutation"
    session = context.db.session
    async with context.db.lock:
        if session.in_transaction():
            # Only reads so far (the key lookup, earlier fields' answers): nothing to keep.
            await session.rollback()
        try:
            # A write first makes SQLite take its write lock before the transaction reads, so a
            # concurrent writer is waited for (busy_timeout) rather than failing on a stale read.
            # On PostgreSQL the row lock it takes makes one key's writes run one at a time.
            await session.execute(mark_used(context.api_key.id))
            result = await session.run_sync(work)
        except BaseException as error:
            await session.rollback()
            if isinstance(error, InputError) and error.field and fields_under is not None:
                raise InvalidFields.of(error).under(fields_under, shown=shown) from None
            raise
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    # Fresh loaders, so the answer (and later fields) read what was just written.
    context.loaders = Loaders.for_session(context.db)
    return result
