"""What `hmip chart …` and `hmip report` draw, as plain data: bars, grids and the report's tables.

Counting reuses `hmip compare` (distribution) and `hmip league` (order, ranks): a chart never
disagrees with the table it pictures. Nothing here knows how anything looks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple, cast

from hmip_cli.pictures import (
    NOT_APPLICABLE,
    OUTCOMES,
    Bar,
    Cell,
    Distribution,
    HeatGroup,
    Heatmap,
    HeatRow,
    History,
    HistoryRow,
    Report,
    StandardKey,
)
from hmip_cli.queries.axis import (
    AXIS_COLUMN_LABELS,
    Point,
    left_out,
    outcome_counts,
    points,
    service_ratings,
)
from hmip_cli.queries.citation import data_date
from hmip_cli.queries.compare import compare
from hmip_cli.queries.coverage import notes_for, published_totals
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES, EVIDENCE, thin, threshold_note
from hmip_cli.queries.filters import Filters
from hmip_cli.queries.league import league_table
from hmip_cli.queries.listing import list_ratings
from hmip_cli.queries.marks import marked_rating
from hmip_cli.queries.profiles import profiles
from hmip_cli.queries.scope import SOURCED, axis_text, describe, framework_blocks, sector_blocks, standard_label
from hmip_cli.queries.show import NOT_RECORDED_HERE, service_record, standard_cells
from hmip_cli.schemas.frameworks import OVERALL, SECTOR_OF, ProviderType, frameworks
from hmip_cli.schemas.periods import Period, parse_period
from hmip_cli.schemas.ratings import NOT_RECORDED
from hmip_cli.tabular import Column, Result, View

__all__ = [
    "NOT_APPLICABLE",
    "Bar",
    "Cell",
    "Distribution",
    "HeatGroup",
    "HeatRow",
    "Heatmap",
    "History",
    "HistoryRow",
    "Report",
    "StandardKey",
    "distributions",
    "heatmap",
    "history",
    "report_contents",
]


# --- distribution ----------------------------------------------------------------------------


def years_in_selection(conn: sqlite3.Connection, filters: Filters) -> tuple[str, ...]:
    """The chosen years, or else every programme year with an inspection matching the filters."""
    if filters.years:
        return filters.years
    return tuple(_known_values(conn, filters, "i.inspection_year"))


def _known_values(conn: sqlite3.Connection, filters: Filters, expression: str) -> list[str]:
    """The values an inspection `expression` takes in the selection, in order, unknown left out."""
    where, params = filters.where(inspections_only=True)
    sql = f"SELECT DISTINCT {expression} FROM inspections i WHERE {where} AND {expression} IS NOT NULL ORDER BY 1"
    return [value for (value,) in conn.execute(sql, params)]


def _bar_points(conn: sqlite3.Connection, filters: Filters) -> list[Point]:
    """One bar per value of the axis the filters give (publication periods, rounds), else per year."""
    for axis in ("published", "round"):
        if axis in filters.axes and "year" not in filters.axes:
            return points(filters, axis)
    return points(replace(filters, years=years_in_selection(conn, filters)), "year")


def distributions(
    conn: sqlite3.Connection, filters: Filters, standard: str = OVERALL, min_services: int = DEFAULT_MIN_SERVICES
) -> tuple[Distribution, ...]:
    """One chart per sector (per framework for a standard); one bar per point, counted as `hmip compare` does.
    A bar over fewer than `min_services` rated services is marked thin (and not drawn whole)."""
    blocks = sector_blocks(conn, filters) if standard == OVERALL else framework_blocks(conn, filters, standard)
    totals, _ = published_totals(conn)
    charts = []
    for block in blocks:
        chosen = _bar_points(conn, block.filters)
        axis = chosen[0].axis if chosen else "year"
        bars = tuple(_bar(p.label, outcome_counts(service_ratings(conn, p, standard)), min_services) for p in chosen)
        by = {"year": "programme year", "published": "publication period", "round": "round"}[axis]
        notes = tuple(e.note for e in left_out(conn, _on_every_point(block.filters, chosen, axis)))
        if standard == OVERALL:
            notes += tuple(n for p in chosen for n in notes_for(conn, totals, block.filters, block.sector.value, p))
        if any(bar.thin for bar in bars):
            notes += (threshold_note(min_services),)
        title = f"{block.scope}, {standard_label(standard)} by {by}"
        charts.append(Distribution(title, bars, notes=notes, axis=axis, min_services=min_services))
    return tuple(charts)


def _bar(label: str, counts: tuple[int, ...], min_services: int) -> Bar:
    rated = sum(counts) - counts[OUTCOMES.index(NOT_RECORDED)]
    return Bar(label, counts, thin(rated, min_services))


def _on_every_point(filters: Filters, chosen: Sequence[Point], axis: str) -> Filters:
    """The filters holding every point charted (to count what none of them places)."""
    if axis == "year":
        return replace(filters, years=tuple(p.label for p in chosen))
    if axis == "published":
        return replace(filters, published=tuple(period for p in chosen for period in p.filters.published))
    return replace(filters, frameworks=tuple(p.label for p in chosen))


def distribution_view(chart: Distribution) -> View:
    """The numbers behind the bars, as a table (for the report when there is no compare table)."""
    columns = (
        Column(chart.axis, AXIS_COLUMN_LABELS[chart.axis], "short"),
        Column("services", "Services", "int"),
        *(Column(o.lower().replace(" ", "_"), o, "int") for o in chart.outcomes),
        EVIDENCE,
    )
    rows = [(b.label, b.total, *b.counts, b.thin) for b in chart.bars]
    return View("distribution", chart.title, columns, rows, notes=list(chart.notes))


# --- heatmap -----------------------------------------------------------------------------------


def _keys(framework: str, provider_type: str, slugs: Sequence[str]) -> tuple[StandardKey, ...]:
    found = frameworks().get(framework)
    keys = []
    for position, slug in enumerate(slugs, start=1):
        standard = found.standard(slug, ProviderType(provider_type)) if found else None
        name = standard.name if standard else slug
        keys.append(StandardKey(slug, (standard.code if standard and standard.code else str(position)), name))
    return tuple(keys)


def heatmap(conn: sqlite3.Connection, filters: Filters) -> Heatmap:
    """`hmip league` as a grid: its tables, order and ranks, one group of rows per set of standards.
    The cells are each inspection's recorded ratings, marked where stated outside HMIP's site."""
    wanted = ("rank", "service", "provider_type", "year", "overall", "framework", "inspection_id")
    # every inspection a league row may be (--latest narrows the league's choice, not this)
    found = profiles(conn, *replace(filters, latest=False).where(inspections_only=True))
    groups: dict[tuple[str, str], HeatGroup] = {}
    slugs_of: dict[tuple[str, str], list[str]] = {}
    for view in league_table(conn, filters, wanted).views:
        for rank, service, provider_type, year, overall, framework, inspection_id in view.rows:
            key = (str(framework), str(provider_type))
            group = groups.get(key)
            if group is None:
                known = frameworks().get(key[0])
                kind = ProviderType(key[1])
                slugs_of[key] = [s.slug for s in (known.standards if known else ()) if kind in s.provider_types]
                group = HeatGroup(key[0], known.name if known else key[0], key[1], _keys(*key, slugs_of[key]))
                groups[key] = group
            ratings = found[str(inspection_id)].ratings
            group.rows.append(
                HeatRow(
                    cast(int | None, rank),
                    str(service),
                    str(provider_type),
                    cast(str | None, year),
                    cast(str | None, overall),
                    tuple(ratings.get(slug) for slug in slugs_of[key]),
                )
            )
    named = bool(filters.services)  # a few services named keep their place in the whole league
    for group in groups.values():
        if not named:
            group.rows[:] = _ranked_within(group.rows)
    window = axis_text(replace(filters, frameworks=()))
    # the sector drawn, where only one is (a service's name chooses it): not "probation and youth"
    drawn = {SECTOR_OF[ProviderType(group.provider_type)] for group in groups.values()}
    scope = describe(filters, drawn.pop() if len(drawn) == 1 else None)
    title = f"Ratings by standard, in league order: {scope}" + (f", {window}" if window else "")
    return Heatmap(title, tuple(groups.values()), league_ranks=named)


def _ranked_within(rows: Sequence[HeatRow]) -> list[HeatRow]:
    """A group's rows numbered within the group (1, 2, =3, =3, 5), in league order: a framework's
    league may hold two provider types, and a CRC's grid is not numbered with NPS ranks."""
    ranked: list[HeatRow] = []
    for position, row in enumerate(rows, start=1):
        if row.rank is None:  # unranked in the league: unranked here
            ranked.append(row)
            continue
        tied = bool(ranked) and rows[position - 2].rank == row.rank
        ranked.append(replace(row, rank=ranked[-1].rank if tied else position))
    return ranked


