"""The tables ``paper``, ``author`` and ``authorship``; constraints named by convention."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.search.text import search_words

# Explicit names let migrations drop and alter constraints identically on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _sort_text(length: int | None = None) -> sa.types.TypeEngine[str]:
    # Byte-order comparison on both backends, so pages and cursors agree whatever the server's
    # locale; SQLite compares bytes already, PostgreSQL needs the "C" collation said.
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _timestamp() -> sa.Column[datetime]:
    return sa.Column(sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def _words_of(column: str) -> Callable[[Any], str | None]:
    """A column default: the search words of ``column`` in the row being inserted."""

    def default(context: Any) -> str | None:
        return search_words(context.get_current_parameters().get(column))

    return default


class Author(SQLModel, table=True):
    """A person, identified by the folded (family, given) key that imports match on."""

    __tablename__ = "author"

    id: int | None = Field(default=None, primary_key=True)
    given_name: str = Field(sa_type=sa.Text)
    family_name: str = Field(sa_type=sa.Text)
    name: str = Field(sa_type=sa.Text)
    slug: str = Field(sa_type=_sort_text(200), unique=True)
    match_key: str = Field(sa_type=_sort_text(400), unique=True)
    folded_name: str = Field(sa_type=_sort_text())
    # Family name first, then given name, joined by a separator below any letter.
    sort_name: str = Field(sa_type=_sort_text(), index=True)
    orcid: str | None = Field(default=None, sa_type=sa.String(19), unique=True)
    # Kept in step by every write path so ordering and ranking by output need no aggregate.
    paper_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"}, index=True)
    created_at: datetime | None = Field(default=None, sa_column=_timestamp())
    updated_at: datetime | None = Field(default=None, sa_column=_timestamp())


class Paper(SQLModel, table=True):
    """A publication; ``fingerprint`` makes re-imports of the same listing idempotent."""

    __tablename__ = "paper"
    __table_args__ = (
        sa.Index("ix_paper_year_folded_title_id", "year", "folded_title", "id"),
        sa.Index("ix_paper_folded_title_id", "folded_title", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=sa.Text)
    folded_title: str = Field(sa_type=_sort_text())
    abstract: str | None = Field(default=None, sa_type=sa.Text)
    year: int | None = Field(default=None)
    venue: str | None = Field(default=None, sa_type=sa.Text)
    doi: str | None = Field(default=None, sa_type=sa.String(300), unique=True)
    url: str | None = Field(default=None, sa_type=sa.Text)
    fingerprint: str = Field(sa_type=sa.String(64), unique=True)
    created_at: datetime | None = Field(default=None, sa_column=_timestamp())
    updated_at: datetime | None = Field(default=None, sa_column=_timestamp())
    # Folded words of title and abstract (api.search.text), read by the search index triggers.
    # A write that changes the title or abstract sets them too (search_columns); an insert that
    # leaves them out gets them computed from the title and abstract it inserts.
    title_words: str = Field(
        default=None,
        sa_type=sa.Text,
        sa_column_kwargs={"default": _words_of("title"), "server_default": ""},
    )
    abstract_words: str | None = Field(
        default=None, sa_type=sa.Text, sa_column_kwargs={"default": _words_of("abstract")}
    )


class Authorship(SQLModel, table=True):
    """One author's place on one paper, in source order, with the name as the source wrote it."""

    __tablename__ = "authorship"
    __table_args__ = (
        sa.UniqueConstraint("paper_id", "author_id"),
        sa.Index("ix_authorship_author_id_paper_id", "author_id", "paper_id"),
    )

    paper_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True
        )
    )
    position: int = Field(primary_key=True)
    author_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("author.id", ondelete="RESTRICT"), nullable=False
        )
    )
    name_as_written: str = Field(sa_type=sa.Text)


