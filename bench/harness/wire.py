"""Reading what a client sends to PostgreSQL, to count the statements it executes.

Counting on the wire treats every server alike, whatever its driver: a statement is a simple
``Query`` message or an ``Execute`` of a bound portal, and its text comes from the ``Parse`` that
prepared it. pg_stat_statements would do the same on the server, but it must be preloaded at
server start, which a shared server may not allow.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

# Untyped messages a client may send before its startup message (SSL and GSS negotiation).
_NEGOTIATION_CODES = {80877103, 80877104}
_CANCEL_CODE = 80877102
_CONTROL_PREFIXES = (
    "begin",
    "start transaction",
    "commit",
    "end",
    "rollback",
    "savepoint",
    "release",
    "set ",
    "reset ",
    "discard ",
    "show ",
    # asyncpg's pool resets a connection so when it is given back.
    "select pg_advisory_unlock_all()",
)


@dataclass
class FrontendStream:
    """Splits one connection's client-to-server bytes into messages, across chunk boundaries."""

    started: bool = False
    _buffer: bytearray = field(default_factory=bytearray)

    def feed(self, chunk: bytes) -> list[tuple[bytes, bytes]]:
        """The complete messages in the bytes seen so far, as (type byte, body).

        Untyped startup-phase messages are consumed and not returned.
        """
        self._buffer.extend(chunk)
        messages: list[tuple[bytes, bytes]] = []
        while True:
            if not self.started:
                if len(self._buffer) < 8:
                    return messages
                length, code = struct.unpack("!ii", self._buffer[:8])
                if len(self._buffer) < length:
                    return messages
                del self._buffer[:length]
                self.started = code not in _NEGOTIATION_CODES and code != _CANCEL_CODE
                continue
            if len(self._buffer) < 5:
                return messages
            (length,) = struct.unpack("!i", self._buffer[1:5])
            if len(self._buffer) < 1 + length:
                return messages
            kind, body = bytes(self._buffer[:1]), bytes(self._buffer[5 : 1 + length])
            del self._buffer[: 1 + length]
            messages.append((kind, body))


@dataclass
class StatementTracker:
    """Follows Parse/Bind/Execute and Query on one connection; reports executed SQL texts."""

    _statements: dict[bytes, str] = field(default_factory=dict)
    _portals: dict[bytes, str] = field(default_factory=dict)

    def executed(self, kind: bytes, body: bytes) -> str | None:
        """The SQL text a message executes, or None for messages that execute nothing."""
        if kind == b"Q":
            return _cstrings(body, 1)[0]
        if kind == b"P":
            name, text = _cstrings(body, 2)
            self._statements[name.encode()] = text
        elif kind == b"B":
            portal, statement = _cstrings(body, 2)
            self._portals[portal.encode()] = self._statements.get(statement.encode(), "?")
        elif kind == b"E":
            (portal,) = _cstrings(body, 1)
            return self._portals.get(portal.encode(), "?")
        return None


def is_control(text: str) -> bool:
    """Whether a statement only manages the session: transactions, settings, pings.

    Such statements cost a round trip but read no data, so they are counted apart.
    """
    folded = " ".join(text.strip().rstrip(";").split()).lower()
    return (
        not folded
        or folded == "select 1"
        or folded.startswith(_CONTROL_PREFIXES)
        or folded.startswith("select set_config(")
    )


def _cstrings(body: bytes, count: int) -> list[str]:
    parts = body.split(b"\x00", count)[:count]
    return [part.decode("utf-8", "replace") for part in parts]
