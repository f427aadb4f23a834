"""Groups (labs) and the periods their members belonged to them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sort_text(length: int | None = None) -> sa.types.TypeEngine:
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade() -> None:
    # "group" is reserved in SQL; op.create_table quotes it like every name it writes.
    op.create_table(
        "group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", _sort_text(200), nullable=False),
        sa.Column("name", _sort_text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_group"),
        sa.UniqueConstraint("slug", name="uq_group_slug"),
    )
    op.create_table(
        "group_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "end_year IS NULL OR end_year >= start_year",
            name="ck_group_membership_period_order",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["group.id"], name="fk_group_membership_group_id_group", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["author.id"],
            name="fk_group_membership_author_id_author",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_group_membership"),
    )
    op.create_index("ix_group_membership_author_id", "group_membership", ["author_id"])
    op.create_index(
        "ix_group_membership_group_id_author_id", "group_membership", ["group_id", "author_id"]
    )


def downgrade() -> None:
    op.drop_table("group_membership")
    op.drop_table("group")
