"""Papers, authors and authorships.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sort_text(length: int | None = None) -> sa.types.TypeEngine:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=False),
        sa.Column("family_name", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("slug", _sort_text(200), nullable=False),
        sa.Column("match_key", _sort_text(400), nullable=False),
        sa.Column("folded_name", _sort_text(), nullable=False),
        sa.Column("sort_name", _sort_text(), nullable=False),
        sa.Column("orcid", sa.String(length=19), nullable=True),
        sa.Column("paper_count", sa.Integer(), server_default="0", nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_author"),
        sa.UniqueConstraint("match_key", name="uq_author_match_key"),
        sa.UniqueConstraint("orcid", name="uq_author_orcid"),
        sa.UniqueConstraint("slug", name="uq_author_slug"),
    )
    op.create_index("ix_author_paper_count", "author", ["paper_count"])
    op.create_index("ix_author_sort_name", "author", ["sort_name"])

    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("folded_title", _sort_text(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("doi", sa.String(length=300), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_paper"),
        sa.UniqueConstraint("doi", name="uq_paper_doi"),
        sa.UniqueConstraint("fingerprint", name="uq_paper_fingerprint"),
    )
    op.create_index("ix_paper_folded_title_id", "paper", ["folded_title", "id"])
    op.create_index("ix_paper_year_folded_title_id", "paper", ["year", "folded_title", "id"])

    op.create_table(
        "authorship",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("name_as_written", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["author.id"], name="fk_authorship_author_id_author", ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["paper.id"], name="fk_authorship_paper_id_paper", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("paper_id", "position", name="pk_authorship"),
        sa.UniqueConstraint("paper_id", "author_id", name="uq_authorship_paper_id_author_id"),
    )
    op.create_index("ix_authorship_author_id_paper_id", "authorship", ["author_id", "paper_id"])


def downgrade() -> None:
    op.drop_table("authorship")
    op.drop_table("paper")
    op.drop_table("author")
