"""What `hmip chart …` and `hmip report` draw, as plain data: bars, grids and the report's tables.

Counting reuses `hmip compare` (distribution) and `hmip league` (order, ranks): a chart never
disagrees with the table it pictures. Nothing here knows how anything looks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from hmip_cli.queries.compare import compare_years, distribution_rows, latest_rating_per_service
from hmip_cli.queries.filters import Filters
from hmip_cli.queries.league import league_table
from hmip_cli.queries.listing import list_ratings
from hmip_cli.queries.profiles import profiles
from hmip_cli.queries.show import show_service
from hmip_cli.schemas.frameworks import OVERALL, ProviderType, frameworks
from hmip_cli.schemas.ratings import NOT_RECORDED, RATINGS_BEST_FIRST
from hmip_cli.tabular import Column, Result, View

OUTCOMES: tuple[str, ...] = (*(r.value for r in RATINGS_BEST_FIRST), NOT_RECORDED)
"""Segment order of every bar and key: best first, then Not recorded."""
NOT_APPLICABLE = "n/a"
"""A cell for a standard the inspection's framework does not have (drawn blank)."""

Cell = str | None
"""A rating spelled in full, None for not recorded, or NOT_APPLICABLE."""


# --- distribution ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    counts: tuple[int, ...]
    """One count per OUTCOMES entry."""

    @property
    def total(self) -> int:
        return sum(self.counts)

    def percent(self, index: int) -> int:
        return round(100 * self.counts[index] / self.total) if self.total else 0


@dataclass(frozen=True)
class Distribution:
    title: str
    bars: tuple[Bar, ...]
    outcomes: tuple[str, ...] = OUTCOMES


def years_in_selection(conn: sqlite3.Connection, filters: Filters) -> tuple[str, ...]:
    """The chosen years, or else every programme year with an inspection matching the filters."""
    if filters.years:
        return filters.years
    where, params = filters.where(inspections_only=True)
    rows = conn.execute(
        f"SELECT DISTINCT i.inspection_year FROM inspections i WHERE {where} AND i.inspection_year IS NOT NULL"
        " ORDER BY 1",
        params,
    ).fetchall()
    return tuple(row[0] for row in rows)


def _standard_label(standard: str) -> str:
    return "Overall rating" if standard == OVERALL else f"{standard} rating"


def distribution(conn: sqlite3.Connection, filters: Filters, standard: str = OVERALL) -> Distribution:
    """One bar per year: each service's rating in that year, counted as `hmip compare` counts it."""
    years = years_in_selection(conn, filters)
    chosen = replace(filters, years=years)
    ratings = latest_rating_per_service(conn, chosen, standard) if years else []
    rows = distribution_rows(ratings, years)
    bars = tuple(Bar(str(row[0]), tuple(cast(int, n) for n in row[2:])) for row in rows)
    return Distribution(f"{_standard_label(standard)} by programme year, every service inspected", bars)


def distribution_view(chart: Distribution) -> View:
    """The numbers behind the bars, as a table (for the report when there is no compare table)."""
    columns = (
        Column("year", "Year", "short"),
        Column("services", "Services", "int"),
        *(Column(o.lower().replace(" ", "_"), o, "int") for o in chart.outcomes),
    )
    return View("distribution", chart.title, columns, [(b.label, b.total, *b.counts) for b in chart.bars])


# --- heatmap -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardKey:
    slug: str
    label: str
    """Short column heading: the standard's code (2.1), else its position in the framework."""
    name: str


@dataclass(frozen=True)
class HeatRow:
    rank: int
    service: str
    provider_type: str
    year: str | None
    overall: str | None
    cells: tuple[Cell, ...]
    """One per standard of the group, in framework order."""


@dataclass(frozen=True)
class HeatGroup:
    """Services inspected under one framework for one provider type: one set of standards."""

    framework: str
    framework_name: str
    provider_type: str
    standards: tuple[StandardKey, ...]
    rows: list[HeatRow] = field(default_factory=list)

    @property
    def years_differ(self) -> bool:
        """Whether a year column says anything (it does not when every row has the same year)."""
        return len({r.year for r in self.rows}) > 1

    @property
    def title(self) -> str:
        noun = "service" if len(self.rows) == 1 else "services"
        return f"{self.framework_name}: {self.provider_type}, {len(self.rows)} {noun}"


