"""Full-text search of papers; author name variants, name tokens and merges.

Papers get ``title_words`` and ``abstract_words`` (folded words, filled here for stored papers),
and a search index kept in step by triggers: FTS5 external-content tables on SQLite, a table of
weighted tsvectors with GIN indexes on PostgreSQL. Authors get the spellings imports mapped to
them, the folded parts of their names for suggestions, and a record of merges.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import re
import unicodedata
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Folding and word splitting as they were when this revision was written, kept here so the
# migration does the same whatever later code does.
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i",
     "ħ": "h", "ŧ": "t", "ŀ": "l", "ß": "ss"}
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile("['`\u2019\u02bc\u00b4]")
_BATCH = 2_000


def _fold(text: str) -> str:
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().translate(_EXTRA_FOLDS).split())


def _words(text: str | None) -> str | None:
    return None if text is None else " ".join(_WORD.findall(_fold(text)))


def _name_tokens(name: str) -> set[str]:
    folded = _fold(name)
    return set(_WORD.findall(folded)) | set(_WORD.findall(_APOSTROPHES.sub("", folded)))


def _sort_text(length: int | None = None) -> sa.types.TypeEngine:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _rows(connection: sa.Connection, statement: str) -> Iterator[list[sa.Row]]:
    result = connection.execute(sa.text(statement))
    while batch := result.fetchmany(_BATCH):
        yield batch


# --- SQLite: FTS5 external-content tables over paper, kept by row triggers ------------------

_SQLITE_INDEXES = {
    "paper_search": ("title_words", "abstract_words"),
    "paper_title_search": ("title_words",),
}


def _sqlite_row(columns: tuple[str, ...], row: str) -> tuple[str, str]:
    names = ", ".join(columns)
    values = ", ".join(f"{row}.{column}" for column in columns)
    return names, values


def _sqlite_upgrade() -> None:
    for index, columns in _SQLITE_INDEXES.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(columns)}, "
            "content='paper', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
    inserts, deletes = [], []
    for index, columns in _SQLITE_INDEXES.items():
        names, new_values = _sqlite_row(columns, "new")
        _, old_values = _sqlite_row(columns, "old")
        inserts.append(f"INSERT INTO {index} (rowid, {names}) VALUES (new.id, {new_values});")
        deletes.append(
            f"INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.id, {old_values});"
        )
    op.execute(
        f"CREATE TRIGGER paper_search_insert AFTER INSERT ON paper BEGIN {' '.join(inserts)} END"
    )
    op.execute(
        f"CREATE TRIGGER paper_search_delete AFTER DELETE ON paper BEGIN {' '.join(deletes)} END"
    )
    op.execute(
        "CREATE TRIGGER paper_search_update AFTER UPDATE OF id, title_words, abstract_words "
        f"ON paper BEGIN {' '.join(deletes)} {' '.join(inserts)} END"
    )
    for index in _SQLITE_INDEXES:
        op.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


def _sqlite_downgrade() -> None:
    for trigger in ("paper_search_insert", "paper_search_delete", "paper_search_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for index in _SQLITE_INDEXES:
        op.execute(f"DROP TABLE IF EXISTS {index}")


# --- PostgreSQL: tables of tsvectors with GIN indexes, kept by triggers ----------------------

# The title index is a table of its own, as on SQLite: its rows are narrow, so ranking the
# papers whose titles match reads few pages.
_PG_INDEXES = {
    "paper_search": (
        "search_vector",
        "setweight(to_tsvector('simple', {row}.title_words), 'A') || "
        "setweight(to_tsvector('simple', coalesce({row}.abstract_words, '')), 'B')",
    ),
    "paper_title_search": ("title_vector", "to_tsvector('simple', {row}.title_words)"),
}


def _postgresql_upgrade() -> None:
    for index, (column, _) in _PG_INDEXES.items():
        op.create_table(
            index,
            sa.Column("rowid", sa.Integer(), nullable=False),
            sa.Column(column, sa.dialects.postgresql.TSVECTOR(), nullable=False),
            sa.ForeignKeyConstraint(
                ["rowid"], ["paper.id"], name=f"fk_{index}_rowid_paper", ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("rowid", name=f"pk_{index}"),
        )
    # Inserts come in batches from the importer: one statement-level trigger per batch.
    inserts = " ".join(
        f"INSERT INTO {index} (rowid, {column}) "
        f"SELECT inserted.id, {vector.format(row='inserted')} FROM inserted;"
        for index, (column, vector) in _PG_INDEXES.items()
    )
    op.execute(
        "CREATE FUNCTION paper_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {inserts} RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER paper_search_insert AFTER INSERT ON paper REFERENCING NEW TABLE AS "
        "inserted FOR EACH STATEMENT EXECUTE FUNCTION paper_search_inserted()"
    )
    updates = " ".join(
        f"UPDATE {index} SET {column} = {vector.format(row='NEW')} WHERE rowid = NEW.id;"
        for index, (column, vector) in _PG_INDEXES.items()
    )
    op.execute(
        "CREATE FUNCTION paper_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {updates} RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER paper_search_update AFTER UPDATE OF title_words, abstract_words ON paper "
        "FOR EACH ROW WHEN (OLD.title_words IS DISTINCT FROM NEW.title_words "
        "OR OLD.abstract_words IS DISTINCT FROM NEW.abstract_words) "
        "EXECUTE FUNCTION paper_search_updated()"
    )
    for index, (column, vector) in _PG_INDEXES.items():
        op.execute(f"INSERT INTO {index} SELECT paper.id, {vector.format(row='paper')} FROM paper")
        op.create_index(f"ix_{index}_{column}", index, [column], postgresql_using="gin")


def _postgresql_downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS paper_search_update ON paper")
    op.execute("DROP TRIGGER IF EXISTS paper_search_insert ON paper")
    op.execute("DROP FUNCTION IF EXISTS paper_search_updated()")
    op.execute("DROP FUNCTION IF EXISTS paper_search_inserted()")
    for index in _PG_INDEXES:
        op.drop_table(index)


def _fill_paper_words(connection: sa.Connection) -> None:
    update = sa.text("UPDATE paper SET title_words = :t, abstract_words = :a WHERE id = :id")
    for batch in _rows(connection, "SELECT id, title, abstract FROM paper ORDER BY id"):
        connection.execute(
            update,
            [
                {"id": id_, "t": _words(title), "a": _words(abstract)}
                for id_, title, abstract in batch
            ],
        )


def _fill_author_tokens(connection: sa.Connection) -> None:
    insert = sa.text("INSERT INTO author_name_token (token, author_id) VALUES (:token, :author_id)")
    for batch in _rows(connection, "SELECT id, name FROM author ORDER BY id"):
        rows = [
            {"token": token, "author_id": id_}
            for id_, name in batch
            for token in sorted(_name_tokens(name))
        ]
        if rows:
            connection.execute(insert, rows)


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"

    # A server default lets SQLite add a NOT NULL column without rebuilding paper (a rebuild
    # drops the table, and with foreign keys on that deletes every authorship).
    op.add_column("paper", sa.Column("title_words", sa.Text(), server_default="", nullable=False))
    op.add_column("paper", sa.Column("abstract_words", sa.Text(), nullable=True))
    _fill_paper_words(connection)
    if sqlite:
        _sqlite_upgrade()
    else:
        _postgresql_upgrade()

    op.create_table(
        "author_name_variant",
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("variant", _sort_text(), nullable=False),
        sa.Column("match_key", _sort_text(400), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["author.id"],
            name="fk_author_name_variant_author_id_author",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("author_id", "variant", name="pk_author_name_variant"),
    )
    op.create_index("ix_author_name_variant_match_key", "author_name_variant", ["match_key"])
    # Every spelling imported so far gave the key of the author it was mapped to.
    op.execute(
        "INSERT INTO author_name_variant (author_id, variant, match_key) "
        "SELECT DISTINCT authorship.author_id, authorship.name_as_written, author.match_key "
        "FROM authorship JOIN author ON author.id = authorship.author_id"
    )

    op.create_table(
        "author_name_token",
        sa.Column("token", _sort_text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["author.id"],
            name="fk_author_name_token_author_id_author",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", "author_id", name="pk_author_name_token"),
    )
    op.create_index(
        "ix_author_name_token_author_id_token", "author_name_token", ["author_id", "token"]
    )
    _fill_author_tokens(connection)

    op.create_table(
        "author_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keep_author_id", sa.Integer(), nullable=False),
        sa.Column("keep_slug", _sort_text(200), nullable=False),
        sa.Column("dropped_author_id", sa.Integer(), nullable=False),
        sa.Column("dropped_slug", _sort_text(200), nullable=False),
        sa.Column(
            "merged_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("undo", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_author_merge"),
        sa.UniqueConstraint("dropped_slug", name="uq_author_merge_dropped_slug"),
    )
    op.create_index("ix_author_merge_keep_author_id", "author_merge", ["keep_author_id"])


def downgrade() -> None:
    op.drop_table("author_merge")
    op.drop_table("author_name_token")
    op.drop_table("author_name_variant")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_downgrade()
    else:
        _postgresql_downgrade()
    op.drop_column("paper", "abstract_words")
    op.drop_column("paper", "title_words")
