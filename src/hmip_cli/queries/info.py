"""`hmip db info`: what the database in use holds, and where it is."""

from __future__ import annotations

import sqlite3

from hmip_cli.queries.citation import data_date
from hmip_cli.queries.distribution import COUNT_COLUMNS, COUNT_SQL, INSPECTION_RATING_FROM
from hmip_cli.store.locations import Location
from hmip_cli.tabular import Column, Result, View


def database_info(conn: sqlite3.Connection, location: Location) -> Result:
    services, inspections, ratings, standard_ratings, known, scores, figures = conn.execute(
        "SELECT (SELECT count(*) FROM services), (SELECT count(*) FROM inspections),"
        " (SELECT count(*) FROM ratings), (SELECT count(*) FROM ratings WHERE standard != 'overall'),"
        " (SELECT count(*) FROM unrecorded_inspections), (SELECT count(*) FROM scores),"
        " (SELECT count(*) FROM figures)"
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
            # known to have taken place, but no source we hold states a rating: counted apart
            ("inspections_not_recorded", known),
            ("published_scores", scores),
            ("figures", figures),
            *_data_date(conn),
        ],
    )
    by_sector = _by_year_and(conn, "by_sector", "sector", Column("sector", "Sector"), "i.sector")
    by_type = _by_year_and(
        conn, "by_type", "provider type", Column("provider_type", "Type", "short"), "i.provider_type"
    )
    return Result([summary, by_sector, by_type], tag_views=True)


def _by_year_and(conn: sqlite3.Connection, name: str, label: str, column: Column, expression: str) -> View:
    """Inspections and their overall ratings counted by programme year and one more dimension."""
    rows = conn.execute(
        f"SELECT i.inspection_year, {expression}, count(*), {COUNT_SQL} FROM {INSPECTION_RATING_FROM}"
        " GROUP BY 1, 2 ORDER BY i.inspection_year IS NULL, 1, 2",
        {"standard": "overall"},
    ).fetchall()
    return View(
        name,
        f"Inspections and overall ratings by year and {label}",
        (Column("year", "Year", "short"), column, Column("inspections", "Inspections", "int"), *COUNT_COLUMNS),
        rows,
    )


def _data_date(conn: sqlite3.Connection) -> list[tuple[str, object]]:
    """The data's date, as a citation gives it: the latest publication held now, and the shipped
    release it came from."""
    dated = data_date(conn)
    return [
        ("latest_published", dated.latest_published),
        ("data_compiled", dated.compiled),
        ("data_release", dated.release),
    ]