class DataVersion(SQLModel, table=True):
    """One row whose ``version`` every write bumps; caches and ETags are keyed by it."""

    __tablename__ = "data_version"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=1, sa_type=sa.BigInteger)
    updated_at: datetime | None = Field(default=None, sa_column=_timestamp())


class ApiKey(SQLModel, table=True):
    """A curator's key for writing; only its SHA-256 is stored, never the key itself."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=sa.Text)
    # The key's first characters, to tell keys apart in listings; too short to help a guess.
    key_prefix: str = Field(sa_type=sa.String(16))
    key_hash: str = Field(sa_type=sa.String(64), unique=True)
    created_at: datetime | None = Field(default=None, sa_column=_timestamp())
    last_used_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class AuthorNameVariant(SQLModel, table=True):
    """A spelling mapped to an author ("Welling, M."), with the match key it gives.

    Imports record every spelling they map; a merge moves the dropped author's spellings to
    the author kept, so importing them again finds that author.
    """

    __tablename__ = "author_name_variant"

    author_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("author.id", ondelete="CASCADE"), primary_key=True
        )
    )
    variant: str = Field(sa_type=_sort_text(), primary_key=True)
    match_key: str = Field(sa_type=_sort_text(400), index=True)


class AuthorNameToken(SQLModel, table=True):
    """One folded part of an author's names ("berg"), for suggestions by prefix."""

    __tablename__ = "author_name_token"
    __table_args__ = (sa.Index("ix_author_name_token_author_id_token", "author_id", "token"),)

    # Token first: the primary key's index serves the prefix range scan.
    token: str = Field(sa_type=_sort_text(), primary_key=True)
    author_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("author.id", ondelete="CASCADE"), primary_key=True
        )
    )


class AuthorMerge(SQLModel, table=True):
    """A merge of one author into another, with everything needed to undo it exactly."""

    __tablename__ = "author_merge"

    id: int | None = Field(default=None, primary_key=True)
    # Not foreign keys: the author kept may later be merged away itself.
    keep_author_id: int = Field(index=True)
    keep_slug: str = Field(sa_type=_sort_text(200))
    dropped_author_id: int
    dropped_slug: str = Field(sa_type=_sort_text(200), unique=True)
    merged_at: datetime | None = Field(default=None, sa_column=_timestamp())
    undo: dict[str, Any] = Field(sa_type=sa.JSON)


class Group(SQLModel, table=True):
    """A lab or team: its publications are those its members wrote while they were members."""

    # A reserved word in SQL: SQLAlchemy quotes it wherever it writes the name.
    __tablename__ = "group"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=_sort_text(200), unique=True)
    name: str = Field(sa_type=_sort_text())
    url: str | None = Field(default=None, sa_type=sa.Text)
    description: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime | None = Field(default=None, sa_column=_timestamp())
    updated_at: datetime | None = Field(default=None, sa_column=_timestamp())


class GroupMembership(SQLModel, table=True):
    """One period of an author in a group; ``end_year`` None means a current member."""

    __tablename__ = "group_membership"
    __table_args__ = (
        sa.CheckConstraint("end_year IS NULL OR end_year >= start_year", name="period_order"),
        sa.Index("ix_group_membership_group_id_author_id", "group_id", "author_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("group.id", ondelete="CASCADE"), nullable=False
        )
    )
    # RESTRICT, as for authorships: an author is not deleted from under a group's history.
    author_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("author.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    role: str = Field(sa_type=sa.String(100))
    start_year: int
    end_year: int | None = Field(default=None)


def _table(model: type[SQLModel]) -> sa.Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


# Core views of the tables, for bulk and read paths that need no ORM objects.
paper_table = _table(Paper)
author_table = _table(Author)
authorship_table = _table(Authorship)

data_version_table = _table(DataVersion)
api_key_table = _table(ApiKey)
author_name_variant_table = _table(AuthorNameVariant)
author_name_token_table = _table(AuthorNameToken)
author_merge_table = _table(AuthorMerge)
group_table = _table(Group)
group_membership_table = _table(GroupMembership)
