"""What the server accepts as text and as a number, decided once for every input.

``clean_text`` is the one cleaning step every free text passes before anything else sees
it (redaction, storage, an error page that shows it back): it drops NUL and the other C0
control characters except tab and newline (a carriage return becomes a newline), DEL, and
unpaired UTF-16 surrogates, none of which a person types and some of which PostgreSQL or
the UTF-8 encoder refuse. ``parse_int`` is the one way a number typed or sent as text
becomes an ``int``: ASCII digits only (``'²'`` and ``'٣'`` pass ``str.isdigit()`` but are
not numbers anyone typed), and never beyond what the database's integer columns hold.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

# Ids, card numbers and counts are INTEGER columns: 32-bit on PostgreSQL. Anything larger
# can never name a row, so it is refused before it reaches the database (where PostgreSQL
# would raise "integer out of range" and SQLite an OverflowError beyond 64 bits).
INT_MAX = 2**31 - 1
# C0 controls except \t and \n, DEL, and any surrogate code point (a paired surrogate
# never reaches a Python str decoded from UTF-8, so every one here is unpaired).
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DIGITS = re.compile(r"[0-9]{1,12}")


def clean_text(value: str) -> str:
    """``value`` without the characters no person types (see the module docstring)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", value)


def parse_int(value: object, *, low: int = 0, high: int = INT_MAX) -> int | None:
    """The integer ``value`` spells in ASCII digits, if it is within [low, high]; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if low <= number <= high else None


def _strict_int(value: Any) -> Any:
    """For pydantic: refuse Unicode digits in strings before pydantic's own int parsing."""
    if isinstance(value, str) and not _DIGITS.fullmatch(value.strip()):
        raise ValueError("a whole number in digits 0-9")
    return value


# Every id or card number that arrives in a path, query, form or JSON body.
Id = Annotated[int, BeforeValidator(_strict_int), Field(ge=1, le=INT_MAX)]
