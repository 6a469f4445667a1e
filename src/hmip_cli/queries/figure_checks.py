"""`hmip figures check`: published totals (offence=Total, provider=All …) against the sum of their parts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hmip_cli.queries.figures import FigureFilters, FigureRecord, load_records
from hmip_cli.schemas.figures import Unit, format_value, is_total
from hmip_cli.tabular import Column, Result, View, shared

CHECK_COLUMNS: tuple[Column, ...] = (
    *shared("figure_id", "period", "breakdown"),
    Column("over", "Over", "short"),
    Column("parts", "Parts"),
    Column("sum_of_parts", "Sum", "float"),
    Column("published_total", "Published", "float"),
    Column("difference", "Difference", "float"),
    Column("status", "Status", "short"),
)
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class TotalCheck:
    total: FigureRecord
    over: str
    parts: tuple[FigureRecord, ...]

    @property
    def sum_of_parts(self) -> float:
        return sum(p.value for p in self.parts)

    @property
    def difference(self) -> float:
        return self.total.value - self.sum_of_parts

    @property
    def passed(self) -> bool:
        return abs(self.difference) <= _TOLERANCE * max(1.0, abs(self.total.value))

    def row(self) -> list[Any]:
        return [
            self.total.figure_id,
            self.total.period,
            self.total.breakdown,
            self.over,
            "+".join(str(format_value(p.value)) for p in self.parts),
            format_value(self.sum_of_parts),
            format_value(self.total.value),
            format_value(round(self.difference, 9)),
            "ok" if self.passed else "differs",
        ]


def find_total_checks(records: Iterable[FigureRecord]) -> list[TotalCheck]:
    """Every published total (a breakdown value Total or All) with the parts that should add up to it.

    Parts share the total's topic, measure, unit, period and every other breakdown value; only
    additive units are checked (a percentage's parts need not add up). A total with no parts
    recorded is not a check.
    """
    groups: dict[tuple[str, str, str, str], list[FigureRecord]] = {}
    for record in records:
        if record.unit == Unit.PERCENT.value:
            continue
        groups.setdefault((record.topic, record.measure, record.unit, record.period), []).append(record)
    checks: list[TotalCheck] = []
    for group in groups.values():
        for total in group:
            for key, value in total.dimensions.items():
                if not is_total(value):
                    continue
                rest = {k: v for k, v in total.dimensions.items() if k != key}
                parts = tuple(
                    r
                    for r in group
                    if key in r.dimensions
                    and not is_total(r.dimensions[key])
                    and {k: v for k, v in r.dimensions.items() if k != key} == rest
                )
                if parts:
                    checks.append(TotalCheck(total, key, parts))
    return checks


@dataclass(frozen=True)
class CheckOutcome:
    result: Result
    checked: int
    failed: int
    shown: int


def check_figures(conn: sqlite3.Connection, filters: FigureFilters, *, show_all: bool = False) -> CheckOutcome:
    checks = find_total_checks(load_records(conn, filters))
    failed = [c for c in checks if not c.passed]
    shown = checks if show_all else failed
    title = "Published totals and their parts" if show_all else "Totals that differ from the sum of their parts"
    view = View(
        "totals",
        title,
        CHECK_COLUMNS,
        [c.row() for c in shown],
        empty_note="every total equals the sum of its parts" if checks else "no published totals with parts to check",
    )
    return CheckOutcome(Result([view]), len(checks), len(failed), len(shown))
