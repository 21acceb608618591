"""ASGI middleware: the checks and headers every request and response passes through.

In order: refuse a ``Host`` we do not serve; choose the language; read a request body
whole (refusing one that is too large, or multipart, which no form here sends) and pass
its text through :func:`app.text.clean_text`, the one cleaning step for every free text;
then add the security headers, ``Strict-Transport-Security`` behind HTTPS, and
``Cache-Control: no-store`` on anything that may show typed text back (every answer to a
form or API post, every error).

Written as plain ASGI (not BaseHTTPMiddleware) so Server-Sent Event streams pass through
untouched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import i18n
from app.text import clean_text

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
HSTS = f"max-age={2 * ONE_YEAR}"
# The largest body any form or API call needs (a 4,000-character text, escaped, is ~50 KB).
MAX_BODY_BYTES = 256 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def host_allowed(host_header: str | None, allowed: Iterable[str]) -> bool:
    """Whether ``Host`` names one of ``allowed`` (``*``: any; ``*.example.org``: subdomains)."""
    allowed = list(allowed)
    if "*" in allowed:
        return True
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    for pattern in allowed:
        if pattern.startswith("*.") and (host.endswith(pattern[1:]) or host == pattern[2:]):
            return True
        if host == pattern:
            return True
    return False


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): _clean_json(item) for key, item in value.items()}
    return value


def clean_body(content_type: str, body: bytes) -> bytes | None:
    """``body`` with every text cleaned, or None when it is not JSON we can read."""
    if "application/x-www-form-urlencoded" in content_type:
        text = body.decode("utf-8", "replace")
        pairs = parse_qsl(text, keep_blank_values=True, errors="replace")
        cleaned = [(clean_text(k), clean_text(v)) for k, v in pairs]
        return body if cleaned == pairs else urlencode(cleaned).encode()
    if "json" in content_type:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return None
        cleaned_data = _clean_json(data)
        return body if cleaned_data == data else json.dumps(cleaned_data).encode()
    return body


def _plain(status: int, text: str, extra: dict[str, str] | None = None) -> list[Message]:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"cache-control", b"no-store"),
    ]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": text.encode()},
    ]


def _json(status: int, detail: str) -> list[Message]:
    body = json.dumps({"detail": detail, "errors": []}).encode()
    headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    ]


class LanguageAndSecurityMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        default_language: str = "en",
        secure: bool = False,
        allowed_hosts: Iterable[str] = ("*",),
    ) -> None:
        self.app = app
        self.default_language = default_language
        self.secure = secure
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, remember = choose_language(scope, self.default_language)
        scope.setdefault("state", {})["lang"] = lang
        is_api = scope.get("path", "").startswith("/api/")

        async def refuse(status: int, message: str, detail: str) -> None:
            for part in _json(status, detail) if is_api else _plain(status, message):
                await send(part)

        if not host_allowed(_header(scope, b"host"), self.allowed_hosts):
            # Never build a link, a QR code or a page for a host we do not serve.
            await refuse(
                400,
                i18n.translate(lang, "This address is not served here."),
                "unknown host",
            )
            return
        query = scope.get("query_string", b"")
        if query:
            decoded = query.decode("latin-1")
            pairs = parse_qsl(decoded, keep_blank_values=True, errors="replace")
            cleaned = [(clean_text(k), clean_text(v)) for k, v in pairs]
            if cleaned != pairs:
                scope["query_string"] = urlencode(cleaned).encode()
        method = scope.get("method", "GET")
        if method not in SAFE_METHODS:
            refused = await self._read_body(scope, receive, lang, is_api, refuse)
            if refused is None:
                return
            receive = refused
        safe = method in SAFE_METHODS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if self.secure:
                    headers.setdefault("strict-transport-security", HSTS)
                if not safe or message.get("status", 200) >= 400:
                    headers["cache-control"] = "no-store"
                if "content-language" not in headers:
                    headers["content-language"] = lang
                if remember:
                    flags = f"Path=/; Max-Age={ONE_YEAR}; SameSite=Lax"
                    if self.secure:
                        flags += "; Secure"
                    headers.append("set-cookie", f"{i18n.COOKIE_NAME}={remember}; {flags}")
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _read_body(
        self, scope: Scope, receive: Receive, lang: str, is_api: bool, refuse: Any
    ) -> Receive | None:
        """The whole body, cleaned, replayed to the app; None once a refusal is sent."""
        too_large = i18n.translate(lang, "That is more than this page can take.")
        length = _header(scope, b"content-length")
        if length is not None and (not length.isascii() or not length.strip().isdigit()):
            await refuse(400, i18n.translate(lang, "The request was not understood."), "bad length")
            return None
        if length is not None and int(length) > MAX_BODY_BYTES:
            await refuse(413, too_large, "request body too large")
            return None
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await refuse(413, too_large, "request body too large")
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        content_type = (_header(scope, b"content-type") or "").lower()
        if body and "multipart/" in content_type:
            # No page uploads files; FastAPI would otherwise parse multipart form fields.
            await refuse(
                415, i18n.translate(lang, "The request was not understood."), "unsupported type"
            )
            return None
        cleaned = clean_body(content_type, body) if body else body
        if cleaned is None:
            await refuse(
                422 if is_api else 400,
                i18n.translate(lang, "The request was not understood."),
                "request body is not valid JSON",
            )
            return None
        if cleaned != body:
            headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
            headers.append((b"content-length", str(len(cleaned)).encode()))
            scope["headers"] = headers
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": cleaned, "more_body": False}
            return await receive()

        return replay
