"""bilingual sessions: Welsh and English at once on the projector

Revision ID: 0004
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("live_session") as batch:
        batch.add_column(
            sa.Column("bilingual", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("live_session") as batch:
        batch.drop_column("bilingual")
