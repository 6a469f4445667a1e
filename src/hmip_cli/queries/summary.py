"""`hmip summary`: rating counts by a dimension, one block per sector (per framework for standards).

By standard, "weakest first" ranks only the standards with at least `min_n` ratings recorded; the
rest follow, unranked, so a standard rated once cannot head the table at 100 %.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from enum import StrEnum

from hmip_cli.queries.axis import Point, left_out, points
from hmip_cli.queries.coverage import notes_for, published_totals
from hmip_cli.queries.distribution import APPLICABLE, COUNT_COLUMNS, COUNT_SQL, INSPECTION_RATING_FROM
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES, EVIDENCE, thin, threshold_note
from hmip_cli.queries.filters import Filters
from hmip_cli.queries.marks import secondary_note
from hmip_cli.queries.scope import Block, axis_text, framework_blocks, sector_blocks, standard_label
from hmip_cli.schemas.frameworks import OVERALL, frameworks
from hmip_cli.schemas.periods import parse_period
from hmip_cli.tabular import Column, Result, View, blocks


class Dimension(StrEnum):
    """What `hmip summary --by` counts by."""

    YEAR = "year"
    PUBLISHED = "published"
    TYPE = "type"
    REGION = "region"
    FRAMEWORK = "framework"
    ROUND = "round"
    STANDARD = "standard"


DIMENSIONS: dict[str, tuple[str, str]] = {
    Dimension.YEAR: ("i.inspection_year", "Year"),
    Dimension.PUBLISHED: ("substr(i.published, 1, 4)", "Published"),
    Dimension.TYPE: ("i.provider_type", "Type"),
    Dimension.REGION: ("i.region", "Region"),
    Dimension.FRAMEWORK: ("i.framework", "Framework"),
    Dimension.ROUND: ("i.framework", "Round"),
    Dimension.STANDARD: ("s.slug", "Standard"),
}
DEFAULT_MIN_N = 5
_WEAK_SHARE = (
    "round(100.0 * (sum(r.rating = 'Requires improvement') + sum(r.rating = 'Inadequate'))"
    " / nullif(count(r.rating), 0), 1)"
)
_SHARE = Column("share_ri_or_inadequate", "% RI or Inadequate", "float")
_RATED_SERVICES = "count(DISTINCT CASE WHEN r.rating IS NOT NULL THEN i.service_id END)"


# every standard each inspection's framework has, rated or not; the overall rating is not a standard
_STANDARD_RATINGS_FROM = (
    "inspection_details i JOIN standards s ON s.framework = i.framework AND s.provider_type = i.provider_type"
    " LEFT JOIN sourced_ratings r ON r.inspection_id = i.inspection_id AND r.standard = s.slug"
)


def _by_standard(conn: sqlite3.Connection, block: Block, min_n: int, min_services: int) -> View:
    where, params = block.filters.where(inspections_only=True)
    rows = conn.execute(
        f"SELECT s.slug, count(r.rating) AS rated, {COUNT_SQL}, {_WEAK_SHARE} AS share_weak, {_RATED_SERVICES}"
        f" FROM {_STANDARD_RATINGS_FROM} WHERE {where} GROUP BY 1"
        " ORDER BY rated >= :min_n DESC, share_weak IS NULL, share_weak DESC, rated DESC, 1",
        {**params, "min_n": min_n},
    ).fetchall()
    ranked, rank, position, last_share = [], 0, 0, None
    for slug, rated, *counts, share, services in rows:
        if rated >= min_n:
            position += 1
            if share != last_share:  # the same share, the same rank (=2): the order within it is by n, then name
                rank, last_share = position, share
        # the columns' order: rank, standard, n rated, share, the counts, then the evidence
        ranked.append(
            (rank if rated >= min_n else None, slug, rated, share, *counts, thin(services, min_services, counted=False))
        )
    unranked = sum(1 for weakest_rank, *_ in ranked if weakest_rank is None)
    secondary = _secondary(conn, f"{_STANDARD_RATINGS_FROM} WHERE {where}", params)
    notes = (
        [
            f"{unranked} standard{'s' if unranked != 1 else ''} with fewer than {min_n} ratings recorded here"
            " follow, unranked (--min-n sets the threshold)"
        ]
        if unranked
        else []
    ) + secondary
    notes.append(_standards_recorded(conn, block))
    if any(row[-1] for row in ranked):
        notes.append(threshold_note(min_services))
    return View(
        "by_standard",
        f"{block.scope}: standards, weakest first (share rated Requires improvement or Inadequate)",
        (
            *block.key_columns,
            Column("weakest_rank", "#", "rank"),
            Column("standard", "Standard"),
            Column("rated", "n rated", "int"),
            _SHARE,
            *COUNT_COLUMNS,
            EVIDENCE,
        ),
        [(*block.key, *row) for row in ranked],
        notes=notes,
    )


def _standards_recorded(conn: sqlite3.Connection, block: Block) -> str:
    """How many of the scope's inspections have any standard rating at all: standards are
    recorded only where a source states them, so most inspections have none here."""
    where, params = block.filters.where(inspections_only=True)
    inspections, with_standard = conn.execute(
        "SELECT count(*), sum(EXISTS (SELECT 1 FROM ratings r WHERE r.inspection_id = i.inspection_id"
        f" AND r.standard != 'overall')) FROM inspection_details i WHERE {where}",
        params,
    ).fetchone()
    return (
        f"{with_standard or 0} of the {inspections} inspections in this scope have any standard rating"
        " recorded: standards are recorded only where a source states them, so a share here is of"
        " those, not of every inspection"
    )


def _by_dimension(conn: sqlite3.Connection, block: Block, by: str, standard: str, min_services: int) -> View:
    expression, label = DIMENSIONS[by]
    where, params = block.filters.where(inspections_only=True)
    rows = [
        (*row, thin(services, min_services))
        for *row, services in conn.execute(
            f"SELECT {expression}, count(r.rating) AS rated, {_WEAK_SHARE}, {COUNT_SQL}, {_RATED_SERVICES}"
            f" FROM {INSPECTION_RATING_FROM} WHERE {where} AND {APPLICABLE} GROUP BY 1 ORDER BY 1 IS NULL, 1",
            {**params, "standard": standard},
        )
    ]
    window = axis_text(block.filters)
    title = f"{block.scope}, {standard_label(standard)} by {by}" + (f", {window}" if window else "")
    missing = {"year": "no programme year", "published": "no publication date", "region": "no region"}.get(by)
    notes = [entry.note for entry in left_out(conn, block.filters)]
    notes += _secondary(
        conn, f"{INSPECTION_RATING_FROM} WHERE {where} AND {APPLICABLE}", {**params, "standard": standard}
    )
    unplaced = sum(1 for value, *_ in rows if value is None)
    if missing and unplaced:
        notes.append(f"the row with no {label.lower()} counts the inspections with {missing}")
    if standard == OVERALL:
        present = sorted({value for value, *_ in rows if value is not None})
        notes.extend(_published_beside(conn, block, by, present, min_services))
    if any(row[-1] for row in rows):
        notes.append(threshold_note(min_services))
    return View(
        f"by_{by}",
        title,
        (
            *block.key_columns,
            Column(by, label),
            Column("rated", "n rated", "int"),
            _SHARE,
            *COUNT_COLUMNS,
            EVIDENCE,
        ),
        [(*block.key, *row) for row in rows],
        notes=notes,
    )


def _published_beside(
    conn: sqlite3.Connection, block: Block, by: str, values: list[str], min_services: int
) -> list[str]:
    """HMIP's totals for each row whose scope is one HMIP published: a year, a publication year or
    a round; by type, each type (and the whole sector) at the one point the filters choose."""
    totals, _ = published_totals(conn)
    sector = block.sector.value
    on_axis = {"year": "year", "published": "published", "round": "round", "framework": "round"}
    if by in on_axis:
        axis = on_axis[by]
        found = []
        for value in values:
            if axis == "published":
                try:
                    period = parse_period(value)
                except ValueError:
                    continue
                filters = replace(block.filters, published=(period,))
            elif axis == "year":
                filters = replace(block.filters, years=(value,))
            else:
                filters = replace(block.filters, frameworks=(value,))
            found.extend(notes_for(conn, totals, block.filters, sector, points(filters, axis)[0], None, min_services))
        return found
    if by != "type":
        return []
    single = [pts[0] for axis in block.filters.axes if len(pts := points(block.filters, axis)) == 1]
    if len(single) != 1 or len(block.filters.axes) != 1:
        return []  # no one point in time: HMIP's totals are each for one
    (point,) = single
    found = (
        []
        if block.filters.types
        else notes_for(conn, totals, block.filters, sector, point, f"every type, {point.label}", min_services)
    )
    for value in values:
        typed = replace(block.filters, types=(value,))
        at = Point(point.axis, point.label, replace(point.filters, types=(value,)))
        found.extend(notes_for(conn, totals, typed, sector, at, f"{value}, {point.label}", min_services))
    return found


def _secondary(conn: sqlite3.Connection, from_where: str, params: dict[str, object]) -> list[str]:
    """How many of the ratings counted rest on sources outside HMIP's site (`r` the sourced ratings)."""
    rated, secondary = conn.execute(
        "SELECT count(r.rating), count(CASE WHEN r.rating IS NOT NULL AND r.source_kind = 'secondary' THEN 1 END)"
        f" FROM {from_where}",
        params,
    ).fetchone()
    return secondary_note(secondary, rated, "ratings counted")


def summarise(
    conn: sqlite3.Connection,
    filters: Filters,
    by: str,
    standard: str,
    *,
    min_n: int = DEFAULT_MIN_N,
    min_services: int = DEFAULT_MIN_SERVICES,
) -> Result:
    by = Dimension(by)
    if by == Dimension.STANDARD:
        # a framework with no standards recorded as data (youth-2024) has nothing to rank
        chosen = [b for b in framework_blocks(conn, filters) if b.framework and frameworks()[b.framework].standards]
        views = [_by_standard(conn, block, min_n, min_services) for block in chosen]
    else:
        chosen = sector_blocks(conn, filters) if standard == OVERALL else framework_blocks(conn, filters, standard)
        views = [_by_dimension(conn, block, by, standard, min_services) for block in chosen]
    return blocks(views)
