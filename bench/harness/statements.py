"""SQL statements per request: on the wire for every PostgreSQL server, in-process for SQLite."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.engine import make_url

from api.app import create_app
from api.settings import Settings
from bench.harness.dialects import JSON
from bench.harness.servers import ServerSpec, start
from bench.harness.wire import is_control
from bench.harness.wire_proxy import counting_proxy

# Time for statements a server sends after its response (a pool's reset, a late ROLLBACK).
_SETTLE_SECONDS = 0.3


@dataclass(frozen=True, slots=True)
class StatementCount:
    """Statements per request for one query on one server."""

    data: float
    # Transaction control, session settings and pings: round trips that read no data.
    control: float
    # One example of each distinct statement, shortened, to see what was sent.
    examples: tuple[str, ...] = ()
    control_examples: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the raw results."""
        return {
            "data": self.data,
            "control": self.control,
            "examples": list(self.examples),
            "control_examples": list(self.control_examples),
        }


def over_the_wire(
    spec: ServerSpec, requests: Mapping[str, list[JSON]], log_dir: Path, *, repeats: int
) -> dict[str, StatementCount]:
    """Serve ``spec`` through a counting proxy and count what each query sends to PostgreSQL.

    Each query is sent once to warm the server (prepared statements, plan caches), then
    ``repeats`` times, cycling through its bodies; the counts are per request.
    """
    url = make_url(spec.database_url)
    with counting_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
        server = start(spec, log_dir, database_url=proxied)
        counts = {}
        try:
            for key, bodies in requests.items():
                server.post(bodies[0])
                time.sleep(_SETTLE_SECONDS)
                mark = proxy.mark()
                for body in islice(cycle(bodies), repeats):
                    server.post(body)
                time.sleep(_SETTLE_SECONDS)
                counts[key] = _count(proxy.since(mark), repeats)
        finally:
            server.stop()
    return counts


def in_process(
    database_url: str, requests: Mapping[str, list[JSON]], *, repeats: int
) -> dict[str, StatementCount]:
    """Count the statements Papergraph's engine sends, with the app built in this process.

    This is how the test suite counts (SQLAlchemy's ``before_cursor_execute``, and the
    compiled lane's reader, which runs its statements beside SQLAlchemy); SQLite has no wire
    to watch. Transaction control never passes through that hook, so ``control`` is 0.
    """
    return asyncio.run(_in_process(database_url, requests, repeats))


async def _in_process(
    database_url: str, requests: Mapping[str, list[JSON]], repeats: int
) -> dict[str, StatementCount]:
    app = create_app(Settings(database_url=database_url, env="production"))
    counts = {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for key, bodies in requests.items():
                (await client.post("/graphql", json=bodies[0])).raise_for_status()
                with _recording(app) as executed:
                    for body in islice(cycle(bodies), repeats):
                        (await client.post("/graphql", json=body)).raise_for_status()
                counts[key] = _count(executed, repeats)
    finally:
        if app.state.compiled_reader is not None:
            await app.state.compiled_reader.close()
        await app.state.engine.dispose()
    return counts


@contextmanager
def _recording(app: Any) -> Iterator[list[str]]:
    # The engine's statements, and the compiled lane's, which bypass SQLAlchemy.
    executed: list[str] = []
    engine = app.state.engine.sync_engine
    reader = app.state.compiled_reader

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        executed.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    if reader is not None:
        reader.listeners.append(executed.append)
    try:
        yield executed
    finally:
        event.remove(engine, "before_cursor_execute", record)
        if reader is not None:
            reader.listeners.remove(executed.append)


def _count(executed: list[str], repeats: int) -> StatementCount:
    data = [text for text in executed if not is_control(text)]
    control = [text for text in executed if is_control(text)]
    return StatementCount(
        data=len(data) / repeats,
        control=len(control) / repeats,
        examples=_distinct(data),
        control_examples=_distinct(control),
    )


def _distinct(texts: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(" ".join(text.split())[:160] or "(empty)" for text in texts))[:8]
