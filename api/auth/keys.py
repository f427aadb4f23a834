"""The ``api_key`` table: create, list, revoke and verify keys. Writers flush, never commit."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Update, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.auth.tokens import KEY_PREFIX, display_prefix, hashes_match, key_hash, new_key
from api.models import api_key_table

MAX_NAME_LENGTH = 100
# A shorter leading part of a prefix could name many keys by chance.
_MIN_PREFIX_LENGTH = len(KEY_PREFIX) + 4
_SHOWN = (
    api_key_table.c.id,
    api_key_table.c.name,
    api_key_table.c.key_prefix,
    api_key_table.c.created_at,
    api_key_table.c.last_used_at,
    api_key_table.c.revoked_at,
)


class ApiKeyError(ValueError):
    """A key operation that cannot be done; the message says why and what to do instead."""


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """A stored key as listings show it; the key itself is nowhere to be had."""

    id: int
    name: str
    key_prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: Any) -> ApiKeyRecord:
        """Build from a row with the shown columns."""
        return cls(
            row.id, row.name, row.key_prefix, row.created_at, row.last_used_at, row.revoked_at
        )


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A new key: its record, and the key, which exists only here and is shown once."""

    record: ApiKeyRecord
    key: str


def create_api_key(session: Session, *, name: str) -> CreatedKey:
    """Make a key named ``name`` and store its hash.

    Args:
        session: An open session; flushed, not committed.
        name: Who or what uses the key, e.g. "lab-website-sync"; unique among active keys.

    Returns:
        The stored record and the key; the key cannot be recovered later.

    Raises:
        ApiKeyError: The name is empty, too long, unprintable, looks like a key, or an active
            key has it.
    """
    name = _checked_name(name)
    taken = session.scalar(
        select(api_key_table.c.id).where(
            api_key_table.c.name == name, api_key_table.c.revoked_at.is_(None)
        )
    )
    if taken is not None:
        raise ApiKeyError(
            f"an active key is named {name!r} already; choose another name or revoke that key"
        )
    key = new_key()
    row = session.execute(
        insert(api_key_table)
        .values(name=name, key_prefix=display_prefix(key), key_hash=key_hash(key))
        .returning(*_SHOWN)
    ).one()
    return CreatedKey(record=ApiKeyRecord.from_row(row), key=key)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ApiKeyError("the key name is empty; give one with --name")
    if len(name) > MAX_NAME_LENGTH:
        raise ApiKeyError(f"the key name has {len(name)} characters; at most {MAX_NAME_LENGTH}")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ApiKeyError(f"the key name {name!r} has control characters")
    if name.startswith(KEY_PREFIX):
        raise ApiKeyError(f"the key name {name!r} starts with {KEY_PREFIX!r}, as keys do")
    return name


def list_api_keys(session: Session) -> list[ApiKeyRecord]:
    """Every key, revoked ones included, oldest first."""
    rows = session.execute(select(*_SHOWN).order_by(api_key_table.c.id))
    return [ApiKeyRecord.from_row(row) for row in rows]


def revoke_api_key(session: Session, name_or_prefix: str) -> ApiKeyRecord:
    """Revoke one active key, named by its name, its listed prefix (or a leading part) or itself.

    Args:
        session: An open session; flushed, not committed.
        name_or_prefix: A key's name, its prefix as ``keys list`` shows it (at least 7
            characters of it), or the whole key.

    Returns:
        The revoked key's record.

    Raises:
        ApiKeyError: Nothing matches, only revoked keys match, or several active keys match.
    """
    wanted = name_or_prefix.strip()
    matches = [key for key in list_api_keys(session) if _names(key, wanted)]
    if wanted.startswith(KEY_PREFIX) and len(wanted) > len(display_prefix(wanted)):
        matches += _by_key(session, wanted)
    active = [key for key in matches if key.revoked_at is None]
    if not matches:
        raise ApiKeyError(
            f"no key is named {wanted!r} or has that prefix; `papergraph keys list` shows them"
        )
    if not active:
        raise ApiKeyError(f"the key {wanted!r} was revoked already")
    if len(active) > 1:
        prefixes = ", ".join(key.key_prefix for key in active)
        raise ApiKeyError(
            f"{wanted!r} names {len(active)} active keys ({prefixes}); give one key's prefix"
        )
    row = session.execute(
        update(api_key_table)
        .where(api_key_table.c.id == active[0].id)
        .values(revoked_at=func.now())
        .returning(*_SHOWN)
    ).one()
    return ApiKeyRecord.from_row(row)


def _names(key: ApiKeyRecord, wanted: str) -> bool:
    if key.name == wanted:
        return True
    return len(wanted) >= _MIN_PREFIX_LENGTH and key.key_prefix.startswith(wanted)


def _by_key(session: Session, key: str) -> list[ApiKeyRecord]:
    rows = session.execute(select(*_SHOWN).where(api_key_table.c.key_hash == key_hash(key)))
    return [ApiKeyRecord.from_row(row) for row in rows]


async def verify_key(session: AsyncSession, key: str | None) -> ApiKeyRecord | None:
    """The active key ``key`` is, or None when it is missing, unknown or revoked.

    The lookup goes by hash, through the unique index, and the stored hash is then compared in
    constant time, so neither step tells an attacker how much of a guess was right.
    """
    if not key:
        return None
    presented = key_hash(key)
    row = (
        await session.execute(
            select(*_SHOWN, api_key_table.c.key_hash).where(
                api_key_table.c.key_hash == presented, api_key_table.c.revoked_at.is_(None)
            )
        )
    ).first()
    if row is None or not hashes_match(row.key_hash, presented):
        return None
    return ApiKeyRecord.from_row(row)


def mark_used(key_id: int) -> Update:
    """The statement that records a key's use; run it inside the write it authorised."""
    return update(api_key_table).where(api_key_table.c.id == key_id).values(last_used_at=func.now())
