"""`hmip league`: one table per framework, ranked by overall rating, in SQL.

The rule, stated in `--help` and docs/analysis.md: services are ranked by their overall rating
alone, and every service with the same overall rating shares one rank (`=5`). Within a rank they
are listed by the mean points of the standards whose ratings are recorded here (Outstanding 3,
Good 2, Requires improvement 1, Inadequate 0), then those with no standard recorded, then by
name: an order for reading, never a different rank number, since what happens to be recorded is
not a measure. A service with no overall rating recorded has no rank and comes last. Frameworks'
standards differ, so one framework's services are never ranked against another's.

Each framework's table is one statement: each service's chosen inspection by a window
(`row_number`), its standards' counts, points and strip by `GROUP BY`, the rank by `rank()`; rows
stream from SQLite in league order, and no statement binds a value per inspection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from hmip_cli.queries.filters import Filters, latest_order
from hmip_cli.queries.marks import marked_rating, secondary_note
from hmip_cli.queries.profiles import NOT_RECORDED_MARK, STRIP_LETTER
from hmip_cli.queries.scope import Block, axis_text, framework_blocks
from hmip_cli.schemas.frameworks import frameworks
from hmip_cli.schemas.ratings import RATINGS_BEST_FIRST
from hmip_cli.store.views import source_kind_sql
from hmip_cli.tabular import Column, Deferred, Result, View, blocks, project, shared, with_default_fields

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
    "score",
    "score_out_of",
)


_LETTERS = (NOT_RECORDED_MARK, *(STRIP_LETTER[r.value] for r in RATINGS_BEST_FIRST))
"""A strip position's 3-bit code: 0 not recorded, then 1 Outstanding … 4 Inadequate."""


def _places_sql(framework: str, params: dict[str, Any]) -> str:
    """`places`: each standard of the framework with its position in the strip (a few bound values)."""
    selects = []
    for k, standard in enumerate(frameworks()[framework].standards):
        params[f"lg_slug{k}"] = standard.slug
        selects.append(f"SELECT :lg_slug{k} AS slug, {k} AS k")
    return "places AS (" + (" UNION ALL ".join(selects) or "SELECT NULL AS slug, 0 AS k") + ")"


class _Strips:
    """Strips from their packed codes (3 bits a position, summed by SQL), per provider type:
    O G R I, · not recorded, - not inspected on. Few distinct strips occur, so each is spelled once."""

    def __init__(self, framework: str) -> None:
        self.standards = frameworks()[framework].standards
        self.spelled: dict[tuple[str, int], str] = {}

    def __call__(self, provider_type: str, packed: int) -> str:
        key = (provider_type, packed)
        found = self.spelled.get(key)
        if found is None:
            found = self.spelled[key] = "".join(
                _LETTERS[(packed >> (3 * k)) & 7]
                if provider_type in {p.value for p in standard.provider_types}
                else NOT_APPLICABLE_MARK
                for k, standard in enumerate(self.standards)
            )
        return found


def _chosen_sql(filters: Filters) -> tuple[str, dict[str, Any]]:
    """`chosen`: the inspections the filters allow, `newest` = 1 on each service's most recent."""
    where, params = filters.where(inspections_only=True)
    sql = (
        "chosen AS (SELECT i.inspection_id, i.service_id, i.service, i.provider_type, i.inspection_year,"
        f" i.published, row_number() OVER (PARTITION BY i.service_id ORDER BY {latest_order('i')}) AS newest"
        f" FROM inspections i WHERE {where})"
    )
    return sql, params


