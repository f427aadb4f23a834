"""A database that fails part-way through a write, to prove that writes are all or nothing.

A trigger makes every insert into ``authorship`` fail, so a write that has already inserted
authors and a paper fails at its last step. Real database, real failure: nothing is mocked.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from api.db import is_sqlite

MESSAGE = "authorship writes are switched off for this test"

_SQLITE = [
    f"CREATE TRIGGER fail_authorship BEFORE INSERT ON authorship "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
]
_POSTGRESQL = [
    f"CREATE FUNCTION fail_authorship() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER fail_authorship BEFORE INSERT ON authorship "
    "FOR EACH ROW EXECUTE FUNCTION fail_authorship()",
]


def break_authorship_inserts(engine: Engine) -> None:
    """Make every later insert into ``authorship`` fail with :data:`MESSAGE`."""
    with engine.begin() as connection:
        for statement in _SQLITE if is_sqlite(engine.url) else _POSTGRESQL:
            connection.execute(text(statement))
