"""The database's views: the shapes queries read and people otherwise join by hand (`hmip sql`,
Datasette). Two rules are written in SQL here, and only here, each derived from the data that
states it: a provider type's sector (schemas/frameworks.py SECTOR_OF) and a source's kind
(schemas/sources.py). Queries read the `sector` and `source_kind` columns, never restate them
(a query over a rating not read through a view calls source_kind_sql). The span of days a
partial publication date stands for, which the --published tests compare, is here too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmip_cli.schemas.frameworks import SECTOR_OF, frameworks
from hmip_cli.schemas.sources import HMIP_PREFIXES, HOST_ENDS, SourceKind

if TYPE_CHECKING:
    from sqlite_utils import Database

RATING_FIELDS_SQL = "r.standard, r.standard_code, r.rating, r.points, r.source_url, r.note"


def standard_column(slug: str) -> str:
    return slug.replace("-", "_")


def _sector(provider_type: str) -> str:
    """The sector of a provider-type column, as SECTOR_OF has it."""
    cases = " ".join(f"WHEN '{provider.value}' THEN '{sector.value}'" for provider, sector in SECTOR_OF.items())
    return f"(CASE {provider_type} {cases} END)"


def source_kind_sql(url: str) -> str:
    """The kind of a source-URL column, by the rule schemas/sources.py source_kind applies in Python.
    `LIKE 'prefix%'` ignores ASCII case as lower() does (no prefix holds `%` or `_`), and stops at
    the first character that differs: several times cheaper than lowering each whole URL."""
    ends = ", ".join(f"'{end}'" for end in HOST_ENDS)
    tests = " OR ".join(
        f"({url} LIKE '{prefix}%' AND substr({url}, {len(prefix) + 1}, 1) IN ({ends}))" for prefix in HMIP_PREFIXES
    )
    return f"(CASE WHEN {tests} THEN '{SourceKind.HMIP}' ELSE '{SourceKind.SECONDARY}' END)"


def partial_date_bounds_sql(date: str) -> tuple[str, str]:
    """The first and the last day a partial-date column (`2022`, `2022-05`, `2022-05-14`) may stand for."""
    first = f"(CASE length({date}) WHEN 4 THEN {date} || '-01-01' WHEN 7 THEN {date} || '-01' ELSE {date} END)"
    last = (
        f"(CASE length({date}) WHEN 4 THEN {date} || '-12-31'"
        f" WHEN 7 THEN date({date} || '-01', '+1 month', '-1 day') ELSE {date} END)"
    )
    return first, last


def _views() -> dict[str, str]:
    # here, not at the top: a query that calls source_kind_sql loads no Pydantic model (start-up)
    from hmip_cli.schemas.records import INSPECTION_FIELDS

    inspection_fields = ", ".join(f"i.{name}" for name in INSPECTION_FIELDS)
    slugs = sorted({s.slug for f in frameworks().values() for s in f.standards})
    per_standard = ",\n  ".join(
        f"max(CASE WHEN r.standard = '{slug}' THEN r.rating END) AS {standard_column(slug)}" for slug in slugs
    )
    sector = f"{_sector('i.provider_type')} AS sector"
    source_kind = f"{source_kind_sql('r.source_url')} AS source_kind"
    return {
        # one row per inspection, with its sector
        "inspection_details": f"SELECT {inspection_fields}, {sector} FROM inspections i",
        # one row per rating, with the kind of its source (hmip, secondary)
        "sourced_ratings": f"SELECT r.inspection_id, {RATING_FIELDS_SQL}, {source_kind} FROM ratings r",
        # one row per rating with the inspection it belongs to: what `hmip list` shows
        "rating_details": (
            f"SELECT {inspection_fields}, {RATING_FIELDS_SQL}, {sector}, {source_kind}"
            " FROM ratings r JOIN inspections i ON i.inspection_id = r.inspection_id"
        ),
        # one row per inspection: overall and every standard as a column (null: not recorded)
        "inspection_ratings": (
            f"SELECT {inspection_fields},\n"
            "  max(CASE WHEN r.standard = 'overall' THEN r.rating END) AS overall,\n"
            "  sum(CASE WHEN r.standard != 'overall' THEN r.points END) AS known_points,\n"
            "  count(CASE WHEN r.standard != 'overall' THEN 1 END) AS standards_known,\n"
            f"  {per_standard}\n"
            "FROM inspections i LEFT JOIN ratings r ON r.inspection_id = i.inspection_id\n"
            "GROUP BY i.inspection_id"
        ),
        # inspections known to have taken place whose rating is not recorded here (a known
        # inspection stops being one once a rating for it is imported), with their sector
        "unrecorded_inspections": (
            f"SELECT k.*, {_sector('k.provider_type')} AS sector FROM known_inspections k"
            " WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.inspection_id = k.inspection_id)"
        ),
    }


def create_views(db: Database) -> None:
    """(Re)create the views from the frameworks in force, so a new standard gets its column."""
    for name, sql in _views().items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql}")
