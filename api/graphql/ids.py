"""Relay global IDs: base64 of "Type:key", opaque to clients, checked on the way in."""

from __future__ import annotations

import base64
import binascii

from api.errors import InputError

# Keys are 32-bit integers in both backends; a larger one is well formed but names nothing.
MAX_KEY = 2**31 - 1


def to_global_id(type_name: str, key: int) -> str:
    """The global ID of the object ``key`` of ``type_name``."""
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def from_global_id(global_id: str, *, expected: set[str] | None = None) -> tuple[str, int]:
    """The (type name, key) behind a global ID.

    Raises:
        InputError: The ID is malformed, or names a type other than ``expected``.
    """
    try:
        decoded = base64.b64decode(global_id.encode(), validate=True).decode()
        type_name, _, raw_key = decoded.partition(":")
        if not raw_key.isascii() or not raw_key.isdigit():
            raise ValueError(raw_key)
        key = int(raw_key)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InputError(
            f"malformed ID {global_id[:64]!r}: expected an ID returned by this API", field="id"
        ) from None
    if expected is not None and type_name not in expected:
        wanted = " or ".join(sorted(expected))
        raise InputError(
            f"ID {global_id[:64]!r} is a {type_name or 'unknown'} ID; expected {wanted}", field="id"
        )
    return type_name, key
