"""`hmip show SERVICE`: every inspection of one service, standard by standard, with sources."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from hmip_cli.errors import UsageError
from hmip_cli.pictures import NOT_APPLICABLE
from hmip_cli.queries.filters import Filters
from hmip_cli.queries.gaps import GapRow, named, unrecorded
from hmip_cli.queries.marks import marked_rating
from hmip_cli.queries.profiles import Profile, profiles
from hmip_cli.queries.service_status import service_status
from hmip_cli.schemas.name_matching import fold_name, name_contains
from hmip_cli.tabular import Column, Result, View, shared


def find_service(conn: sqlite3.Connection, text: str) -> str:
    """A service id from its id, or any name it has had (case-insensitive; a unique part is enough)."""
    wanted = text.strip().lower()
    folded = fold_name(text) or ""
    rows: list[tuple[str, str, str]] = conn.execute(
        "SELECT DISTINCT s.service_id, s.name, i.service FROM services s"
        " JOIN inspections i ON i.service_id = s.service_id"
        # a service known only by inspections whose rating is not recorded here is still shown
        " UNION SELECT k.service_id, k.service, k.service FROM known_inspections k"
    ).fetchall()
    exact = {sid for sid, name, then in rows if wanted == sid.lower() or folded in (fold_name(name), fold_name(then))}
    if len(exact) == 1:
        return exact.pop()
    partial = sorted(
        {
            (name, sid)
            for sid, name, then in rows
            if name_contains(name, text) or name_contains(then, text) or wanted in sid
        }
    )
    if len(partial) == 1:
        return partial[0][1]
    if not partial:
        from hmip_cli.queries.suggestions import closest

        near = closest(text, {name for _, name, _ in rows} | {then for _, _, then in rows})
        hint = f"closest: {'; '.join(near)}" if near else "see `hmip list` for the names"
        raise UsageError(f"no service matches {text!r} ({hint})")
    shown = "; ".join(name for name, _ in partial[:12]) + (f"; … {len(partial) - 12} more" if len(partial) > 12 else "")
    raise UsageError(f"{text!r} matches {len(partial)} services: {shown}")


NOT_RECORDED_HERE = "not recorded here"


class InspectionRow(NamedTuple):
    """One inspection of the service, as the `inspections` view lists it."""

    inspection_id: str
    service: str
    provider_type: str
    region: str | None
    framework: str
    year: str | None
    fieldwork_start: str | None
    published: str | None
    overall: str | None
    score: int | None
    score_out_of: int | None
    overall_source_kind: str | None

    @property
    def label(self) -> str:
        """What the grid calls the inspection: its year, else its publication date, else its id."""
        return self.year or self.published or self.inspection_id


@dataclass(frozen=True)
class ServiceRecord:
    """One service's inspections as data: what `hmip show` lists and `hmip chart history` draws."""

    service_id: str
    inspections: tuple[InspectionRow, ...]
    """Recorded here, oldest publication first."""
    profiles: dict[str, Profile]
    """Each recorded inspection's standards and ratings, by inspection id."""
    unrecorded: tuple[GapRow, ...]
    """Known to have taken place, rating not recorded here (at least one, when none is recorded)."""

    @property
    def latest(self) -> InspectionRow | GapRow:
        """Its latest recorded inspection, else its latest known one: its name and type now."""
        return self.inspections[-1] if self.inspections else self.unrecorded[-1]

    @property
    def standards(self) -> list[str]:
        """Every standard of any recorded inspection, in the order first met."""
        found: list[str] = []
        for row in self.inspections:
            found.extend(s for s in self.profiles[row.inspection_id].standards if s not in found)
        return found


