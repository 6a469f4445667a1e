"""A selection: the filters a command selects inspections or ratings by, resolved against the
database, with a note for each name that matches nothing.

Every command that selects (list, compare, league, summary, export, report, the charts) takes
the same options (commands/groups.py `Scope`, each command the subset that makes sense for it)
and makes one Selection of them here. A --service or --region value that is part of no name is
a note on the result, beside the other notes (under a table, on stderr beside machine output),
not a warning each command prints; with --strict it is a usage error, before any output.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from hmip_cli.errors import UsageError
from hmip_cli.queries.filters import Filters, resolve_filters
from hmip_cli.queries.suggestions import unmatched_names
from hmip_cli.tabular import Result


@dataclass(frozen=True)
class Selection:
    filters: Filters
    notes: tuple[str, ...] = ()
    """One line per filter value that matches no name in the database."""

    def noted(self, result: Result) -> Result:
        """The result with this selection's notes among its own (whichever views are then shown)."""
        return replace(result, notes=[*self.notes, *result.notes]) if self.notes else result


def select(
    conn: sqlite3.Connection,
    *,
    strict: bool = False,
    ratings: Sequence[str] | None = None,
    years: Sequence[str] | None = None,
    published: Sequence[str] | None = None,
    rounds: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    services: Sequence[str] | None = None,
    standards: Sequence[str] | None = None,
    domains: Sequence[str] | None = None,
    source_kinds: Sequence[str] | None = None,
    latest: bool = False,
    include_ceased: bool = False,
    **more: Any,
) -> Selection:
    """The options' values (None: not given) checked and resolved; `more`: resolve_filters' other
    settings (default_standards). With `strict`, a name that matches nothing is a UsageError."""
    filters = resolve_filters(
        conn,
        ratings=ratings,
        years=years,
        published=published,
        framework_names=rounds,
        sectors=sectors,
        types=types,
        regions=regions,
        services=services,
        standards=standards,
        domains=domains,
        source_kinds=source_kinds,
        latest=latest,
        include_ceased=include_ceased,
        **more,
    )
    unmatched = unmatched_names(conn, filters)
    if unmatched and strict:
        raise UsageError(unmatched[0].message())
    return Selection(filters, tuple(problem.message() for problem in unmatched))
