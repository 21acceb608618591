"""Every query and change to the database, in one place. Keyword-only arguments throughout.

Free text reaches the database only through :func:`_redacted`, called by the functions
that store reflections and concerns, so nothing typed is ever kept unredacted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, delete, select

from app import batch
from app.content.statements import MAX_CHOSEN, SCALE, statements
from app.limits import THEME_LABEL_MAX
from app.models import (
    ActionVote,
    AggregateCount,
    CheckAnswer,
    Concern,
    EvidenceBallot,
    LiveSession,
    Participant,
    Reflection,
    Theme,
    ThemePlacement,
    utcnow,
)
from app.privacy.redact import redact
from app.text import clean_text

# No 0/O, 1/I/L, 5/S or 2/Z: codes are read off a projector and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 6
KINDS = ("think", "change")
LEVELS = ("me", "team", "organisation", "system")
PHASES = ("think", "pairs", "share")
SIDES = ("front", "questions")


class StoreError(ValueError):
    """A request the store refuses; ``code`` names the reason for a translated message."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class StoredText:
    text: str
    removed: int


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _redacted(text: str, lang: str, remove: Sequence[str] = ()) -> StoredText:
    """The only way free text is prepared for storage: redacted, trimmed. ``remove`` are
    words the person tapped to take out too: they only ever add to the redaction."""
    result = redact(clean_text(text).strip(), lang, remove)
    return StoredText(result.text.strip(), result.removed)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:CODE_LENGTH]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# Sessions ---------------------------------------------------------------------------


def create_session(
    db: Session,
    *,
    title: str,
    lang: str,
    card_numbers: Sequence[int],
    plan_slug: str | None = None,
    k_threshold: int = 3,
    ask_role_group: bool = True,
    check_statements: Sequence[str] = (),
    base_url: str | None = None,
) -> tuple[LiveSession, str]:
    """Create a session; returns it and the facilitator token (shown once, stored hashed).

    ``check_statements`` (ids from ``app.content.statements``, at most three) turns on the
    before-and-after confidence check. ``lang`` is ``"cy"``, ``"en"`` or ``"both"``
    (bilingual: Welsh first).
    """
    bilingual = lang == "both"
    lang = "cy" if bilingual else lang
    if not card_numbers:
        raise StoreError("no_cards")
    known = statements()
    checks = list(dict.fromkeys(check_statements))
    if len(checks) > MAX_CHOSEN or any(ident not in known for ident in checks):
        raise StoreError("bad_statements")
    if k_threshold < 2:
        raise StoreError("threshold_too_low")
    token = secrets.token_urlsafe(32)
    for _attempt in range(20):
        code = new_code()
        if db.exec(select(LiveSession.id).where(LiveSession.code == code)).first() is None:
            break
    else:  # pragma: no cover - 27^6 codes make this vanishingly unlikely
        raise StoreError("no_code")
    live = LiveSession(
        code=code,
        title=_redacted(title, lang).text,
        lang=lang,
        bilingual=bilingual,
        plan_slug=plan_slug,
        card_numbers=",".join(str(n) for n in card_numbers),
        k_threshold=k_threshold,
        ask_role_group=ask_role_group,
        facilitator_token_hash=_hash(token),
        device_key=secrets.token_hex(32),
        check_statements=",".join(checks),
        check_stage="before" if checks else "",
        evidence_key=secrets.token_hex(32),
        base_url=base_url,
    )
    db.add(live)
    db.commit()
    db.refresh(live)
    return live, token


def session_by_code(db: Session, *, code: str) -> LiveSession | None:
    return db.exec(select(LiveSession).where(LiveSession.code == normalise_code(code))).first()


def facilitator_session(db: Session, *, code: str, token: str) -> LiveSession | None:
    """The session if ``token`` is its facilitator token (compared in constant time)."""
    live = session_by_code(db, code=code)
    if live is None or not token:
        return None
    if hmac.compare_digest(live.facilitator_token_hash, _hash(token)):
        return live
    return None


def card_order(live: LiveSession) -> list[int]:
    return [int(n) for n in live.card_numbers.split(",") if n]


