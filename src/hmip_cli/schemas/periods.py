"""The one period grammar: every option (`--published`, `figures --period`) and every data file
(figures' `period`) writes a period the same way.

A period is one of
- a calendar year `2022`, a month `2022-05`, a day `2022-05-03`;
- an April–March (programme, financial) year `2022/23`, `2022/2023`, or `2022-23` where the
  second part cannot be a month (`2021-12` is December 2021);
- a range `A..B`, from the first day of A to the last day of B, A and B any of the above; also
  written `2014-2021` (years) or `2019-10/2019-12` (months or days), as published figures are.

Two periods are equal when they cover the same days, however written (`2019-2021` is
`2019..2021`); the label keeps the spelling given, normalised (`2022-23` -> `2022/23`).

A report's `published` value is a partial date (YYYY, YYYY-MM or YYYY-MM-DD), so it may be too coarse
to say whether it falls inside a period (`2022` inside `2022/23`?): such a value is *unknown* on this
axis, counted and named by the views, never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

ACCEPTED_PERIODS = (
    "a year (2022), a month (2022-05), a day (2022-05-03), an April–March year (2022/23), "
    "or a range such as 2019..2021, 2014-2021 or 2019-10/2019-12"
)

# [0-9], not \d: \d also matches other scripts' digits
_YEAR = re.compile(r"^([0-9]{4})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_FINANCIAL = re.compile(r"^([0-9]{4})\s*/\s*([0-9]{2}|[0-9]{4})$")
_YEAR_RANGE = re.compile(r"^([0-9]{4})-([0-9]{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """Inclusive first and last day, as ISO dates; `label` is how it is written back to people
    (not part of its identity: two spellings of the same days are one period)."""

    first: str
    last: str
    label: str = field(compare=False)

    def within(self, other: Period) -> bool:
        """Every day of this period lies in `other`."""
        return other.first <= self.first and self.last <= other.last


def _bad(text: str, why: str = "not a period") -> ValueError:
    return ValueError(f"{why}: {text!r} (accepted: {ACCEPTED_PERIODS})")


def _year(year: int) -> Period:
    return Period(f"{year:04d}-01-01", f"{year:04d}-12-31", f"{year:04d}")


def _financial(text: str, start: int, second: str) -> Period:
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if len(second) == 2 and end < start:
        end += 100
    if end != start + 1:
        raise _bad(text, "not an April–March year")
    return Period(f"{start:04d}-04-01", f"{end:04d}-03-31", f"{start:04d}/{end % 100:02d}")


def _single(text: str) -> Period:
    value = text.strip()
    if match := _YEAR.match(value):
        return _year(int(match.group(1)))
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            return Period(f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{days:02d}", value)
        try:
            return _financial(text, year, match.group(2))  # 2022-23: not a month, so April–March
        except ValueError:
            raise _bad(text) from None
    if match := _DAY.match(value):
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise _bad(text, "no such day") from None
        return Period(day.isoformat(), day.isoformat(), value)
    if match := _FINANCIAL.match(value):
        return _financial(text, int(match.group(1)), match.group(2))
    raise _bad(text)


def _range(text: str, start_text: str, end_text: str, separator: str) -> Period:
    if not start_text.strip() or not end_text.strip():
        raise _bad(text, f"a range needs both ends ({'first' if not start_text.strip() else 'last'} missing)")
    start, end = _single(start_text), _single(end_text)
    if end.last < start.first:
        raise _bad(text, "an empty range: it ends before it starts")
    return Period(start.first, end.last, f"{start.label}{separator}{end.label}")


def parse_period(value: Any) -> Period:
    """A period in any accepted spelling; ValueError naming the accepted forms."""
    if isinstance(value, Period):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must not be empty (accepted: {ACCEPTED_PERIODS})")
    text = value.strip()
    if ".." in text:
        start_text, end_text = text.split("..", 1)
        return _range(text, start_text, end_text, "..")
    if match := _YEAR_RANGE.match(text):
        return _range(text, match.group(1), match.group(2), "-")
    if "/" in text and not _FINANCIAL.match(text):
        start_text, _, end_text = text.partition("/")
        if not all(_MONTH.match(part.strip()) or _DAY.match(part.strip()) for part in (start_text, end_text)):
            raise _bad(text)
        return _range(text, start_text, end_text, "/")
    return _single(text)
