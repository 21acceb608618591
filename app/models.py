"""Database tables. Nothing here can identify a person: no names, IPs or user agents.

Reflection text is stored only after redaction (see ``store.add_reflection``); a
participant is a keyed hash of a random device token, meaningless outside its session.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.i18n import WELSH_FIRST


def utcnow() -> datetime:
    return datetime.now(UTC)


class LiveSession(SQLModel, table=True):
    __tablename__ = "live_session"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, unique=True, index=True)
    title: str = Field(max_length=120)
    lang: str = Field(max_length=2, default="en")  # the first language: "cy" when bilingual
    bilingual: bool = False  # Welsh and English at once on the projector (Welsh first)
    plan_slug: str | None = Field(default=None, max_length=80)
    card_numbers: str = Field(default="", max_length=400, description="Comma-separated order.")
    k_threshold: int = 3
    ask_role_group: bool = True
    facilitator_token_hash: str = Field(max_length=64, index=True)
    device_key: str = Field(max_length=64, description="Keys the per-session device hash.")
    join_locked: bool = False
    # Where phones join, fixed when the session is created (from settings or the checked
    # Host of the creating request), so no later request can change the QR code.
    base_url: str | None = Field(default=None, max_length=300)
    status: str = Field(default="lobby", max_length=10)  # lobby, live, ended
    current_index: int = -1
    current_side: str = Field(default="front", max_length=10)  # front, questions
    phase: str = Field(default="think", max_length=10)  # think, pairs, share
    blank: bool = False
    timer_seconds: int = 0  # length of the current timer
    timer_started_at: datetime | None = None  # set while running
    timer_elapsed: int = 0  # seconds already used before the last start
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None  # first card dealt: "time used" counts from here
    card_started_at: datetime | None = None  # current card dealt: suggests the plan's step
    ended_at: datetime | None = Field(default=None, index=True)
    purged_at: datetime | None = None
    # Evidence the session changed something (#15): the before-and-after check and the
    # vote on actions. ``evidence_key`` keys the ballot hashes, distinct from device_key.
    check_statements: str = Field(default="", max_length=100)  # comma-separated ids
    check_stage: str = Field(default="", max_length=10)  # "", before, after
    vote_state: str = Field(default="", max_length=10)  # "", open, closed
    screen_evidence: str = Field(default="", max_length=10)  # "", check, actions
    evidence_key: str = Field(default="", max_length=64)

    @property
    def session_lang(self) -> str:
        """``"cy"``, ``"en"`` or ``"both"``: what the facilitator chose."""
        return "both" if self.bilingual else self.lang

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the room sees, Welsh first."""
        return WELSH_FIRST if self.bilingual else (self.lang,)


class Participant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    device_hash: str = Field(max_length=64, index=True)
    role_group: str | None = Field(default=None, max_length=30)
    joined_at: datetime = Field(default_factory=utcnow)


class Reflection(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    card_number: int
    kind: str = Field(default="think", max_length=10)  # think, change
    level: str | None = Field(default=None, max_length=15)  # me, team, organisation, system
    phase: str = Field(default="think", max_length=10)
    text: str = Field(max_length=4000, description="Redacted text only.")
    removed: int = 0  # how many identifying details redaction took out
    hidden: bool = False  # hidden by the facilitator: never shown or exported
    revealed: bool = False  # shown to the room by the facilitator
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Concern(SQLModel, table=True):
    """A participant's private safeguarding flag: for the facilitator only, never aggregated."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    card_number: int | None = None
    text: str = Field(max_length=4000, description="Redacted text only.")
    acknowledged: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    # Which phone may read the reply: a keyed hash of its device token under a scope of
    # its own, so a concern cannot be joined to that phone's reflections in the database.
    reply_key: str | None = Field(default=None, max_length=64, index=True)
    reply_choice: str | None = Field(default=None, max_length=20)  # a prepared reply
    reply_text: str | None = Field(default=None, max_length=400, description="Redacted.")
    replied_at: datetime | None = None


class AggregateCount(SQLModel, table=True):
    """Counts that passed the k-threshold, kept after a session's reflections are purged."""

    __tablename__ = "aggregate_count"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    card_number: int | None = None
    kind: str = Field(max_length=20)  # reflections, theme, phrase, role_group
    key: str = Field(default="", max_length=120)
    count: int


class CheckAnswer(SQLModel, table=True):
    """One score for one statement of the before-and-after check.

    Deliberately anonymous: no participant, no device hash, no time. Only thresholded
    distributions of these leave the server.
    """

    __tablename__ = "check_answer"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    stage: str = Field(max_length=10)  # before, after
    statement: str = Field(max_length=30)
    score: int  # 1 (strongly disagree) to 5 (strongly agree)


class EvidenceBallot(SQLModel, table=True):
    """That a device has answered a check stage or voted, and nothing else.

    ``voter_hash`` is keyed with the session's ``evidence_key``, not its ``device_key``,
    so it cannot be matched to a participant or a reflection; it is deleted at purge.
    """

    __tablename__ = "evidence_ballot"
    __table_args__ = (UniqueConstraint("session_id", "kind", "voter_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    kind: str = Field(max_length=10)  # before, after, vote
    voter_hash: str = Field(max_length=64)


class ActionVote(SQLModel, table=True):
    """One vote for a revealed "What could change?" reflection; no voter is recorded."""

    __tablename__ = "action_vote"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    reflection_id: int = Field(foreign_key="reflection.id", index=True)


class Theme(SQLModel, table=True):
    """A theme as the facilitator shaped it: renamed, merged, hidden or split off.

    Suggested themes live only in memory until the facilitator edits one; then it is
    stored here, with the suggestion keys it adopts (so reflections that arrive later and
    are suggested into the same group still join it) and its members pinned.
    """

    __tablename__ = "theme"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    label: str = Field(max_length=120, description="Redacted; shown to the room.")
    keys: str = Field(default="", max_length=2000, description="Space-separated keys.")
    hidden: bool = False  # kept off the projector and out of exports
    merged_into: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)


class ThemePlacement(SQLModel, table=True):
    """The facilitator's placement of one reflection: in a theme, or (``None``) in none."""

    __tablename__ = "theme_placement"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    reflection_id: int = Field(foreign_key="reflection.id", unique=True)
    theme_id: int | None = Field(default=None, foreign_key="theme.id")


class RateCount(SQLModel, table=True):
    """Hits per opaque client key per window, shared by workers (see app/security.py)."""

    __tablename__ = "rate_count"

    key: str = Field(max_length=80, primary_key=True)
    window_start: int = Field(primary_key=True, sa_type=BigInteger)
    count: int = 0
