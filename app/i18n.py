"""Languages: Babel/gettext catalogues and choosing a language for each request.

Catalogues live in ``app/locales/<lang>/LC_MESSAGES/messages.po`` and are compiled in
memory at start-up, so there is no build step and no stale ``.mo`` file to forget.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Literal, get_args

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

# The one list of languages; `Language` / `SessionLanguage` type request and API fields.
Language = Literal["en", "cy"]
SessionLanguage = Literal["en", "cy", "both"]
LANGUAGES: tuple[str, ...] = get_args(Language)
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
# A bilingual session speaks both, Welsh first (Welsh Language Standards: Welsh no less
# favourably than English). Only sessions, their screens and exports can be "both".
BOTH = "both"
WELSH_FIRST: tuple[str, ...] = ("cy", "en")  # LANGUAGES in the order a bilingual page shows
SESSION_LANGUAGES: tuple[str, ...] = (*WELSH_FIRST, BOTH)
SESSION_LANGUAGE_NAMES = {**LANGUAGE_NAMES, BOTH: "Cymraeg a Saesneg / Welsh and English"}
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
COOKIE_NAME = "cyt_lang"

_current: ContextVar[str] = ContextVar("cyt_language", default="en")


class BilingualTranslations(_gettext.NullTranslations):
    """Welsh, then English, in one string ("Cerdyn / Card"): labels of a bilingual export."""

    def gettext(self, message: str) -> str:
        return both_ways(translations("cy").gettext(message), message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        welsh = translations("cy").ngettext(msgid1, msgid2, n)
        return both_ways(welsh, msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return both_ways(translations("cy").pgettext(context, message), message)


def both_ways(welsh: str, english: str) -> str:
    """``"Cerdyn / Card"``; a word the same in both languages is said once."""
    return welsh if welsh == english else f"{welsh} / {english}"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue for ``lang`` (English is the source language).

    ``"both"`` gives every message in Welsh then English (see :class:`BilingualTranslations`).
    """
    if lang == BOTH:
        return BilingualTranslations()
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po_path.exists():
        return _gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def normalise(lang: str | None) -> str | None:
    """``'cy-GB'`` → ``'cy'``; anything we do not speak → ``None``."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """Pick the best language we speak from an ``Accept-Language`` header."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        piece, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        lang = normalise(piece)
        if lang and quality > 0:
            choices.append((-quality, index, lang))
    return sorted(choices)[0][2] if choices else None


def other_language(lang: str) -> str:
    return "cy" if lang == "en" else "en"


def spoken(lang: str) -> tuple[str, ...]:
    """The languages shown for ``lang``: ``"both"`` → ``("cy", "en")``, Welsh first."""
    return WELSH_FIRST if lang == BOTH else (lang,)


def each_language(langs: tuple[str, ...]) -> Iterator[str]:
    """Yield each of ``langs`` with it made current, then restore the language before.

    Templates loop over it to render one block per language with the same markup
    (``{% for l in each_language(langs) %}``): Jinja renders each iteration's body
    before asking for the next item, so ``_()`` inside speaks ``l``. Do not use
    ``loop.last`` or ``loop.length`` on it (they read ahead).
    """
    before = _current.get()
    try:
        for lang in langs:
            _current.set(lang)
            yield lang
    finally:
        _current.set(before)


def current_language() -> str:
    return _current.get()


def set_language(lang: str) -> object:
    """Make ``lang`` current for this context; returns a token for :func:`reset_language`."""
    return _current.set(lang)


def reset_language(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_language()).pgettext(context, message)


def translate(lang: str, message: str) -> str:
    """Translate ``message`` into ``lang`` without touching the current language."""
    return translations(lang).gettext(message)


def ntranslate(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(lang).ngettext(singular, plural, n)


def _(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message
