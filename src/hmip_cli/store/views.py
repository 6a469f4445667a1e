"""Convenience views for `hmip sql` and Datasette: the shapes people otherwise join by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmip_cli.schemas.frameworks import frameworks

if TYPE_CHECKING:
    from sqlite_utils import Database

INSPECTION_FIELDS_SQL = (
    "i.inspection_id, i.service_id, i.service, i.provider_type, i.region, i.framework,"
    " i.inspection_year, i.fieldwork_start, i.published"
)


def standard_column(slug: str) -> str:
    return slug.replace("-", "_")


def _views() -> dict[str, str]:
    slugs = sorted({s.slug for f in frameworks().values() for s in f.standards})
    per_standard = ",\n  ".join(
        f"max(CASE WHEN r.standard = '{slug}' THEN r.rating END) AS {standard_column(slug)}" for slug in slugs
    )
    return {
        # one row per rating with the inspection it belongs to: what `hmip list` shows
        "rating_details": (
            f"SELECT {INSPECTION_FIELDS_SQL}, r.standard, r.standard_code, r.rating, r.points,"
            " r.source_url, r.note FROM ratings r JOIN inspections i ON i.inspection_id = r.inspection_id"
        ),
        # one row per inspection: overall and every standard as a column (null: not recorded)
        "inspection_ratings": (
            f"SELECT {INSPECTION_FIELDS_SQL},\n"
            "  max(CASE WHEN r.standard = 'overall' THEN r.rating END) AS overall,\n"
            "  sum(CASE WHEN r.standard != 'overall' THEN r.points END) AS known_points,\n"
            "  count(CASE WHEN r.standard != 'overall' THEN 1 END) AS standards_known,\n"
            f"  {per_standard}\n"
            "FROM inspections i LEFT JOIN ratings r ON r.inspection_id = i.inspection_id\n"
            "GROUP BY i.inspection_id"
        ),
    }


def create_views(db: Database) -> None:
    """(Re)create the views from the frameworks in force, so a new standard gets its column."""
    for name, sql in _views().items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql}")