def current_card_number(live: LiveSession) -> int | None:
    order = card_order(live)
    if 0 <= live.current_index < len(order):
        return order[live.current_index]
    return None


def dealt_card_numbers(live: LiveSession) -> list[int]:
    return card_order(live)[: max(live.current_index + 1, 0)]


def _save(db: Session, live: LiveSession) -> LiveSession:
    db.add(live)
    db.commit()
    db.refresh(live)
    return live


def deal(db: Session, *, live: LiveSession, step: int) -> LiveSession:
    """Move to the next (step=1) or previous (step=-1) card, front side up."""
    if live.status == "ended":
        raise StoreError("ended")
    if step < 0 and live.current_index <= 0:
        # Before the first card "previous" used to deal card 1; on card 1 it did nothing.
        raise StoreError("no_previous")
    order = card_order(live)
    index = max(0, min(len(order) - 1, live.current_index + step))
    now = utcnow()
    if index != live.current_index or live.card_started_at is None:
        live.card_started_at = now
    live.started_at = live.started_at or now
    live.current_index = index
    live.current_side = "front"
    live.status = "live"
    live.blank = False
    return _save(db, live)


def flip(db: Session, *, live: LiveSession) -> LiveSession:
    if live.current_index < 0:
        raise StoreError("not_started")
    live.current_side = "questions" if live.current_side == "front" else "front"
    return _save(db, live)


def set_phase(db: Session, *, live: LiveSession, phase: str) -> LiveSession:
    if phase not in PHASES:
        raise StoreError("bad_phase")
    live.phase = phase
    return _save(db, live)


def toggle_blank(db: Session, *, live: LiveSession) -> LiveSession:
    live.blank = not live.blank
    return _save(db, live)


def set_join_locked(db: Session, *, live: LiveSession, locked: bool) -> LiveSession:
    live.join_locked = locked
    return _save(db, live)


def end_session(db: Session, *, live: LiveSession, now: datetime | None = None) -> LiveSession:
    """End the session: joining closes and live safeguarding concerns are deleted."""
    live.status = "ended"
    live.ended_at = now or utcnow()
    live.join_locked = True
    live.timer_started_at = None
    if live.check_stage:
        live.check_stage = "after"  # phones still answer the after check once it is over
    if live.vote_state == "open":
        live.vote_state = "closed"
    db.exec(delete(Concern).where(col(Concern.session_id) == live.id))
    return _save(db, live)


# Timer --------------------------------------------------------------------------------


def timer_remaining(live: LiveSession, now: datetime | None = None) -> int:
    """Seconds left on the timer (0 when none or finished)."""
    used = live.timer_elapsed
    if live.timer_started_at is not None:
        started = live.timer_started_at
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        used += int(((now or utcnow()) - started).total_seconds())
    return max(0, live.timer_seconds - used)


def timer_running(live: LiveSession) -> bool:
    return live.timer_started_at is not None and timer_remaining(live) > 0


def timer_start(db: Session, *, live: LiveSession, seconds: int | None = None) -> LiveSession:
    if seconds is not None:
        live.timer_seconds = max(0, min(seconds, 60 * 60))
        live.timer_elapsed = 0
    elif timer_remaining(live) == 0:
        live.timer_seconds = live.timer_seconds or 5 * 60
        live.timer_elapsed = 0
    if live.timer_started_at is None:
        live.timer_started_at = utcnow()
    return _save(db, live)


def timer_pause(db: Session, *, live: LiveSession) -> LiveSession:
    if live.timer_started_at is not None:
        live.timer_elapsed = live.timer_seconds - timer_remaining(live)
        live.timer_started_at = None
    return _save(db, live)


def timer_add_minute(db: Session, *, live: LiveSession) -> LiveSession:
    if timer_remaining(live) == 0:
        live.timer_seconds = 60
        live.timer_elapsed = 0
    else:
        live.timer_seconds += 60
    return _save(db, live)


# Participants -------------------------------------------------------------------------


def device_hash(live: LiveSession, device_token: str) -> str:
    """A per-session keyed hash: the same phone cannot be linked across sessions."""
    return hmac.new(live.device_key.encode(), device_token.encode(), hashlib.sha256).hexdigest()


