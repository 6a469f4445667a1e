"""`hmip coverage`: every total HMIP published beside what is recorded here for the same scope.
The matching of totals to scopes is coverage.py's; this is the one table that lists them all."""

from __future__ import annotations

import sqlite3

from hmip_cli.queries.coverage import PublishedScope, published_totals, recorded, value_of
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES, EVIDENCE, thin
from hmip_cli.queries.filters import Filters
from hmip_cli.tabular import Column, Result, View, shared


def _period_label(scope: PublishedScope) -> str:
    if scope.axis != "published":
        return scope.period
    first, last = scope.period.split("..")
    if first.endswith("-01-01") and last.endswith("-12-31"):
        return first[:4] if first[:4] == last[:4] else f"{first[:4]}..{last[:4]}"
    return scope.period


COVERAGE_COLUMNS: tuple[Column, ...] = (
    # which total a row is, and where HMIP states it, are the last to go; the axis shows in the
    # period's own form (2019/20 against 2022), and the gap is HMIP's less ours
    Column("sector", "Sector", "short", priority=0),
    Column("provider_type", "Type", "short", priority=0),
    Column("axis", "Axis", "short", priority=2),
    Column("period", "Period", "short", priority=0),
    Column("position", "Inspection", "short", priority=0),
    Column("rating", "Rating", priority=0),
    Column("published", "HMIP", "int"),
    Column("recorded", "Here", "int"),
    Column("gap", "Gap", "int", priority=2),
    EVIDENCE,
    *shared("unit", "measure", "source_url", "figure_id"),
)
UNMATCHED_COLUMNS: tuple[Column, ...] = (
    Column("figure_id", "Figure", "id", priority=0),
    *shared("period", "measure"),
    Column("reason", "Why not compared", priority=1),
)


def coverage(conn: sqlite3.Connection, filters: Filters | None = None) -> Result:
    """Every published rating total beside what the database records for its scope, then the rest.

    `filters`: only the totals of these sectors (`sectors`) and provider types (`types`: totals
    whose scope names one of them)."""
    totals, unmatched = published_totals(conn)
    rows = []
    for published in totals:
        scope = published.scope
        if filters is not None and not _in_selection(scope, filters):
            continue
        ratings = recorded(conn, scope)
        rated = [r for r in ratings if r.rating]
        for key, value in published.values.items():
            if published.unit == "percent":
                ours: float = round(100 * value_of(rated, key) / len(rated)) if rated else 0
            else:
                ours = value_of(ratings, key)
            rows.append(
                (
                    scope.sector,
                    ", ".join(scope.types) or None,
                    scope.axis,
                    _period_label(scope),
                    scope.position,
                    key,
                    value,
                    ours,
                    value - ours,
                    thin(len(rated), DEFAULT_MIN_SERVICES) if published.unit == "percent" else None,
                    published.unit,
                    published.measure,
                    published.source_url,
                    published.figure_of[key],
                )
            )
    unit, evidence = (
        COVERAGE_COLUMNS.index(next(c for c in COVERAGE_COLUMNS if c.key == k)) for k in ("unit", "evidence")
    )
    # counts and shares apart, so a table says once which a number is (machines get one table)
    views = [
        View(
            "coverage",
            "HMIP's published rating totals and what is recorded here for the same scope",
            COVERAGE_COLUMNS,
            [row for row in rows if row[unit] != "percent"],
            notes=[
                "Here counts each service once per period, as hmip compare does; a gap is a rating"
                " HMIP published that no source we hold states"
            ],
        ),
        View(
            "coverage",
            "HMIP's published shares (percent) and the same share of the ratings recorded here",
            COVERAGE_COLUMNS,
            [row for row in rows if row[unit] == "percent"],
            notes=[
                "Here is the share of the services rated here in the same scope, each counted once",
                *(
                    f"{row[0]} {row[3]}, {row[5]}: here is a share of {row[evidence]}"
                    for row in rows
                    if row[unit] == "percent" and row[evidence]
                ),
            ],
            empty_note="HMIP published no share hmip can match",
        ),
        View(
            "not_compared",
            "Published totals whose scope hmip cannot count",
            UNMATCHED_COLUMNS,
            [(u.figure_id, u.period, u.measure, u.reason) for u in unmatched],
            empty_note="every published total was compared",
        ),
    ]
    return Result(views, tag_views=True)


def _in_selection(scope: PublishedScope, filters: Filters) -> bool:
    if filters.sectors and scope.sector not in filters.sectors:
        return False
    return not filters.types or bool(set(scope.types) & set(filters.types))
