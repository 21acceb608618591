"""Write-behind for bursts: rows from many requests share a transaction, each request is
answered only once its row is committed, and a bad row fails only its own request."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app import store
from app.batch import BatchWriter
from app.models import Reflection


def _room(app: FastAPI, people: int) -> tuple[object, list[object]]:
    with Session(app.state.engine, expire_on_commit=False) as db:
        live, _token = store.create_session(db, title="Burst", lang="en", card_numbers=[1])
        store.deal(db, live=live, step=1)
        persons = [
            store.join(db, live=live, device_token=f"burst-device-token-{n:04d}")
            for n in range(people)
        ]
    return live, persons


def test_a_burst_of_posts_shares_transactions_and_every_row_is_stored(app: FastAPI) -> None:
    live, persons = _room(app, 40)
    writer: BatchWriter = app.state.batch_writer
    go = threading.Barrier(len(persons))

    def post(n: int) -> int:
        with Session(app.state.engine, expire_on_commit=False) as db:
            go.wait()
            saved = store.add_reflection(
                db, live=live, person=persons[n], card_number=1, text=f"thought {n} from Sam"
            )
            assert saved.id is not None
            # Durable on return: another connection sees the row at once.
            with Session(app.state.engine) as other:
                found = other.get(Reflection, saved.id)
                assert found is not None and found.text == saved.text
                assert "Sam" not in found.text and found.text.startswith(f"thought {n} from [")
            return saved.id

    with ThreadPoolExecutor(max_workers=len(persons)) as pool:
        ids = list(pool.map(post, range(len(persons))))
    assert len(set(ids)) == len(persons)
    assert 1 <= writer.batches < len(persons)  # fewer transactions than posts
    with Session(app.state.engine) as db:
        count = db.execute(text("SELECT count(*) FROM reflection")).scalar_one()
    assert count == len(persons)


def test_a_bad_row_fails_only_its_own_request(app: FastAPI) -> None:
    live, persons = _room(app, 6)
    writer: BatchWriter = app.state.batch_writer
    go = threading.Barrier(len(persons) + 1)

    def row(participant_id: int, n: int) -> Reflection:
        return Reflection(
            session_id=live.id,  # type: ignore[attr-defined]
            participant_id=participant_id,
            card_number=1,
            text=f"row {n}",
        )

    def good(n: int) -> int | None:
        go.wait()
        return writer.insert(row(persons[n].id, n)).id  # type: ignore[attr-defined]

    def bad() -> None:
        go.wait()
        writer.insert(row(987_654, 99))  # no such participant: a foreign key violation

    with ThreadPoolExecutor(max_workers=len(persons) + 1) as pool:
        goods = [pool.submit(good, n) for n in range(len(persons))]
        failing = pool.submit(bad)
        with pytest.raises(IntegrityError):
            failing.result(30)
        ids = [future.result(30) for future in goods]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == len(persons)
    with Session(app.state.engine) as db:
        texts = db.execute(text("SELECT text FROM reflection ORDER BY text")).scalars().all()
    assert texts == sorted(f"row {n}" for n in range(len(persons)))
