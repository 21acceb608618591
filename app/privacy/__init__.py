"""Privacy: redact identifying details before storing, and hold back small groups.

``redact()`` is the one redaction function every free-text field goes through;
``threshold`` decides which aggregates may leave the server.
"""

from app.privacy.redact import Redaction, describe, redact
from app.privacy.spans import Span

__all__ = ["Redaction", "Span", "describe", "redact"]
