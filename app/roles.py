"""Participant role groups: a fixed, translated list used only for thresholded breakdowns."""

from __future__ import annotations

from app.i18n import _

ROLE_GROUPS: dict[str, str] = {
    "social-work": _("Social work"),
    "police": _("Police"),
    "health": _("Health"),
    "education": _("Education"),
    "youth-work": _("Youth work"),
    "care": _("Foster or residential care"),
    "other": _("Other"),
    "prefer-not-to-say": _("Prefer not to say"),
}
# Never shown as a group in breakdowns: it is an opt-out, not a role.
UNDISCLOSED = "prefer-not-to-say"
