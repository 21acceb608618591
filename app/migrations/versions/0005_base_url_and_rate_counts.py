"""each session keeps its public base URL; rate-limit counts shared by workers

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("live_session") as batch:
        batch.add_column(sa.Column("base_url", AutoString(length=300), nullable=True))
    op.create_table(
        "rate_count",
        sa.Column("key", AutoString(length=80), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start"),
    )


def downgrade() -> None:
    op.drop_table("rate_count")
    with op.batch_alter_table("live_session") as batch:
        batch.drop_column("base_url")
