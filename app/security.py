"""CSRF tokens for forms and small in-memory rate limits.

CSRF: a random cookie plus a form field (or ``X-CSRF-Token`` header) holding an HMAC of
it under the app's secret. Rate limits key on a salted hash of the client address held in
memory for a minute: addresses are never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import deque

from fastapi import HTTPException, Request

CSRF_COOKIE = "cyt_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SALT = secrets.token_bytes(16)


def _sign(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> tuple[str, str | None]:
    """(token for forms, new cookie value to set or None)."""
    secret = request.app.state.secret_key
    cookie = request.cookies.get(CSRF_COOKIE, "")
    new_cookie = None
    if len(cookie) < 20:
        cookie = new_cookie = secrets.token_urlsafe(24)
    return _sign(secret, cookie), new_cookie


async def verify_csrf(request: Request) -> None:
    """Dependency for state-changing HTML routes: 403 unless the token matches."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        form = await request.form()
        sent = str(form.get(CSRF_FIELD, ""))
    expected = _sign(request.app.state.secret_key, cookie) if cookie else ""
    if not (cookie and sent and hmac.compare_digest(sent, expected)):
        raise HTTPException(status_code=403, detail="csrf")


def client_key(request: Request, scope: str) -> str:
    """An opaque, per-process key for the client: never the address itself."""
    host = request.client.host if request.client else "unknown"
    return hashlib.sha256(_SALT + scope.encode() + host.encode()).hexdigest()[:24]


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds for each key (sliding window)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] > self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle keys so memory stays flat
            for stale in [k for k, v in self._hits.items() if not v or now - v[-1] > self.window]:
                self._hits.pop(stale, None)
        return True
