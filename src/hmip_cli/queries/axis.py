"""The time axes a comparison runs along, and each service's rating at each point on one.

Three axes, each labelled for what it is: the HMIP programme year (`--year`, only where a source
places the inspection), the publication period (`--published`, from the report's date), and the
round (`--round`, the framework the inspection was made under). Nothing is ever moved from one
axis to another: a programme year is never derived from a date.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hmip_cli.errors import UsageError
from hmip_cli.queries.distribution import APPLICABLE, INSPECTION_RATING_FROM
from hmip_cli.queries.filters import Filters, latest_order
from hmip_cli.schemas.ratings import NOT_RECORDED

AXIS_LABELS = {"year": "programme year", "published": "published", "round": "round"}
AXIS_COLUMN_LABELS = {"year": "Year", "published": "Published", "round": "Round"}
UNKNOWN_ON_AXIS = {"year": "no programme year", "published": "no publication date precise enough"}
_OTHER_AXES = {"year": "--published or --round", "published": "--year or --round"}


@dataclass(frozen=True)
class Point:
    """One value on an axis, with the filters that select exactly it."""

    axis: str
    label: str
    filters: Filters


def points(filters: Filters, axis: str) -> list[Point]:
    if axis == "year":
        return [Point(axis, y, replace(filters, years=(y,))) for y in filters.years]
    if axis == "published":
        return [Point(axis, p.label, replace(filters, published=(p,))) for p in filters.published]
    return [Point(axis, f, replace(filters, frameworks=(f,))) for f in filters.frameworks]


def comparison_axis(filters: Filters) -> str:
    """The one axis given two or more values; a usage error when none or several are."""
    counts = {"year": len(filters.years), "published": len(filters.published), "round": len(filters.frameworks)}
    multi = [axis for axis, n in counts.items() if n >= 2]
    if len(multi) > 1:
        raise UsageError(
            f"compare runs along one axis; two or more values were given for {' and '.join(multi)}"
            " (accepted: repeat one of --year, --published, --round)"
        )
    if not multi:
        raise UsageError(
            "compare needs two or more values of one axis (accepted: --year 1 --year 2,"
            " --published 2022 --published 2024, --round pdu-2021 --round probation-2023)"
        )
    return multi[0]


@dataclass(frozen=True)
class ServiceRating:
    service_id: str
    service: str
    point: str
    rating: str | None
    source_kind: str | None = None
    """Of the rating's source (hmip, secondary); None where no rating is recorded."""


def service_ratings(conn: sqlite3.Connection, point: Point, standard: str) -> list[ServiceRating]:
    """Each service's rating at one point: of two inspections there, the most recent counts."""
    where, params = point.filters.where(inspections_only=True)
    rows = conn.execute(
        "SELECT i.service_id, i.service, r.rating, r.source_kind"
        f" FROM {INSPECTION_RATING_FROM} WHERE {where} AND {APPLICABLE}"
        f" ORDER BY i.service_id, {latest_order('i')}",
        {**params, "standard": standard},
    ).fetchall()
    newest: dict[str, ServiceRating] = {}
    for service_id, service, rating, kind in rows:
        newest.setdefault(service_id, ServiceRating(service_id, service, point.label, rating, kind))
    return list(newest.values())


def outcome_counts(ratings: Sequence[ServiceRating]) -> tuple[int, ...]:
    from hmip_cli.pictures import OUTCOMES  # here: a listing never counts outcomes (start-up)

    counts = Counter(r.rating or NOT_RECORDED for r in ratings)
    return tuple(counts[o] for o in OUTCOMES)


@dataclass(frozen=True)
class LeftOut:
    """Inspections in a view's scope that it cannot place on its axis."""

    axis: str
    count: int
    examples: tuple[str, ...]

    @property
    def note(self) -> str:
        """`82 inspections have no programme year and are not counted (e.g. …); --published or
        --round places them`: what was left out, said as plainly as what was counted."""
        named = ", ".join(self.examples)
        more = f" and {self.count - len(self.examples)} more" if self.count > len(self.examples) else ""
        have = "inspections have" if self.count != 1 else "inspection has"
        return (
            f"{self.count} {have} {UNKNOWN_ON_AXIS[self.axis]} and {'are' if self.count != 1 else 'is'} not"
            f" counted (e.g. {named}{more}); {_OTHER_AXES[self.axis]} places them"
        )


def _asked_year(filters: Filters) -> int:
    """The first calendar year of the earliest programme year or period asked (0: none)."""
    starts = [int(y[:4]) for y in filters.years if y[:4].isdigit()]
    starts += [int(p.first[:4]) for p in filters.published if p.first[:4].isdigit()]
    return min(starts, default=0)


def left_out(conn: sqlite3.Connection, filters: Filters) -> list[LeftOut]:
    """For each axis the filters cut on, the inspections whose value on it is unknown."""
    found = []
    for axis in filters.axes:
        if axis not in UNKNOWN_ON_AXIS:
            continue
        where, params = filters.unknown_on_axis(axis)
        # the examples nearest the years asked first: those a reader would look for there
        near = _asked_year(filters)
        names = [
            f"{service} ({published or 'no date'})"
            for service, published in conn.execute(
                f"SELECT i.service, i.published FROM inspection_details i WHERE {where}"
                " ORDER BY i.published IS NULL, abs(CAST(substr(i.published, 1, 4) AS INTEGER) - :near),"
                " i.service COLLATE NOCASE, i.inspection_id",
                {**params, "near": near},
            )
        ]
        if names:
            found.append(LeftOut(axis, len(names), tuple(names[:3])))
    return found
