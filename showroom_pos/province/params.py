"""Reading what a request brings (path segments, query strings, form fields, headers) without ever failing.

Every parser answers None for anything it cannot read, so a page answers 404 or shows its default, never a
500: ``str.isdigit`` accepts ``²`` and other digits ``int`` cannot read (``core.text.is_ascii_digits`` does
not), and ``date.fromisoformat`` accepts years whose neighbours ``date`` cannot hold (``9999-12-31`` + 1 day
overflows), so dates are kept to the years the protocol knows.
"""

from __future__ import annotations

import re
from datetime import date

from showroom_pos.core.text import is_ascii_digits

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)
_DAY_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)


def day(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (ASCII digits) from 2000 to 2199, else None."""
    if not text or not _DAY_RE.match(text):
        return None
    try:
        found = date.fromisoformat(text)
    except ValueError:
        return None
    return found if FIRST_DAY <= found <= LAST_DAY else None


def whole(text: str | None, low: int, high: int) -> int | None:
    """A whole number written in ASCII digits, from ``low`` to ``high`` (both ≥ 0), else None."""
    if not text or len(text) > 18 or not is_ascii_digits(text):
        return None
    value = int(text)
    return value if low <= value <= high else None
