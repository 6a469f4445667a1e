"""Inspections known to have taken place whose rating is not recorded here (known_inspections.csv):
listed with their evidence (`hmip gaps`), and named by any view whose scope holds them. No
rating is ever inferred for them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from hmip_cli.queries.filters import Filters, ceased_test
from hmip_cli.queries.scope import describe
from hmip_cli.tabular import Column, Result, View, shared, with_default_fields

GAP_COLUMNS: tuple[Column, ...] = (
    *shared("service", "provider_type", "region", "framework", "year", "published"),
    Column("evidence", "Evidence"),
    *shared("source_url", "note"),
    Column("sector", "Sector", "short"),
    *shared("service_id"),
    Column("inspection_id", "Inspection id"),
)
DEFAULT_GAP_FIELDS = ("service", "provider_type", "year", "published", "evidence", "source_url", "note")


class GapRow(NamedTuple):
    """One known inspection not recorded here, in GAP_COLUMNS order."""

    service: str
    provider_type: str
    region: str | None
    framework: str | None
    year: str | None
    published: str | None
    evidence: str
    source_url: str | None
    note: str | None
    sector: str
    service_id: str
    inspection_id: str


_SELECT = (
    "i.service, i.provider_type, i.region, i.framework, i.inspection_year, i.published, i.source_title,"
    " i.source_url, i.note, i.sector, i.service_id, i.inspection_id"
)


def _in_scope(filters: Filters) -> tuple[str, dict[str, object]] | None:
    """The filters' inspection tests over known inspections; None when a test needs a rating
    (a known inspection has none: it is in no rating's scope, and in every scope's gaps)."""
    if filters.ratings or filters.source_kinds:
        return None
    where, params = replace(filters, latest=False).where(inspections_only=True, alias="i")
    if filters.latest and not filters.include_ceased:  # as --latest leaves ceased services out
        where += f" AND NOT {ceased_test('i', params)}"
    return where, params


def unrecorded(conn: sqlite3.Connection, filters: Filters) -> list[GapRow]:
    """The known-but-unrecorded inspections in the filters' scope."""
    scope = _in_scope(filters)
    if scope is None:
        return []
    where, params = scope
    rows = conn.execute(
        f"SELECT {_SELECT} FROM unrecorded_inspections i WHERE {where}"
        " ORDER BY i.inspection_year IS NULL, i.inspection_year, i.published, i.service COLLATE NOCASE",
        params,
    )
    return [GapRow(*row) for row in rows]


def named(rows: Sequence[GapRow]) -> list[str]:
    """`South Yorkshire CRC (2019/20)`: each gap by service and year (else its date)."""
    return [f"{row.service} ({row.year or row.published or 'no date'})" for row in rows]


def gaps_note(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    """One line naming the known inspections a view's scope holds but this record lacks."""
    rows = unrecorded(conn, filters)
    if not rows:
        return []
    names = named(rows)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    count = len(rows)
    return [
        f"{count} inspection{'s' if count != 1 else ''} in this scope known to have taken place"
        f" but not recorded here: {shown} (hmip gaps lists the evidence)"
        + ("; a service's latest recorded inspection may not be its latest" if filters.latest else "")
    ]


def gaps(conn: sqlite3.Connection, filters: Filters) -> Result:
    """`hmip gaps`: every known-but-unrecorded inspection in scope, with its evidence."""
    rows = unrecorded(conn, filters)
    title = f"Inspections not recorded here, known from other sources: {describe(filters)}"
    note = "no rating is recorded for these, and none is inferred (not from HMIP's totals, nor anything else)"
    view = View("gaps", title, GAP_COLUMNS, rows, empty_note="no known inspection is missing", notes=[note])
    return Result([with_default_fields(view, DEFAULT_GAP_FIELDS)])