def participant(db: Session, *, live: LiveSession, device_token: str) -> Participant | None:
    if not device_token:
        return None
    hashed = device_hash(live, device_token)
    return db.exec(
        select(Participant).where(
            Participant.session_id == live.id, Participant.device_hash == hashed
        )
    ).first()


def join(
    db: Session, *, live: LiveSession, device_token: str, role_group: str | None = None
) -> Participant:
    """Join (or re-join) a session from a device; returns the participant."""
    existing = participant(db, live=live, device_token=device_token)
    if existing is not None:
        if role_group is not None and existing.role_group != role_group:
            existing.role_group = role_group
            db.add(existing)
            db.commit()
        return existing
    if live.join_locked or live.status == "ended":
        raise StoreError("join_locked")
    person = Participant(
        session_id=live.id or 0,
        device_hash=device_hash(live, device_token),
        role_group=role_group if live.ask_role_group else None,
    )
    db.add(person)
    db.commit()
    db.refresh(person)
    return person


def participant_count(db: Session, *, live: LiveSession) -> int:
    return int(
        db.exec(
            select(func.count()).select_from(Participant).where(Participant.session_id == live.id)
        ).one()
    )


# Reflections --------------------------------------------------------------------------


def add_reflection(
    db: Session,
    *,
    live: LiveSession,
    person: Participant,
    card_number: int,
    text: str,
    kind: str = "think",
    level: str | None = None,
    remove: Sequence[str] = (),
) -> Reflection:
    """Store a reflection — redacted first, always. Raises StoreError on bad input.
    ``remove``: words the person chose to take out as well."""
    if live.status == "ended":
        raise StoreError("ended")
    if card_number not in card_order(live):
        raise StoreError("bad_card")
    if kind not in KINDS:
        raise StoreError("bad_kind")
    if level is not None and level not in LEVELS:
        raise StoreError("bad_level")
    cleaned = _redacted(text, live.lang, remove)
    if not cleaned.text:
        raise StoreError("empty")
    reflection = Reflection(
        session_id=live.id or 0,
        participant_id=person.id or 0,
        card_number=card_number,
        kind=kind,
        level=level if kind == "change" else None,
        phase=live.phase,
        text=cleaned.text,
        removed=cleaned.removed,
    )
    writer = batch.writer_for(db.get_bind())
    if writer is not None:
        # A burst of posts shares one transaction; this returns once ours is committed.
        return writer.insert(reflection)
    db.add(reflection)
    db.commit()  # the id is set on flush; no refresh needed (expire_on_commit is off)
    return reflection


def own_reflection(
    db: Session, *, live: LiveSession, person: Participant, reflection_id: int
) -> Reflection | None:
    reflection = db.get(Reflection, reflection_id)
    if reflection is None or reflection.session_id != live.id:
        return None
    if reflection.participant_id != person.id:
        return None
    return reflection


def update_reflection(
    db: Session, *, live: LiveSession, reflection: Reflection, text: str
) -> Reflection:
    """Edit one's own reflection: the new text is redacted like the first."""
    if live.status == "ended":
        raise StoreError("ended")
    cleaned = _redacted(text, live.lang)
    if not cleaned.text:
        raise StoreError("empty")
    reflection.text = cleaned.text
    reflection.removed = cleaned.removed
    reflection.updated_at = utcnow()
    db.add(reflection)
    db.commit()
    db.refresh(reflection)
    return reflection


def delete_reflection(db: Session, *, live: LiveSession, reflection: Reflection) -> None:
    """Delete one's own reflection while the session runs (afterwards, retention does)."""
    if live.status == "ended":
        raise StoreError("ended")
    db.exec(delete(ThemePlacement).where(col(ThemePlacement.reflection_id) == reflection.id))
    db.exec(delete(ActionVote).where(col(ActionVote.reflection_id) == reflection.id))
    db.delete(reflection)
    db.commit()


def participant_reflections(
    db: Session, *, live: LiveSession, person: Participant
) -> list[Reflection]:
    return list(
        db.exec(
            select(Reflection)
            .where(Reflection.session_id == live.id, Reflection.participant_id == person.id)
            .order_by(col(Reflection.created_at))
        ).all()
    )


