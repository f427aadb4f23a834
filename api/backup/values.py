"""Column values as JSON and back, exactly, whichever backend wrote or reads them.

JSON has strings, numbers, booleans and null; anything else is written as a one-key object
naming its type, ``{"$datetime": "2026-11-26T23:49:00.123456+00:00"}``, so it reads back
as the same Python value.
"""

from __future__ import annotations

import base64
import math
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa


class BadValue(ValueError):
    """A value in a dump that cannot be read back."""


def _aware_utc(value: datetime) -> datetime:
    # SQLite keeps no time zone: what it holds is UTC (CURRENT_TIMESTAMP is), so a naive
    # value read from it is UTC, and PostgreSQL's aware values are moved to UTC to match.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def encode(value: Any, column: sa.Column[Any]) -> Any:
    """A JSON-ready form of ``value`` read from ``column``."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, datetime):
        if getattr(column.type, "timezone", False):
            return {"$datetime": _aware_utc(value).isoformat()}
        naive = value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
        return {"$datetime": naive.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$timedelta": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, dict | list):
        # JSON columns: wrapped, so a stored object can never pass for a type tag.
        return {"$json": value}
    raise TypeError(f"column {column.table.name}.{column.name}: cannot dump {type(value)!r}")


def _timedelta(parts: list[int]) -> timedelta:
    days, seconds, microseconds = parts
    return timedelta(days=days, seconds=seconds, microseconds=microseconds)


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$time": time.fromisoformat,
    "$timedelta": _timedelta,
    "$bytes": base64.b64decode,
    "$decimal": Decimal,
    "$uuid": uuid.UUID,
    "$float": float,
    "$json": lambda value: value,
}


def decode(value: Any) -> Any:
    """The Python value ``encode`` wrote; raises BadValue for anything it never writes."""
    if not isinstance(value, dict):
        if isinstance(value, list):
            raise BadValue(f"unexpected list {value!r}")
        return value
    if len(value) != 1:
        raise BadValue(f"unexpected object {value!r}")
    [(tag, payload)] = value.items()
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise BadValue(f"unknown type tag {tag!r}")
    try:
        return decoder(payload)
    except (TypeError, ValueError, ArithmeticError) as error:
        raise BadValue(f"bad {tag} value {payload!r}: {error}") from None