def service_record(conn: sqlite3.Connection, text: str) -> ServiceRecord:
    service_id = find_service(conn, text)
    inspections = tuple(
        InspectionRow(*row)
        for row in conn.execute(
            "SELECT i.inspection_id, i.service, i.provider_type, i.region, i.framework, i.inspection_year,"
            " i.fieldwork_start, i.published, r.rating, s.score, s.out_of, r.source_kind FROM inspections i"
            " LEFT JOIN sourced_ratings r ON r.inspection_id = i.inspection_id AND r.standard = 'overall'"
            " LEFT JOIN scores s ON s.inspection_id = i.inspection_id"
            " WHERE i.service_id = ? ORDER BY i.published IS NULL, i.published, i.inspection_year, i.inspection_id",
            [service_id],
        )
    )
    missing = tuple(row for row in unrecorded(conn, Filters(standards=())) if row.service_id == service_id)
    return ServiceRecord(service_id, inspections, profiles(conn, "i.service_id = ?", [service_id]), missing)


def show_service(conn: sqlite3.Connection, text: str) -> Result:
    record = service_record(conn, text)
    service_id, name, found, missing = record.service_id, record.latest.service, record.profiles, record.unrecorded
    inspections = record.inspections
    summary = View(
        "inspections",
        f"{name} ({service_id}): inspections",
        (
            Column("inspection_id", "Inspection", "id", priority=0),
            Column("service", "Name then"),
            *shared("provider_type", "region", "framework", "year"),
            Column("fieldwork_start", "Fieldwork", "short"),
            *shared("published", "overall", "points", "standards_known", "standards_total"),
            *shared("score", "score_out_of", "source_kind"),
            Column("recorded", "Recorded"),
        ),
        [
            *((*row[:9], *known_of(found[row.inspection_id]), *row[9:], "yes") for row in inspections),
            *(_unrecorded_row(row) for row in missing),
        ],
        notes=[*_gap_notes(missing), *service_status(conn, service_id, name, record.latest.provider_type)],
    )
    standards = record.standards
    grid = View(
        "grid",
        f"{name}: ratings by standard (n/a: not in that inspection's framework)",
        (
            Column("inspection", "Standard"),
            Column("overall", "overall", "rating"),
            *(Column(s.replace("-", "_"), s, "rating") for s in standards),
        ),
        [
            (
                row.label,
                marked_rating(row.overall, row.overall_source_kind),
                *standard_cells(found[row.inspection_id], standards),
            )
            for row in inspections
        ],
        transpose_table=True,
    )
    sources = View(
        "sources",
        f"{name}: where each rating is stated",
        (
            Column("inspection_id", "Inspection", "id", priority=0),
            *shared("standard", "rating", "source_url", "note", "source_kind"),
        ),
        conn.execute(
            "SELECT r.inspection_id, r.standard, r.rating, r.source_url, r.note, r.source_kind FROM rating_details r"
            " WHERE r.service_id = ?"
            " ORDER BY r.published IS NULL, r.published, r.inspection_id, r.standard != 'overall', r.standard",
            [service_id],
        ).fetchall(),
    )
    return Result([summary, grid, sources], tag_views=True)


def _unrecorded_row(gap: GapRow) -> tuple[object, ...]:
    """A known inspection whose rating is not recorded here, as a row of the inspections view."""
    nothing = (None,) * 7  # overall, points, standards known and total, score, out of, source kind
    place = (gap.service, gap.provider_type, gap.region, gap.framework, gap.year, None, gap.published)
    return (gap.inspection_id, *place, *nothing, NOT_RECORDED_HERE)


def _gap_notes(missing: Sequence[GapRow]) -> list[str]:
    return [
        f"{name}: known to have taken place ({gap.evidence}), {NOT_RECORDED_HERE}; no rating is inferred"
        for name, gap in zip(named(missing), missing, strict=True)
    ]


def known_of(profile: Profile) -> tuple[int | None, int, int]:
    """(points, standards known, standards in the framework) of one inspection; points empty, not
    0, when no standard is known (0 would read as four Inadequate standards' worth)."""
    return (profile.points if profile.known else None), profile.known, len(profile.standards)


def standard_cells(profile: Profile, standards: Sequence[str]) -> Iterator[str | None]:
    """One cell per standard shown: the rating (None: not recorded), or n/a outside its framework."""
    for standard in standards:
        yield profile.ratings.get(standard) if standard in profile.standards else NOT_APPLICABLE
