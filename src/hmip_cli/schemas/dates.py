"""Partial dates as sources give them: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import re

# [0-9], not \d: \d also matches other scripts' digits, which would be stored as given
_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")

ACCEPTED_DATES = "YYYY, YYYY-MM or YYYY-MM-DD"


def parse_partial_date(text: str) -> str:
    """Check a YYYY, YYYY-MM or YYYY-MM-DD date is real and return it unchanged."""
    value = text.strip()
    match = _PARTIAL.match(value)
    if not match:
        raise ValueError(f"not a date: {text!r} (accepted: {ACCEPTED_DATES})")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"no such date: {text!r} (accepted: {ACCEPTED_DATES})") from None
    return value
