"""hmip from Python: one function per command, the command's filters as keyword arguments, and
the rows its machine output (`-f json`) carries, with the notes it writes to stderr.

    >>> from hmip_cli import api
    >>> now = api.ratings(rating="inadequate", latest=True)
    >>> len(now), now.columns[:3], now.notes
    >>> now.to_pandas()          # with pandas installed

Each function resolves its filters with the same code as the command (`resolve_filters`: any
spelling of a rating, `1` for the earliest year, `2022/23` …) and runs the same query; only the
writing differs. A filter value is a string or a list of strings (repeatable options), `latest`
a bool. Bad values raise `hmip_cli.errors.UsageError` with the message the command would print.
Nothing here imports typer or rich.
"""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from hmip_cli.errors import UsageError
from hmip_cli.queries.filters import Filters, resolve_filters
from hmip_cli.tabular import Result, one_view_fields, select_view

if TYPE_CHECKING:
    import pandas

    from hmip_cli.queries.selection import Selection

__all__ = ["FILTERS", "Rows", "compare", "coverage", "fields", "figures", "gaps", "league", "ratings", "summary"]

FilterValue = str | Sequence[str] | bool | None

# ---- the filters: named after the command-line options, derived from resolve_filters ----------

_RENAMED = {"framework_names": "round", "types": "type"}
_ALIASES = {"provider_type": "type", "framework": "round"}
"""Other names a keyword may be given by: the machine output's field name, the option's alias."""
_NOT_FILTERS = {"conn", "default_standards"}


def _keyword(parameter: str) -> str:
    """`ratings` -> `rating`: the option's name (`--rating`) for each of resolve_filters' keywords."""
    if parameter in _RENAMED:
        return _RENAMED[parameter]
    return parameter[:-1] if parameter.endswith("s") else parameter


FILTERS: dict[str, str] = {
    _keyword(name): name for name in inspect.signature(resolve_filters).parameters if name not in _NOT_FILTERS
}
"""Every filter keyword (as the option is named: `rating`, `year`, `type` …) -> resolve_filters'
parameter. Derived from resolve_filters itself, so a filter added there is a keyword here."""

_ONE_INSPECTION = {"rating", "service", "standard", "domain"}
"""Filters `hmip list` takes beyond the scope every analysis takes."""
_LATEST = frozenset({"latest", "include_ceased"})
"""Filters of the commands that pick each service's latest inspection (list, league, summary)."""
_SCOPE = frozenset(FILTERS) - _ONE_INSPECTION - _LATEST
"""The scope every analysis takes (--year … --region, --source-kind): whatever else resolve_filters takes."""


def _resolve(
    conn: sqlite3.Connection, allowed: frozenset[str], given: dict[str, FilterValue], function: str
) -> Filters:
    arguments: dict[str, Any] = {}
    for keyword, value in given.items():
        name = _ALIASES.get(keyword, keyword)
        if name not in allowed:
            accepted = ", ".join(sorted(allowed))
            raise TypeError(f"{function}() got an unexpected keyword argument {keyword!r} (filters: {accepted})")
        if value is None:
            continue
        if isinstance(value, bool):
            arguments[FILTERS[name]] = value
        else:
            arguments[FILTERS[name]] = [value] if isinstance(value, str) else list(value)
    return resolve_filters(conn, **arguments)


# ---- the result ------------------------------------------------------------------------------


class Rows(Sequence[dict[str, Any]]):
    """The rows a command's machine output carries, as dicts in its field order, and its notes:
    what the view leaves out, HMIP's totals beside ours, names that match nothing."""

    def __init__(self, columns: list[str], rows: list[dict[str, Any]], notes: list[str], titles: list[str]) -> None:
        self.columns = columns
        """The fields, in order (`view` first where the rows come from several kinds of view)."""
        self.rows = rows
        self.notes = notes
        self.titles = titles
        """Each view's title: the exact scope it states."""

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"<Rows: {len(self.rows)} rows of {', '.join(self.columns)}; {len(self.notes)} notes>"

    def to_pandas(self) -> pandas.DataFrame:
        """A DataFrame of the rows (columns in order); the notes and titles in `.attrs`. Needs pandas."""
        try:
            import pandas
        except ImportError:
            raise ImportError("Rows.to_pandas() needs pandas: pip install pandas") from None
        frame = pandas.DataFrame.from_records(self.rows, columns=self.columns)
        frame.attrs["notes"] = list(self.notes)
        frame.attrs["titles"] = list(self.titles)
        return frame


