"""HMIP's own published rating totals beside what the database records for the same scope.

A figure of topic `published ratings` states a count for a scope, named by its breakdown:
`sector=` (probation, youth), `provider=` (one provider type), `rating=` (a rating, `A or B`, or
`Total`), `inspection=year 1|year 2` (the earlier and later inspection of services re-inspected in
the period), `round=` (a framework slug: the total is for that round, whatever the period) and,
optionally, `axis=year|published`. Without them, a period written 2019/20 is a programme year, and
a calendar period is a publication period only when the measure says the reports were
*published*; any other period (an annual report's year, say) is on no axis hmip records, and
the figure is listed as not compared rather than compared with something else.
A user's own figures rows are matched by the same rules.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hmip_cli.queries.axis import Point, ServiceRating, service_ratings
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES, thin
from hmip_cli.queries.filters import Filters, years_present
from hmip_cli.schemas.frameworks import OVERALL, SECTOR_OF, Sector, frameworks, parse_provider_type
from hmip_cli.schemas.periods import Period
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST, parse_rating

TOPIC = "published ratings"
TOTAL = "Total"
_PROGRAMME_YEAR = re.compile(r"^[0-9]{4}/[0-9]{2}$")
_KNOWN_KEYS = {"sector", "provider", "rating", "inspection", "axis", "round"}


@dataclass(frozen=True)
class PublishedScope:
    """What one of HMIP's published totals covers: a point on an axis, a sector, provider types."""

    axis: str
    period: str
    """A programme year (2019/20), a publication period's first..last day, or a framework slug."""
    sector: str
    types: tuple[str, ...] = ()
    position: str | None = None
    """`year 1` / `year 2`: the earlier / later inspection of services inspected in both years."""


@dataclass
class Published:
    """What HMIP published for one scope: a value per rating (or Total), with its sources."""

    scope: PublishedScope
    measure: str
    unit: str
    values: dict[str, float]
    figure_ids: list[str]
    figure_of: dict[str, str]
    """The figure that states each value."""
    source_title: str
    source_url: str | None


@dataclass(frozen=True)
class UnmatchedFigure:
    figure_id: str
    measure: str
    period: str
    reason: str


def _scope_of(dims: dict[str, str], period: str, first: str, last: str, measure: str) -> PublishedScope | str:
    """The scope a figure states, or why it has none hmip can count."""
    unknown = sorted(set(dims) - _KNOWN_KEYS)
    if unknown:
        return f"breakdown {unknown[0]}= is not a dimension hmip records"
    types: tuple[str, ...] = ()
    if "provider" in dims:
        try:
            provider = parse_provider_type(dims["provider"])
        except ValueError as exc:
            return str(exc)
        types, sector = (provider.value,), SECTOR_OF[provider].value
        if dims.get("sector", sector) != sector:
            return f"provider {provider.value} is not a {dims['sector']} type"
    elif dims.get("sector") in {s.value for s in Sector}:
        sector = dims["sector"]
    else:
        return "no sector= or provider= in the breakdown"
    axis = dims.get("axis")
    if "round" in dims:
        if dims["round"] not in frameworks():
            return f"round={dims['round']} is not a framework (accepted: {', '.join(frameworks())})"
        axis = "round"
    elif axis is None:
        if _PROGRAMME_YEAR.match(period):
            axis = "year"
        elif "published" in measure.lower():
            axis = "published"
        else:
            return (
                f"period {period} is not a programme year, and the measure does not say the inspections were"
                " published in it (an annual report's inspections may span years)"
            )
    if axis not in ("year", "published", "round"):
        return f"axis={axis} is not an axis (accepted: year, published; or round=FRAMEWORK)"
    position = dims.get("inspection")
    if position not in (None, "year 1", "year 2"):
        return f"inspection={position} is not a position (accepted: year 1, year 2)"
    if position and axis != "year":
        return "inspection=year 1/year 2 is counted on programme years only"
    key = f"{first}..{last}" if axis == "published" else dims["round"] if axis == "round" else period
    return PublishedScope(axis, key, sector, types, position)


