"""Publication periods for `--published`: a calendar year, a month, an April–March year, or a range.

A report's `published` value is a partial date (YYYY, YYYY-MM or YYYY-MM-DD), so it may be too coarse
to say whether it falls inside a period (`2022` inside `2022/23`?): such a value is *unknown* on this
axis, counted and named by the views, never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

ACCEPTED_PERIODS = "2022, 2022-05, 2022/23 (April to March), or a range such as 2022..2024"

_YEAR = re.compile(r"^([0-9]{4})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_FINANCIAL = re.compile(r"^([0-9]{4})\s*/\s*([0-9]{2}|[0-9]{4})$")


@dataclass(frozen=True)
class Period:
    """Inclusive first and last day, as ISO dates, and how it is written back to people."""

    first: str
    last: str
    label: str


def _single(text: str) -> Period:
    value = text.strip()
    if match := _YEAR.match(value):
        year = int(match.group(1))
        return Period(f"{year:04d}-01-01", f"{year:04d}-12-31", f"{year:04d}")
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"not a month: {text!r} (accepted: {ACCEPTED_PERIODS})")
        days = calendar.monthrange(year, month)[1]
        return Period(f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{days:02d}", f"{year:04d}-{month:02d}")
    if match := _FINANCIAL.match(value):
        start, second = int(match.group(1)), match.group(2)
        end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
        if len(second) == 2 and end < start:
            end += 100
        if end != start + 1:
            raise ValueError(f"not an April–March year: {text!r} (accepted: {ACCEPTED_PERIODS})")
        return Period(f"{start:04d}-04-01", f"{end:04d}-03-31", f"{start:04d}/{end % 100:02d}")
    raise ValueError(f"not a publication period: {text!r} (accepted: {ACCEPTED_PERIODS})")


def parse_period(text: str) -> Period:
    """`2022`, `2022-05`, `2022/23`, or `A..B` from the start of A to the end of B."""
    if ".." in text:
        start_text, end_text = text.split("..", 1)
        start, end = _single(start_text), _single(end_text)
        if end.last < start.first:
            raise ValueError(f"an empty range: {text!r} ends before it starts (accepted: {ACCEPTED_PERIODS})")
        return Period(start.first, end.last, f"{start.label}..{end.label}")
    return _single(text)
