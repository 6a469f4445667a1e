"""`hmip league`: one table per framework, ranked by overall rating, then the standards known.

The rule, stated in `--help` and docs/analysis.md: services are ranked by overall rating first;
within one overall rating, by the mean points of the standards whose ratings are recorded here
(Outstanding 3, Good 2, Requires improvement 1, Inadequate 0). A standard not recorded here is
not counted at all, so it weighs neither like an Inadequate nor like anything else; services with
no standard recorded come after those with some, within their overall rating. Equal standings
share a rank (`=5`). Frameworks' standards differ, so one framework's services are never ranked
against another's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hmip_cli.queries.filters import Filters, latest_order
from hmip_cli.queries.marks import marked_rating, secondary_note
from hmip_cli.queries.profiles import NOT_RECORDED_MARK, STRIP_LETTER, Profile, profiles
from hmip_cli.queries.scope import Block, axis_text, framework_blocks
from hmip_cli.schemas.frameworks import ProviderType, frameworks
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST
from hmip_cli.schemas.sources import source_kind_sql
from hmip_cli.tabular import Column, Result, View, blocks, project, shared, with_default_fields

NOT_APPLICABLE_MARK = "-"
"""A strip position whose standard the service's provider type is not inspected on."""

LEAGUE_COLUMNS: tuple[Column, ...] = (
    Column("rank", "#", "rank"),
    *shared("service", "provider_type", "year", "published", "overall"),
    Column("mean_points", "Mean pts", "float"),
    *shared("standards_known", "standards_total", "points"),
    Column("outstanding", "O", "int"),
    Column("good", "G", "int"),
    Column("requires_improvement", "RI", "int"),
    Column("inadequate", "I", "int"),
    Column("strip", "Standards", "strip"),
    Column("framework", "Framework", "short", in_table=False),
    Column("sector", "Sector", "short", in_table=False),
    Column("service_id", "Service id", "id"),
    Column("inspection_id", "Inspection id", "id"),
    *shared("source_kind", "score", "score_out_of"),
)
DEFAULT_LEAGUE_FIELDS: tuple[str, ...] = (
    "rank",
    "service",
    "provider_type",
    "year",
    "published",
    "overall",
    "mean_points",
    "standards_known",
    "standards_total",
    "outstanding",
    "good",
    "requires_improvement",
    "inadequate",
    "strip",
    "framework",
)


@dataclass(frozen=True)
class Entry:
    """One service's chosen inspection, as the league reads it."""

    inspection_id: str
    service_id: str
    service: str
    provider_type: str
    year: str | None
    published: str | None
    overall: str | None
    overall_points: int | None
    source_kind: str | None
    """Of the overall rating's source: hmip or secondary."""
    score: int | None
    score_out_of: int | None


def chosen_inspections(conn: sqlite3.Connection, filters: Filters) -> list[Entry]:
    """Each service's most recent inspection among those the filters allow."""
    where, params = filters.where(inspections_only=True)
    rows = conn.execute(
        "SELECT i.inspection_id, i.service_id, i.service, i.provider_type, i.inspection_year, i.published,"
        f" r.rating, r.points, CASE WHEN r.rating IS NOT NULL THEN {source_kind_sql('r.source_url')} END,"
        " s.score, s.out_of FROM inspections i"
        " LEFT JOIN ratings r ON r.inspection_id = i.inspection_id AND r.standard = 'overall'"
        " LEFT JOIN scores s ON s.inspection_id = i.inspection_id"
        f" WHERE {where} ORDER BY i.service_id, {latest_order('i')}",
        params,
    ).fetchall()
    newest: dict[str, Entry] = {}
    for entry in (Entry(*row) for row in rows):
        newest.setdefault(entry.service_id, entry)
    return list(newest.values())


def strip(framework: str, provider_type: str, profile: Profile) -> str:
    """One letter per standard of the framework, in its order: O G R I, · not recorded, - not inspected."""
    letters = []
    for standard in frameworks()[framework].standards:
        if ProviderType(provider_type) not in standard.provider_types:
            letters.append(NOT_APPLICABLE_MARK)
        else:
            letters.append(STRIP_LETTER.get(profile.ratings.get(standard.slug, ""), NOT_RECORDED_MARK))
    return "".join(letters)


def strip_key(framework: str) -> str:
    """What each strip position stands for: `1 1.1 Leadership, 2 1.2 Staff, …`."""
    names = [
        f"{position} {s.code + ' ' if s.code else ''}{s.name}"
        for position, s in enumerate(frameworks()[framework].standards, start=1)
    ]
    return "Standards, in strip order: " + ", ".join(names)


def _standing(entry: Entry, profile: Profile) -> tuple[int, int, float]:
    overall = entry.overall_points if entry.overall_points is not None else -1
    mean = profile.points / profile.known if profile.known else None
    return (-overall, 0 if mean is not None else 1, -(mean or 0.0))


def ranked(conn: sqlite3.Connection, block: Block) -> list[tuple[object, ...]]:
    entries = chosen_inspections(conn, block.filters)
    found = profiles(conn, [e.inspection_id for e in entries])
    ordered = sorted(entries, key=lambda e: (_standing(e, found[e.inspection_id]), e.service.lower()))
    framework = block.framework or ""
    table: list[tuple[object, ...]] = []
    rank, previous = 0, None
    for position, entry in enumerate(ordered, start=1):
        profile = found[entry.inspection_id]
        standing = _standing(entry, profile)
        if standing != previous:
            rank, previous = position, standing
        table.append(
            (
                rank,
                entry.service,
                entry.provider_type,
                entry.year,
                entry.published,
                marked_rating(entry.overall, entry.source_kind),
                round(profile.points / profile.known, 2) if profile.known else None,
                profile.known,
                len(profile.standards),
                profile.points,
                *(profile.count(r) for r in RATINGS_BEST_FIRST),
                strip(framework, entry.provider_type, profile),
                framework,
                block.sector.value,
                entry.service_id,
                entry.inspection_id,
                entry.source_kind,
                entry.score,
                entry.score_out_of,
            )
        )
    return table


def league_table(conn: sqlite3.Connection, filters: Filters, fields: Sequence[str] | None = None) -> Result:
    """One ranked view per framework in scope; each service's latest inspection there counts."""
    views = []
    window = axis_text(replace(filters, frameworks=()))
    for block in framework_blocks(conn, filters):
        title = f"League table: {block.scope}" + (f", {window}" if window else ", latest inspection of each service")
        key = strip_key(block.framework or "")
        columns = [replace(c, legend=key) if c.kind == "strip" else c for c in LEAGUE_COLUMNS]
        rows = ranked(conn, block)
        view = View("league", title, columns, rows, notes=_sources_note(rows))
        views.append(with_default_fields(view, DEFAULT_LEAGUE_FIELDS))
    return project(blocks(views), fields)


_KIND_AT = [c.key for c in LEAGUE_COLUMNS].index("source_kind")


def _sources_note(rows: Sequence[tuple[object, ...]]) -> list[str]:
    kinds = [row[_KIND_AT] for row in rows if row[_KIND_AT] is not None]
    return secondary_note(kinds.count("secondary"), len(kinds), "overall ratings ranked")
