"""console: when cards were dealt (presenter notes), private replies to concerns

Revision ID: 0006
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("card_started_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("concern", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_key", AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("reply_choice", AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column("reply_text", AutoString(length=400), nullable=True))
        batch_op.add_column(sa.Column("replied_at", UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_concern_reply_key"), ["reply_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("concern", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concern_reply_key"))
        batch_op.drop_column("replied_at")
        batch_op.drop_column("reply_text")
        batch_op.drop_column("reply_choice")
        batch_op.drop_column("reply_key")
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        batch_op.drop_column("card_started_at")
        batch_op.drop_column("started_at")
