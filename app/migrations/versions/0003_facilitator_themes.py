"""facilitator themes: stored edits of suggested themes and reflection placements

Revision ID: 0003
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("label", AutoString(length=120), nullable=False),
        sa.Column("keys", AutoString(length=2000), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_theme_session_id"), "theme", ["session_id"], unique=False)
    op.create_table(
        "theme_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"]),
        sa.ForeignKeyConstraint(["reflection_id"], ["reflection.id"]),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reflection_id"),
    )
    op.create_index(
        op.f("ix_theme_placement_session_id"), "theme_placement", ["session_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_theme_placement_session_id"), table_name="theme_placement")
    op.drop_table("theme_placement")
    op.drop_index(op.f("ix_theme_session_id"), table_name="theme")
    op.drop_table("theme")
