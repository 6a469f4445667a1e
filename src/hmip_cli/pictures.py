"""What charts and the report draw, as typed results: bars, grids, a service's history, the
report's parts. queries/charts.py makes them; render/ draws them, importing nothing of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hmip_cli.schemas.ratings import NOT_RECORDED, RATINGS_BEST_FIRST
from hmip_cli.tabular import Result

OUTCOMES: tuple[str, ...] = (*(r.value for r in RATINGS_BEST_FIRST), NOT_RECORDED)
"""Best first, then Not recorded: the order of every count, and the segments of every bar and key."""

NOT_APPLICABLE = "n/a"
"""A cell for a standard the inspection's framework does not have (drawn blank)."""

Cell = str | None
"""A rating spelled in full, None for not recorded, or NOT_APPLICABLE."""


@dataclass(frozen=True)
class Bar:
    label: str
    counts: tuple[int, ...]
    """One count per OUTCOMES entry."""
    thin: str | None = None
    """`2 services — too few to compare` when too few services are rated to draw a whole bar."""

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
    notes: tuple[str, ...] = ()
    """What the chart leaves out (inspections it cannot place on its axis)."""
    axis: str = "year"
    min_services: int = 5
    """A bar over fewer rated services than this is drawn that fraction of a whole one (queries/charts
    sets it from --min-services)."""

    def scale(self, bar: Bar) -> float:
        """How much of the full width a bar takes: whole, or short when too few services are rated."""
        if not bar.thin:
            return 1.0
        rated = bar.total - bar.counts[self.outcomes.index(NOT_RECORDED)]
        return max(rated, 1) / self.min_services


@dataclass(frozen=True)
class StandardKey:
    slug: str
    label: str
    """Short column heading: the standard's code (2.1), else its position in the framework."""
    name: str


@dataclass(frozen=True)
class HeatRow:
    rank: int | None
    """None: no overall rating recorded, so not ranked (listed last)."""
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
    league_ranks: bool = False
    """Rows keep their league rank (a few services named), instead of a number within the group."""

    @property
    def services(self) -> int:
        return sum(len(g.rows) for g in self.groups)


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


@dataclass(frozen=True)
class Report:
    title: str
    selection: str
    distributions: tuple[Distribution, ...]
    heatmap: Heatmap
    tables: tuple[Result, ...]
    """The compare tables (two years or more) or the distribution's numbers, the league, the sources."""
    data: str = ""
    """The data's date: `233 inspections to 2026, compiled 2026-12-01`."""
    axis: str = "published"
    """What the bars and counts run along: `published` (the default), `year` or `round`."""
