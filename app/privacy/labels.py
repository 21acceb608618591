"""The kinds of identifying detail we remove, and the words that stand in for them."""

from __future__ import annotations

from enum import StrEnum

from app.i18n import _, ntranslate, translate


class Label(StrEnum):
    """A kind of identifying detail (the labels of the corpora in ``shared/corpora``)."""

    PERSON = "PERSON"
    CONTACT = "CONTACT"
    ADDRESS = "ADDRESS"
    ORG = "ORG"
    DATE = "DATE"
    ID = "ID"
    PLACE = "PLACE"


# Readable stand-ins, so a redacted reflection still reads as a sentence.
PLACEHOLDERS: dict[Label, str] = {
    Label.PERSON: _("[name]"),
    Label.CONTACT: _("[contact]"),
    Label.ADDRESS: _("[address]"),
    Label.ORG: _("[organisation]"),
    Label.DATE: _("[date]"),
    Label.ID: _("[ID]"),
    Label.PLACE: _("[place]"),
}

# When two detectors claim the same text equally, the more specific label wins.
PRIORITY: dict[str, int] = {
    Label.CONTACT: 7,
    Label.ID: 6,
    Label.DATE: 5,
    Label.ADDRESS: 4,
    Label.ORG: 3,
    Label.PERSON: 2,
    Label.PLACE: 1,
}


def placeholder(label: str, lang: str) -> str:
    """The stand-in for ``label`` in ``lang``: ``[name]`` in English, ``[enw]`` in Welsh."""
    return translate(lang, PLACEHOLDERS[Label(label)])


def removed_line(label: str, count: int, lang: str) -> str:
    """One line such as "2 names removed", in ``lang`` with its plural forms."""
    match Label(label):
        case Label.PERSON:
            line = ntranslate(lang, "%(count)d name removed", "%(count)d names removed", count)
        case Label.CONTACT:
            line = ntranslate(
                lang, "%(count)d contact detail removed", "%(count)d contact details removed", count
            )
        case Label.ADDRESS:
            line = ntranslate(
                lang, "%(count)d address removed", "%(count)d addresses removed", count
            )
        case Label.ORG:
            line = ntranslate(
                lang, "%(count)d organisation removed", "%(count)d organisations removed", count
            )
        case Label.DATE:
            line = ntranslate(lang, "%(count)d date removed", "%(count)d dates removed", count)
        case Label.ID:
            line = ntranslate(
                lang, "%(count)d ID number removed", "%(count)d ID numbers removed", count
            )
        case Label.PLACE:
            line = ntranslate(lang, "%(count)d place removed", "%(count)d places removed", count)
    return line % {"count": count}