def _rating_key(text: str) -> str | None:
    if text.strip().lower() == "total":
        return TOTAL
    try:
        return " or ".join(parse_rating(part).value for part in text.split(" or "))
    except ValueError:
        return None


def published_totals(conn: sqlite3.Connection) -> tuple[list[Published], list[UnmatchedFigure]]:
    """Every `published ratings` figure, grouped by the scope it states, and those with none."""
    dims: dict[str, dict[str, str]] = {}
    for figure_id, key, value in conn.execute(
        "SELECT d.figure_id, d.key, d.value FROM figure_dimensions d JOIN figures f ON f.figure_id = d.figure_id"
        " WHERE f.topic = ?",
        (TOPIC,),
    ):
        dims.setdefault(figure_id, {})[key] = value
    groups: dict[tuple[PublishedScope, str], Published] = {}
    unmatched: list[UnmatchedFigure] = []
    for figure_id, measure, period, first, last, value, unit, title, url in conn.execute(
        "SELECT figure_id, measure, period, period_start, period_end, value, unit, source_title, source_url"
        " FROM figures WHERE topic = ? ORDER BY id",
        (TOPIC,),
    ):
        own = dims.get(figure_id, {})
        scope = _scope_of(own, period, first, last, measure)
        rating = _rating_key(own.get("rating", TOTAL))
        if isinstance(scope, str) or rating is None:
            reason = scope if isinstance(scope, str) else f"rating={own.get('rating')} is not a rating"
            unmatched.append(UnmatchedFigure(figure_id, measure, period, reason))
            continue
        group = groups.setdefault((scope, unit), Published(scope, measure, unit, {}, [], {}, title or "", url or None))
        group.values[rating] = int(value) if float(value).is_integer() else value
        group.figure_ids.append(figure_id)
        group.figure_of[rating] = figure_id
    return list(groups.values()), unmatched


def _point(conn: sqlite3.Connection, scope: PublishedScope) -> tuple[Point, Point | None]:
    """The point a scope counts at, and for a re-inspection scope the earlier year it pairs with."""
    filters = Filters(sectors=(scope.sector,), types=scope.types)
    if scope.axis == "published":
        first, last = scope.period.split("..")
        period = Period(first, last, first[:4] if first[:4] == last[:4] else f"{first}..{last}")
        return Point("published", period.label, replace(filters, published=(period,))), None
    if scope.axis == "round":
        return Point("round", scope.period, replace(filters, frameworks=(scope.period,))), None
    point = Point("year", scope.period, replace(filters, years=(scope.period,)))
    if scope.position is None:
        return point, None
    present = years_present(conn)
    earlier = [y for y in present if y < scope.period]
    if not earlier:
        return point, Point("year", "", replace(filters, years=("",)))
    return point, Point("year", earlier[-1], replace(filters, years=(earlier[-1],)))


def recorded(conn: sqlite3.Connection, scope: PublishedScope) -> list[ServiceRating]:
    """What the database holds for a scope, counted as `hmip compare` counts: each service once."""
    point, earlier = _point(conn, scope)
    ratings = service_ratings(conn, point, OVERALL)
    if earlier is None:
        return ratings
    before = {r.service_id: r for r in service_ratings(conn, earlier, OVERALL)}
    if scope.position == "year 1":
        return [before[r.service_id] for r in ratings if r.service_id in before]
    return [r for r in ratings if r.service_id in before]


def value_of(ratings: Sequence[ServiceRating], key: str) -> int:
    if key == TOTAL:
        return len(ratings)
    wanted = set(key.split(" or "))
    return sum(1 for r in ratings if r.rating in wanted)


def counts_text(values: dict[str, float] | dict[str, int], *, unit: str = "count") -> str:
    """`0 / 4 / 6 / 0 (10)` when every rating is given, else `Good 3` / `10 Inadequate of 17`."""

    def num(v: float) -> str:
        return f"{v:g}%" if unit == "percent" else f"{v:g}"

    names = [r.value for r in RATINGS_BEST_FIRST]
    if all(n in values for n in names):
        text = " / ".join(num(values[n]) for n in names)
        return f"{text} ({num(values[TOTAL])})" if TOTAL in values else text
    parts = [f"{num(v)} {k}" for k, v in values.items() if k != TOTAL]
    if TOTAL in values:
        parts.insert(0, f"{num(values[TOTAL])} in all")
    return ", ".join(parts)


