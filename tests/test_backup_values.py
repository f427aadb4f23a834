"""Column values survive the trip through JSON exactly, whatever their type."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from api.backup.values import BadValue, decode, encode

_TABLE = sa.Table(
    "sample",
    sa.MetaData(),
    sa.Column("aware", sa.DateTime(timezone=True)),
    sa.Column("naive", sa.DateTime()),
    sa.Column("other", sa.JSON()),
)
AWARE, NAIVE, OTHER = _TABLE.c.aware, _TABLE.c.naive, _TABLE.c.other


def _through_json(value: Any, column: sa.Column[Any] = OTHER) -> Any:
    return decode(orjson.loads(orjson.dumps(encode(value, column))))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -(2**62),
        "Köhler, 王小明 ✓ \u0000 \u001f",
        1.5,
        float("inf"),
        date(2024, 2, 29),
        time(23, 59, 59, 999999),
        timedelta(days=-1, seconds=5, microseconds=7),
        b"\x00\xffhash",
        Decimal("12345678901234567890.000000001"),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        {"$datetime": "not a tag inside JSON"},
        [1, "two", {"three": 3}],
    ],
)
def test_values_come_back_equal_and_of_the_same_type(value: Any) -> None:
    back = _through_json(value)
    assert back == value
    assert type(back) is type(value)


def test_nan_comes_back_as_nan() -> None:
    back = _through_json(float("nan"))
    assert back != back


def test_aware_datetimes_are_written_in_utc() -> None:
    berlin = datetime(2026, 1, 2, 13, 4, 5, 678901, tzinfo=timezone(timedelta(hours=1)))
    assert encode(berlin, AWARE) == {"$datetime": "2026-01-02T12:04:05.678901+00:00"}
    assert _through_json(berlin, AWARE) == berlin


def test_sqlite_naive_values_of_aware_columns_are_utc() -> None:
    # What SQLite returns for a DateTime(timezone=True) column.
    stored = datetime(2026, 1, 2, 12, 4, 5)
    assert _through_json(stored, AWARE) == stored.replace(tzinfo=UTC)


def test_naive_columns_stay_naive() -> None:
    moment = datetime(2026, 1, 2, 12, 4, 5, 1)
    assert encode(moment, NAIVE) == {"$datetime": "2026-01-02T12:04:05.000001"}
    aware = moment.replace(tzinfo=UTC)
    assert _through_json(aware, NAIVE) == moment


@pytest.mark.parametrize(
    ("written", "complaint"),
    [
        ({"$moment": "now"}, "unknown type tag '$moment'"),
        ({"$date": "2026-02-30"}, "bad $date value '2026-02-30'"),
        ({"$bytes": 5}, "bad $bytes value 5"),
        ({"a": 1, "b": 2}, "unexpected object"),
        ([1, 2], "unexpected list"),
    ],
)
def test_values_dump_never_writes_are_refused(written: Any, complaint: str) -> None:
    with pytest.raises(BadValue, match=complaint.replace("$", r"\$")):
        decode(written)


def test_an_unknown_python_type_names_its_column() -> None:
    with pytest.raises(TypeError, match=r"column sample\.other: cannot dump"):
        encode(object(), OTHER)
