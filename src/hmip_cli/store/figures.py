"""The figures tables, their full-text index, and writing validated figures in one transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hmip_cli.schemas.figures import Figure
from hmip_cli.store.writer import immediate_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

# Stored columns after figure_id, in order, with their types; `breakdown` is the canonical
# `key=value;…` text. The last three (the source) may be empty.
_COLUMN_TYPES: dict[str, type] = {
    "topic": str,
    "measure": str,
    "breakdown": str,
    "period": str,
    "period_start": str,
    "period_end": str,
    "value": float,
    "unit": str,
    "source_title": str,
    "source_published": str,
    "source_url": str,
}
_VALUES: tuple[str, ...] = tuple(_COLUMN_TYPES)
_OPTIONAL = {"source_title", "source_published", "source_url"}


def m002_figures(db: Database) -> None:
    """Figures, their breakdown as one row per dimension, and an FTS5 index over measure and topic.

    `id` is an INTEGER PRIMARY KEY so rowids (which the FTS index points at) survive VACUUM.
    """
    db.table("figures").create(
        {"id": int, "figure_id": str, **_COLUMN_TYPES},
        pk="id",
        not_null={"figure_id", *(name for name in _VALUES if name not in _OPTIONAL)},
    )
    db.table("figures").create_index(["figure_id"], unique=True)
    db.table("figures").create_index(["topic"])
    db.table("figure_dimensions").create(
        {"figure_id": str, "key": str, "value": str, "position": int},
        pk=("figure_id", "key"),
        not_null={"value", "position"},
        foreign_keys=[("figure_id", "figures", "figure_id")],
    )
    db.table("figure_dimensions").create_index(["key", "value"])
    # porter stemming: `completion` finds "completed", `offences` finds "offence"
    db.table("figures").enable_fts(["measure", "topic"], create_triggers=True, tokenize="porter")


@dataclass(frozen=True)
class FigureCounts:
    added: int
    changed: int
    unchanged: int


def _row(figure: Figure) -> tuple[Any, ...]:
    span = figure.period_span
    return (
        figure.figure_id,
        figure.topic,
        figure.measure,
        figure.breakdown_text,
        figure.period,
        span.first,
        span.last,
        float(figure.value),
        figure.unit.value,
        figure.source_title,
        figure.source_published,
        figure.source_url,
    )


def _existing(db: Database, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    # the ids travel as one JSON parameter: a statement never binds a value per row
    sql = f"SELECT figure_id, {', '.join(_VALUES)} FROM figures WHERE figure_id IN (SELECT value FROM json_each(?))"
    return {row[0]: tuple(row) for row in db.execute(sql, [json.dumps(list(ids))]).fetchall()}


def differing_figures(db: Database, figures: Sequence[Figure]) -> list[str]:
    """The ids of stored figures whose values these figures would change (`db sync`'s conflicts)."""
    before = _existing(db, [f.figure_id for f in figures])
    return [f.figure_id for f in figures if f.figure_id in before and before[f.figure_id] != _row(f)]


def write_figures(db: Database, figures: Sequence[Figure], *, dry_run: bool = False) -> FigureCounts:
    """Upsert figures by figure_id; counts compare with what was there before."""
    with immediate_transaction(db):
        before = _existing(db, [f.figure_id for f in figures])
        rows: list[tuple[Any, ...]] = []
        replaced: list[str] = []
        added = changed = unchanged = 0
        for figure in figures:
            row = _row(figure)
            old = before.get(figure.figure_id)
            if old is None:
                added += 1
            elif old != row:
                changed += 1
                replaced.append(figure.figure_id)
            else:
                unchanged += 1
                continue
            rows.append(row)
        counts = FigureCounts(added, changed, unchanged)
        if dry_run or not rows:
            return counts
        db.execute(
            "DELETE FROM figure_dimensions WHERE figure_id IN (SELECT value FROM json_each(?))", [json.dumps(replaced)]
        )
        columns = ("figure_id", *_VALUES)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _VALUES)
        db.conn.executemany(
            f"INSERT INTO figures ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT (figure_id) DO UPDATE SET {updates}",
            rows,
        )
        by_id = {f.figure_id: f for f in figures}
        db.conn.executemany(
            "INSERT INTO figure_dimensions (figure_id, key, value, position) VALUES (?, ?, ?, ?)",
            [
                (row[0], key, value, position)
                for row in rows
                for position, (key, value) in enumerate(by_id[row[0]].breakdown.items(), start=1)
            ],
        )
    return counts