def reflections(
    db: Session,
    *,
    live: LiveSession,
    card_number: int | None = None,
    revealed_only: bool = False,
    include_hidden: bool = True,
) -> list[Reflection]:
    query = select(Reflection).where(Reflection.session_id == live.id)
    if card_number is not None:
        query = query.where(Reflection.card_number == card_number)
    if revealed_only:
        query = query.where(col(Reflection.revealed).is_(True))
    if not include_hidden or revealed_only:
        query = query.where(col(Reflection.hidden).is_(False))
    return list(db.exec(query.order_by(col(Reflection.created_at), col(Reflection.id))).all())


def reflection_counts(db: Session, *, live: LiveSession) -> dict[int, int]:
    rows = db.exec(
        select(Reflection.card_number, func.count())
        .where(Reflection.session_id == live.id)
        .group_by(col(Reflection.card_number))
    ).all()
    return {int(card): int(count) for card, count in rows}


def contributors_by_card(
    db: Session, *, live: LiveSession, include_hidden: bool = False
) -> dict[int, set[str]]:
    """Distinct contributor ids per card (opaque participant ids as strings)."""
    query = select(Reflection.card_number, Reflection.participant_id).where(
        Reflection.session_id == live.id
    )
    if not include_hidden:
        query = query.where(col(Reflection.hidden).is_(False))
    result: dict[int, set[str]] = {}
    for card, person in db.exec(query).all():
        result.setdefault(int(card), set()).add(str(person))
    return result


def role_group_contributors(db: Session, *, live: LiveSession) -> dict[str, set[str]]:
    rows = db.exec(
        select(Participant.role_group, Participant.id).where(
            Participant.session_id == live.id, col(Participant.role_group).is_not(None)
        )
    ).all()
    result: dict[str, set[str]] = {}
    for group, person in rows:
        result.setdefault(str(group), set()).add(str(person))
    return result


def set_visibility(
    db: Session,
    *,
    live: LiveSession,
    reflection_id: int | None = None,
    revealed: bool | None = None,
    hidden: bool | None = None,
    card_number: int | None = None,
) -> int:
    """Reveal/hide one reflection (by id) or all of a card's; returns how many changed."""
    query = select(Reflection).where(Reflection.session_id == live.id)
    if reflection_id is not None:
        query = query.where(Reflection.id == reflection_id)
    elif card_number is not None:
        query = query.where(Reflection.card_number == card_number)
    changed = 0
    for reflection in db.exec(query).all():
        if revealed is not None:
            reflection.revealed = revealed
            if revealed:
                reflection.hidden = False
        if hidden is not None:
            reflection.hidden = hidden
            if hidden:
                reflection.revealed = False
        db.add(reflection)
        changed += 1
    db.commit()
    return changed


# Facilitator's themes -----------------------------------------------------------------


def themes(db: Session, *, live: LiveSession) -> list[Theme]:
    """The themes the facilitator has shaped (merged ones included), oldest first."""
    return list(
        db.exec(select(Theme).where(Theme.session_id == live.id).order_by(col(Theme.id))).all()
    )


def theme_placements(db: Session, *, live: LiveSession) -> dict[int, int | None]:
    """Reflection id → the theme the facilitator put it in (``None``: in no theme)."""
    rows = db.exec(
        select(ThemePlacement.reflection_id, ThemePlacement.theme_id).where(
            ThemePlacement.session_id == live.id
        )
    ).all()
    return {int(reflection): theme for reflection, theme in rows}


def add_theme(db: Session, *, live: LiveSession, label: str, keys: str = "") -> Theme:
    """Store a theme; its label is redacted like everything else typed."""
    theme = Theme(session_id=live.id or 0, label=theme_label(label, live.lang), keys=keys)
    db.add(theme)
    db.flush()
    return theme


def theme_label(label: str, lang: str) -> str:
    return _redacted(" ".join(label.split())[:THEME_LABEL_MAX], lang).text


