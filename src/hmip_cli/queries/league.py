"""`hmip league`: services ranked by overall rating, then known standard points, then name."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from hmip_cli.queries.filters import Filters
from hmip_cli.queries.profiles import profiles
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST
from hmip_cli.tabular import Column, Result, View, project

LEAGUE_COLUMNS: tuple[Column, ...] = (
    Column("rank", "#", "int"),
    Column("service", "Service"),
    Column("provider_type", "Type", "short"),
    Column("year", "Year", "short"),
    Column("published", "Published", "short"),
    Column("overall", "Overall", "rating"),
    Column("points", "Points", "int"),
    Column("standards_known", "Known", "int"),
    Column("standards_total", "Of", "int"),
    Column("outstanding", "O", "int"),
    Column("good", "G", "int"),
    Column("requires_improvement", "RI", "int"),
    Column("inadequate", "I", "int"),
    Column("strip", "Standards", "strip"),
    Column("service_id", "Service id"),
)


DEFAULT_LEAGUE_FIELDS: tuple[str, ...] = tuple(
    c.key for c in LEAGUE_COLUMNS if c.key not in ("published", "service_id")
)


def league_table(conn: sqlite3.Connection, filters: Filters, fields: Sequence[str] | None = None) -> Result:
    """Each service's latest inspection among those chosen, ranked (ties share a rank)."""
    where, params = filters.where(inspections_only=True)
    rows = conn.execute(
        "SELECT i.inspection_id, i.service_id, i.service, i.provider_type, i.inspection_year, i.published,"
        " r.rating, r.points FROM inspections i"
        " LEFT JOIN ratings r ON r.inspection_id = i.inspection_id AND r.standard = 'overall'"
        f" WHERE {where}"
        " ORDER BY i.service_id, i.published IS NULL, i.published, i.inspection_year, i.inspection_id",
        params,
    ).fetchall()
    latest = {row[1]: row for row in rows}
    found = profiles(conn, [row[0] for row in latest.values()])

    def sort_key(row: tuple) -> tuple:  # type: ignore[type-arg]
        overall_points = row[7] if row[7] is not None else -1
        return (-overall_points, -found[row[0]].points, row[2].lower())

    ranked = sorted(latest.values(), key=sort_key)
    table = []
    rank = 0
    previous = None
    for position, row in enumerate(ranked, start=1):
        profile = found[row[0]]
        standing = (row[7], profile.points)
        if standing != previous:
            rank, previous = position, standing
        table.append(
            (
                rank,
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                profile.points,
                profile.known,
                len(profile.standards),
                *(profile.count(r) for r in RATINGS_BEST_FIRST),
                profile.strip,
                row[1],
            )
        )
    title = "League table" + (
        f" — {', '.join(filters.years)}" if filters.years else " — latest inspection of each service"
    )
    return project(Result([View("league", title, LEAGUE_COLUMNS, table)]), fields or DEFAULT_LEAGUE_FIELDS)
