"""`hmip db info`: what the database in use holds, and where it is."""

from __future__ import annotations

import sqlite3

from hmip_cli.queries.distribution import COUNT_COLUMNS, COUNT_SQL, INSPECTION_RATING_FROM
from hmip_cli.store.locations import Location
from hmip_cli.tabular import Column, Result, View


def database_info(conn: sqlite3.Connection, location: Location) -> Result:
    services, inspections, ratings, standard_ratings = conn.execute(
        "SELECT (SELECT count(*) FROM services), (SELECT count(*) FROM inspections),"
        " (SELECT count(*) FROM ratings), (SELECT count(*) FROM ratings WHERE standard != 'overall')"
    ).fetchone()
    summary = View(
        "database",
        "Database",
        (Column("key", "What"), Column("value", "Value")),
        [
            ("path", str(location.path)),
            ("chosen_by", location.chosen_by),
            ("services", services),
            ("inspections", inspections),
            ("ratings", ratings),
            ("standard_ratings", standard_ratings),
        ],
    )
    by_sector = View(
        "by_sector",
        "Inspections and overall ratings by year and sector",
        (
            Column("year", "Year", "short"),
            Column("sector", "Sector"),
            Column("inspections", "Inspections", "int"),
            *COUNT_COLUMNS,
        ),
        conn.execute(
            "SELECT i.inspection_year, CASE WHEN i.provider_type = 'YOT' THEN 'youth' ELSE 'probation' END AS sector,"
            f" count(*), {COUNT_SQL} FROM {INSPECTION_RATING_FROM}"
            " GROUP BY 1, 2 ORDER BY i.inspection_year IS NULL, 1, 2",
            {"standard": "overall"},
        ).fetchall(),
    )
    by_type = View(
        "by_type",
        "Inspections and overall ratings by year and provider type",
        (
            Column("year", "Year", "short"),
            Column("provider_type", "Type", "short"),
            Column("inspections", "Inspections", "int"),
            *COUNT_COLUMNS,
        ),
        conn.execute(
            f"SELECT i.inspection_year, i.provider_type, count(*), {COUNT_SQL} FROM {INSPECTION_RATING_FROM}"
            " GROUP BY 1, 2 ORDER BY i.inspection_year IS NULL, 1, 2",
            {"standard": "overall"},
        ).fetchall(),
    )
    return Result([summary, by_sector, by_type], tag_views=True)
