"""ASGI middleware: choose the language and add security headers to every response.

Written as plain ASGI (not BaseHTTPMiddleware) so Server-Sent Event streams pass through
untouched.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
}
ONE_YEAR = 60 * 60 * 24 * 365


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def choose_language(scope: Scope, default: str) -> tuple[str, str | None]:
    """Return (language, language to remember in a cookie or None).

    Order: ``?lang=`` (remembered), then the cookie, then ``Accept-Language``, then default.
    """
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    asked = i18n.normalise((query.get("lang") or [""])[0])
    if asked:
        return asked, asked
    cookie_header = _header(scope, b"cookie")
    if cookie_header:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(cookie_header)
        except Exception:  # a malformed cookie header must not break the page
            cookie = SimpleCookie()
        if i18n.COOKIE_NAME in cookie:
            remembered = i18n.normalise(cookie[i18n.COOKIE_NAME].value)
            if remembered:
                return remembered, None
    accepted = i18n.from_accept_language(_header(scope, b"accept-language"))
    return accepted or default, None


class LanguageAndSecurityMiddleware:
    def __init__(self, app: ASGIApp, *, default_language: str = "en", secure: bool = False) -> None:
        self.app = app
        self.default_language = default_language
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, remember = choose_language(scope, self.default_language)
        scope.setdefault("state", {})["lang"] = lang

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if "content-language" not in headers:
                    headers["content-language"] = lang
                if remember:
                    flags = f"Path=/; Max-Age={ONE_YEAR}; SameSite=Lax"
                    if self.secure:
                        flags += "; Secure"
                    headers.append("set-cookie", f"{i18n.COOKIE_NAME}={remember}; {flags}")
            await send(message)

        await self.app(scope, receive, send_with_headers)