def _rows(result: Result, notes: list[str], *, view: str | None = None, fields: Sequence[str] | None = None) -> Rows:
    """What `-f json` writes of `result`, as dicts (same values: enums spelled, None for null)."""
    from hmip_cli.render.machine import aligned_rows, machine_columns, machine_value

    result = one_view_fields(select_view(result, view), list(fields) if fields else None)
    columns = machine_columns(result)
    keys = [c.key for c in columns]
    rows = [dict(zip(keys, map(machine_value, row), strict=True)) for row in aligned_rows(result, columns)]
    several = len(result.views) > 1
    for shown in result.views:
        notes.extend(f"{shown.title} — {line}" if several else line for line in shown.notes)
    notes.extend(result.notes)
    return Rows(keys, rows, notes, [v.title for v in result.views])


def _answer(
    db: str | Path | None,
    query: Callable[[sqlite3.Connection, list[str]], Result],
    *,
    view: str | None = None,
    fields: Sequence[str] | None = None,
) -> Rows:
    """Run `query` on the database a command would read (db, else HMIP_DB, yours, the shipped one)."""
    from hmip_cli.store.connection import reading_database

    notes: list[str] = []
    with reading_database(Path(db) if db is not None else None, notes.append) as conn:
        result = query(conn, notes)
        return _rows(result, notes, view=view, fields=fields)


def _told(conn: sqlite3.Connection, filters: Filters, *, strict: bool) -> Selection:
    """The filters with a note for each name that matches nothing, or with `strict` a UsageError
    (as a command's --strict): the command's Selection, made of keywords instead of options."""
    from hmip_cli.queries.selection import Selection
    from hmip_cli.queries.suggestions import unmatched_names

    problems = unmatched_names(conn, filters)
    if problems and strict:
        raise UsageError(problems[0].message())
    return Selection(filters, tuple(p.message() for p in problems))


# ---- one function per command ------------------------------------------------------------------


def ratings(
    *,
    sort: Sequence[str] | None = None,
    limit: int | None = None,
    fields: Sequence[str] | None = None,
    strict: bool = False,
    db: str | Path | None = None,
    **filters: FilterValue,
) -> Rows:
    """`hmip list`: one row per matching rating (by default each overall rating)."""
    from hmip_cli.queries.listing import list_ratings

    if limit is not None and limit < 0:
        raise UsageError(f"limit: {limit} is below 0")

    def query(conn: sqlite3.Connection, notes: list[str]) -> Result:
        chosen = _resolve(conn, frozenset(FILTERS), filters, "ratings")
        return _told(conn, chosen, strict=strict).noted(list_ratings(conn, chosen, sort=sort or (), limit=limit))

    return _answer(db, query, fields=fields)


def compare(
    *,
    standard: str = "overall",
    paired: bool = False,
    view: str | None = None,
    fields: Sequence[str] | None = None,
    db: str | Path | None = None,
    **filters: FilterValue,
) -> Rows:
    """`hmip compare`: rating counts at each point of the axis given twice or more, then the changes."""
    from hmip_cli.queries.compare import compare as compare_points
    from hmip_cli.queries.filters import resolve_one_standard

    def query(conn: sqlite3.Connection, notes: list[str]) -> Result:
        chosen = _resolve(conn, _SCOPE, filters, "compare")
        return compare_points(conn, chosen, resolve_one_standard(standard, chosen), paired_only=paired)

    return _answer(db, query, view=view, fields=fields)


def league(
    *, fields: Sequence[str] | None = None, strict: bool = False, db: str | Path | None = None, **filters: FilterValue
) -> Rows:
    """`hmip league`: services ranked, one table per framework."""
    from hmip_cli.queries.league import league_table

    def query(conn: sqlite3.Connection, notes: list[str]) -> Result:
        chosen = _resolve(conn, _SCOPE | _LATEST, filters, "league")
        return _told(conn, chosen, strict=strict).noted(league_table(conn, chosen))

    return _answer(db, query, fields=fields)