@dataclass(frozen=True)
class Heatmap:
    title: str
    groups: tuple[HeatGroup, ...]

    @property
    def services(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def _keys(framework: str, provider_type: str, slugs: Sequence[str]) -> tuple[StandardKey, ...]:
    found = frameworks().get(framework)
    keys = []
    for position, slug in enumerate(slugs, start=1):
        standard = found.standard(slug, ProviderType(provider_type)) if found else None
        name = standard.name if standard else slug
        keys.append(StandardKey(slug, (standard.code if standard and standard.code else str(position)), name))
    return tuple(keys)


def heatmap(conn: sqlite3.Connection, filters: Filters) -> Heatmap:
    """`hmip league` as a grid: its order and ranks, one group of rows per set of standards."""
    wanted = ("rank", "service", "provider_type", "year", "overall", "service_id")
    (league,) = league_table(conn, filters, wanted).views
    # the same choice of inspection as the league: each service's latest among those chosen
    where, params = filters.where(inspections_only=True)
    latest = {
        service_id: (inspection_id, framework)
        for service_id, inspection_id, framework in conn.execute(
            "SELECT i.service_id, i.inspection_id, i.framework FROM inspections i"
            f" WHERE {where}"
            " ORDER BY i.service_id, i.published IS NULL, i.published, i.inspection_year, i.inspection_id",
            params,
        )
    }
    found = profiles(conn, [inspection_id for inspection_id, _ in latest.values()])
    groups: dict[tuple[str, str], HeatGroup] = {}
    for rank, service, provider_type, year, overall, service_id in league.rows:
        inspection_id, framework = latest[service_id]
        profile = found[inspection_id]
        group = groups.get((framework, provider_type))
        if group is None:
            known = frameworks().get(framework)
            group = HeatGroup(
                framework,
                known.name if known else framework,
                provider_type,
                _keys(framework, provider_type, profile.standards),
            )
            groups[(framework, provider_type)] = group
        cells = tuple(profile.ratings.get(s) for s in profile.standards)
        group.rows.append(HeatRow(rank, service, provider_type, year, overall, cells))
    title = league.title.replace("League table", "Ratings by standard, in league order")
    return Heatmap(title, tuple(groups.values()))


# --- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    label: str
    cells: tuple[Cell, ...]
    """One per inspection, oldest first."""


@dataclass(frozen=True)
class History:
    title: str
    inspections: tuple[str, ...]
    """Column headings: programme year, else publication date, else framework."""
    rows: tuple[HistoryRow, ...]
    """The overall rating first, then each standard any of the inspections has."""
    points: tuple[str, ...]
    """`4 pts, 3/10 known` per inspection: only the standards known count."""


def history(conn: sqlite3.Connection, service: str) -> History:
    """One service's ratings across its inspections (`hmip show` as a picture)."""
    inspections_view, grid, _sources = show_service(conn, service).views
    inspections = list(inspections_view.rows)
    grid_rows = list(grid.rows)
    labels = tuple(row[5] or row[7] or row[4] for row in inspections)
    names: dict[str, str] = {}
    for row in inspections:
        known = frameworks().get(row[4])
        for standard in known.standards_for(ProviderType(row[2])) if known else ():
            names.setdefault(standard.slug, standard.name)
    slugs = [c.label for c in grid.columns[2:]]
    rows = [HistoryRow("Overall", tuple(r[1] for r in grid_rows))]
    for index, slug in enumerate(slugs, start=2):
        rows.append(HistoryRow(names.get(slug, slug), tuple(r[index] for r in grid_rows)))
    points = tuple(f"{row[9]} pts, {row[10]}/{row[11]} known" for row in inspections)
    title = inspections_view.title.replace(": inspections", ": ratings across inspections")
    return History(title, labels, tuple(rows), points)


# --- report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    title: str
    selection: str
    distribution: Distribution
    heatmap: Heatmap
    tables: tuple[Result, ...]
    """The compare tables (two years or more) or the distribution's numbers, the league, the sources."""


_SOURCE_FIELDS = ("service", "provider_type", "year", "published", "standard", "rating", "source_url", "note")


def report(conn: sqlite3.Connection, filters: Filters) -> Report:
    """Everything `hmip report` writes, for the inspections the filters choose."""
    chart = distribution(conn, filters)
    years = tuple(bar.label for bar in chart.bars)
    if len(years) >= 2:
        compared = compare_years(conn, replace(filters, years=years), OVERALL)
    else:
        compared = Result([distribution_view(chart)])
    league = league_table(conn, filters)
    every_standard = replace(filters, standards=())
    sources = list_ratings(conn, every_standard, fields=_SOURCE_FIELDS)
    (sources_view,) = sources.views
    sources_view.title = "Every rating and where it is stated" + (
        f" — {', '.join(filters.years)}" if filters.years else ""
    )
    parts = [f"years: {', '.join(filters.years) or 'all'}", f"types: {', '.join(filters.types) or 'all'}"]
    return Report(
        "HM Inspectorate of Probation ratings",
        "; ".join(parts),
        chart,
        heatmap(conn, filters),
        (compared, league, sources),
    )
