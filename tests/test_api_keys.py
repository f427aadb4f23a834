"""API keys from the command line: made once and shown once, stored as a hash, listed, revoked."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from api.auth.tokens import bearer_token, display_prefix, hashes_match, new_key
from api.cli import app
from api.db import create_sync_engine
from api.models import ApiKey
from api.settings import get_settings
from tests.support.curators import issue_key, revoke_key
from tests.support.databases import DatabaseFactory
from tests.support.snapshots import snapshot

runner = CliRunner()


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the CLI's settings at this test's database."""
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


@pytest.fixture
def cli_engine(cli_database: str) -> Iterator[Engine]:
    engine = create_sync_engine(cli_database)
    yield engine
    engine.dispose()


def create(name: str) -> str:
    """Run `keys create --name NAME` and return the key it printed last."""
    result = runner.invoke(app, ["keys", "create", "--name", name])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[-1]


def test_a_key_is_long_random_and_recognisable() -> None:
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50
    for key in keys:
        assert re.fullmatch(r"pg_[A-Za-z0-9_-]{43}", key), key


def test_bearer_tokens_are_read_from_the_authorization_header() -> None:
    assert bearer_token("Bearer pg_abc") == "pg_abc"
    assert bearer_token("bearer   pg_abc  ") == "pg_abc"
    assert bearer_token("Basic dXNlcjpwYXNz") is None
    assert bearer_token("Bearer") is None
    assert bearer_token("Bearer ") is None
    assert bearer_token(None) is None


def test_hashes_are_compared_whole() -> None:
    digest = hashlib.sha256(b"pg_x").hexdigest()
    assert hashes_match(digest, digest)
    last_flipped = digest[:-1] + ("1" if digest[-1] == "0" else "0")
    assert not hashes_match(digest, last_flipped)
    assert not hashes_match(digest, digest[:32])


def test_create_prints_the_key_once_alone_on_the_last_line(
    cli_database: str, cli_engine: Engine
) -> None:
    # Brackets in a name are printed as written, never read as terminal markup.
    name = "lab-sync [/main]"
    result = runner.invoke(app, ["keys", "create", "--name", name])
    assert result.exit_code == 0, result.output
    *before, key = result.output.splitlines()
    assert re.fullmatch(r"pg_[A-Za-z0-9_-]{43}", key)
    assert key not in "\n".join(before)
    assert f"created key '{name}' ({display_prefix(key)}…)" in before[0]
    with cli_engine.connect() as connection:
        stored = connection.execute(select(ApiKey.name, ApiKey.key_prefix, ApiKey.key_hash)).all()
    assert [tuple(row) for row in stored] == [
        (name, key[:12], hashlib.sha256(key.encode()).hexdigest())
    ]
    # Nowhere in the database is the key, or its secret part.
    everything = repr(snapshot(cli_engine))
    assert key not in everything
    assert key[len(display_prefix(key)) :] not in everything


def test_list_shows_name_prefix_created_last_used_and_revoked(
    cli_database: str, cli_engine: Engine
) -> None:
    empty = runner.invoke(app, ["keys", "list"])
    assert empty.exit_code == 0
    assert "no API keys yet; make one with `papergraph keys create --name NAME`" in empty.output
    first = issue_key(cli_engine, name="lab-sync")
    second = issue_key(cli_engine, name="curator-anna")
    revoke_key(cli_engine, "lab-sync")

    result = runner.invoke(app, ["keys", "list"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.strip().splitlines()
    assert header.split() == ["name", "prefix", "created", "last", "used", "revoked"]
    assert len(rows) == 2
    assert rows[0].split()[:2] == ["lab-sync", f"{first[:12]}…"]
    assert rows[1].split()[:2] == ["curator-anna", f"{second[:12]}…"]
    assert re.search(
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+never\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$", rows[0]
    )
    assert re.search(r"UTC\s+never\s+-$", rows[1])
    assert first not in result.output and second not in result.output


def test_revoke_by_name_prefix_short_prefix_or_key(cli_database: str, cli_engine: Engine) -> None:
    names = ("by-name", "by-prefix", "by-short", "by-key", "kept")
    keys = {name: issue_key(cli_engine, name=name) for name in names}
    given = {
        "by-name": "by-name",
        "by-prefix": keys["by-prefix"][:12],
        "by-short": keys["by-short"][:8],
        "by-key": keys["by-key"],
    }
    for name, argument in given.items():
        result = runner.invoke(app, ["keys", "revoke", argument])
        assert result.exit_code == 0, result.output
        assert f"revoked key '{name}' ({keys[name][:12]}…)" in result.output
    with cli_engine.connect() as connection:
        rows = connection.execute(select(ApiKey.name, ApiKey.revoked_at))
        revoked = {name for name, when in rows if when is not None}
    assert revoked == set(given)


def test_revoke_errors_say_what_matched_and_write_nothing(
    cli_database: str, cli_engine: Engine
) -> None:
    key = issue_key(cli_engine, name="lab-sync")
    revoke_key(cli_engine, "lab-sync")
    before = snapshot(cli_engine)
    cases = {
        "nobody": "no key is named 'nobody' or has that prefix; `papergraph keys list` shows them",
        "[/nobody]": "no key is named '[/nobody]' or has that prefix",
        "lab-sync": "the key 'lab-sync' was revoked already",
        key[:12]: f"the key '{key[:12]}' was revoked already",
        # Too short a prefix could name any key by chance: it names none.
        "pg_": "no key is named 'pg_' or has that prefix",
    }
    for given, message in cases.items():
        result = runner.invoke(app, ["keys", "revoke", given])
        assert result.exit_code == 1, given
        assert f"error: {message}" in result.output, result.output
        assert "Traceback" not in result.output
    assert snapshot(cli_engine) == before


def test_bad_names_are_refused(cli_database: str, cli_engine: Engine) -> None:
    issue_key(cli_engine, name="lab-sync")
    before = snapshot(cli_engine)
    cases = {
        "lab-sync": "an active key is named 'lab-sync' already; choose another name or revoke "
        "that key",
        "  ": "the key name is empty; give one with --name",
        "x" * 101: "the key name has 101 characters; at most 100",
        "bad\x07name": "the key name 'bad\\x07name' has control characters",
        "pg_lookalike": "the key name 'pg_lookalike' starts with 'pg_', as keys do",
    }
    for name, message in cases.items():
        result = runner.invoke(app, ["keys", "create", "--name", name])
        assert result.exit_code == 1, name
        assert f"error: {message}" in result.output, result.output
        assert "created key" not in result.output
    assert snapshot(cli_engine) == before
    # Once revoked, the name is free for the key that replaces it.
    revoke_key(cli_engine, "lab-sync")
    create("lab-sync")


def test_an_unmigrated_database_is_reported(
    databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = databases.empty()
    monkeypatch.setenv("PAPERGRAPH_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        for command in (["create", "--name", "x"], ["list"], ["revoke", "x"]):
            result = runner.invoke(app, ["keys", *command])
            assert result.exit_code == 1
            assert "not at the newest schema; run `papergraph migrate` first" in result.output
    finally:
        get_settings.cache_clear()
        databases.release(url)
