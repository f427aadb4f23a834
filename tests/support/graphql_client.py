"""A small GraphQL-over-HTTP helper for tests, and a statement counter on the app's engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from api.graphql.compiled.readers import Reader


@dataclass
class GraphQL:
    """Posts queries to ``/graphql`` of an app under test."""

    http: TestClient

    def response(self, query: str, **variables: Any) -> dict[str, Any]:
        """The whole JSON response (data and errors)."""
        reply = self.http.post("/graphql", json={"query": query, "variables": variables})
        assert reply.status_code in {200, 400}, reply.text
        body: dict[str, Any] = reply.json()
        return body

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        """The data of a query that must succeed."""
        body = self.response(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        """The errors of a query that must fail."""
        body = self.response(query, **variables)
        assert body.get("errors"), body
        errors: list[dict[str, Any]] = body["errors"]
        return errors


@dataclass
class StatementCounter:
    """Counts the SQL statements an engine sends while active."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(app: Starlette) -> Iterator[StatementCounter]:
    """Record every statement ``app`` sends inside the block: through its engine, and through
    the compiled lane's own connections when it has them."""
    counter = StatementCounter()
    engine: AsyncEngine = app.state.engine
    reader: Reader | None = app.state.compiled_reader

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counter.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    if reader is not None:
        reader.listeners.append(counter.statements.append)
    try:
        yield counter
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        if reader is not None:
            reader.listeners.remove(counter.statements.append)
