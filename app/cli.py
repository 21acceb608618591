"""The ``cyt`` console script: serve the app, check content, redact text, purge, export."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.config import PROJECT_ROOT, Settings
from app.content.deck import load_deck


def _cards_check(args: argparse.Namespace, settings: Settings) -> int:
    deck = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    errors = [str(error) for error in deck.errors]
    if args.json:
        languages = {
            lang: sum(1 for card in deck.cards if lang in card.texts) for lang in ("en", "cy")
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


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.content.deck import ContentInvalid
    from app.logging_config import LOG_CONFIG
    from app.main import create_app

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
            proxy_headers=False,
        )
    else:
        uvicorn.run(
            application, host=args.host, port=args.port, log_config=LOG_CONFIG, proxy_headers=False
        )
    return 0


def _redact(args: argparse.Namespace, settings: Settings) -> int:
    from app.privacy import evaluate

    if args.evaluate:
        return evaluate.run_evaluate(Path(args.evaluate), sys.stdout)
    return evaluate.run_jsonl(sys.stdin, sys.stdout, args.lang)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cyt", description="Check your thinking")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)

    cards = commands.add_parser("cards", help="work with the card deck")
    card_commands = cards.add_subparsers(dest="cards_command", required=True)
    check = card_commands.add_parser("check", help="validate every card and session plan")
    check.add_argument("--json", action="store_true", help="print a JSON report")
    check.set_defaults(handler=_cards_check)

    redact = commands.add_parser("redact", help="redact identifying details from text")
    mode = redact.add_mutually_exclusive_group(required=True)
    mode.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines on stdin')
    mode.add_argument("--evaluate", metavar="FILE", help="score against a labelled JSONL file")
    redact.add_argument("--lang", choices=("en", "cy"), default="en")
    redact.set_defaults(handler=_redact)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    code: int = args.handler(args, settings)
    return code


if __name__ == "__main__":
    sys.exit(main())
