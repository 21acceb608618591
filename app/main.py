"""The application factory: ``create_app(settings)`` builds a ready FastAPI app."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from app import __version__, batch, i18n
from app.batch import BatchWriter
from app.config import PROJECT_ROOT, Settings
from app.content.deck import ContentInvalid, Deck, load_deck
from app.content.themes import LEVELS, THEMES
from app.db import open_database
from app.errors import ERROR_DETAILS, api_error, api_openapi, api_validation_error
from app.limits import REPLY_MAX, THEME_LABEL_MAX
from app.live.broker import Broker, InProcessBroker, PostgresBroker
from app.live.fragments import FragmentCache
from app.live.stream import StreamCounter
from app.logging_config import install as install_private_logging
from app.middleware import LanguageAndSecurityMiddleware
from app.privacy.redact import redact
from app.replies import PREPARED_REPLIES
from app.roles import ROLE_GROUPS
from app.routes import (
    api,
    deck,
    evidence,
    facilitator,
    health,
    live,
    pages,
    participant,
    projector,
    solo,
)
from app.routes import print as printing
from app.security import MemoryCounter, PostgresCounter, RateLimiter
from app.static_files import CachedStaticFiles, StaticUrls
from app.web import build_environment, render

logger = logging.getLogger("cyt")


def load_valid_deck(settings: Settings) -> Deck:
    """Load cards and plans, refusing (with every error) when anything is invalid."""
    loaded = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    if loaded.errors:
        raise ContentInvalid(list(loaded.errors))
    return loaded


def _error_page(
    request: Request, status_code: int, headers: dict[str, str] | None = None
) -> Response:
    """The one error answer: the API's error model, or the translated error page.

    Neither ever repeats what was sent.
    """
    if request.url.path.startswith("/api/"):
        detail = ERROR_DETAILS.get(status_code, "request failed")
        return api_error(status_code, detail, headers=headers)
    return render(
        request,
        "pages/error.html",
        {"status_code": status_code},
        status_code=status_code,
        headers=headers,
    )


def route_template(request: Request) -> str:
    """``/s/{code}/reflections`` rather than the path itself, which may hold a secret."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "")) or "(no route)"


def make_broker(settings: Settings) -> Broker:
    if settings.broker == "postgres":
        url = settings.sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")
        return PostgresBroker(url)
    return InProcessBroker()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    install_private_logging()
    content = load_valid_deck(settings)
    engine = open_database(settings, run_migrations=settings.migrate_on_start)
    broker = make_broker(settings)
    writer = BatchWriter(engine)
    batch.register(engine, writer)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if isinstance(broker, PostgresBroker):
            await broker.start()
        # Load the redaction word lists now, then move everything built at start-up out
        # of the garbage collector's way: with 1,000 open streams, full collections over
        # those objects paused the event loop for >100 ms (benchmarks/live_fanout.py).
        redact("warm up")
        gc.collect()
        gc.freeze()
        yield
        await broker.close()
        writer.close()
        engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Check your thinking",
        version=__version__,
        docs_url=None,  # served by routes/pages.py from vendored assets (see api_docs)
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.deck = content
    app.state.engine = engine
    app.state.broker = broker
    app.state.batch_writer = writer
    app.state.secret_key = settings.resolved_secret_key()
    app.state.fragment_cache = FragmentCache()
    app.state.streams = StreamCounter(
        per_client=settings.streams_per_client, per_session=settings.streams_per_session
    )
    # One limiter, its counts shared by every worker through PostgreSQL when they share a
    # PostgreSQL broker (and in memory for one worker).
    counter = PostgresCounter(engine) if settings.broker == "postgres" else MemoryCounter()
    window = settings.code_window_seconds
    app.state.rate_limiters = {
        # Joining: enough for a room behind one NAT address, too few to guess codes.
        "join": RateLimiter(settings.join_rate_per_minute, 60, counter, "join"),
        "submit": RateLimiter(30, 60, counter, "submit"),
        # Every lookup by code (app/deps.py): unknown codes strictly, known ones loosely.
        "code_miss": RateLimiter(settings.code_misses_per_window, window, counter, "miss"),
        "code_lookup": RateLimiter(settings.code_lookups_per_window, window, counter, "hit"),
    }
    app.state.jinja = build_environment(settings.templates_dir)
    app.state.static_url = StaticUrls(settings.static_dir)
    app.state.jinja.globals.update(
        THEMES=THEMES, LEVELS=LEVELS, ROLE_GROUPS=ROLE_GROUPS, static=app.state.static_url
    )
    app.state.jinja.globals.update(
        PREPARED_REPLIES=PREPARED_REPLIES, REPLY_MAX=REPLY_MAX, THEME_LABEL_MAX=THEME_LABEL_MAX
    )
    app.state.jinja.globals["MAX_REFLECTION_CHARS"] = settings.max_reflection_chars

    app.add_middleware(
        LanguageAndSecurityMiddleware,
        default_language=settings.default_language,
        secure=settings.secure_cookies,
        allowed_hosts=settings.allowed_host_list(),
    )
    # Static files only are compressed: pages carry CSRF tokens next to user input, and
    # compressing those together would open the door to BREACH-style guessing.
    app.mount(
        "/static",
        GZipMiddleware(CachedStaticFiles(directory=settings.static_dir), minimum_size=512),
        name="static",
    )
    for router in (
        health.router,
        pages.router,
        deck.router,
        solo.router,
        printing.router,
        facilitator.router,
        participant.router,
        projector.router,
        live.router,
        evidence.router,
        api.router,
    ):
        app.include_router(router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if 300 <= exc.status_code < 400 and exc.headers and "Location" in exc.headers:
            return RedirectResponse(exc.headers["Location"], status_code=exc.status_code)
        headers = dict(exc.headers or {})
        if request.url.path.startswith("/api/") and exc.status_code not in (404, 405):
            detail = exc.detail if isinstance(exc.detail, str) else "request failed"
            return api_error(exc.status_code, detail, headers=headers)
        return _error_page(request, exc.status_code, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return api_validation_error(exc)
        return _error_page(request, 400)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The type and the route's template only: a message, a traceback or the path
        # itself could carry typed text, SQL parameters or a secret.
        logger.error(
            "unhandled %s on %s %s", type(exc).__name__, request.method, route_template(request)
        )
        return _error_page(request, 500)

    app.openapi = lambda: api_openapi(app)  # type: ignore[method-assign]

    return app


def __getattr__(name: str) -> FastAPI:
    # `uvicorn app.main:app` builds the app lazily, so importing this module stays cheap.
    if name == "app":
        return create_app()
    raise AttributeError(name)


__all__ = ["create_app", "i18n"]
