"""`hmip figures`: list, search and pivot published figures (totals are checked in figure_checks)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hmip_cli.errors import UsageError
from hmip_cli.queries.choosing import choose_each
from hmip_cli.schemas.figures import (
    Period,
    format_breakdown,
    format_value,
    parse_breakdown,
    parse_period,
)
from hmip_cli.schemas.ratings import normalise_words
from hmip_cli.tabular import Column, Result, View, project, shared, with_default_fields

PERIOD = "period"
RowKey = tuple[str | None, ...]
"""A pivot row: the values of the other breakdown keys that vary, then the row key's value."""

FIGURE_COLUMNS: tuple[Column, ...] = (
    Column("figure_id", "Id", "id"),
    Column("topic", "Topic"),
    *shared("measure", "breakdown", "period"),
    Column("value", "Value", "float"),
    *shared("unit"),
    Column("source_title", "Source"),
    Column("source_published", "Published", "short"),
    Column("source_url", "Source URL", "url"),
)
DEFAULT_FIGURE_FIELDS: tuple[str, ...] = ("topic", "measure", "breakdown", "period", "value", "unit")


# ---- filters ---------------------------------------------------------------------------------

_FTS_SPLIT = re.compile(r'\s+|(".*?")')


def quote_fts(query: str) -> str:
    """Every word (or "quoted phrase") as an FTS5 string, so `risk-of-harm`, `2.1` or `NOT` are plain text.

    The same escaping as sqlite-utils' `Database.quote_fts`, without importing sqlite-utils for reads.
    """
    # control characters (NUL ends an FTS5 string early) are spaces here
    query = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in query)
    if query.count('"') % 2:
        query += '"'
    # a bit with no letters or digits (`(`, `-`) would be an empty phrase, which matches nothing
    bits = [b for b in _FTS_SPLIT.split(query) if b and any(ch.isalnum() for ch in b)]
    return " ".join(b if b.startswith('"') else f'"{b}"' for b in bits)


@dataclass(frozen=True)
class FigureFilters:
    """Each tuple is OR within itself (dimensions: within one key); fields combine with AND."""

    topics: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    search: str | None = None
    """An FTS5 query, already quoted."""
    periods: tuple[Period, ...] = ()
    dimensions: tuple[tuple[str, str], ...] = ()

    def where(self) -> tuple[str, dict[str, Any]]:
        """SQL over `figures f`; every value is a named parameter."""
        clauses: list[str] = []
        params: dict[str, Any] = {}

        def bind(value: Any) -> str:
            name = f"g{len(params)}"
            params[name] = value
            return f":{name}"

        if self.topics:
            clauses.append(f"f.topic IN ({', '.join(bind(t) for t in self.topics)})")
        if self.measures:
            tests = [f"instr(lower(f.measure), lower({bind(m)})) > 0" for m in self.measures]
            clauses.append("(" + " OR ".join(tests) + ")")
        if self.search is not None:
            clauses.append(f"f.id IN (SELECT rowid FROM figures_fts WHERE figures_fts MATCH {bind(self.search)})")
        if self.periods:
            tests = [f"(f.period_start >= {bind(p.first)} AND f.period_end <= {bind(p.last)})" for p in self.periods]
            clauses.append("(" + " OR ".join(tests) + ")")
        by_key: dict[str, list[str]] = {}
        for key, value in self.dimensions:
            by_key.setdefault(key, []).append(value)
        for key, values in by_key.items():
            clauses.append(
                "EXISTS (SELECT 1 FROM figure_dimensions d WHERE d.figure_id = f.figure_id"
                f" AND d.key = {bind(key)} AND lower(d.value) IN ({', '.join(bind(v.lower()) for v in values)}))"
            )
        return (" AND ".join(clauses) or "1"), params


