"""Plain result shapes shared by queries and renderers: named views of typed columns and rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Kind = Literal["text", "short", "int", "float", "rating", "url", "strip", "rank", "id"]
"""`short` is text that never wraps in a table (years, dates, types); `text` and `url` may.
`id` is one word that names a record (an inspection id): tables elide it in the middle, never to
the same text as another id of its column.
`rank` is an integer that tables show as `=5` where several rows share it."""


@dataclass(frozen=True)
class Column:
    key: str
    """Stable snake_case name used by csv/tsv/json/ndjson."""
    label: str
    """Heading in tables."""
    kind: Kind = "text"
    in_table: bool = True
    """False for a scope column the table's title already states (the sector of a sector's block)."""
    priority: int | None = None
    """Tables drop the highest number first when narrow; None: from the kind (render/tables.py)."""
    hidden_when_blank: bool = False
    """Tables leave the column out when it is empty on every row (a mark only some rows carry);
    machine formats always keep it."""
    legend: str = ""
    """What the column's values mean (the league strip's positions): printed under a table that
    shows the column, and only then."""


SCORE_LEGEND = (
    "HMIP's score: the score HMIP published (where a source states it), never computed here;"
    " points are hmip's own count over the standards recorded here"
)

SHARED_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("service", "Service"),
        Column("service_id", "Service id", "id"),
        Column("provider_type", "Type", "short"),
        Column("region", "Region"),
        Column("framework", "Framework", "short"),
        Column("year", "Year", "short"),
        Column("published", "Published", "short"),
        Column("period", "Period", "short"),
        Column("standard", "Standard"),
        Column("rating", "Rating", "rating"),
        Column("overall", "Overall", "rating"),
        Column("points", "Points", "int"),
        Column("standards_known", "Known", "int"),
        Column("standards_total", "Of", "int"),
        Column("source_url", "Source", "url"),
        Column("source_kind", "Source kind", "short"),
        # HMIP's own published score: never hmip's points, and headed so nobody takes one for the other
        Column("score", "HMIP's score", "int", priority=3, legend=SCORE_LEGEND),
        Column("score_out_of", "out of", "int", priority=3),
        Column("note", "Note"),
        Column("measure", "Measure"),
        Column("unit", "Unit", "short"),
        Column("breakdown", "Breakdown"),
        Column("figure_id", "Figure", "id"),
    )
}
"""Columns that mean the same in every view, with one heading and kind wherever they appear."""


def shared(*keys: str) -> tuple[Column, ...]:
    """The SHARED_COLUMNS named, in that order."""
    return tuple(SHARED_COLUMNS[k] for k in keys)


class Marked(str):
    """A value a table shows with a mark (`Good†`), explained by `key` in a line under the table;
    every other format writes the plain value (it is that string)."""

    mark: str
    key: str

    def __new__(cls, value: str, mark: str, key: str) -> Marked:
        marked = super().__new__(cls, value)
        marked.mark, marked.key = mark, key
        return marked


def mark_keys(values: Iterable[object]) -> list[str]:
    """The key of every mark among the values, once each, in the order first met: the lines under
    a table or a picture that explain its marks."""
    return list(dict.fromkeys(value.key for value in values if isinstance(value, Marked)))


@dataclass(frozen=True)
class PrewrittenLines:
    """A view's rows already written by the store in one format, one text per row (no line
    ending), byte for byte what the Python writer makes of the same rows with these keys. A writer
    uses them only when it writes exactly these keys, so --fields or a projection that changes
    the columns falls back to writing the rows."""

    keys: tuple[str, ...]
    lines: Callable[[], Iterable[str]]


class JsonLines(PrewrittenLines):
    """JSON objects (tests/test_listing_json.py)."""


class CsvLines(PrewrittenLines):
    """CSV records (tests/test_listing_csv.py)."""


class TsvLines(PrewrittenLines):
    """TSV records (tests/test_league_sql.py)."""


class Deferred:
    """Rows whose query runs when they are first iterated, so that a writer that takes the view's
    JSON lines instead never runs (and sorts) the plain query as well."""

    def __init__(self, run: Callable[[], Iterable[Sequence[Any]]]) -> None:
        self._run = run

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return iter(self._run())


@dataclass
class View:
    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    """Values in column order; None means unknown (null in JSON, empty in CSV)."""
    transpose_table: bool = False
    """Tables show columns as rows (one column per year), machine formats keep one row per record."""
    empty_note: str = "no matching rows"
    notes: list[str] = field(default_factory=list)
    """What the view leaves out and how it stands against HMIP's published totals: printed under
    the table on a terminal, lines on stderr beside machine output."""
    summary: str | Callable[[], str] | None = None
    """One line a table shows under itself (`38 ratings from 38 inspections of 35 services`);
    machine output leaves it out, since its rows say the same. A callable is asked only by a
    writer that shows it (`summary_line`), so a pipe never pays for the count."""
    json_lines: JsonLines | None = None
    """The same rows as JSON text built by the store, for the json and ndjson writers."""
    csv_lines: CsvLines | None = None
    """The same rows as CSV records built by the store, for the csv writer."""
    tsv_lines: TsvLines | None = None
    """The same rows as TSV records built by the store, for the tsv writer."""
    fields: Sequence[Column] | None = None
    """Every column --fields may name, in order (None: `columns`); `columns` are those shown by default."""
    narrow: Callable[[Sequence[Column]], View] | None = None
    """The view with only these columns, selected by the store itself; None: `project` slices the
    rows, which then hold every column of `fields`."""

    def summary_line(self) -> str | None:
        return self.summary() if callable(self.summary) else self.summary


@dataclass
class Result:
    views: list[View] = field(default_factory=list)
    tag_views: bool = False
    """Machine formats prefix each row with the `view` it belongs to (results of several views)."""
    notes: list[str] = field(default_factory=list)
    """About the whole result, whichever views are shown (a --service that matches no name): under
    the tables on a terminal, lines on stderr beside machine output."""


def blocks(views: list[View]) -> Result:
    """Views of one kind, one per sector or framework: one table for machines (their rows carry
    the sector or framework), tagged with `view` only if the kinds differ."""
    return Result(views, tag_views=len({v.name for v in views}) > 1)


def pick_columns(fields: Sequence[str], columns: Sequence[Column]) -> list[Column]:
    """The columns named by --fields, in that order; an unknown name is a usage error."""
    by_key = {c.key: c for c in columns}
    unknown = [f for f in fields if f not in by_key]
    if unknown:
        from hmip_cli.errors import UsageError

        raise UsageError(f"--fields: unknown field {unknown[0]!r} (accepted: {', '.join(by_key)})")
    return [by_key[f] for f in fields]


def project(result: Result, fields: Sequence[str] | None) -> Result:
    """Only the --fields asked for, in that order, from every view of a result; rows stay lazy.

    The one place --fields is checked and applied, whoever asks (a command's --fields, a chart
    wanting some of a league's columns)."""
    if not fields:
        return result
    views = []
    for view in result.views:
        chosen = pick_columns(fields, view.fields or view.columns)
        if view.narrow is not None:
            views.append(view.narrow(chosen))
            continue
        positions = {c.key: i for i, c in enumerate(view.columns)}
        picks = [positions[c.key] for c in chosen]
        rows = (tuple(row[i] for i in picks) for row in view.rows)
        views.append(
            replace(view, columns=chosen, rows=rows, fields=None, json_lines=None, csv_lines=None, tsv_lines=None)
        )
    return Result(views, result.tag_views, result.notes)


def with_default_fields(view: View, default: Sequence[str]) -> View:
    """`view` showing only the `default` columns, while --fields may still name any of its own
    (its rows are read again for that, so they must be a sequence, not a one-off iterator)."""
    full = view

    def narrow(columns: Sequence[Column]) -> View:
        return project(Result([replace(full, fields=None, narrow=None)]), [c.key for c in columns]).views[0]

    shown = narrow(pick_columns(default, view.columns))
    return replace(shown, fields=view.columns, narrow=narrow)


def select_view(result: Result, name: str | None) -> Result:
    """Only the views called `name` (--view; one per sector or framework), with their own columns
    and no `view` field."""
    if name is None:
        return result
    from hmip_cli.errors import UsageError

    wanted = name.strip().lower().replace("-", "_")
    chosen = [view for view in result.views if view.name == wanted]
    if chosen:
        return Result(chosen, tag_views=False, notes=result.notes)
    accepted = ", ".join(dict.fromkeys(v.name for v in result.views))
    raise UsageError(f"--view {name!r}: not a view of this output (accepted: {accepted})")


def one_view_fields(result: Result, fields: Sequence[str] | None) -> Result:
    """--fields on a command that may show several kinds of view: it needs --view to choose one."""
    if fields and len({v.name for v in result.views}) > 1:
        from hmip_cli.errors import UsageError

        names = ", ".join(dict.fromkeys(v.name for v in result.views))
        raise UsageError(f"--fields applies to one view: add --view NAME (views: {names})")
    return project(result, fields)
