"""The one Jinja environment and the one way to render a page or an htmx fragment."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app import i18n
from app.security import CSRF_COOKIE, csrf_token


def build_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, pgettext=i18n.pgettext, newstyle=True
    )
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.globals["LANGUAGE_NAMES"] = i18n.LANGUAGE_NAMES
    env.globals["each_language"] = i18n.each_language
    env.globals["SESSION_LANGUAGES"] = i18n.SESSION_LANGUAGES
    env.globals["SESSION_LANGUAGE_NAMES"] = i18n.SESSION_LANGUAGE_NAMES
    return env


def is_htmx(request: Request) -> bool:
    """True for an htmx request that wants a fragment (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def url_with_lang(request: Request, lang: str) -> str:
    """The current URL with ``?lang=`` set, keeping the other query parameters."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", lang))
    return f"{request.url.path}?{urlencode(params)}"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    lang: str | None = None,
) -> HTMLResponse:
    """Render ``template`` in the request's language (or ``lang``), with the shared context."""
    lang = lang or str(getattr(request.state, "lang", i18n.LANGUAGES[0]))
    form_token, new_cookie = csrf_token(request)
    page_context: dict[str, Any] = {
        "request": request,
        "other_lang": i18n.other_language(lang),
        "lang_url": url_with_lang(request, i18n.other_language(lang)),
        "csrf_token": form_token,
    }
    page_context.update(context or {})
    html = render_string(request.app.state.jinja, template, lang, page_context)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    response.headers["Vary"] = "HX-Request, Cookie, Accept-Language"
    if new_cookie:
        response.set_cookie(
            CSRF_COOKIE,
            new_cookie,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.secure_cookies,
        )
    return response


def render_string(env: Environment, template: str, lang: str, context: dict[str, Any]) -> str:
    """Render ``template`` in ``lang`` outside a request too (live fragments, exports)."""
    token = i18n.set_language(lang)
    try:
        return env.get_template(template).render({"lang": lang, **context})
    finally:
        i18n.reset_language(token)
