"""A counting TCP proxy in front of PostgreSQL, run on a background thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from bench.harness.wire import FrontendStream, StatementTracker

_CHUNK = 65536


class CountingProxy:
    """Forwards 127.0.0.1:``port`` to the database and records every statement clients execute."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.port = 0
        self._executed: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def mark(self) -> int:
        """A position in the log of executed statements."""
        return len(self._executed)

    def since(self, mark: int) -> list[str]:
        """The statements executed after ``mark``, in the order the proxy saw them."""
        return self._executed[mark:]

    def start(self) -> None:
        """Listen on a free port; ``port`` is set when this returns."""
        self._thread.start()
        self._ready.wait(timeout=10)

    def stop(self) -> None:
        """Close the listener and every open connection."""
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            tasks = asyncio.all_tasks(self._loop)
            for task in tasks:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            self._loop.close()

    async def _connection(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        server_reader, server_writer = await asyncio.open_connection(
            self.target_host, self.target_port
        )
        upstream = asyncio.ensure_future(self._upstream(client_reader, server_writer))
        downstream = asyncio.ensure_future(_pipe(server_reader, client_writer))
        await asyncio.wait({upstream, downstream}, return_when=asyncio.FIRST_COMPLETED)
        for task in (upstream, downstream):
            task.cancel()
        for writer in (client_writer, server_writer):
            with suppress(ConnectionError):
                writer.close()

    async def _upstream(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        stream, tracker = FrontendStream(), StatementTracker()
        while chunk := await reader.read(_CHUNK):
            for kind, body in stream.feed(chunk):
                text = tracker.executed(kind, body)
                if text is not None:
                    self._executed.append(text)
            writer.write(chunk)
            await writer.drain()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while chunk := await reader.read(_CHUNK):
        writer.write(chunk)
        await writer.drain()


@contextmanager
def counting_proxy(target_host: str, target_port: int) -> Iterator[CountingProxy]:
    """A started proxy, stopped when the block ends."""
    proxy = CountingProxy(target_host, target_port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
