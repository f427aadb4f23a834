"""The tables ``paper``, ``author`` and ``authorship``; constraints named by convention."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

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


def _table(model: type[SQLModel]) -> sa.Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


# Core views of the tables, for bulk and read paths that need no ORM objects.
paper_table = _table(Paper)
author_table = _table(Author)
authorship_table = _table(Authorship)

data_version_table = _table(DataVersion)
