"""HMIP programme years (April to March), written `2018/19`."""

from __future__ import annotations

import re

_YEAR = re.compile(r"^\s*([0-9]{4})\s*[/\-]\s*([0-9]{2}|[0-9]{4})\s*$")

ACCEPTED_YEARS = "2018/19, 2018-19 or 2018/2019"


def parse_programme_year(text: str) -> str:
    """Normalise a programme year to `YYYY/YY`; the second year must follow the first."""
    match = _YEAR.match(text)
    if not match:
        raise ValueError(f"not a programme year: {text!r} (accepted: {ACCEPTED_YEARS})")
    first, second = match.groups()
    start = int(first)
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if len(second) == 2 and end < start:
        end += 100
    if end != start + 1:
        raise ValueError(
            f"not a programme year: {text!r} spans {end - start} years, not one (accepted: {ACCEPTED_YEARS})"
        )
    # zero-padded, so every year is YYYY/YY and ids derived from it keep one shape
    return f"{start:04d}/{end % 100:02d}"


def year_slug(year: str) -> str:
    """`2018/19` -> `2018-19`, as inspection ids spell it."""
    return year.replace("/", "-")
