"""Text limits, each written once: forms, the JSON API, the participant and solo pages.

The stored columns (`app/models.py`, 4000 characters) are the ceiling every limit fits under.
"""

from __future__ import annotations

TITLE_MAX = 120  # a session's title (new-session form and API)
CODE_MAX = 12  # a typed join code, spaces and dashes included
REFLECTION_MAX = 2000  # a reflection or concern: Settings.max_reflection_chars's default, the API
REDACT_MAX = 4000  # text sent to the solo redaction preview (/api/v1/redact)
REPLY_MAX = 300  # a facilitator's own private reply to a concern
THEME_LABEL_MAX = 80  # a facilitator's theme label (rename, split)
