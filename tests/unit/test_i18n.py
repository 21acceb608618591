"""Welsh and English everywhere: a complete catalogue and no literal text in templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app import i18n
from app.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
PO_FILE = PROJECT_ROOT / "app" / "locales" / "cy" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "translate": (2,),
    "ntranslate": (2, 3),
}
# Attributes people read or hear: they must be translated like text.
READ_ATTRIBUTES = re.compile(
    r"""\b(?:alt|title|aria-label|placeholder|data-label-\w+|data-copied|data-lost)\s*=\s*"([^"]*)\"""",
)


def extracted_messages() -> set[str]:
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map, options, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def welsh_catalog() -> dict[str, object]:
    with PO_FILE.open("rb") as handle:
        catalog = read_po(handle, locale="cy")
    return {str(m.id[0] if isinstance(m.id, tuple) else m.id): m.string for m in catalog if m.id}


def test_every_ui_string_has_a_welsh_translation() -> None:
    catalog = welsh_catalog()
    missing = []
    for message in sorted(extracted_messages()):
        translation = catalog.get(message)
        if isinstance(translation, tuple | list):
            if not all(translation):
                missing.append(f"{message!r} (a plural form is empty)")
        elif not translation:
            missing.append(repr(message))
    assert not missing, "Missing Welsh translations:\n" + "\n".join(missing)


def test_welsh_plural_forms_follow_cldr() -> None:
    """Five gettext forms, chosen for 1, 2, 3 and 6 by the CLDR rule, all filled in."""
    catalog = read_po(PO_FILE.open("rb"), locale="cy")
    assert catalog.num_plurals == 5
    translations = i18n.translations("cy")
    plurals = [m for m in catalog if isinstance(m.id, tuple)]
    assert plurals, "the UI has counted messages"
    index_for = {0: 0, 1: 1, 2: 2, 3: 3, 4: 0, 5: 0, 6: 4, 7: 0, 11: 0}
    for message in plurals:
        assert len(message.string) == 5 and all(message.string), message.id
        for n, index in index_for.items():
            assert translations.ngettext(message.id[0], message.id[1], n) == message.string[index]


def _visible_literals(source: str) -> list[str]:
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    # Translated blocks, and blocks that fill in attributes rather than visible text.
    text = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", " ", text, flags=re.S)
    text = re.sub(
        r"\{%\s*block\s+(body_class|main_class|main_attrs)\s*%\}.*?\{%\s*endblock\s*%\}",
        " ",
        text,
        flags=re.S,
    )
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    attributes = [value for value in READ_ATTRIBUTES.findall(text) if re.search(r"[A-Za-z]", value)]
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    words = [word for word in text.split() if re.search(r"[A-Za-zÀ-ÿŵŷŴŶ]", word)]
    return words + attributes


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_template_has_no_untranslated_literal_text(template: Path) -> None:
    assert _visible_literals(template.read_text(encoding="utf-8")) == []


def test_literal_text_detector_catches_text_and_attributes() -> None:
    assert _visible_literals("<p>Hello {{ _('ok') }}</p>") == ["Hello"]
    assert _visible_literals('<img alt="A picture">') == ["A picture"]
    assert _visible_literals("<p>{{ _('Fine') }} → ·</p>") == []
    assert _visible_literals("<p>{% trans count=n %}{{ count }} card{% endtrans %}</p>") == []
    assert _visible_literals("<p>{% if x %}Untranslated{% endif %}</p>") == ["Untranslated"]


def test_accept_language_and_normalise() -> None:
    assert i18n.from_accept_language("cy-GB,cy;q=0.9,en;q=0.8") == "cy"
    assert i18n.from_accept_language("en-GB,en;q=0.9,cy;q=0.5") == "en"
    assert i18n.from_accept_language("fr-FR,de;q=0.9") is None
    assert i18n.from_accept_language("fr,cy;q=0.1") == "cy"
    assert i18n.normalise("CY_gb") == "cy"


def test_glossary_terms_used_in_welsh_catalogue() -> None:
    """The Welsh UI uses the official terms (shared/research/welsh-terms.md)."""
    catalog = welsh_catalog()
    pairs = {
        "Wales Safeguarding Procedures": "Gweithdrefnau Diogelu Cymru",
        "safeguarding": "diogelu",
    }
    for english, welsh in pairs.items():
        for message, translation in catalog.items():
            if english.lower() in message.lower() and isinstance(translation, str):
                assert welsh.lower() in translation.lower(), (message, translation)
