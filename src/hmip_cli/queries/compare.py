"""`hmip compare`: rating distributions along one time axis, one block per sector.

Each block is one sector (probation or youth), so no distribution mixes them; for a standard
other than the overall rating, one block per framework, so no distribution mixes frameworks'
standards either. Where HMIP published a total for a block's exact scope, it is shown beside ours.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from dataclasses import dataclass

from hmip_cli.pictures import OUTCOMES
from hmip_cli.queries.axis import (
    AXIS_COLUMN_LABELS,
    Point,
    ServiceRating,
    comparison_axis,
    left_out,
    outcome_counts,
    points,
    service_ratings,
)
from hmip_cli.queries.coverage import Published, comparison_note, matching, published_totals, scope_at
from hmip_cli.queries.distribution import COUNT_COLUMNS
from hmip_cli.queries.evidence import DEFAULT_MIN_SERVICES, EVIDENCE, thin, threshold_note
from hmip_cli.queries.filters import Filters
from hmip_cli.queries.gaps import gaps_note, named, unrecorded
from hmip_cli.queries.marks import secondary_note
from hmip_cli.queries.scope import Block, framework_blocks, sector_blocks, standard_label
from hmip_cli.schemas.frameworks import OVERALL
from hmip_cli.schemas.ratings import NOT_RECORDED, Rating
from hmip_cli.tabular import Column, Result, View, shared


def _direction(before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return "unknown"
    change = Rating(after).points - Rating(before).points
    return "improved" if change > 0 else "declined" if change < 0 else "unchanged"


@dataclass
class _Comparison:
    """One sector's (or framework's) comparison, as it is being built."""

    block: Block
    axis: str
    standard: str
    points: list[Point]
    ratings: dict[str, list[ServiceRating]]
    totals: list[Published]
    conn: sqlite3.Connection
    min_services: int = DEFAULT_MIN_SERVICES

    @property
    def span(self) -> str:
        prefix = {"year": "", "published": "published ", "round": "rounds "}[self.axis]
        return prefix + " vs ".join(p.label for p in self.points)

    def heading(self, what: str) -> str:
        return f"{self.block.scope}, {standard_label(self.standard)}{what}: {self.span}"


def _columns(block: _Comparison, *rest: Column) -> tuple[Column, ...]:
    return (*block.block.key_columns, *rest)


def _distribution(block: _Comparison, ratings: dict[str, list[ServiceRating]], paired: bool) -> View:
    axis_column = Column(block.axis if block.axis != "round" else "round", AXIS_COLUMN_LABELS[block.axis], "short")
    rows = [
        (
            *block.block.key,
            point.label,
            len(ratings[point.label]),
            *outcome_counts(ratings[point.label]),
            thin(sum(1 for r in ratings[point.label] if r.rating), block.min_services, counted=False),
        )
        for point in block.points
    ]
    notes = _coverage_notes(block, ratings, paired)
    kinds = [r.source_kind for label in ratings for r in ratings[label] if r.source_kind]
    notes += secondary_note(kinds.count("secondary"), len(kinds), "ratings counted")
    if any(row[-1] for row in rows):
        notes.append(threshold_note(block.min_services))
    what = ", services inspected at every point" if paired else ""
    return View(
        "paired_distribution" if paired else "distribution",
        block.heading(what),
        _columns(block, axis_column, Column("services", "Services", "int"), *COUNT_COLUMNS, EVIDENCE),
        rows,
        transpose_table=True,
        notes=notes,
    )


def _coverage_notes(block: _Comparison, ratings: dict[str, list[ServiceRating]], paired: bool) -> list[str]:
    if block.standard != OVERALL or block.block.framework is not None:
        return []
    notes = []
    sector = block.block.sector.value
    if paired and block.axis == "year" and len(block.points) == 2:
        earlier, later = block.points
        for position, point in (("year 1", earlier), ("year 2", later)):
            scope = scope_at(block.block.filters, sector, later, position)
            for published in matching(block.totals, scope) if scope else []:
                label = f"{point.label} (of services re-inspected in {later.label})"
                notes.append(comparison_note(published, ratings[point.label], label, (), block.min_services))
        return notes
    if paired:
        return []
    for point in block.points:
        scope = scope_at(block.block.filters, sector, point)
        found = matching(block.totals, scope) if scope else []
        if not found:  # no total to set them against: still named
            notes += [f"{point.label}: {line}" for line in gaps_note(block.conn, point.filters)]
        missing = named(unrecorded(block.conn, point.filters)) if found else []
        for published in found:
            notes.append(comparison_note(published, ratings[point.label], point.label, missing, block.min_services))
    return notes


def _paired(block: _Comparison) -> dict[str, dict[str, ServiceRating]]:
    by_service: dict[str, dict[str, ServiceRating]] = {}
    for label, found in block.ratings.items():
        for rating in found:
            by_service.setdefault(rating.service_id, {})[label] = rating
    labels = [p.label for p in block.points]
    return {sid: found for sid, found in by_service.items() if all(label in found for label in labels)}


def _movement(block: _Comparison, paired: dict[str, dict[str, ServiceRating]]) -> tuple[View, View]:
    transitions: list[tuple[object, ...]] = []
    changes: list[tuple[object, ...]] = []
    for before_point, after_point in itertools.pairwise(block.points):
        before_label, after_label = before_point.label, after_point.label
        matrix: Counter[tuple[str, str]] = Counter()
        for service_id in sorted(paired, key=lambda sid: paired[sid][after_label].service.lower()):
            before, after = paired[service_id][before_label], paired[service_id][after_label]
            matrix[(before.rating or NOT_RECORDED, after.rating or NOT_RECORDED)] += 1
            changes.append(
                (
                    *block.block.key,
                    after.service,
                    service_id,
                    before_label,
                    before.rating,
                    after_label,
                    after.rating,
                    _direction(before.rating, after.rating),
                )
            )
        for outcome in OUTCOMES:
            transitions.append(
                (*block.block.key, before_label, after_label, outcome, *(matrix[(outcome, o)] for o in OUTCOMES))
            )
    transitions_view = View(
        "transitions",
        block.heading(" at the earlier point (rows) and the later (columns)"),
        _columns(
            block,
            Column("from_" + block.axis, "From", "short"),
            Column("to_" + block.axis, "To", "short"),
            Column("from_rating", "Earlier rating", "rating"),
            *COUNT_COLUMNS,
        ),
        transitions,
    )
    changes_view = View(
        "changes",
        f"{block.block.scope}: each service inspected at every point, {standard_label(block.standard)}: {block.span}",
        _columns(
            block,
            *shared("service", "service_id"),
            Column("from_" + block.axis, "From", "short"),
            Column("from_rating", "Earlier rating", "rating"),
            Column("to_" + block.axis, "To", "short"),
            Column("to_rating", "Later rating", "rating"),
            Column("direction", "Direction"),
        ),
        changes,
        empty_note="no service was inspected at every point chosen",
    )
    return transitions_view, changes_view


def compare(
    conn: sqlite3.Connection,
    filters: Filters,
    standard: str,
    *,
    paired_only: bool = False,
    min_services: int = DEFAULT_MIN_SERVICES,
) -> Result:
    """Distributions along the one axis given twice or more, per sector (per framework for a standard)."""
    axis = comparison_axis(filters)
    blocks = sector_blocks(conn, filters) if standard == OVERALL else framework_blocks(conn, filters, standard)
    totals, _unmatched = published_totals(conn)
    views: list[View] = []
    for block in blocks:
        chosen = points(block.filters, axis)
        ratings = {p.label: service_ratings(conn, p, standard) for p in chosen}
        building = _Comparison(block, axis, standard, chosen, ratings, totals, conn, min_services)
        left = [entry.note for entry in left_out(conn, block.filters)]
        if not paired_only:
            distribution = _distribution(building, ratings, paired=False)
            distribution.notes = [*left, *distribution.notes]
            views.append(distribution)
        paired = _paired(building)
        transitions, changes = _movement(building, paired)
        if paired:
            paired_ratings = {p.label: [paired[sid][p.label] for sid in paired] for p in chosen}
            paired_view = _distribution(building, paired_ratings, paired=True)
            if paired_only:
                paired_view.notes = [*left, *paired_view.notes]
            views.extend((paired_view, transitions))
        elif paired_only:
            changes.notes = left
        # with no service at every point, the changes view alone says so (its empty note)
        views.append(changes)
    return Result(views, tag_views=True)