def comparison_note(
    published: Published,
    ratings: Sequence[ServiceRating],
    label: str,
    missing: Sequence[str] = (),
    min_services: int = DEFAULT_MIN_SERVICES,
) -> str:
    """`2019/20: HMIP published 0 / 4 / 6 / 0 (10); recorded here 0 / 3 / 6 / 0 (9): 9 of HMIP's 10,
    1 not recorded here: South Yorkshire CRC (2019/20)`; `missing` names the known gaps."""
    thin_share = ""
    if published.unit == "percent":
        rated = [r for r in ratings if r.rating]
        ours: dict[str, float] = {
            k: round(100 * value_of(rated, k) / len(rated)) if rated else 0 for k in published.values
        }
        if (few := thin(len(rated), min_services)) is not None:
            thin_share = f" — a share of {few}"
    else:
        ours = {k: value_of(ratings, k) for k in published.values}
    gap_text = ""
    if TOTAL in published.values and published.unit == "count":
        gap = int(published.values[TOTAL]) - len(ratings)
        held = f": {len(ratings)} of HMIP's {int(published.values[TOTAL])}"
        if gap > 0:
            gap_text = f"{held}, {gap} not recorded here"
            if missing:
                known = "" if len(missing) >= gap else f", {len(missing)} of them known"
                gap_text += f"{known}: {', '.join(missing)}"
        elif gap < 0:
            gap_text = f"{held}: {-gap} more here than HMIP published"
    where = f"{label}: " if label else ""
    return (
        f"{where}HMIP published {counts_text(published.values, unit=published.unit)};"
        f" recorded here {counts_text(ours, unit=published.unit)}{gap_text}{thin_share}"
    )


def matching(totals: Sequence[Published], scope: PublishedScope) -> list[Published]:
    return [t for t in totals if t.scope == scope]


def scope_for(
    filters: Filters, sector: str, axis: str, period: str, position: str | None = None
) -> PublishedScope | None:
    """The published-total scope a view's filters describe, or None when they cut finer than HMIP's."""
    if (
        filters.regions
        or filters.services
        or filters.ratings
        or filters.domains
        or filters.latest
        or filters.source_kinds
    ):
        return None
    if axis == "year" and (filters.published or filters.frameworks):
        return None
    if axis == "published" and (filters.years or filters.frameworks):
        return None
    if axis == "round" and (filters.years or filters.published):
        return None
    return PublishedScope(axis, period, sector, tuple(sorted(filters.types)), position)


def scope_at(filters: Filters, sector: str, point: Point, position: str | None = None) -> PublishedScope | None:
    """The published-total scope of one point of a view; a filter on another axis matches none."""
    period = point.label
    if point.axis == "published":
        (chosen,) = point.filters.published
        period = f"{chosen.first}..{chosen.last}"
    if point.axis == "year":
        rest = replace(filters, years=())
    elif point.axis == "published":
        rest = replace(filters, published=())
    else:
        rest = replace(filters, frameworks=())
    return scope_for(rest, sector, point.axis, period, position)


def notes_for(
    conn: sqlite3.Connection,
    totals: Sequence[Published],
    filters: Filters,
    sector: str,
    point: Point,
    label: str | None = None,
    min_services: int = DEFAULT_MIN_SERVICES,
) -> list[str]:
    """HMIP's totals for one point of a view whose filters are otherwise HMIP's scope, beside ours."""
    scope = scope_at(filters, sector, point)
    found = matching(totals, scope) if scope else []
    if not found or scope is None:
        return []
    ours = recorded(conn, scope)
    shown = point.label if label is None else label
    from hmip_cli.queries.gaps import named, unrecorded

    missing = named(unrecorded(conn, point.filters))
    return [comparison_note(published, ours, shown, missing, min_services) for published in found]
