"""Indexes on the sort expressions, so every page of every list is an index seek.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

The expressions must match api/reads/papers.py and api/reads/authors.py exactly. They live
here only (not in the models), and autogenerate is told to leave them be (api/migrate.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_paper_newest_first",
        "paper",
        [sa.text("(-coalesce(year, -1))"), "folded_title", "id"],
    )
    op.create_index(
        "ix_paper_oldest_first",
        "paper",
        [sa.text("(coalesce(year, 1000000))"), "folded_title", "id"],
    )
    op.create_index(
        "ix_author_most_papers",
        "author",
        [sa.text("(-paper_count)"), "sort_name", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_author_most_papers", table_name="author")
    op.drop_index("ix_paper_oldest_first", table_name="paper")
    op.drop_index("ix_paper_newest_first", table_name="paper")