def place_reflections(
    db: Session, *, live: LiveSession, reflection_ids: Sequence[int], theme_id: int | None
) -> None:
    """Pin reflections of this session into a theme (or into none); no commit."""
    wanted = set(
        db.exec(
            select(Reflection.id).where(
                Reflection.session_id == live.id, col(Reflection.id).in_(list(reflection_ids))
            )
        ).all()
    )
    existing = {
        row.reflection_id: row
        for row in db.exec(
            select(ThemePlacement).where(
                ThemePlacement.session_id == live.id,
                col(ThemePlacement.reflection_id).in_(list(wanted)),
            )
        ).all()
    }
    for reflection_id in wanted:
        if reflection_id is None:
            continue
        row = existing.get(reflection_id) or ThemePlacement(
            session_id=live.id or 0, reflection_id=reflection_id
        )
        row.theme_id = theme_id
        db.add(row)
    db.flush()


def move_placements(db: Session, *, live: LiveSession, source: int, target: int) -> None:
    """Every reflection pinned in ``source`` is now pinned in ``target``; no commit."""
    for row in db.exec(
        select(ThemePlacement).where(
            ThemePlacement.session_id == live.id, ThemePlacement.theme_id == source
        )
    ).all():
        row.theme_id = target
        db.add(row)
    db.flush()


# Concerns -----------------------------------------------------------------------------


def concern_reply_key(live: LiveSession, device_token: str) -> str:
    """Which phone may read replies to its concerns: not the hash its reflections carry."""
    return device_hash(live, "concern-reply:" + device_token)


def add_concern(
    db: Session,
    *,
    live: LiveSession,
    text: str,
    card_number: int | None = None,
    device_token: str = "",
) -> Concern:
    """A private safeguarding flag for the facilitator; redacted like everything else."""
    if live.status == "ended":
        raise StoreError("ended")
    cleaned = _redacted(text, live.lang)
    concern = Concern(
        session_id=live.id or 0,
        card_number=card_number,
        text=cleaned.text,
        reply_key=concern_reply_key(live, device_token) if device_token else None,
    )
    db.add(concern)
    db.commit()
    db.refresh(concern)
    return concern


def concerns(db: Session, *, live: LiveSession) -> list[Concern]:
    return list(
        db.exec(
            select(Concern).where(Concern.session_id == live.id).order_by(col(Concern.created_at))
        ).all()
    )


def acknowledge_concern(db: Session, *, live: LiveSession, concern_id: int) -> None:
    concern = db.get(Concern, concern_id)
    if concern is not None and concern.session_id == live.id:
        concern.acknowledged = True
        db.add(concern)
        db.commit()


# Evidence: the before-and-after check and the vote on actions (#15) -------------------
#
# Answers and votes carry no participant: a device's ballot (that it answered a stage or
# voted) is a hash keyed with ``evidence_key``, a key of its own, so it cannot be matched
# to a participant's ``device_hash`` or a reflection; ballots go at purge.

CHECK_STAGES = ("before", "after")
MAX_VOTES = 3
SCREEN_EVIDENCE = ("", "check", "actions")


def voter_hash(live: LiveSession, device_token: str) -> str:
    """A per-session keyed hash for ballots, unlinkable to :func:`device_hash`."""
    key = (live.evidence_key or live.device_key[::-1]).encode()
    return hmac.new(key, b"ballot:" + device_token.encode(), hashlib.sha256).hexdigest()


def has_ballot(db: Session, *, live: LiveSession, device_token: str, kind: str) -> bool:
    if not device_token:
        return False
    found = db.exec(
        select(EvidenceBallot.id).where(
            EvidenceBallot.session_id == live.id,
            EvidenceBallot.kind == kind,
            EvidenceBallot.voter_hash == voter_hash(live, device_token),
        )
    ).first()
    return found is not None


def _cast(
    db: Session, *, live: LiveSession, device_token: str, kind: str, rows: list[SQLModel]
) -> None:
    """Store a ballot and its anonymous rows together, or nothing if this device already did."""
    if not device_token:
        raise StoreError("not_joined")
    db.add(
        EvidenceBallot(
            session_id=live.id or 0, kind=kind, voter_hash=voter_hash(live, device_token)
        )
    )
    for row in rows:
        db.add(row)
    try:
        db.commit()
    except IntegrityError:  # two taps at once: the unique ballot lets only one through
        db.rollback()
        raise StoreError("already_answered") from None


