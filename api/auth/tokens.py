"""The key itself: how it is made, how it is hashed, and how a request carries it."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# A recognisable prefix lets secret scanners and people tell a Papergraph key at a glance.
KEY_PREFIX = "pg_"
# 32 random bytes: 256 bits of entropy, 43 URL-safe characters.
_RANDOM_BYTES = 32
# Shown in listings; the random part of it (9 characters, 54 bits) leaves over 200 bits secret.
DISPLAY_PREFIX_LENGTH = 12


def new_key() -> str:
    """A fresh key: ``pg_`` and 43 URL-safe characters from the operating system's CSPRNG."""
    return KEY_PREFIX + secrets.token_urlsafe(_RANDOM_BYTES)


def key_hash(key: str) -> str:
    """What is stored for ``key``: its SHA-256 as 64 lowercase hex digits.

    A plain hash suffices (no salt or slow hash): the key has 256 bits of entropy, so there is no
    dictionary to try, and a lookup by hash needs the same hash for the same key.
    """
    return hashlib.sha256(key.encode()).hexdigest()


def display_prefix(key: str) -> str:
    """The first characters of ``key``, kept to tell keys apart in listings."""
    return key[:DISPLAY_PREFIX_LENGTH]


def hashes_match(stored: str, presented: str) -> bool:
    """Whether two key hashes are equal, compared in constant time."""
    return hmac.compare_digest(stored.encode(), presented.encode())


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, or None for any other header.

    The scheme is case-insensitive (RFC 9110, 11.1); surrounding spaces are ignored.
    """
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token