def league_sql(filters: Filters, framework: str) -> tuple[str, dict[str, Any]]:
    """The ranked league of one framework: each service's most recent inspection among those the
    filters allow, with its standards known (only those of its framework and provider type),
    their points, counts and packed strip (`_Strips`), the overall rating's source kind and
    HMIP's score, in league order."""
    chosen, params = _chosen_sql(filters)
    params["lg_framework"] = framework
    known = "s.slug IS NOT NULL"
    counts = ", ".join(f"sum({known} AND r.points = {r.points}) AS n{n}" for n, r in enumerate(RATINGS_BEST_FIRST))
    # a rating's code in the strip: 1 Outstanding (3 points) … 4 Inadequate (0 points)
    best = RATINGS_BEST_FIRST[0].points
    sql = (
        f"WITH {chosen}, {_places_sql(framework, params)},"
        " profiled AS (SELECT c.inspection_id, c.service_id, c.service, c.provider_type, c.inspection_year,"
        " c.published, o.rating AS overall, o.points AS overall_points, o.source_url AS overall_source,"
        f" count(s.slug) AS known, coalesce(sum(CASE WHEN {known} THEN r.points END), 0) AS points,"
        f" {counts}, coalesce(sum(CASE WHEN {known} THEN ({best + 1} - r.points) << (3 * pl.k) END), 0) AS packed"
        " FROM chosen c"
        " LEFT JOIN ratings o ON o.inspection_id = c.inspection_id AND o.standard = 'overall'"
        " LEFT JOIN ratings r ON r.inspection_id = c.inspection_id AND r.standard != 'overall'"
        " LEFT JOIN standards s ON s.framework = :lg_framework AND s.provider_type = c.provider_type"
        " AND s.slug = r.standard"
        " LEFT JOIN places pl ON pl.slug = s.slug"
        " WHERE c.newest = 1 GROUP BY c.inspection_id)"
        " SELECT CASE WHEN p.overall_points IS NOT NULL"
        " THEN rank() OVER (ORDER BY p.overall_points IS NULL, p.overall_points DESC) END,"
        " p.service, p.provider_type, p.inspection_year, p.published, p.overall, p.points, p.known,"
        f" {', '.join(f'p.n{n}' for n in range(len(RATINGS_BEST_FIRST)))}, p.packed, p.service_id, p.inspection_id,"
        f" CASE WHEN p.overall IS NOT NULL THEN {source_kind_sql('p.overall_source')} END, sc.score, sc.out_of"
        " FROM profiled p LEFT JOIN scores sc ON sc.inspection_id = p.inspection_id"
        " ORDER BY p.overall_points IS NULL, p.overall_points DESC, p.known = 0,"
        " CAST(p.points AS REAL) / p.known DESC, lower(p.service), p.inspection_id"
    )
    return sql, params


def sources_note(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    """How many of the ranked overall ratings rest on secondary sources: one aggregate statement."""
    chosen, params = _chosen_sql(filters)
    rated, secondary = conn.execute(
        f"WITH {chosen}, kinds AS (SELECT {source_kind_sql('o.source_url')} AS kind FROM chosen c"
        " JOIN ratings o ON o.inspection_id = c.inspection_id AND o.standard = 'overall' WHERE c.newest = 1)"
        " SELECT count(*), coalesce(sum(kind = 'secondary'), 0) FROM kinds",
        params,
    ).fetchone()
    return secondary_note(int(secondary), int(rated), "overall ratings ranked", marked=True)


def strip_key(framework: str) -> str:
    """What each strip position stands for: `1 1.1 Leadership, 2 1.2 Staff, …`."""
    names = [
        f"{position} {s.code + ' ' if s.code else ''}{s.name}"
        for position, s in enumerate(frameworks()[framework].standards, start=1)
    ]
    return "Standards, in strip order: " + ", ".join(names)


def ranked(conn: sqlite3.Connection, block: Block) -> Deferred:
    """The block's league rows in LEAGUE_COLUMNS order, streamed from one statement when iterated."""
    framework = block.framework or ""
    sql, params = league_sql(block.filters, framework)
    sector = block.sector.value
    strips = _Strips(framework)
    found = frameworks()[framework]
    totals = {p.value: len(found.standards_for(p)) for p in found.provider_types}

    def rows() -> Iterator[tuple[object, ...]]:
        for row in conn.execute(sql, params):
            rank, service, provider_type, year, published, overall, points, known, *rest = row
            *counts, packed, service_id, inspection_id, kind, score, out_of = rest
            strip, total = strips(provider_type, packed), totals.get(provider_type, 0)
            mean = round(points / known, 2) if known else None
            yield (
                rank,
                service,
                provider_type,
                year,
                published,
                marked_rating(overall, kind),
                mean,
                known,
                total,
                points if known else None,
                *counts,
                strip,
                framework,
                sector,
                service_id,
                inspection_id,
                kind,
                score,
                out_of,
            )  # fmt: skip  (points: empty, not 0, when no standard is known)

    return Deferred(rows)


def league_table(conn: sqlite3.Connection, filters: Filters, fields: Sequence[str] | None = None) -> Result:
    """One ranked view per framework in scope; each service's latest inspection there counts."""
    views = []
    window = axis_text(replace(filters, frameworks=()))
    for block in framework_blocks(conn, filters):
        title = f"League table: {block.scope}" + (f", {window}" if window else ", latest inspection of each service")
        key = strip_key(block.framework or "")
        columns = [replace(c, legend=key) if c.kind == "strip" else c for c in LEAGUE_COLUMNS]
        view = View("league", title, columns, ranked(conn, block), notes=sources_note(conn, block.filters))
        views.append(with_default_fields(view, DEFAULT_LEAGUE_FIELDS))
    return project(blocks(views), fields)