def check_open(live: LiveSession, stage: str) -> bool:
    """Whether phones may answer ``stage`` now (the after check stays open once ended)."""
    if not live.check_statements or live.purged_at is not None:
        return False
    if stage == "before":
        return live.check_stage == "before" and live.status != "ended"
    return stage == "after" and live.check_stage == "after"


def answer_check(
    db: Session, *, live: LiveSession, device_token: str, stage: str, scores: dict[str, int]
) -> None:
    """Record one device's answers to one stage of the check (each statement at most once)."""
    if stage not in CHECK_STAGES or not check_open(live, stage):
        raise StoreError("check_closed")
    asked = live.check_statements.split(",")
    if not scores or any(key not in asked or value not in SCALE for key, value in scores.items()):
        raise StoreError("bad_scores")
    if has_ballot(db, live=live, device_token=device_token, kind=stage):
        raise StoreError("already_answered")
    rows: list[SQLModel] = [
        CheckAnswer(session_id=live.id or 0, stage=stage, statement=key, score=scores[key])
        for key in asked
        if key in scores
    ]
    _cast(db, live=live, device_token=device_token, kind=stage, rows=rows)


def check_scores(db: Session, *, live: LiveSession) -> list[tuple[int, str, str, int]]:
    """(row id, stage, statement, score) for every answer; thresholded before it is shown."""
    rows = db.exec(
        select(CheckAnswer.id, CheckAnswer.stage, CheckAnswer.statement, CheckAnswer.score).where(
            CheckAnswer.session_id == live.id
        )
    ).all()
    return [(int(i or 0), str(stage), str(key), int(score)) for i, stage, key, score in rows]


def ballot_counts(db: Session, *, live: LiveSession) -> dict[str, int]:
    """How many devices answered each stage and voted: progress for the facilitator."""
    rows = db.exec(
        select(EvidenceBallot.kind, func.count())
        .where(EvidenceBallot.session_id == live.id)
        .group_by(col(EvidenceBallot.kind))
    ).all()
    return {str(kind): int(count) for kind, count in rows}


def set_check_stage(db: Session, *, live: LiveSession, stage: str) -> LiveSession:
    if not live.check_statements:
        raise StoreError("no_check")
    if stage not in CHECK_STAGES:
        raise StoreError("bad_action")
    live.check_stage = stage
    return _save(db, live)


def set_vote_state(db: Session, *, live: LiveSession, state: str) -> LiveSession:
    if state not in ("open", "closed"):
        raise StoreError("bad_action")
    if state == "open" and live.status == "ended":
        raise StoreError("ended")
    live.vote_state = state
    return _save(db, live)


def set_screen_evidence(db: Session, *, live: LiveSession, show: str) -> LiveSession:
    if show not in SCREEN_EVIDENCE:
        raise StoreError("bad_action")
    live.screen_evidence = show
    return _save(db, live)


def vote_candidates(db: Session, *, live: LiveSession) -> list[Reflection]:
    """The "What could change?" reflections the room has seen: what a vote may choose from."""
    return [r for r in reflections(db, live=live, revealed_only=True) if r.kind == "change"]


def cast_votes(
    db: Session, *, live: LiveSession, device_token: str, reflection_ids: Sequence[int]
) -> None:
    """One device's votes: one to three different revealed actions, once per session."""
    if live.vote_state != "open" or live.status == "ended":
        raise StoreError("vote_closed")
    chosen = list(dict.fromkeys(reflection_ids))
    allowed = {r.id for r in vote_candidates(db, live=live)}
    if not chosen:
        raise StoreError("no_votes")
    if len(chosen) > MAX_VOTES:
        raise StoreError("too_many_votes")
    if any(rid not in allowed for rid in chosen):
        raise StoreError("bad_vote")
    if has_ballot(db, live=live, device_token=device_token, kind="vote"):
        raise StoreError("already_voted")
    rows: list[SQLModel] = [
        ActionVote(session_id=live.id or 0, reflection_id=rid) for rid in chosen
    ]
    try:
        _cast(db, live=live, device_token=device_token, kind="vote", rows=rows)
    except StoreError:
        raise StoreError("already_voted") from None


