"""Dependencies declared once and reused by name in every route.

The trivial ones are ``async`` so FastAPI runs them on the event loop instead of sending
each to a worker thread (a burst of 100 posts would otherwise queue for threads).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.content.deck import Deck
from app.live.broker import Broker


async def get_deck(request: Request) -> Deck:
    deck: Deck = request.app.state.deck
    return deck


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "en"))


DeckDep = Annotated[Deck, Depends(get_deck)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
LangDep = Annotated[str, Depends(get_lang)]


def get_db(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as db:
        yield db


async def get_broker(request: Request) -> Broker:
    broker: Broker = request.app.state.broker
    return broker


# "function" scope: the session closes when the route function returns, not when the
# response ends, so a Server-Sent Event stream never holds a database connection.
# At most 30 requests hold a session at once (fewer than the 40 worker threads), and the
# rest wait without a thread: otherwise a burst of posts could hold every connection
# while waiting for a thread, and every thread while waiting for a connection.
DbDep = Annotated[Session, Depends(get_db, scope="function", max_concurrency=30)]
BrokerDep = Annotated[Broker, Depends(get_broker)]
