"""API keys and authenticated GraphQL requests, for tests of writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from api.auth.keys import create_api_key, revoke_api_key
from api.data_version import read_data_version
from api.db import sync_session_factory
from tests.support.graphql_client import GraphQL
from tests.support.snapshots import snapshot


def issue_key(engine: Engine, *, name: str = "curator") -> str:
    """A new active key, stored (hashed) in ``engine``'s database."""
    with sync_session_factory(engine).begin() as session:
        return create_api_key(session, name=name).key


def revoke_key(engine: Engine, name_or_prefix: str) -> None:
    """Revoke a key stored in ``engine``'s database."""
    with sync_session_factory(engine).begin() as session:
        revoke_api_key(session, name_or_prefix)


def data_version(engine: Engine) -> int:
    """The data version stored in ``engine``'s database."""
    with engine.connect() as connection:
        return read_data_version(connection)


@dataclass
class Curator(GraphQL):
    """GraphQL requests sent with ``Authorization: Bearer KEY`` (or another header given)."""

    authorization: str | None = None

    @classmethod
    def with_key(cls, graphql: GraphQL, key: str) -> Curator:
        """Requests through the same client as ``graphql``, carrying ``key``."""
        return cls(graphql.http, authorization=f"Bearer {key}")

    def response(self, query: str, **variables: Any) -> dict[str, Any]:
        """The whole JSON response (data and errors)."""
        headers = {} if self.authorization is None else {"Authorization": self.authorization}
        reply = self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert reply.status_code in {200, 400}, reply.text
        body: dict[str, Any] = reply.json()
        return body


def data_snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """A snapshot of every table but ``api_key``, whose ``last_used_at`` each write sets."""
    tables = snapshot(engine)
    del tables["api_key"]
    return tables


def refused(api: GraphQL, engine: Engine, query: str, **variables: Any) -> dict[str, Any]:
    """The one error of a write that must be refused, once it is clear that nothing was written.

    The database is compared whole (every table) before and after.
    """
    before = snapshot(engine)
    errors = api.errors(query, **variables)
    assert snapshot(engine) == before, "a refused write changed the database"
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    assert "Traceback" not in error["message"]
    return error


def field_problems(
    api: GraphQL, engine: Engine, query: str, **variables: Any
) -> list[tuple[str, Any, str]]:
    """(field, value, message) of each field of a refused write (see :func:`refused`)."""
    error = refused(api, engine, query, **variables)
    extensions = error["extensions"]
    assert extensions["code"] == "BAD_USER_INPUT", error
    return [(item["field"], item["value"], item["message"]) for item in extensions["fields"]]
