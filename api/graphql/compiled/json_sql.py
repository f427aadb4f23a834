"""JSON-building SQL in the two spellings: PostgreSQL's json functions, SQLite's JSON1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from api.graphql.ids import to_global_id

Pairs = Sequence[tuple[str, sa.ColumnElement[Any]]]

# SQLite has no base64: this function, registered on every connection (api.db), makes IDs.
GLOBAL_ID_FUNCTION = "papergraph_global_id"


def sqlite_global_id(type_name: str, key: int) -> str:
    """The SQLite function behind :data:`GLOBAL_ID_FUNCTION`: ``to_global_id`` itself."""
    return to_global_id(type_name, key)


def _key(name: str) -> sa.ColumnElement[Any]:
    # Response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): safe as literal SQL, and
    # literal keys keep one statement text per query shape.
    return sa.literal_column(f"'{name}'")


class JsonSql(Protocol):
    """What the compiler needs from a backend."""

    def object(self, pairs: Pairs) -> sa.ColumnElement[Any]:
        """A JSON object of these keys and values, in this order."""

    def nested(self, value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """A JSON value computed by a scalar subquery, as a value of an enclosing object."""

    def array(
        self, element: sa.ColumnElement[Any], order: Sequence[sa.ColumnElement[Any]]
    ) -> sa.ColumnElement[Any]:
        """The aggregate of ``element`` over rows in ``order``; [] when there are none."""

    def global_id(self, type_name: str, key: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """The Relay global ID of row ``key`` of ``type_name``."""

    def values(self, items: Sequence[sa.ColumnElement[Any]]) -> sa.ColumnElement[Any]:
        """A JSON array of these values."""


class PostgresJson:
    """``json_build_object`` and ``json_agg``; json (not jsonb) keeps key order."""

    def object(self, pairs: Pairs) -> sa.ColumnElement[Any]:
        return sa.func.json_build_object(
            *(part for key, value in pairs for part in (_key(key), value))
        )

    def nested(self, value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        return value

    def array(
        self, element: sa.ColumnElement[Any], order: Sequence[sa.ColumnElement[Any]]
    ) -> sa.ColumnElement[Any]:
        ordered = aggregate_order_by(element, *order) if order else element
        aggregated = sa.func.json_agg(ordered)
        return sa.func.coalesce(aggregated, sa.literal_column("'[]'::json"))

    def global_id(self, type_name: str, key: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        # base64 breaks lines every 76 characters; "Author:" and a 32-bit key are far shorter.
        text = sa.literal_column(f"'{type_name}:'", sa.Text) + sa.cast(key, sa.Text)
        utf8 = sa.func.convert_to(text, sa.literal_column("'UTF8'"))
        return sa.func.encode(utf8, sa.literal_column("'base64'"))

    def values(self, items: Sequence[sa.ColumnElement[Any]]) -> sa.ColumnElement[Any]:
        return sa.func.json_build_array(*items)


class SqliteJson:
    """``json_object`` and ``json_group_array`` over rows the subquery already ordered."""

    def object(self, pairs: Pairs) -> sa.ColumnElement[Any]:
        return sa.func.json_object(*(part for key, value in pairs for part in (_key(key), value)))

    def nested(self, value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        # A subquery's result is plain text to the enclosing json_object; json() marks it JSON.
        return sa.func.json(value)

    def array(
        self, element: sa.ColumnElement[Any], order: Sequence[sa.ColumnElement[Any]]
    ) -> sa.ColumnElement[Any]:
        # SQLite 3.40 has no ORDER BY inside aggregates; it aggregates in the subquery's order.
        return sa.func.json_group_array(element)

    def global_id(self, type_name: str, key: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        return sa.func.papergraph_global_id(sa.literal_column(f"'{type_name}'"), key)

    def values(self, items: Sequence[sa.ColumnElement[Any]]) -> sa.ColumnElement[Any]:
        return sa.func.json_array(*items)


def json_sql(dialect: str) -> JsonSql:
    """The spelling for a SQLAlchemy dialect name."""
    return SqliteJson() if dialect == "sqlite" else PostgresJson()
