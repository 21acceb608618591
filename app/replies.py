"""Prepared private replies a facilitator can send to the phone that raised a concern.

Stored by key, so each phone reads the reply in its own language.
"""

from __future__ import annotations

from app.i18n import _

PREPARED_REPLIES: dict[str, str] = {
    "break": _("Thank you for telling me. Please come and find me at the break."),
    "end": _("Thank you for telling me. Please stay behind at the end so we can talk."),
    "now": _("Thank you for telling me. Please step outside with me now; I will come to the door."),
    "dsp": _(
        "Thank you for telling me. Please speak to your designated safeguarding person today. "
        "I can help you find them."
    ),
}
