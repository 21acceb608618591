"""What makes the cards and solo mode work offline: the service worker's cache plan.

The worker script (``static/js/sw.js``) is served with the list of URLs to cache and a
version that changes whenever any of them could have changed; the manifest's names are
translated per request.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from urllib.parse import urlencode

from fastapi import Request

from app import __version__, i18n
from app.content.deck import Deck
from app.content.paths import paths_with_cards
from app.i18n import _

STATIC_GLOBS = ("css/*.css", "js/*.js", "vendor/htmx-*.js", "icons/*")
MANIFEST_TEXT = {
    "name": _("Check your thinking"),
    "short_name": _("Check thinking"),
    "description": _(
        "Reflection cards for safeguarding practice in Wales, with a private journal."
    ),
}


class OfflinePlan:
    """What the service worker caches for one app, and a version that changes with it."""

    def __init__(self, request: Request) -> None:
        self.deck: Deck = request.app.state.deck
        self.settings = request.app.state.settings
        self.static = request.app.state.static_url

    @cached_property
    def pages(self) -> list[str]:
        """Page URLs without ``lang``; the worker caches each in every language."""
        pages = ["/", "/how-to", "/cards", "/solo", "/solo/journal"]
        pages += [f"/cards/{card.slug}" for card in self.deck.cards]
        pages += [f"/solo?{urlencode({'card': card.slug})}" for card in self.deck.cards]
        pages += [f"/solo?{urlencode({'theme': theme})}" for theme in self.deck.themes_in_use()]
        for guided, cards in paths_with_cards(self.deck):
            pages.append(f"/solo?{urlencode({'path': guided.slug})}")
            pages += [f"/solo?{urlencode({'card': c.slug, 'path': guided.slug})}" for c in cards]
        return pages

    @cached_property
    def assets(self) -> list[str]:
        """Versioned static URLs: stylesheets, scripts, icons and every card image."""
        static_dir = self.settings.static_dir
        files = sorted(
            {
                path.relative_to(static_dir).as_posix()
                for pattern in STATIC_GLOBS
                for path in static_dir.glob(pattern)
                if path.is_file() and path.name != "sw.js"
            }
        )
        files += sorted({f"img/cards/{card.illustration}" for card in self.deck.cards})
        return [self.static(name) for name in files]

    @cached_property
    def version(self) -> str:
        """A hash of the cached URLs (assets carry content hashes) and of what the pages
        are made from, so any change installs a fresh cache."""
        digest = hashlib.sha256(__version__.encode())
        digest.update(json.dumps([self.pages, self.assets]).encode())
        digest.update(repr(self.deck.cards).encode())
        sources = sorted(self.settings.templates_dir.rglob("*.html"))
        sources += sorted(i18n.LOCALES_DIR.rglob("*.po"))
        for source in sources:
            digest.update(source.read_bytes())
        return digest.hexdigest()[:16]

    def script(self) -> str:
        config = {
            "version": self.version,
            "languages": list(i18n.LANGUAGES),
            "pages": self.pages,
            "assets": self.assets,
            "cards": [card.slug for card in self.deck.cards],
        }
        source = (self.settings.static_dir / "js" / "sw.js").read_text(encoding="utf-8")
        return f"self.CYT_OFFLINE = {json.dumps(config)};\n{source}"
