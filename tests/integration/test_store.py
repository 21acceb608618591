"""The store is the only way text reaches the database, and it always redacts first."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from app import store

NAME = "Bethan Prydderch"
PHONE = "07700 900456"


def test_every_storing_function_redacts(app: FastAPI) -> None:
    with Session(app.state.engine, expire_on_commit=False) as db:
        live, _token = store.create_session(
            db, title=f"Review for {NAME}", lang="en", card_numbers=[1]
        )
        person = store.join(db, live=live, device_token="device-token-for-tests-0001")
        store.deal(db, live=live, step=1)
        reflection = store.add_reflection(
            db, live=live, person=person, card_number=1, text=f"{NAME} rang from {PHONE}"
        )
        store.update_reflection(db, live=live, reflection=reflection, text=f"Call {NAME} back")
        store.add_concern(db, live=live, text=f"{NAME} is at risk tonight")
        rows = [
            repr(db.execute(text(f"SELECT * FROM {table}")).all())
            for table in ("live_session", "reflection", "concern", "participant")
        ]
    dump = "\n".join(rows)
    for secret in (*NAME.split(), PHONE, "device-token-for-tests-0001"):
        assert secret not in dump


def test_store_refuses_bad_input_with_codes(app: FastAPI) -> None:
    with Session(app.state.engine, expire_on_commit=False) as db:
        with pytest.raises(store.StoreError) as no_cards:
            store.create_session(db, title="x", lang="en", card_numbers=[])
        assert no_cards.value.code == "no_cards"
        live, _token = store.create_session(db, title="x", lang="en", card_numbers=[1])
        person = store.join(db, live=live, device_token="another-device-token-0002")
        with pytest.raises(store.StoreError) as bad_card:
            store.add_reflection(db, live=live, person=person, card_number=99, text="hello")
        assert bad_card.value.code == "bad_card"
        with pytest.raises(store.StoreError) as empty:
            store.add_reflection(db, live=live, person=person, card_number=1, text="   ")
        assert empty.value.code == "empty"
        store.end_session(db, live=live)
        with pytest.raises(store.StoreError) as ended:
            store.add_reflection(db, live=live, person=person, card_number=1, text="late")
        assert ended.value.code == "ended"


def test_timer_counts_down_pauses_and_adds_a_minute(app: FastAPI) -> None:
    from datetime import timedelta

    with Session(app.state.engine, expire_on_commit=False) as db:
        live, _token = store.create_session(db, title="x", lang="en", card_numbers=[1])
        store.timer_start(db, live=live, seconds=300)
        started = live.timer_started_at
        assert started is not None
        assert store.timer_remaining(live, now=started + timedelta(seconds=100)) == 200
        store.timer_pause(db, live=live)
        assert not store.timer_running(live)
        left = store.timer_remaining(live)
        store.timer_add_minute(db, live=live)
        assert store.timer_remaining(live) == left + 60
