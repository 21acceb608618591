"""Dependencies declared once and reused by name in every route.

The trivial ones are ``async`` so FastAPI runs them on the event loop instead of sending
each to a worker thread (a burst of 100 posts would otherwise queue for threads).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from app import store
from app.config import Settings
from app.content.deck import Deck
from app.live.broker import Broker
from app.models import LiveSession
from app.security import RateLimiter, client_key


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


# One base-URL source ------------------------------------------------------------------


def public_base_url(request: Request) -> str:
    """Where this server is reached: ``CYT_BASE_URL``, else this request's checked Host.

    Only read when a session is created; from then on the session's own ``base_url`` is
    used, so a later request naming another (allowed) host changes no link or QR code.
    """
    settings: Settings = request.app.state.settings
    return (settings.base_url or str(request.base_url)).rstrip("/") + "/"


# One "session by code or 404" ---------------------------------------------------------


def too_many(limiter: RateLimiter) -> HTTPException:
    return HTTPException(
        status_code=429,
        detail="too many requests",
        headers={"Retry-After": str(limiter.retry_after())},
    )


def find_session(request: Request, db: Session, code: str) -> LiveSession | None:
    """Look a session up by code through the code limiter (see below); 429 once blocked."""
    limiters: dict[str, RateLimiter] = request.app.state.rate_limiters
    misses, lookups = limiters["code_miss"], limiters["code_lookup"]
    who = client_key(request, "code")
    if misses.exhausted(who):
        raise too_many(misses)
    live = store.session_by_code(db, code=code)
    if live is None:
        misses.allow(who)
        return None
    if not lookups.allow(who):
        raise too_many(lookups)
    return live


def session_by_code_or_404(request: Request, code: str, db: DbDep) -> LiveSession:
    """The session a path's ``{code}`` names, for every route that takes one.

    Every lookup by code is rate-limited here, by one limiter keyed on the client's
    (hashed) address: unknown codes strictly (guessing codes is what the limit stops),
    known codes loosely (a whole room may share one address). A miss and a hit do the
    same work (one limiter check, one indexed query, one count), and once an address has
    used up its misses every lookup from it, hit or miss, gets the same 429 until the
    window ends, so the answer to a guess never tells whether the code exists.
    """
    live = find_session(request, db, code)
    if live is None:
        raise HTTPException(status_code=404, detail="session not found")
    return live


LiveDep = Annotated[LiveSession, Depends(session_by_code_or_404)]