def topics_present(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT DISTINCT topic FROM figures ORDER BY topic COLLATE NOCASE")]


def resolve_topics(conn: sqlite3.Connection, texts: Sequence[str]) -> tuple[str, ...]:
    """A topic by its name in any case, or by part of it (`sfo` no, `serious` yes)."""
    present = topics_present(conn)

    def matches(wanted: str) -> list[str]:
        exact = [t for t in present if normalise_words(t) == wanted]
        return exact or [t for t in present if wanted and wanted in normalise_words(t)]

    return choose_each(
        texts,
        matches,
        lambda text: f"--topic {text!r}: no such topic (accepted: {', '.join(present) or 'none present'})",
    )


def resolve_figure_filters(
    conn: sqlite3.Connection,
    *,
    topics: Sequence[str] = (),
    measures: Sequence[str] = (),
    search: str | None = None,
    periods: Sequence[str] = (),
    breakdowns: Sequence[str] = (),
) -> FigureFilters:
    resolved_periods = []
    for text in periods:
        try:
            resolved_periods.append(parse_period(text))
        except ValueError as exc:
            raise UsageError(f"--period: {exc}") from None
    dimensions: list[tuple[str, str]] = []
    for text in breakdowns:
        try:
            parsed = parse_breakdown(text)
        except ValueError as exc:
            raise UsageError(f"--breakdown {text!r}: {exc}") from None
        if not parsed:
            raise UsageError(f"--breakdown {text!r}: expected KEY=VALUE (e.g. provider=NPS)")
        dimensions.extend(parsed.items())
    quoted = None
    if search is not None:
        quoted = quote_fts(search)
        if not quoted:
            raise UsageError("--search: give one or more words to search for")
    return FigureFilters(
        topics=resolve_topics(conn, topics),
        measures=tuple(m for m in measures if m.strip()),
        search=quoted,
        periods=tuple(resolved_periods),
        dimensions=tuple(dimensions),
    )


def _fetch(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc).lower() or "match" in str(exc).lower():
            raise UsageError(f"--search: cannot search for that ({exc})") from None
        raise


# ---- listing ---------------------------------------------------------------------------------

_SELECT = {
    "figure_id": "f.figure_id",
    "topic": "f.topic",
    "measure": "f.measure",
    "breakdown": "f.breakdown",
    "period": "f.period",
    "value": "f.value",
    "unit": "f.unit",
    "source_title": "f.source_title",
    "source_published": "f.source_published",
    "source_url": "f.source_url",
}


def list_figures(conn: sqlite3.Connection, filters: FigureFilters, *, fields: Sequence[str] | None = None) -> Result:
    """Matching figures in the order they were published in the source (then imported)."""
    # every column, fetched at once (a few hundred rows): --fields then picks among them
    columns = FIGURE_COLUMNS
    where, params = filters.where()
    sql = f"SELECT {', '.join(_SELECT[c.key] for c in columns)} FROM figures f WHERE {where} ORDER BY f.id"
    value_at = [i for i, c in enumerate(columns) if c.key == "value"]
    rows = []
    for row in _fetch(conn, sql, params):
        values = list(row)
        for index in value_at:
            values[index] = format_value(values[index])
        rows.append(values)
    view = View("figures", "Figures", columns, rows, empty_note="no matching figures")
    return project(Result([with_default_fields(view, DEFAULT_FIGURE_FIELDS)]), fields)


# ---- figures with their dimensions -----------------------------------------------------------


@dataclass(frozen=True)
class FigureRecord:
    figure_id: str
    topic: str
    measure: str
    period: str
    period_start: str
    period_end: str
    value: float
    unit: str
    dimensions: dict[str, str] = field(default_factory=dict)

    @property
    def breakdown(self) -> str:
        return format_breakdown(self.dimensions)


def load_records(conn: sqlite3.Connection, filters: FigureFilters) -> list[FigureRecord]:
    where, params = filters.where()
    rows = _fetch(
        conn,
        "SELECT f.figure_id, f.topic, f.measure, f.period, f.period_start, f.period_end, f.value, f.unit,"
        " d.key, d.value FROM figures f LEFT JOIN figure_dimensions d ON d.figure_id = f.figure_id"
        f" WHERE {where} ORDER BY f.id, d.position",
        params,
    )
    records: dict[str, FigureRecord] = {}
    for *head, key, value in rows:
        record = records.get(head[0])
        if record is None:
            record = records[head[0]] = FigureRecord(*head)
        if key is not None:
            record.dimensions[key] = value
    return list(records.values())


# ---- pivot -----------------------------------------------------------------------------------


def parse_pivot(text: str) -> tuple[str, str]:
    parts = [p.strip().lower() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise UsageError(f"--pivot {text!r}: expected ROW,COLUMN (breakdown keys or period, e.g. offence,period)")
    if parts[0] == parts[1]:
        raise UsageError(f"--pivot {text!r}: rows and columns must differ")
    return parts[0], parts[1]


def _axis(record: FigureRecord, name: str) -> str | None:
    return record.period if name == PERIOD else record.dimensions.get(name)


def pivot_figures(conn: sqlite3.Connection, filters: FigureFilters, row_key: str, column_key: str) -> Result:
    """Rows are values of `row_key`, columns values of `column_key`, cells the figures' values.

    Other breakdown keys whose values differ among the figures (provider, when the SFO table
    holds NPS, CRC and All) lead each row, so no two figures share a cell unless only their
    measures differ: that is a usage error that names the measures.
    """
    selected = load_records(conn, filters)
    present = {k for r in selected for k in r.dimensions} | {PERIOD}
    for name in (row_key, column_key):
        if selected and name not in present:
            raise UsageError(
                f"--pivot: no figure chosen has a breakdown key {name!r} (accepted: {', '.join(sorted(present))})"
            )
    # (figure, row value, column value) for the figures that have both
    placed = [
        (r, row, column)
        for r in selected
        if (row := _axis(r, row_key)) is not None and (column := _axis(r, column_key)) is not None
    ]
    records = [r for r, _, _ in placed]

    extra_keys: list[str] = []
    for record in records:
        for key in record.dimensions:
            if key not in (row_key, column_key) and key not in extra_keys:
                extra_keys.append(key)
    extra_keys = [k for k in extra_keys if len({r.dimensions.get(k) for r in records}) > 1]

    if column_key == PERIOD:
        spans = {r.period: (r.period_start, r.period_end) for r in records}
        column_values = sorted(spans, key=lambda p: (spans[p], p))
    else:
        column_values = list(dict.fromkeys(column for _, _, column in placed))
    row_keys: dict[RowKey, None] = {}
    cells: dict[tuple[RowKey, str], FigureRecord] = {}
    for record, row, column in placed:
        row_id: RowKey = (*(record.dimensions.get(k) for k in extra_keys), row)
        row_keys.setdefault(row_id)
        other = cells.get((row_id, column))
        if other is not None:
            raise _collision(row_key, column_key, row, column, other, record)
        cells[(row_id, column)] = record

    key_columns = [Column(k, k.capitalize(), "short") for k in (*extra_keys, row_key)]
    clash = {c.key for c in key_columns} & set(column_values)
    if clash:
        raise UsageError(f"--pivot: a column would be called {sorted(clash)[0]!r} twice; pivot the other way round")
    columns = [*key_columns, *(Column(v, v, "float") for v in column_values)]
    rows = [
        [*row_id, *(format_value(cells[(row_id, v)].value) if (row_id, v) in cells else None for v in column_values)]
        for row_id in row_keys
    ]
    title = _pivot_title(records, row_key, column_key)
    return Result([View("pivot", title, columns, rows, empty_note="no matching figures")])


def _collision(
    row_key: str, column_key: str, row: str, column: str, first: FigureRecord, second: FigureRecord
) -> UsageError:
    where = f"{row_key}={row}, {column_key}={column}"
    if first.measure != second.measure:
        hint = f"choose one with --measure {second.measure!r} or --search"
    else:
        hint = "choose one with --topic, --breakdown or --measure"
    return UsageError(
        f"--pivot {row_key},{column_key}: two figures fall in one cell ({where}): "
        f"{first.figure_id} ({first.measure!r}) and {second.figure_id} ({second.measure!r}); {hint}"
    )


def _pivot_title(records: Sequence[FigureRecord], row_key: str, column_key: str) -> str:
    measures = list(dict.fromkeys(r.measure for r in records))
    units = list(dict.fromkeys(r.unit for r in records))
    what = measures[0] if len(measures) == 1 else ", ".join(dict.fromkeys(r.topic for r in records)) or "Figures"
    unit = f" ({units[0]})" if len(units) == 1 else ""
    return f"{what}{unit}: {row_key} by {column_key}"
