"""The known theme tags. Cards may only use these; labels are translated where shown."""

from __future__ import annotations

from app.i18n import _

THEMES: dict[str, str] = {
    "placement-stability": _("Placement stability"),
    "relationships": _("Relationships"),
    "behaviour-and-risk": _("Behaviour and risk"),
    "language": _("The words we use"),
    "exchange": _("Exchange and consent"),
    "what-helps": _("What helps"),
    "decisions": _("Decision-making"),
    "outcomes": _("Outcomes"),
    "transitions": _("Transitions"),
    "voice": _("Young people's voices"),
    "missing": _("Going missing"),
    "systems": _("Systems and resources"),
    "our-practice": _("Our own practice"),
    "online": _("Online"),
    "inclusion": _("Who we notice"),
}

LEVELS: dict[str, str] = {
    "me": _("Me"),
    "team": _("Team"),
    "organisation": _("Organisation"),
    "system": _("System"),
}

# How the "What could change?" list items name their level, in each language.
LEVEL_LABELS: dict[str, dict[str, str]] = {
    "en": {"me": "me", "team": "team", "organisation": "organisation", "system": "system"},
    "cy": {"fi": "me", "tîm": "team", "sefydliad": "organisation", "system": "system"},
}