def vote_tallies(db: Session, *, live: LiveSession) -> dict[int, int]:
    """Votes per reflection id (each vote from a different device)."""
    rows = db.exec(
        select(ActionVote.reflection_id, func.count())
        .where(ActionVote.session_id == live.id)
        .group_by(col(ActionVote.reflection_id))
    ).all()
    return {int(rid): int(count) for rid, count in rows}


def reply_to_concern(
    db: Session,
    *,
    live: LiveSession,
    concern_id: int,
    choice: str | None = None,
    text: str = "",
) -> Concern:
    """A short private reply to the phone that raised a concern: a prepared one or free text.

    Free text is redacted like everything else; the reply replaces any earlier one.
    """
    if live.status == "ended":
        raise StoreError("ended")
    concern = db.get(Concern, concern_id)
    if concern is None or concern.session_id != live.id:
        raise StoreError("no_concern")
    if concern.reply_key is None:
        raise StoreError("no_reply_route")
    cleaned = _redacted(text, live.lang).text if text.strip() else ""
    if not choice and not cleaned:
        raise StoreError("empty_reply")
    concern.reply_choice = choice or None
    concern.reply_text = cleaned or None
    concern.replied_at = utcnow()
    concern.acknowledged = True
    db.add(concern)
    db.commit()
    db.refresh(concern)
    return concern


def concerns_from_phone(db: Session, *, live: LiveSession, device_token: str) -> list[Concern]:
    """The concerns this phone raised (to show it the facilitator's replies)."""
    if not device_token:
        return []
    key = concern_reply_key(live, device_token)
    return list(
        db.exec(
            select(Concern)
            .where(Concern.session_id == live.id, Concern.reply_key == key)
            .order_by(col(Concern.created_at), col(Concern.id))
        ).all()
    )


# Retention ----------------------------------------------------------------------------


def sessions_ended_before(db: Session, *, cutoff: datetime) -> list[LiveSession]:
    return list(
        db.exec(
            select(LiveSession).where(
                col(LiveSession.ended_at).is_not(None),
                col(LiveSession.ended_at) < cutoff,
                col(LiveSession.purged_at).is_(None),
            )
        ).all()
    )


def save_aggregates(db: Session, *, live: LiveSession, rows: Sequence[AggregateCount]) -> None:
    db.exec(delete(AggregateCount).where(col(AggregateCount.session_id) == live.id))
    for row in rows:
        db.add(row)
    db.commit()


def aggregates(db: Session, *, live: LiveSession) -> list[AggregateCount]:
    return list(db.exec(select(AggregateCount).where(AggregateCount.session_id == live.id)).all())


def delete_personal_data(
    db: Session, *, live: LiveSession, now: datetime | None = None
) -> dict[str, int]:
    """Delete reflections, concerns, participants (device hashes), check answers, ballots
    and votes of one session."""
    # Votes point at reflections, so they go first; reported only when there were any.
    evidence = {
        "action votes": _delete_where(db, ActionVote, col(ActionVote.session_id) == live.id),
        "check answers": _delete_where(db, CheckAnswer, col(CheckAnswer.session_id) == live.id),
        "ballots": _delete_where(db, EvidenceBallot, col(EvidenceBallot.session_id) == live.id),
    }
    db.exec(delete(ThemePlacement).where(col(ThemePlacement.session_id) == live.id))
    db.exec(delete(Theme).where(col(Theme.session_id) == live.id))
    removed = {
        "reflections": _delete_where(db, Reflection, col(Reflection.session_id) == live.id),
        "concerns": _delete_where(db, Concern, col(Concern.session_id) == live.id),
        "participants": _delete_where(db, Participant, col(Participant.session_id) == live.id),
    }
    removed.update({name: count for name, count in evidence.items() if count})
    live.purged_at = now or utcnow()
    live.device_key = secrets.token_hex(32)  # old device tokens can never match again
    live.evidence_key = secrets.token_hex(32)
    db.add(live)
    db.commit()
    return removed


def _delete_where(db: Session, model: type[SQLModel], condition: ColumnElement[bool]) -> int:
    count = int(db.exec(select(func.count()).select_from(model).where(condition)).one())
    db.exec(delete(model).where(condition))
    return count


def cutoff_for(days: int, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=days)