def summary(
    *,
    by: str = "year",
    standard: str = "overall",
    min_n: int | None = None,
    fields: Sequence[str] | None = None,
    strict: bool = False,
    db: str | Path | None = None,
    **filters: FilterValue,
) -> Rows:
    """`hmip summary`: ratings counted by year, published, type, region, round or standard."""
    from hmip_cli.queries.filters import resolve_one_standard
    from hmip_cli.queries.summary import DEFAULT_MIN_N, Dimension, summarise

    try:
        dimension = Dimension(by.lower())
    except ValueError:
        raise UsageError(f"by {by!r}: not a dimension (accepted: {', '.join(d.value for d in Dimension)})") from None

    def query(conn: sqlite3.Connection, notes: list[str]) -> Result:
        chosen = _resolve(conn, _SCOPE | _LATEST, filters, "summary")
        slug = resolve_one_standard(standard, chosen)
        counted = summarise(conn, chosen, dimension, slug, min_n=DEFAULT_MIN_N if min_n is None else min_n)
        return _told(conn, chosen, strict=strict).noted(counted)

    return _answer(db, query, fields=fields)


def coverage(*, view: str | None = None, fields: Sequence[str] | None = None, db: str | Path | None = None) -> Rows:
    """`hmip coverage`: every rating total HMIP published, against the database."""
    from hmip_cli.queries.coverage_table import coverage as coverage_result

    return _answer(db, lambda conn, notes: coverage_result(conn), view=view, fields=fields)


def gaps(
    *, fields: Sequence[str] | None = None, strict: bool = False, db: str | Path | None = None, **filters: FilterValue
) -> Rows:
    """`hmip gaps`: inspections known to have taken place whose rating is not recorded here."""
    from hmip_cli.queries.gaps import gaps as gaps_result

    def query(conn: sqlite3.Connection, notes: list[str]) -> Result:
        chosen = _resolve(conn, (_SCOPE | {"service"}) - {"source_kind"}, filters, "gaps")
        return _told(conn, chosen, strict=strict).noted(gaps_result(conn, chosen))

    return _answer(db, query, fields=fields)


def _texts(value: str | Sequence[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def figures(
    *,
    topic: str | Sequence[str] | None = None,
    search: str | None = None,
    period: str | Sequence[str] | None = None,
    measure: str | Sequence[str] | None = None,
    breakdown: str | Sequence[str] | None = None,
    pivot: str | None = None,
    fields: Sequence[str] | None = None,
    db: str | Path | None = None,
) -> Rows:
    """`hmip figures`: published figures, filtered (and pivoted: `pivot="offence,period"`)."""
    from hmip_cli.queries.figures import list_figures, parse_pivot, pivot_figures, resolve_figure_filters

    axes = parse_pivot(pivot) if pivot is not None else None

    def query(conn: sqlite3.Connection, notes: list[str]) -> Result:
        chosen = resolve_figure_filters(
            conn,
            topics=_texts(topic),
            measures=_texts(measure),
            search=search,
            periods=_texts(period),
            breakdowns=_texts(breakdown),
        )
        return pivot_figures(conn, chosen, *axes) if axes is not None else list_figures(conn, chosen)

    return _answer(db, query, fields=fields)


# ---- the fields each command's --fields takes ----------------------------------------------------

_FIELD_SAMPLES: dict[str, Callable[[], Rows]] = {
    "compare": lambda: compare(year=["1", "2"]),
    "league": league,
    "summary": summary,
    "coverage": coverage,
    "figures": figures,
    "gaps": gaps,
}


def fields(command: str) -> list[str]:
    """The fields `hmip COMMAND --fields` may name (every view's, in order; `view` is not one),
    read from the command's output on the database in use; [] for a command not listed here."""
    if command == "list":
        from hmip_cli.queries.listing import LIST_COLUMNS

        return [c.key for c in LIST_COLUMNS]
    sample = _FIELD_SAMPLES.get(command)
    if sample is None:
        return []
    return [key for key in sample().columns if key != "view"]
