"""`hmip export`: ratings in the layouts `hmip import` reads, byte-for-byte reproducible."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from hmip_cli.queries.filters import Filters
from hmip_cli.schemas.records import INSPECTION_FIELDS, LONG_COLUMNS
from hmip_cli.tabular import Column, Result, View

_ORDER = "r.inspection_id, r.standard != 'overall', r.standard"


def export_long(conn: sqlite3.Connection, filters: Filters) -> Result:
    """One row per rating with exactly the columns of the sourced ratings.csv."""
    where, params = filters.where(alias="r")
    cursor = conn.execute(
        f"SELECT {', '.join(f'r.{c}' for c in LONG_COLUMNS)} FROM rating_details r WHERE {where} ORDER BY {_ORDER}",
        params,
    )
    return Result([View("ratings", "Ratings", [Column(c, c) for c in LONG_COLUMNS], cursor)])


def export_inspections(conn: sqlite3.Connection, filters: Filters) -> Iterator[dict[str, Any]]:
    """One object per inspection with a `ratings` mapping, for JSON and NDJSON."""
    return as_inspections(export_long(conn, filters).views[0].rows)


def as_inspections(rows: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
    """Long-layout rows (LONG_COLUMNS order) as one object per inspection with a `ratings`
    mapping, the JSON layout `hmip import` reads; rows of one inspection come together."""
    current: dict[str, Any] | None = None
    for row in rows:
        record = dict(zip(LONG_COLUMNS, row, strict=True))
        if current is None or any(current[n] != record[n] for n in INSPECTION_FIELDS):
            if current is not None:
                yield current
            current = {name: record[name] for name in INSPECTION_FIELDS}
            current["ratings"] = {}
        current["ratings"][record["standard"]] = {
            key: record[key] for key in ("rating", "standard_code", "source_url", "note")
        }
    if current is not None:
        yield current
