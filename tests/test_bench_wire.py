"""The statement counter's reading of the PostgreSQL wire protocol."""

from __future__ import annotations

import struct

from bench.harness.wire import FrontendStream, StatementTracker, is_control


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _startup() -> bytes:
    body = struct.pack("!i", 196608) + b"user\x00postgres\x00\x00"
    return struct.pack("!i", len(body) + 4) + body


def _ssl_request() -> bytes:
    return struct.pack("!ii", 8, 80877103)


def _executed(stream_bytes: bytes, *, chunk: int) -> list[str]:
    stream, tracker = FrontendStream(), StatementTracker()
    found = []
    for start in range(0, len(stream_bytes), chunk):
        for kind, body in stream.feed(stream_bytes[start : start + chunk]):
            text = tracker.executed(kind, body)
            if text is not None:
                found.append(text)
    return found


def test_simple_and_extended_queries_are_counted_across_chunk_boundaries() -> None:
    wire = b"".join(
        [
            _ssl_request(),
            _startup(),
            _message(b"Q", b"BEGIN\x00"),
            _message(b"P", b"s1\x00SELECT 1 FROM paper WHERE id = $1\x00\x00\x00"),
            _message(b"B", b"\x00s1\x00\x00\x00\x00\x01\x00\x00\x00\x01" + b"7" + b"\x00\x00"),
            _message(b"E", b"\x00\x00\x00\x00\x00"),
            _message(b"B", b"\x00s1\x00\x00\x00\x00\x01\x00\x00\x00\x01" + b"8" + b"\x00\x00"),
            _message(b"E", b"\x00\x00\x00\x00\x00"),
            _message(b"S", b""),
            _message(b"Q", b"ROLLBACK\x00"),
        ]
    )
    expected = [
        "BEGIN",
        "SELECT 1 FROM paper WHERE id = $1",
        "SELECT 1 FROM paper WHERE id = $1",
        "ROLLBACK",
    ]
    for chunk in (1, 3, 7, len(wire)):
        assert _executed(wire, chunk=chunk) == expected


def test_transaction_control_settings_and_pings_are_not_data() -> None:
    for text in ("BEGIN ISOLATION LEVEL READ COMMITTED", "rollback", ";", "", "select 1"):
        assert is_control(text), text
    assert is_control("SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;")
    assert is_control("select set_config('role', 'x', true)")
    assert not is_control("SELECT count(*) FROM paper")
    assert not is_control("select __paper__.title from paper as __paper__")
