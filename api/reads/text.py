"""Case- and diacritic-insensitive substring matching on the folded columns."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from api.ingest.names import fold


def contains_folded(column: ColumnElement[Any], needle: str) -> ColumnElement[bool]:
    """``column`` (already folded) contains ``needle`` after folding it the same way.

    LIKE wildcards in user text are escaped, so "50%" means the characters 5, 0 and %.
    """
    escaped = fold(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")