# --- history -----------------------------------------------------------------------------------


class _Inspection(NamedTuple):
    """One column of a service's history, before the columns are put oldest first."""

    order: tuple[bool, str, str]
    label: str
    overall: Cell
    cells: tuple[Cell, ...]
    points: str


def history(conn: sqlite3.Connection, service: str) -> History:
    """One service's ratings across its inspections (`hmip show` as a picture): every inspection
    recorded here, and each known to have taken place whose ratings are not, oldest first."""
    record = service_record(conn, service)
    standards = record.standards
    names: dict[str, str] = {}
    columns: list[_Inspection] = []
    for row in record.inspections:
        known = frameworks().get(row.framework)
        for standard in known.standards_for(ProviderType(row.provider_type)) if known else ():
            names.setdefault(standard.slug, standard.name)
        profile = record.profiles[row.inspection_id]
        columns.append(
            _Inspection(
                _oldest_first(row.published, row.year),
                row.year or row.published or row.framework,
                marked_rating(row.overall, row.overall_source_kind),
                tuple(standard_cells(profile, standards)),
                profile.points_text,
            )
        )
    for gap in record.unrecorded:
        known = frameworks().get(gap.framework or "")
        inspected = {s.slug for s in known.standards_for(ProviderType(gap.provider_type))} if known else set()
        cells = tuple(None if slug in inspected else NOT_APPLICABLE for slug in standards)
        label = gap.year or gap.published or gap.framework or gap.inspection_id
        columns.append(_Inspection(_oldest_first(gap.published, gap.year), label, None, cells, NOT_RECORDED_HERE))
    columns.sort(key=lambda column: column.order)
    rows = [HistoryRow("Overall", tuple(c.overall for c in columns))]
    rows += [
        HistoryRow(names.get(slug, slug), tuple(c.cells[index] for c in columns))
        for index, slug in enumerate(standards)
    ]
    title = f"{record.latest.service} ({record.service_id}): ratings across inspections"
    return History(title, tuple(c.label for c in columns), tuple(rows), tuple(c.points for c in columns))


