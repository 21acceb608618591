"""Facilitator and participant actions: change the store, then tell the room.

The HTML routes and the JSON API both call these, so a deal from the console, a clicker
on the projector or an API client behaves the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import anyio.from_thread
from sqlmodel import Session

from app import store
from app.live.broker import Broker
from app.models import Concern, LiveSession, Participant, Reflection
from app.replies import PREPARED_REPLIES

# Event names. Each stream turns an event into the fragments its audience needs.
STATE = "state"  # card dealt or turned, phase, timer, blank screen, lock, end
REFLECTIONS = "reflections"  # added, edited, deleted, revealed or hidden
JOINED = "joined"
CONCERN = "concern"
EVIDENCE = "evidence"  # a check answered or a vote cast: console and projector only
EVIDENCE_STAGE = "evidence-stage"  # a check or vote opened or closed: phones too
REPLY = "reply"  # the facilitator answered a concern: phones that raised one look


def tell(broker: Broker, code: str, name: str) -> None:
    """Publish an event from a route's worker thread to the broker on the event loop.

    Routes that touch the database are plain ``def`` functions, so their (synchronous)
    queries never block the event loop that serves the live streams.
    """
    anyio.from_thread.run(broker.publish, code, name)


class Action(StrEnum):
    """What a facilitator can do to a running session (console, clicker or API)."""

    FORWARD = "forward"  # a clicker: turn the card over, then deal the next
    BACK = "back"
    NEXT = "next"
    PREVIOUS = "previous"
    FLIP = "flip"
    BLANK = "blank"
    LOCK = "lock"
    UNLOCK = "unlock"
    TIMER_START = "timer-start"
    TIMER_PAUSE = "timer-pause"
    TIMER_ADD = "timer-add"
    PHASE = "phase"
    END = "end"
    # Evidence (#15): the before-and-after check, the vote on actions, the projector.
    CHECK_BEFORE = "check-before"
    CHECK_AFTER = "check-after"
    VOTE_OPEN = "vote-open"
    VOTE_CLOSE = "vote-close"
    SHOW_CHECK = "show-check"
    SHOW_ACTIONS = "show-actions"
    SHOW_NONE = "show-none"


def _evidence(db: Session, broker: Broker, *, live: LiveSession, action: str) -> LiveSession:
    match action:
        case "check-before" | "check-after":
            live = store.set_check_stage(db, live=live, stage=action.removeprefix("check-"))
        case "vote-open" | "vote-close":
            state = "open" if action == "vote-open" else "closed"
            live = store.set_vote_state(db, live=live, state=state)
            if state == "open":  # the projector shows the vote as it opens
                live = store.set_screen_evidence(db, live=live, show="actions")
        case _:
            show = action.removeprefix("show-")
            live = store.set_screen_evidence(db, live=live, show="" if show == "none" else show)
    tell(broker, live.code, EVIDENCE_STAGE)
    return live


def facilitate(
    db: Session, broker: Broker, *, live: LiveSession, action: str, value: str = ""
) -> LiveSession:
    """Run one :class:`Action` by name; ``value`` carries a phase or timer minutes."""
    if action.startswith(("check-", "vote-", "show-")):
        return _evidence(db, broker, live=live, action=action)
    if action == "forward":  # a clicker: turn the card over, then deal the next one
        action = "flip" if live.current_side == "front" and live.current_index >= 0 else "next"
    elif action == "back":
        action = "flip" if live.current_side == "questions" else "previous"
    match action:
        case "next":
            live = store.deal(db, live=live, step=1)
        case "previous":
            live = store.deal(db, live=live, step=-1)
        case "flip":
            live = store.flip(db, live=live)
        case "blank":
            live = store.toggle_blank(db, live=live)
        case "lock":
            live = store.set_join_locked(db, live=live, locked=True)
        case "unlock":
            live = store.set_join_locked(db, live=live, locked=False)
        case "timer-start":
            seconds = int(value) * 60 if value.isdigit() else None
            live = store.timer_start(db, live=live, seconds=seconds)
        case "timer-pause":
            live = store.timer_pause(db, live=live)
        case "timer-add":
            live = store.timer_add_minute(db, live=live)
        case "phase":
            live = store.set_phase(db, live=live, phase=value)
        case "end":
            live = store.end_session(db, live=live)
        case _:
            raise store.StoreError("bad_action")
    tell(broker, live.code, STATE)
    if action == "end":
        tell(broker, live.code, EVIDENCE_STAGE)  # the after check and the take-away open
    return live


def reveal(
    db: Session,
    broker: Broker,
    *,
    live: LiveSession,
    reflection_id: int | None = None,
    card_number: int | None = None,
    revealed: bool | None = None,
    hidden: bool | None = None,
) -> int:
    changed = store.set_visibility(
        db,
        live=live,
        reflection_id=reflection_id,
        card_number=card_number,
        revealed=revealed,
        hidden=hidden,
    )
    tell(broker, live.code, REFLECTIONS)
    return changed


def join(
    db: Session, broker: Broker, *, live: LiveSession, device_token: str, role_group: str | None
) -> Participant:
    before = store.participant(db, live=live, device_token=device_token)
    person = store.join(db, live=live, device_token=device_token, role_group=role_group)
    if before is None:
        tell(broker, live.code, JOINED)
    return person


def reflect(
    db: Session,
    broker: Broker,
    *,
    live: LiveSession,
    person: Participant,
    card_number: int,
    text: str,
    kind: str,
    level: str | None,
    remove: Sequence[str] = (),
) -> Reflection:
    reflection = store.add_reflection(
        db,
        live=live,
        person=person,
        card_number=card_number,
        text=text,
        kind=kind,
        level=level,
        remove=remove,
    )
    tell(broker, live.code, REFLECTIONS)
    return reflection


def edit(
    db: Session, broker: Broker, *, live: LiveSession, reflection: Reflection, text: str
) -> Reflection:
    reflection = store.update_reflection(db, live=live, reflection=reflection, text=text)
    tell(broker, live.code, REFLECTIONS)
    return reflection


def delete(db: Session, broker: Broker, *, live: LiveSession, reflection: Reflection) -> None:
    store.delete_reflection(db, live=live, reflection=reflection)
    tell(broker, live.code, REFLECTIONS)


def raise_concern(
    db: Session,
    broker: Broker,
    *,
    live: LiveSession,
    text: str,
    card_number: int | None,
    device_token: str = "",
) -> Concern:
    concern = store.add_concern(
        db, live=live, text=text, card_number=card_number, device_token=device_token
    )
    tell(broker, live.code, CONCERN)
    return concern


def answer_check(
    db: Session,
    broker: Broker,
    *,
    live: LiveSession,
    device_token: str,
    stage: str,
    scores: dict[str, int],
) -> None:
    store.answer_check(db, live=live, device_token=device_token, stage=stage, scores=scores)
    tell(broker, live.code, EVIDENCE)


def vote(
    db: Session, broker: Broker, *, live: LiveSession, device_token: str, reflection_ids: list[int]
) -> None:
    store.cast_votes(db, live=live, device_token=device_token, reflection_ids=reflection_ids)
    tell(broker, live.code, EVIDENCE)


def reply_to_concern(
    db: Session, broker: Broker, *, live: LiveSession, concern_id: int, choice: str, text: str
) -> Concern:
    """Send a short private reply to the phone that raised a concern."""
    if choice and choice not in PREPARED_REPLIES:
        raise store.StoreError("bad_reply")
    concern = store.reply_to_concern(
        db, live=live, concern_id=concern_id, choice=choice or None, text=text
    )
    tell(broker, live.code, CONCERN)
    tell(broker, live.code, REPLY)
    return concern
