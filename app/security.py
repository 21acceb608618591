"""CSRF tokens for forms, and the one rate limiter.

CSRF: a random cookie plus a form field (or ``X-CSRF-Token`` header) holding an HMAC of
it under the app's secret, compared as bytes in constant time (any header, cookie or field
a client invents is refused with 403, never an error).

Rate limits: :class:`RateLimiter` counts hits per key in fixed windows. Its counts live in
memory, or in PostgreSQL (the ``rate_count`` table) when several workers share a
PostgreSQL broker, so every worker sees the same counts. Keys are an HMAC of the client's
address under the app's secret: addresses are never stored or logged, and a key means
nothing outside this installation. Rows older than a few windows are deleted as it goes.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
import threading
import time
from typing import Protocol

from fastapi import Depends, HTTPException, Request
from sqlalchemy import text
from sqlalchemy.engine import Engine

CSRF_COOKIE = "cyt_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def _bytes(value: str) -> bytes:
    return value.encode("utf-8", "replace")


def _sign(secret: str, value: str) -> str:
    return hmac.new(_bytes(secret), _bytes(value), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> tuple[str, str | None]:
    """(token for forms, new cookie value to set or None)."""
    secret = request.app.state.secret_key
    cookie = request.cookies.get(CSRF_COOKIE, "")
    new_cookie = None
    if not 20 <= len(cookie) <= 64 or not cookie.isascii():
        cookie = new_cookie = secrets.token_urlsafe(24)
    return _sign(secret, cookie), new_cookie


async def verify_csrf(request: Request) -> None:
    """Dependency for state-changing HTML routes: 403 unless the token matches."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        try:
            form = await request.form()
        except Exception:  # a body that is not a form: no token
            form = None
        field = form.get(CSRF_FIELD, "") if form is not None else ""
        sent = field if isinstance(field, str) else ""
    expected = _sign(request.app.state.secret_key, cookie) if cookie else ""
    if not (cookie and sent and hmac.compare_digest(_bytes(sent), _bytes(expected))):
        raise HTTPException(status_code=403, detail="csrf")


# The one CSRF dependency: ``dependencies=[Csrf]`` on every state-changing HTML route.
Csrf = Depends(verify_csrf)


def client_key(request: Request, scope: str = "") -> str:
    """An opaque key for the client's address under this app's secret: never the address."""
    host = request.client.host if request.client else "unknown"
    secret = _bytes(request.app.state.secret_key)
    return hmac.new(secret, _bytes(f"{scope}|{host}"), hashlib.sha256).hexdigest()[:24]


class Counter(Protocol):
    def add(self, key: str, window: int) -> int:
        """Count one hit for ``key`` in the current window; return the window's count."""

    def peek(self, key: str, window: int) -> int:
        """The current window's count for ``key``, without counting."""


def _window_start(window: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now // window) * window


class MemoryCounter:
    """Counts in this process (one worker, or tests)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def add(self, key: str, window: int) -> int:
        start = _window_start(window)
        with self._lock:
            count = self._counts.get((key, start), 0) + 1
            self._counts[(key, start)] = count
            if len(self._counts) > 20_000:  # forget old windows so memory stays flat
                for old in [k for k in self._counts if k[1] < start]:
                    self._counts.pop(old, None)
            return count

    def peek(self, key: str, window: int) -> int:
        with self._lock:
            return self._counts.get((key, _window_start(window)), 0)


class PostgresCounter:
    """Counts in the ``rate_count`` table, shared by every worker and machine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, key: str, window: int) -> int:
        start = _window_start(window)
        with self.engine.begin() as conn:
            count = conn.execute(
                text(
                    "INSERT INTO rate_count (key, window_start, count) VALUES (:k, :w, 1) "
                    "ON CONFLICT (key, window_start) DO UPDATE "
                    "SET count = rate_count.count + 1 RETURNING count"
                ),
                {"k": key, "w": start},
            ).scalar_one()
            if random.random() < 0.01:  # now and then, forget windows long gone
                conn.execute(
                    text("DELETE FROM rate_count WHERE window_start < :old"),
                    {"old": start - 4 * max(window, 600)},
                )
        return int(count)

    def peek(self, key: str, window: int) -> int:
        with self.engine.connect() as conn:
            count = conn.execute(
                text("SELECT count FROM rate_count WHERE key = :k AND window_start = :w"),
                {"k": key, "w": _window_start(window)},
            ).scalar()
        return int(count or 0)


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds for each key (fixed windows)."""

    def __init__(
        self, limit: int, window: float, counter: Counter | None = None, name: str = ""
    ) -> None:
        self.limit = limit
        self.window = max(1, int(window))
        self.counter: Counter = counter or MemoryCounter()
        self.name = name

    def _key(self, key: str) -> str:
        return f"{self.name}:{key}"

    def allow(self, key: str) -> bool:
        """Count a hit; False once the key has used its window's allowance."""
        return self.counter.add(self._key(key), self.window) <= self.limit

    def exhausted(self, key: str) -> bool:
        """Whether the key has used its allowance (without counting a hit)."""
        return self.counter.peek(self._key(key), self.window) >= self.limit

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return max(1, _window_start(self.window) + self.window - int(time.time()))
