"""The ``cyt`` console script: serve the app, check content, redact text, purge, export."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

import uvicorn
from sqlalchemy.engine import Engine

from app.config import PROJECT_ROOT, Settings
from app.content.deck import load_deck
from app.content.statements import STATEMENTS_FILE, parse_statements
from app.i18n import BOTH, LANGUAGES
from app.live.broker import Broker


def _cards_check(args: argparse.Namespace, settings: Settings) -> int:
    deck = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    errors = [str(error) for error in deck.errors]
    try:
        parse_statements(STATEMENTS_FILE)  # the before-and-after check, beside the plans
    except ValueError as exc:
        errors.append(str(exc))
    if args.json:
        languages = {
            lang: sum(1 for card in deck.cards if lang in card.texts) for lang in LANGUAGES
        }
        report = {
            "cards": len(deck.cards),
            "plans": len(deck.plans),
            "languages": languages,
            "errors": errors,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for error in errors:
            print(error, file=sys.stderr)
        if not errors:
            print(f"ok: {len(deck.cards)} cards and {len(deck.plans)} plans in English and Welsh")
    return 1 if errors else 0


class GracefulServer(uvicorn.Server):
    """uvicorn's server, but a stop signal first ends the open live streams.

    Otherwise uvicorn would wait for every Server-Sent Event stream to finish, which they
    never do by themselves.
    """

    def __init__(self, config: uvicorn.Config, broker: Broker) -> None:
        super().__init__(config)
        self.broker = broker

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        try:
            asyncio.get_running_loop().call_soon_threadsafe(self.broker.shutdown)
        except RuntimeError:  # no loop yet: nothing is streaming
            self.broker.shutdown()
        super().handle_exit(sig, frame)


def _served_hosts(bind: str, settings: Settings) -> str:
    """Host names to answer when serving on a network without CYT_ALLOWED_HOSTS or
    CYT_BASE_URL: the bound address, or this machine's names and addresses for 0.0.0.0.
    Empty when the defaults (local names and base_url's host) already apply."""
    import socket

    if settings.allowed_hosts or settings.base_url or bind in ("127.0.0.1", "localhost", "::1"):
        return ""
    names = set(settings.allowed_host_list())
    if bind in ("0.0.0.0", "::", ""):
        hostname = socket.gethostname()
        names.add(hostname.lower())
        with suppress(OSError):
            names.update(str(info[4][0]) for info in socket.getaddrinfo(hostname, None))
    else:
        names.add(bind.lower())
    print(
        "Answering requests for: " + ", ".join(sorted(names)) + ". Set CYT_BASE_URL (or "
        "CYT_ALLOWED_HOSTS) to the address people use.",
        file=sys.stderr,
    )
    return ",".join(sorted(names))


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from app.content.deck import ContentInvalid
    from app.logging_config import LOG_CONFIG
    from app.main import create_app

    if args.workers > 1 and settings.broker != "postgres":
        print(
            "Several workers share live events through PostgreSQL: set CYT_DATABASE_URL to a "
            "PostgreSQL database and CYT_BROKER=postgres, or use one worker.",
            file=sys.stderr,
        )
        return 2
    # Migrate in a child process: the server (and each worker) then never loads Alembic,
    # and several workers never race to migrate the same database.
    migrated = subprocess.run([sys.executable, "-m", "app.cli", "migrate"], check=False)
    if migrated.returncode != 0:
        return migrated.returncode
    os.environ["CYT_MIGRATE_ON_START"] = "false"
    settings = settings.model_copy(update={"migrate_on_start": False})
    hosts = _served_hosts(args.host, settings)
    if hosts:
        os.environ["CYT_ALLOWED_HOSTS"] = hosts  # several workers read it from the environment
        settings = settings.model_copy(update={"allowed_hosts": hosts})
    try:
        application = create_app(settings)
    except ContentInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print("The server will not start until the cards and plans are valid.", file=sys.stderr)
        return 1
    if args.workers > 1:
        # Several workers import the app by name, each building its own.
        uvicorn.run(
            "app.main:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=LOG_CONFIG,
            proxy_headers=bool(settings.forwarded_allow_ips),
            forwarded_allow_ips=settings.forwarded_allow_ips or None,
            timeout_graceful_shutdown=5,
        )
        return 0
    config = uvicorn.Config(
        application,
        host=args.host,
        port=args.port,
        log_config=LOG_CONFIG,
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
        timeout_graceful_shutdown=5,
    )
    GracefulServer(config, application.state.broker).run()
    return 0


@contextmanager
def _database(settings: Settings) -> Iterator[Engine]:
    """A migrated engine for one command, disposed of afterwards."""
    from app.db import open_database

    engine = open_database(settings)
    try:
        yield engine
    finally:
        engine.dispose()


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    with _database(settings):
        return 0


def _redact(args: argparse.Namespace, settings: Settings) -> int:
    from app.privacy import evaluate

    if args.evaluate:
        return evaluate.run_evaluate(Path(args.evaluate), sys.stdout)
    return evaluate.run_jsonl(sys.stdin, sys.stdout, args.lang)


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    from app.retention import purge

    deck = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    days = settings.retention_days if args.days is None else args.days
    with _database(settings) as engine:
        report = purge(engine, days=days, deck=deck)
    for line in report.lines():
        print(line)
    return 0


def _deck_pdf(args: argparse.Namespace, settings: Settings) -> int:
    from app.exports.deck_pdf import overflowing_faces, render_deck, to_pdf

    deck = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    if deck.errors:
        for error in deck.errors:
            print(error, file=sys.stderr)
        print("The deck is not printed until the cards are valid.", file=sys.stderr)
        return 1
    document = render_deck(deck, args.lang, args.layout, crop_marks=args.crop_marks)
    for face in overflowing_faces(document):
        print(f"warning: {face} has more text than fits and will be cut off", file=sys.stderr)
    Path(args.output).write_bytes(to_pdf(document))
    print(f"wrote {args.output}: {len(deck.cards)} cards, {len(document.pages)} pages")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import Session

    from app import store
    from app.exports.build import export_session
    from app.main import load_valid_deck

    deck = load_valid_deck(settings)
    with _database(settings) as engine, Session(engine) as db:
        live = store.session_by_code(db, code=args.code)
        if live is None:
            print(f"no session with code {args.code!r}", file=sys.stderr)
            return 1
        body, _media, filename = export_session(
            db, deck, live, fmt=args.format, lang=args.lang, include=args.include
        )
    output = Path(args.output or filename)
    output.write_bytes(body)
    print(f"wrote {output} ({len(body):,} bytes)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cyt", description="Check your thinking")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(handler=_migrate)

    cards = commands.add_parser("cards", help="work with the card deck")
    card_commands = cards.add_subparsers(dest="cards_command", required=True)
    check = card_commands.add_parser("check", help="validate every card and session plan")
    check.add_argument("--json", action="store_true", help="print a JSON report")
    check.set_defaults(handler=_cards_check)

    redact = commands.add_parser("redact", help="redact identifying details from text")
    mode = redact.add_mutually_exclusive_group(required=True)
    mode.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines on stdin')
    mode.add_argument("--evaluate", metavar="FILE", help="score against a labelled JSONL file")
    redact.add_argument("--lang", choices=LANGUAGES, default="en")
    redact.set_defaults(handler=_redact)

    purge = commands.add_parser(
        "purge", help="delete reflections of sessions that ended more than N days ago"
    )
    purge.add_argument(
        "--days", type=int, default=None, help="override CYT_RETENTION_DAYS (default 30)"
    )
    purge.set_defaults(handler=_purge)

    export = commands.add_parser("export", help="export a session summary")
    export.add_argument("code", help="the session's join code")
    export.add_argument(
        "--format",
        required=True,
        choices=("md", "html", "pdf", "csv", "themes.csv", "docx", "json"),
    )
    export.add_argument("-o", "--output", help="file to write (default: a descriptive name)")
    export.add_argument("--lang", choices=(*LANGUAGES, BOTH), default=None)
    export.add_argument("--include", choices=("revealed", "all"), default="revealed")
    export.set_defaults(handler=_export)

    deck_pdf = commands.add_parser("deck-pdf", help="write the printable deck as a PDF")
    deck_pdf.add_argument("--lang", choices=LANGUAGES, default="en")
    deck_pdf.add_argument(
        "--layout",
        choices=("a6", "a4"),
        default="a6",
        help="a6: one card side per page; a4: four cards per sheet, backs mirrored for duplex",
    )
    deck_pdf.add_argument(
        "--crop-marks", action="store_true", help="A6 only: add 5 mm bleed and crop marks"
    )
    deck_pdf.add_argument("-o", "--output", required=True, metavar="FILE")
    deck_pdf.set_defaults(handler=_deck_pdf)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    code: int = args.handler(args, settings)
    return code


if __name__ == "__main__":
    sys.exit(main())
