"""evidence: before-and-after check, action votes (#15)

Revision ID: 0002
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0002"
down_revision = "0004"
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ("check_statements", 100),
    ("check_stage", 10),
    ("vote_state", 10),
    ("screen_evidence", 10),
    ("evidence_key", 64),
)


def upgrade() -> None:
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        for name, length in NEW_COLUMNS:
            batch_op.add_column(
                sa.Column(name, AutoString(length=length), nullable=False, server_default="")
            )

    op.create_table(
        "check_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("stage", AutoString(length=10), nullable=False),
        sa.Column("statement", AutoString(length=30), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("check_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_answer_session_id"), ["session_id"])

    op.create_table(
        "evidence_ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=10), nullable=False),
        sa.Column("voter_hash", AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "kind", "voter_hash"),
    )
    with op.batch_alter_table("evidence_ballot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_ballot_session_id"), ["session_id"])

    op.create_table(
        "action_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.id"]),
        sa.ForeignKeyConstraint(["reflection_id"], ["reflection.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_vote_session_id"), ["session_id"])
        batch_op.create_index(batch_op.f("ix_action_vote_reflection_id"), ["reflection_id"])


def downgrade() -> None:
    with op.batch_alter_table("action_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_vote_reflection_id"))
        batch_op.drop_index(batch_op.f("ix_action_vote_session_id"))
    op.drop_table("action_vote")
    with op.batch_alter_table("evidence_ballot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_ballot_session_id"))
    op.drop_table("evidence_ballot")
    with op.batch_alter_table("check_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_answer_session_id"))
    op.drop_table("check_answer")
    with op.batch_alter_table("live_session", schema=None) as batch_op:
        for name, _length in reversed(NEW_COLUMNS):
            batch_op.drop_column(name)