def _oldest_first(published: str | None, year: str | None) -> tuple[bool, str, str]:
    """As `hmip show` orders inspections: by publication, then those with none, by year."""
    return published is None, published or "", year or ""


# --- report ------------------------------------------------------------------------------------


_SOURCE_GROUPS = (
    ("hmip", "Ratings stated on HMIP's own site"),
    ("secondary", "Ratings stated elsewhere (news, councils, copies of reports): weaker facts"),
)
_SOURCE_FIELDS = ("service", "provider_type", "year", "published", "standard", "rating", "source_url", "note")


def report_contents(conn: sqlite3.Connection, filters: Filters, min_services: int = DEFAULT_MIN_SERVICES) -> Report:
    """Everything `hmip report` writes, for the inspections the filters choose: by default every
    inspection, its bars and counts by publication year (every inspection with a date has one;
    most have no programme year)."""
    charted = filters if filters.axes else replace(filters, published=_publication_years(conn, filters))
    charts = distributions(conn, charted, min_services=min_services)
    several = [axis for axis in ("year", "published", "round") if len(points(filters, axis)) >= 2]
    if len(several) == 1:
        compared = compare(conn, filters, OVERALL, min_services=min_services)
    else:
        compared = Result([distribution_view(chart) for chart in charts])
    league = league_table(conn, filters)
    every_standard = replace(filters, standards=())
    sources = Result([])
    for kind, heading in _SOURCE_GROUPS:
        if filters.source_kinds and kind not in filters.source_kinds:
            continue
        (view,) = list_ratings(conn, replace(every_standard, source_kinds=(kind,)), fields=_SOURCE_FIELDS).views
        view.name = f"sources_{kind}"
        view.title = f"{heading}: " + view.title.split(": ", 1)[-1].replace(SOURCED[kind], "").rstrip(", ")
        sources.views.append(view)
    return Report(
        "HM Inspectorate of Probation ratings",
        describe(filters) + _window(filters),
        charts,
        heatmap(conn, filters),
        (compared, league, sources),
        data_date(conn).describe(),
        charts[0].axis if charts else "published",
    )


def _publication_years(conn: sqlite3.Connection, filters: Filters) -> tuple[Period, ...]:
    """Every calendar year in which a report of the selection was published."""
    return tuple(parse_period(year) for year in _known_values(conn, filters, "substr(i.published, 1, 4)"))


def _window(filters: Filters) -> str:
    window = axis_text(filters)
    return f", {window}" if window else ""
