"""Did-you-mean for names: the known services or regions closest to a value that matches none."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from hmip_cli.queries.filters import Filters
from hmip_cli.schemas.name_matching import fold_name

_NAMES = {
    "service": "SELECT name FROM services UNION SELECT service FROM inspections",
    "region": "SELECT DISTINCT region FROM inspections WHERE region IS NOT NULL",
}
CLOSE_ENOUGH = 0.75


@dataclass(frozen=True)
class UnmatchedName:
    option: str
    value: str
    closest: tuple[str, ...]

    def message(self) -> str:
        hint = f"closest: {'; '.join(self.closest)}" if self.closest else "no name is close"
        return f"{self.option} {self.value!r} matches no {self.option.lstrip('-')} in the database ({hint})"


def likeness(typed: str, name: str) -> float:
    """How close `typed` is to `name` or to any run of as many of its words (`camdn` ~ Camden),
    both folded as the filters fold them (case, accents, & and punctuation)."""
    wanted = fold_name(typed) or ""
    folded = fold_name(name) or ""
    words = folded.split()
    size = max(len(wanted.split()), 1)
    runs = [" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))]
    return max(SequenceMatcher(None, wanted, run).ratio() for run in [folded, *runs])


def closest(typed: str, names: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    scored = sorted(((likeness(typed, n), n) for n in set(names)), key=lambda s: (-s[0], s[1]))
    return tuple(name for score, name in scored[:limit] if score >= CLOSE_ENOUGH)


def unmatched_names(conn: sqlite3.Connection, filters: Filters) -> list[UnmatchedName]:
    """Each --service or --region value that is part of no known name (a typo, not an empty answer)."""
    found: list[UnmatchedName] = []
    for kind, values in (("service", filters.services), ("region", filters.regions)):
        if not values:
            continue
        names = [row[0] for row in conn.execute(_NAMES[kind])]
        for value in values:
            if not _any_contains(names, value):
                found.append(UnmatchedName(f"--{kind}", value, closest(value, names)))
    return found


def _any_contains(names: Sequence[str], value: str) -> bool:
    """As the filter matches: `value` folded is part of a name folded."""
    wanted = fold_name(value) or ""
    return any(wanted in (fold_name(name) or "") for name in names)
