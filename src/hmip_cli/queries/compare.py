"""`hmip compare`: rating distributions year by year, and the services inspected in each year."""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from hmip_cli.errors import UsageError
from hmip_cli.queries.distribution import APPLICABLE, COUNT_COLUMNS, INSPECTION_RATING_FROM
from hmip_cli.queries.filters import Filters
from hmip_cli.schemas.ratings import NOT_RECORDED, RATINGS_BEST_FIRST, Rating
from hmip_cli.tabular import Column, Result, View

_OUTCOMES: tuple[str, ...] = (*(r.value for r in RATINGS_BEST_FIRST), NOT_RECORDED)


@dataclass(frozen=True)
class YearRating:
    service_id: str
    service: str
    year: str
    rating: str | None


def latest_rating_per_service(conn: sqlite3.Connection, filters: Filters, standard: str) -> list[YearRating]:
    """Each service's rating in each chosen year; of two inspections in one year, the later counts."""
    where, params = filters.where(inspections_only=True)
    rows = conn.execute(
        "SELECT i.service_id, i.service, i.inspection_year, r.rating"
        f" FROM {INSPECTION_RATING_FROM} WHERE {where} AND {APPLICABLE}"
        " ORDER BY i.service_id, i.inspection_year, i.published IS NULL, i.published, i.inspection_id",
        {**params, "standard": standard},
    ).fetchall()
    latest: dict[tuple[str, str], YearRating] = {}
    for service_id, service, year, rating in rows:
        latest[(service_id, year)] = YearRating(service_id, service, year, rating)
    return list(latest.values())


def distribution_rows(ratings: Sequence[YearRating], years: Sequence[str]) -> list[tuple[object, ...]]:
    rows = []
    for year in years:
        counts = Counter(r.rating or NOT_RECORDED for r in ratings if r.year == year)
        rows.append((year, sum(counts.values()), *(counts[o] for o in _OUTCOMES)))
    return rows


def _direction(before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return "unknown"
    change = Rating(after).points - Rating(before).points
    return "improved" if change > 0 else "declined" if change < 0 else "unchanged"


_DISTRIBUTION_COLUMNS = (Column("year", "Year", "short"), Column("services", "Services", "int"), *COUNT_COLUMNS)


def compare_years(conn: sqlite3.Connection, filters: Filters, standard: str, *, paired_only: bool = False) -> Result:
    years = list(filters.years)
    if len(years) < 2:
        raise UsageError("compare needs at least two different years: --year 1 --year 2")
    ratings = latest_rating_per_service(conn, filters, standard)
    label = "overall rating" if standard == "overall" else f"{standard} rating"
    span = " vs ".join(years)
    views: list[View] = []
    if not paired_only:
        views.append(
            View(
                "distribution",
                f"{label.capitalize()}, every service inspected: {span}",
                _DISTRIBUTION_COLUMNS,
                distribution_rows(ratings, years),
                transpose_table=True,
            )
        )
    by_service: dict[str, dict[str, YearRating]] = {}
    for rating in ratings:
        by_service.setdefault(rating.service_id, {})[rating.year] = rating
    paired = {sid: found for sid, found in by_service.items() if all(y in found for y in years)}
    paired_ratings = [r for found in paired.values() for r in found.values()]
    views.append(
        View(
            "paired_distribution",
            f"{label.capitalize()}, services inspected in every year: {span}",
            _DISTRIBUTION_COLUMNS,
            distribution_rows(paired_ratings, years),
            transpose_table=True,
        )
    )
    transitions: list[tuple[object, ...]] = []
    changes: list[tuple[object, ...]] = []
    for before_year, after_year in itertools.pairwise(years):
        matrix: Counter[tuple[str, str]] = Counter()
        for service_id in sorted(paired, key=lambda sid: paired[sid][after_year].service.lower()):
            before, after = paired[service_id][before_year], paired[service_id][after_year]
            matrix[(before.rating or NOT_RECORDED, after.rating or NOT_RECORDED)] += 1
            changes.append(
                (
                    after.service,
                    service_id,
                    before_year,
                    before.rating,
                    after_year,
                    after.rating,
                    _direction(before.rating, after.rating),
                )
            )
        for outcome in _OUTCOMES:
            transitions.append((before_year, after_year, outcome, *(matrix[(outcome, o)] for o in _OUTCOMES)))
    views.append(
        View(
            "transitions",
            f"{label.capitalize()} in the earlier year (rows) and the later year (columns): {span}",
            (
                Column("from_year", "From", "short"),
                Column("to_year", "To", "short"),
                Column("from_rating", "Rating then", "rating"),
                *COUNT_COLUMNS,
            ),
            transitions,
        )
    )
    views.append(
        View(
            "changes",
            f"Each service inspected in every year: {span}",
            (
                Column("service", "Service"),
                Column("service_id", "Service id"),
                Column("from_year", "From", "short"),
                Column("from_rating", "Rating then", "rating"),
                Column("to_year", "To", "short"),
                Column("to_rating", "Rating now", "rating"),
                Column("direction", "Direction"),
            ),
            changes,
            empty_note="no service was inspected in every year chosen",
        )
    )
    return Result(views, tag_views=True)
